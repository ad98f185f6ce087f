"""What the fold builds: the state of each source, actor, regime, panel and draft."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from ledger.domain.council import Tally, outcome, vetoes
from ledger.domain.dates import Occurrence
from ledger.domain.once import once


@dataclass
class SourceState:
    source_id: str
    title: str
    published_on: date
    text: str | None
    event_id: str


@dataclass
class ActorState:
    actor_id: str
    name: str
    kind: str
    affiliation: str | None
    role: str | None
    event_id: str


@dataclass
class RegimeState:
    regime_id: str
    name: str
    target: str
    established: Occurrence
    committee: str | None
    resolutions: list[str]
    measures: list[str]
    panels: list[str] = field(default_factory=list)
    relief_sought_by: list[str] = field(default_factory=list)
    terminated: Occurrence | None = None
    evidence: list[str] = field(default_factory=list)
    corrections: list[Mapping[str, Any]] = field(default_factory=list)  # of the facts in `evidence`


@dataclass
class PanelState:
    panel_id: str
    name: str
    regime_id: str
    established: Occurrence
    mandate_ends_on: date
    resolutions: list[str]
    reports: list[str] = field(default_factory=list)
    inquiries: list[str] = field(default_factory=list)
    evidence: list[str] = field(default_factory=list)
    corrections: list[Mapping[str, Any]] = field(default_factory=list)  # of the facts in `evidence`

    def status(self, on: date, regime: RegimeState | None) -> str:
        ended = regime.terminated.start if regime is not None and regime.terminated is not None else None
        return panel_status(on, self.mandate_ends_on, ended)


def panel_status(on: date, mandate_ends_on: date, regime_ended_on: date | None) -> str:
    """`active` up to and including the mandate's last day; `terminated` if its regime ended first."""
    if regime_ended_on is not None and regime_ended_on <= on and regime_ended_on <= mandate_ends_on:
        return "terminated"
    return "active" if on <= mandate_ends_on else "expired"


@dataclass
class DraftState:
    draft_id: str
    voted: Occurrence
    concerning: str | None
    purpose: str | None
    penholders: list[str]
    tally: Tally
    event_id: str
    evidence: list[str] = field(default_factory=list)
    corrections: list[Mapping[str, Any]] = field(default_factory=list)  # of the facts in `evidence`
    agenda_item: str | None = None

    @property
    def outcome(self) -> str:
        return outcome(self.tally, self.voted.start)

    @once  # every state of its panel lists the vote's vetoes; a vote's tally never changes once folded
    def vetoed_by(self) -> tuple[str, ...]:
        return vetoes(self.tally, self.voted.start)


def tally_of(vote: Mapping[str, Any]) -> Tally:
    """A tally from a vote document: each side a count or a list of members, or absent where the source does
    not give it; and the members the source says vetoed the draft."""

    def side(name: str) -> tuple[int | None, tuple[str, ...]]:
        value = vote.get(name)
        if value is None:
            return None, ()
        return (value, ()) if isinstance(value, int) else (len(value), tuple(value))

    (f, fm), (a, am), (b, bm) = side("in_favour"), side("against"), side("abstaining")
    return Tally(f, a, b, fm, am, bm, tuple(vote.get("vetoed_by", ())))
