"""Views: what the ledger says about one day, as known at one moment (DESIGN section 6)."""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from datetime import date, datetime
from functools import lru_cache
from typing import Any, Self

from ledger.domain.dates import Occurrence, parse_occurrence
from ledger.domain.entities import DraftState, PanelState, RegimeState
from ledger.domain.facts import Fact
from ledger.domain.world import World
from ledger.wording import describe


class When(date):
    """A day as precise as its source: it counts from its first day and remembers how it was written.

    It compares equal to its own text (`"2024-03"`) and to its ISO day, so `panel.mandate_ends_on ==
    "2024-04-30"` reads as it should.
    """

    precision: str
    text: str

    def __new__(cls, occurrence: Occurrence) -> When:
        self = super().__new__(cls, occurrence.start.year, occurrence.start.month, occurrence.start.day)
        self.precision = occurrence.precision
        self.text = occurrence.text
        return self

    @classmethod
    def of_day(cls, value: date) -> When:
        return cls(Occurrence(value, "day", value.isoformat()))

    def __eq__(self, other: object) -> bool:
        if isinstance(other, str):
            return other in (self.text, self.isoformat())
        return super().__eq__(other)

    def __ne__(self, other: object) -> bool:
        return not self == other

    __hash__ = date.__hash__

    def __str__(self) -> str:
        return self.text

    def __repr__(self) -> str:
        return f"When({self.text!r})"


_AS_IS = frozenset({str, int, float, bool, type(None)})


def _plain(value: Any) -> Any:
    if type(value) in _AS_IS:  # most of any view: tested first, as folds turn views into rows often
        return value
    if isinstance(value, When):
        return value.text
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    if isinstance(value, Item):
        return value.to_dict()
    if isinstance(value, (list, tuple)):
        return [v if type(v) in _AS_IS else _plain(v) for v in value]
    if isinstance(value, dict):
        return {k: v if type(v) in _AS_IS else _plain(v) for k, v in value.items()}
    return value


_FIELD_NAMES: dict[type, tuple[str, ...]] = {}


def _field_names(cls: type) -> tuple[str, ...]:
    names = _FIELD_NAMES.get(cls)
    if names is None:
        names = _FIELD_NAMES[cls] = tuple(f.name for f in fields(cls))
    return names


class Item:
    """A row of a view: read its fields as attributes or as keys; `to_dict()` gives JSON-ready data."""

    def __getitem__(self, name: str) -> Any:
        if name not in self.keys():
            raise KeyError(name)
        return getattr(self, name)

    def keys(self) -> list[str]:
        return list(_field_names(type(self)))

    def to_dict(self) -> dict[str, Any]:
        fields = self.__dict__  # a dataclass's fields, as set
        return {name: v if type(v := fields[name]) in _AS_IS else _plain(v) for name in _field_names(type(self))}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Self:
        """The item back from `to_dict()` data (as the read models store it)."""
        return cls(**{k: _revive(k, v) for k, v in data.items()})


_DAYS = ("on", "established_on", "mandate_ends_on", "terminated_on", "voted_on", "released_on")


def _revive(name: str, value: Any) -> Any:
    if value is None:
        return None
    if name in _DAYS:
        return When(parse_occurrence(value))
    if name == "recorded_at":
        return datetime.fromisoformat(value)
    if name == "vetoes":
        return [Veto.from_dict(v) for v in value]
    return value


@dataclass
class Veto(Item):
    draft_id: str
    member: str
    on: When


@dataclass
class PanelView(Item):
    panel_id: str
    name: str
    regime_id: str
    status: str
    established_on: When
    mandate_ends_on: When
    resolutions: list[str]
    reports: list[str]
    inquiries: list[str]
    vetoes: list[Veto]
    evidence: list[str]
    # What corrected the facts behind the row (its own, and the votes on drafts about it): event_id,
    # recorded_at, reason, changes. Empty for a row no correction touched.
    corrections: list[dict[str, Any]] = field(default_factory=list)


@dataclass
class RegimeView(Item):
    regime_id: str
    name: str
    target: str
    status: str
    established_on: When
    terminated_on: When | None
    committee: str | None
    resolutions: list[str]
    measures: list[str]
    panels: list[str]
    monitored: bool
    relief_sought_by: list[str]
    evidence: list[str]
    corrections: list[dict[str, Any]] = field(default_factory=list)  # as on PanelView


@dataclass
class DraftView(Item):
    draft_id: str
    voted_on: When
    concerning: str | None
    purpose: str | None
    penholders: list[str]
    in_favour: int
    against: int
    abstaining: int
    in_favour_members: list[str]
    against_members: list[str]
    abstaining_members: list[str]
    outcome: str
    vetoed_by: list[str]
    event_id: str
    corrections: list[dict[str, Any]] = field(default_factory=list)  # as on PanelView


