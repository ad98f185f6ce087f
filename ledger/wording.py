"""One line of plain words for each fact, for timelines and tables."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any


def _side(value: int | list[str]) -> int:
    return value if isinstance(value, int) else len(value)


def _names(ids: list[str]) -> str:
    return ", ".join(ids)


_SAY: dict[str, Callable[[Mapping[str, Any]], str]] = {
    "SourceRegistered": lambda d: f"source {d['source_id']} registered: {d['title']}",
    "ActorRegistered": lambda d: f"actor {d['actor_id']} registered: {d['name']}",
    "SanctionsRegimeEstablished": lambda d: f"regime {d['regime_id']} established by {d['resolution']} against {d['target']}",
    "SanctionsReinforced": lambda d: f"regime {d['regime_id']} reinforced by {d['resolution']}",
    "SanctionsReliefSought": lambda d: f"{_names(d['by'])} seek relief from regime {d['regime_id']}",
    "SanctionsRegimeTerminated": lambda d: f"regime {d['regime_id']} terminated",
    "PanelEstablished": lambda d: f"panel {d['panel_id']} established by {d['resolution']}, mandate to {d['mandate_ends_on']}",
    "PanelMandateExtended": lambda d: f"panel {d['panel_id']} extended by {d['resolution']} to {d['mandate_ends_on']}",
    "DraftResolutionVoted": lambda d: (
        f"draft {d['draft_id']} voted {_side(d['in_favour'])}-{_side(d['against'])}-{_side(d['abstaining'])}"
        + (f" on {d['concerning']}" if d.get("concerning") else "")
    ),
    "VetoCast": lambda d: f"{d['member']} vetoes draft {d['draft_id']}",
    "VotePostponed": lambda d: f"vote on {d['concerning']} postponed" + (f" ({d['times']} times)" if d.get("times") else ""),
    "ReportReleased": lambda d: f"panel {d['author']} releases report {d['report_id']}: {d['title']}",
    "InquiryOpened": lambda d: f"panel {d['panel_id']} opens an inquiry: {d['subject']}",
    "StatementIssued": lambda d: f"{_names(d['speakers'])} {d['stance']}" + (f" ({_names(d['about'])})" if d.get("about") else ""),
    "MeetingHeld": lambda d: f"meeting of {_names(d['participants'])}" + (f" in {d['place']}" if d.get("place") else ""),
    "ProposalMade": lambda d: f"{d['by']} proposes on {d['concerning']}: {d['proposal']}",
    "FactCorrected": lambda d: f"correction of {d['corrects']}: {d['reason']}",
    "FactRetracted": lambda d: f"retraction of {d['retracts']}: {d['reason']}",
}


def describe(document: Mapping[str, Any]) -> str:
    return _SAY[document["type"]](document)
