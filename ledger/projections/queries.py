"""Views read from the read models: each question one indexed query on the rows it needs.

A view is lazy: `as_of(d).panel(id)` reads that panel's row (and its regime's, for its status),
never the whole state. Every query names the current generation inside the query itself, so a
reader racing a rebuild reads the old tables or the new ones, never half of each.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from contextlib import AbstractContextManager
from datetime import date, datetime
from typing import Any

from sqlalchemy import ColumnElement, Table, and_, func, or_, select, text
from sqlalchemy.orm import Session

from ledger.domain.dates import parse_occurrence
from ledger.domain.entities import panel_status
from ledger.projections.derive import micros
from ledger.projections.tables import BITEMPORAL, generations
from ledger.projections.timeline import restored
from ledger.storage.binding import slices
from ledger.views import (
    DraftView,
    PanelView,
    RegimeView,
    ReportView,
    StatementView,
    TimelineEntry,
    View,
)
from ledger.views.items import by_days, by_vote

Sessions = Callable[[], AbstractContextManager[Session]]


class StoredView(View):
    def __init__(self, sessions: Sessions, as_of: date, known_at: datetime | None) -> None:
        self.as_of = as_of
        self.known_at = known_at
        self._sessions = sessions

    # -- the questions -------------------------------------------------------------------------

    def panel(self, panel_id: str) -> PanelView | None:
        # The hot question: one statement reads the panel's row and its regime's, by index.
        known = _KNOWN_NOW if self.known_at is None else _KNOWN_AT
        params = {"key": panel_id, "day": self.as_of, "known": micros(self.known_at) if self.known_at else None}
        with self._sessions() as session:
            found = session.execute(text(_PANEL_WITH_REGIME.format(p=known.format(t="p"), r=known.format(t="r"))),
                                    params).first()
        if found is None:
            return None
        data, regime = json.loads(found[0]), json.loads(found[1]) if found[1] else {}
        return self._panel(data, {data["regime_id"]: _first_day(regime.get("terminated_on"))})

    def regime(self, regime_id: str) -> RegimeView | None:
        rows = self._states("regimes", [regime_id])
        return self._regime(rows[regime_id], self._states("panels", rows[regime_id]["panels"])) if rows else None

    def draft(self, draft_id: str) -> DraftView | None:
        rows = self._states("drafts", [draft_id])
        return DraftView.from_dict(rows[draft_id]) if rows else None

    @property
    def panels(self) -> list[PanelView]:
        rows = self._states("panels")
        ended = self._regime_ends({d["regime_id"] for d in rows.values()})
        return [self._panel(rows[k], ended) for k in sorted(rows)]

    @property
    def regimes(self) -> list[RegimeView]:
        rows = self._states("regimes")
        panels = self._states("panels")
        return [self._regime(rows[k], panels) for k in sorted(rows)]

    @property
    def drafts(self) -> list[DraftView]:
        rows = self._states("drafts")
        return by_vote(DraftView.from_dict(data) for data in rows.values())

    @property
    def timeline(self) -> list[TimelineEntry]:
        return by_days([TimelineEntry.from_dict(data) for data in self._timeline()])

    @property
    def statements(self) -> list[StatementView]:
        return by_days([_statement(data) for data in self._timeline("StatementIssued")])

    @property
    def reports(self) -> list[ReportView]:
        reports = [_report(data) for data in self._timeline("ReportReleased")]
        return sorted(reports, key=lambda r: r.report_id)

    def day_range(self) -> tuple[date, date] | None:
        table = BITEMPORAL["timeline"]
        query = select(func.min(table.c.valid_from), func.max(table.c.valid_from)).where(and_(*self._current(table)))
        with self._sessions() as session:
            first, last = session.execute(query).one()
        return (first, last) if first is not None else None

    # -- composing rows into items -------------------------------------------------------------

    def _panel(self, data: dict[str, Any], ended: dict[str, date | None]) -> PanelView:
        mandate = date.fromisoformat(data["mandate_ends_on"])
        status = panel_status(self.as_of, mandate, ended.get(data["regime_id"]))
        return PanelView.from_dict({**data, "status": status})

    def _regime(self, data: dict[str, Any], panels: dict[str, dict[str, Any]]) -> RegimeView:
        ended = _first_day(data["terminated_on"])
        monitored = any(
            panel_status(self.as_of, date.fromisoformat(panels[p]["mandate_ends_on"]), ended) == "active"
            for p in data["panels"] if p in panels
        )
        return RegimeView.from_dict({**data, "monitored": monitored})

    def _regime_ends(self, regime_ids: Iterable[str]) -> dict[str, date | None]:
        return {k: _first_day(v["terminated_on"]) for k, v in self._states("regimes", list(regime_ids)).items()}

    # -- the queries ---------------------------------------------------------------------------

    def _current(self, table: Table) -> list[ColumnElement[bool]]:
        generation = select(generations.c.generation).where(generations.c.current).scalar_subquery()
        known = (
            [table.c.known_to.is_(None)]
            if self.known_at is None
            else [table.c.known_from <= micros(self.known_at),
                  or_(table.c.known_to.is_(None), table.c.known_to > micros(self.known_at))]
        )
        return [table.c.generation == generation, table.c.valid_from <= self.as_of, *known]

    def _states(self, name: str, keys: list[str] | None = None) -> dict[str, dict[str, Any]]:
        table = BITEMPORAL[name]
        where = [*self._current(table), or_(table.c.valid_to.is_(None), table.c.valid_to > self.as_of)]
        keyed = [[]] if keys is None else [[table.c.key.in_(some)] for some in slices(keys)]
        found: dict[str, dict[str, Any]] = {}
        with self._sessions() as session:
            for more in keyed:
                rows = session.execute(select(table.c.key, table.c.data).where(and_(*where, *more)))
                found.update((key, json.loads(data)) for key, data in rows)
        return found

    def _timeline(self, kind: str | None = None) -> list[dict[str, Any]]:
        table = BITEMPORAL["timeline"]
        where = self._current(table)
        if kind is not None:
            where.append(table.c.type == kind)
        query = select(*_timeline_columns(table)).where(and_(*where)).order_by(
            table.c.valid_from, table.c.recorded_us, table.c.seq, table.c.key
        )
        with self._sessions() as session:
            return [_entry(*row) for row in session.execute(query)]


def draft_streams_concerning(sessions: Sessions, panel_id: str) -> list[str]:
    """The streams of every draft that ever concerned a panel, as the read models hold them (any version)."""
    table = BITEMPORAL["drafts"]
    generation = select(generations.c.generation).where(generations.c.current).scalar_subquery()
    query = select(table.c.stream).distinct().where(table.c.generation == generation, table.c.concerning == panel_id)
    with sessions() as session:
        return sorted(session.execute(query).scalars())


_KNOWN_NOW = "{t}.known_to IS NULL"
_KNOWN_AT = "{t}.known_from <= :known AND ({t}.known_to IS NULL OR {t}.known_to > :known)"
_PANEL_WITH_REGIME = """
SELECT p.data, (
    SELECT r.data FROM rm_regimes r
    WHERE r.generation = p.generation AND r.key = p.regime_id AND r.valid_from <= :day
      AND (r.valid_to IS NULL OR r.valid_to > :day) AND {r}
) FROM rm_panels p
WHERE p.generation = (SELECT generation FROM rm_generations WHERE current)
  AND p.key = :key AND p.valid_from <= :day AND (p.valid_to IS NULL OR p.valid_to > :day) AND {p}