@dataclass
class StatementView(Item):
    event_id: str
    on: When
    speakers: list[str]
    stance: str
    about: list[str]
    source: str
    quote: str | None
    locator: str | None
    corrected_by: list[str] = field(default_factory=list)
    # Each correction: event_id, recorded_at, reason, changes (the fields it changed and their new values).
    corrections: list[dict[str, Any]] = field(default_factory=list)


@dataclass
class ReportView(Item):
    report_id: str
    author: str
    title: str
    released_on: When
    pages: int | None
    findings: list[str]
    source: str
    quote: str | None
    event_id: str


@dataclass
class TimelineEntry(Item):
    event_id: str
    type: str
    on: When
    precision: str
    summary: str
    source: str | None
    quote: str | None
    locator: str | None
    position: int | None
    recorded_at: datetime
    corrected_by: list[str] = field(default_factory=list)
    details: dict[str, Any] = field(default_factory=dict)  # the fact's own fields, for the audit
    corrections: list[dict[str, Any]] = field(default_factory=list)  # as on StatementView


class View:
    """The state of every panel, regime and draft on a day, built from the facts known at a moment.

    Subclasses say where the items come from: a replay of the log, or the read models.
    """

    as_of: date
    known_at: datetime | None

    @property
    def panels(self) -> list[PanelView]:
        raise NotImplementedError

    @property
    def regimes(self) -> list[RegimeView]:
        raise NotImplementedError

    @property
    def drafts(self) -> list[DraftView]:
        raise NotImplementedError

    @property
    def reports(self) -> list[ReportView]:
        raise NotImplementedError

    @property
    def statements(self) -> list[StatementView]:
        raise NotImplementedError

    @property
    def timeline(self) -> list[TimelineEntry]:
        raise NotImplementedError

    def day_range(self) -> tuple[date, date] | None:
        """The first and the last day the view's facts happened on (the first day of a month or year
        given as such); None if it holds none."""
        days = [date(e.on.year, e.on.month, e.on.day) for e in self.timeline]
        return (min(days), max(days)) if days else None

    def panel(self, panel_id: str) -> PanelView | None:
        return next((p for p in self.panels if p.panel_id == panel_id), None)

    def regime(self, regime_id: str) -> RegimeView | None:
        return next((r for r in self.regimes if r.regime_id == regime_id), None)

    def draft(self, draft_id: str) -> DraftView | None:
        return next((d for d in self.drafts if d.draft_id == draft_id), None)

    def report(self, report_id: str) -> ReportView | None:
        return next((r for r in self.reports if r.report_id == report_id), None)

    def evidence(self, item: Item) -> list[TimelineEntry]:
        """The facts behind an item (a panel, regime, draft, statement, report or timeline row), each with
        its source, locator, quote and the corrections it had, in the order the item cites them."""
        ids = self._evidence_ids(item)
        found = {entry.event_id: entry for entry in self._entries(ids)}
        return [found[i] for i in ids if i in found]

    def _evidence_ids(self, item: Item) -> list[str]:
        ids = list(getattr(item, "evidence", None) or [item["event_id"]])
        if isinstance(item, PanelView):  # its vetoes come from votes on drafts about it
            drafts = [self.draft(v.draft_id) for v in item.vetoes]
            ids += [f"{d.event_id}/veto/{v.member}" for d, v in zip(drafts, item.vetoes, strict=False) if d is not None]
        if isinstance(item, DraftView):
            ids += [f"{item.event_id}/veto/{member}" for member in item.vetoed_by]
        return list(dict.fromkeys(ids))

    def _entries(self, event_ids: list[str]) -> list[TimelineEntry]:
        wanted = set(event_ids)
        return [entry for entry in self.timeline if entry.event_id in wanted]

    def to_dict(self) -> dict[str, Any]:
        return {
            "as_of": self.as_of.isoformat(),
            "known_at": self.known_at.isoformat() if self.known_at else None,
            "panels": [p.to_dict() for p in self.panels],
            "regimes": [r.to_dict() for r in self.regimes],
            "drafts": [d.to_dict() for d in self.drafts],
            "statements": [s.to_dict() for s in self.statements],
            "reports": [r.to_dict() for r in self.reports],
            "timeline": [t.to_dict() for t in self.timeline],
        }


