"""A view: what the ledger says about one day, as known at one moment; and the view replayed from the log."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from ledger.domain.world import World
from ledger.views.build import draft_view, panel_view, regime_view, report_view, statement_view, timeline_entry
from ledger.views.items import DraftView, Item, PanelView, RegimeView, ReportView, StatementView, TimelineEntry, by_days, by_vote


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
        self._drafts = {d.draft_id: d for d in by_vote(draft_view(d) for d in world.drafts.values())}
        self._statements = by_days([statement_view(f) for f in world.statements])
        self._reports = {rid: report_view(f) for rid, f in sorted(world.reports.items())}
        self._timeline = by_days([timeline_entry(f) for f in world.timeline])

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
