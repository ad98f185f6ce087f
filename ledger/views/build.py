"""Building a view's items from the fold's states and the facts: one function an item."""

from __future__ import annotations

from datetime import date, datetime
from functools import lru_cache
from typing import Any

from ledger.domain.catalogue import describe
from ledger.domain.entities import DraftState, PanelState, RegimeState
from ledger.domain.facts import Fact
from ledger.domain.world import World
from ledger.views.items import DraftView, PanelView, RegimeView, ReportView, StatementView, TimelineEntry, Veto, When


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
        t.in_favour, t.against, t.abstaining, list(t.in_favour_members), list(t.voting_against),
        list(t.abstaining_members), draft.outcome, list(draft.vetoed_by), draft.event_id,
        [dict(c) for c in draft.corrections], list(t.unknown), draft.agenda_item,
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