"""


def _timeline_columns(table: Table) -> tuple[Any, ...]:
    return table.c.key, table.c.type, table.c.recorded_us, table.c.data


def _entry(key: str, type_: str, recorded_us: int, data: str) -> dict[str, Any]:
    """A timeline row's data as `timeline_data` gives it (the table stores less: see `timeline.stored`)."""
    return restored(key, type_, recorded_us, json.loads(data))


def _first_day(text: str | None) -> date | None:
    """The day a date as written counts from (a regime's end may be known only to the month)."""
    return parse_occurrence(text).start if text else None


def _statement(data: dict[str, Any]) -> StatementView:
    details = data["details"]
    return StatementView.from_dict({
        "event_id": data["event_id"], "on": data["on"], "speakers": details["speakers"], "stance": details["stance"],
        "about": details.get("about", []), "source": data["source"], "quote": data["quote"],
        "locator": data["locator"], "corrected_by": data["corrected_by"], "corrections": data["corrections"],
    })


def _report(data: dict[str, Any]) -> ReportView:
    details = data["details"]
    return ReportView.from_dict({
        "report_id": details["report_id"], "author": details["author"], "title": details["title"],
        "released_on": data["on"], "pages": details.get("pages"), "findings": details["findings"],
        "source": data["source"], "quote": data["quote"], "event_id": data["event_id"],
    })