class ReplayView(View):
    """A view folded from the log itself: the reference the read models must agree with."""

    def __init__(self, world: World, as_of: date, known_at: datetime | None) -> None:
        self.as_of = as_of
        self.known_at = known_at
        regimes = world.regimes
        self._panels = {
            pid: panel_view(p, as_of, regimes.get(p.regime_id), world) for pid, p in sorted(world.panels.items())
        }
        self._regimes = {rid: regime_view(r, self._panels) for rid, r in sorted(regimes.items())}
        self._drafts = {did: draft_view(d) for did, d in sorted(world.drafts.items())}
        self._statements = [statement_view(f) for f in world.statements]
        self._reports = {rid: report_view(f) for rid, f in sorted(world.reports.items())}
        self._timeline = [timeline_entry(f) for f in world.timeline]

    panels = property(lambda self: list(self._panels.values()))
    regimes = property(lambda self: list(self._regimes.values()))
    drafts = property(lambda self: list(self._drafts.values()))
    reports = property(lambda self: list(self._reports.values()))
    statements = property(lambda self: list(self._statements))
    timeline = property(lambda self: list(self._timeline))

    def panel(self, panel_id: str) -> PanelView | None:
        return self._panels.get(panel_id)

    def regime(self, regime_id: str) -> RegimeView | None:
        return self._regimes.get(regime_id)

    def draft(self, draft_id: str) -> DraftView | None:
        return self._drafts.get(draft_id)

    def report(self, report_id: str) -> ReportView | None:
        return self._reports.get(report_id)


def panel_view(panel: PanelState, as_of: date, regime: RegimeState | None, world: World) -> PanelView:
    drafts = [d for d in world.drafts.values() if d.concerning == panel.panel_id]
    return PanelView(
        panel.panel_id, panel.name, panel.regime_id, panel.status(as_of, regime), When(panel.established),
        When.of_day(panel.mandate_ends_on), list(panel.resolutions), list(panel.reports), list(panel.inquiries),
        [Veto(d.draft_id, member, When(d.voted)) for d in drafts for member in d.vetoed_by], list(panel.evidence),
        [dict(c) for c in panel.corrections] + [dict(c) for d in drafts for c in d.corrections],
    )


def regime_view(regime: RegimeState, panels: dict[str, PanelView]) -> RegimeView:
    return RegimeView(
        regime.regime_id, regime.name, regime.target, "terminated" if regime.terminated else "in_force",
        When(regime.established), When(regime.terminated) if regime.terminated else None, regime.committee,
        list(regime.resolutions), list(regime.measures), list(regime.panels),
        any(panels[p].status == "active" for p in regime.panels if p in panels),
        list(regime.relief_sought_by), list(regime.evidence), [dict(c) for c in regime.corrections],
    )


def draft_view(draft: DraftState) -> DraftView:
    t = draft.tally
    return DraftView(
        draft.draft_id, When(draft.voted), draft.concerning, draft.purpose, list(draft.penholders),
        t.in_favour, t.against, t.abstaining, list(t.in_favour_members), list(t.against_members),
        list(t.abstaining_members), draft.outcome, list(draft.vetoed_by), draft.event_id,
        [dict(c) for c in draft.corrections],
    )


def statement_view(fact: Fact) -> StatementView:
    d, source = fact.document, fact.document["source"]
    return StatementView(
        fact.event_id, When(fact.occurred), list(d["speakers"]), d["stance"], list(d.get("about", [])),  # type: ignore[arg-type]
        source["document"], source.get("quote"), source.get("locator"), list(fact.fixed_by),
        [dict(c) for c in fact.corrections],
    )


def report_view(fact: Fact) -> ReportView:
    d, source = fact.document, fact.document["source"]
    return ReportView(
        d["report_id"], d["author"], d["title"], When(fact.occurred), d.get("pages"), list(d["findings"]),  # type: ignore[arg-type]
        source["document"], source.get("quote"), fact.event_id,
    )


NOT_DETAILS = frozenset({"type", "id", "occurred_on", "source"})


@lru_cache(maxsize=256)  # the facts of one recording share their moment
def _iso(moment: datetime) -> str:
    return moment.isoformat()


def timeline_data(fact: Fact) -> dict[str, Any]:
    """A fact's row on the timeline, as JSON-ready data (what the read models store)."""
    occurred = fact.occurred
    source = fact.document.get("source") or {}
    return {
        "event_id": fact.event_id, "type": fact.type, "on": occurred.text, "precision": occurred.precision,  # type: ignore[union-attr]
        "summary": describe(fact.document), "source": source.get("document"), "quote": source.get("quote"),
        "locator": source.get("locator"), "position": fact.position, "recorded_at": _iso(fact.recorded_at),
        "corrected_by": list(fact.fixed_by),
        "details": {k: v for k, v in fact.document.items() if k not in NOT_DETAILS},
        "corrections": [dict(c) for c in fact.corrections],
    }


def timeline_entry(fact: Fact) -> TimelineEntry:
    return TimelineEntry.from_dict(timeline_data(fact))
