"""A fact as the ledger holds it: the checked document, when it was recorded, and its fixes."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from typing import Any

from ledger.domain.catalogue import FIXES
from ledger.domain.dates import Occurrence, parse_occurrence
from ledger.domain.once import once

# What a correction may not change: the type, the id, the key of the stream the fact lives in, and what
# the catalogue fixes for its type (FIXED_BY_TYPE).
FIXED_FIELDS = ("type", "id", "source_id", "actor_id")


@dataclass(frozen=True)
class Fact:
    """One event of the log, read back as the document it was appended as."""

    document: Mapping[str, Any]
    recorded_at: datetime
    seq: int = 0  # its place in the batch it was appended with
    position: int | None = None  # its place in the whole log, once stored
    fixed_by: tuple[str, ...] = field(default=())
    # What each correction said: its event id, when it was recorded, why, and what it changed.
    corrections: tuple[Mapping[str, Any], ...] = field(default=())

    # Read again and again by every fold: worked out once per fact (a fix makes a new Fact).
    @once
    def event_id(self) -> str:
        return str(self.document["id"])

    @once
    def type(self) -> str:
        return str(self.document["type"])

    @once
    def occurred(self) -> Occurrence | None:
        return occurrence_of(self.document)

    @once
    def is_fix(self) -> bool:
        return self.type in FIXES

    @property
    def fixes(self) -> str | None:
        """The id of the fact this fix names."""
        return self.document.get("corrects") or self.document.get("retracts")

    def recording_order(self) -> tuple[datetime, int, str]:
        return (self.recorded_at, self.seq, self.event_id)

    def valid_order(self) -> tuple[date, datetime, int, str]:
        """Folded in valid-time order, then in recording order; registrations come first."""
        occurred = self.occurred
        return (occurred.start if occurred else date.min, *self.recording_order())


def occurrence_of(document: Mapping[str, Any]) -> Occurrence | None:
    """When a document says its fact happened; registrations have no valid time."""
    text = document.get("occurred_on")
    return parse_occurrence(text) if text else None


def apply_fixes(facts: Iterable[Fact]) -> list[Fact]:
    """Facts as their fixes leave them: corrections merged in recording order, retractions removed."""
    plain: dict[str, Fact] = {}
    fixes: list[Fact] = []
    for fact in facts:
        if fact.is_fix:
            fixes.append(fact)
        else:
            plain[fact.event_id] = fact
    for fix in sorted(fixes, key=Fact.recording_order):
        target = plain.get(fix.fixes or "")
        if target is None:
            continue
        if fix.type == "FactRetracted":
            del plain[target.event_id]
        else:
            document = {**target.document, **fix.document["changes"]}
            note = {"event_id": fix.event_id, "recorded_at": fix.recorded_at.isoformat(),
                    "reason": fix.document["reason"], "changes": dict(fix.document["changes"])}
            plain[target.event_id] = replace(
                target, document=document, fixed_by=(*target.fixed_by, fix.event_id),
                corrections=(*target.corrections, note),
            )
    # A veto is cast in its vote: it happened when, concerns what, and is reported by what the vote as it
    # now stands does (a vote re-sourced to its meeting record takes its veto's citation with it).
    for fact in list(plain.values()):
        vote = plain.get(fact.document.get("vote", "")) if fact.type == "VetoCast" else None
        if vote is not None and vote.fixed_by:
            moved = {"occurred_on": vote.document["occurred_on"], "concerning": vote.document.get("concerning"),
                     "source": vote.document["source"]}
            document = {k: v for k, v in fact.document.items() if k != "also_cited"}
            if "also_cited" in vote.document:
                moved["also_cited"] = vote.document["also_cited"]
            plain[fact.event_id] = replace(fact, document={**document, **moved})
    return list(plain.values())


def in_valid_order(facts: Iterable[Fact]) -> list[Fact]:
    return sorted(facts, key=Fact.valid_order)
