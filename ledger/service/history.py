"""History: every version of a panel, regime, draft or statement, with both of its times.

A version is what one fact changed: from which day it holds in the world (valid time), from which moment
the ledger knew it (transaction time), the event behind it and that event's source. A correction takes
effect on the day of the fact it corrects, from the moment it was recorded, so it makes a version of its
own: same day as the original, later moment. Read top to bottom, the history tells how the thing changed
in the world; each line says when the ledger learned it.

No I/O: the caller hands in the facts that can touch the thing (its own stream, and for a panel the votes
on drafts concerning it and its regime's facts; for a regime its panels').
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from ledger.domain.dates import Occurrence
from ledger.domain.facts import Fact, apply_fixes, occurrence_of
from ledger.domain.world import World
from ledger.states import is_state
from ledger.views import ReplayView, timeline_data

# Bookkeeping fields that change with every fact; a version lists what changed in the thing itself.
_NOT_CHANGES = {"evidence", "corrected_by", "corrections", "position", "recorded_at"}

Capture = Callable[[list[Fact], date], "dict[str, Any] | None"]


@dataclass(frozen=True)
class Version:
    occurred_on: str | None  # valid time: the day the change holds from (a correction: its fact's day)
    recorded_at: datetime  # transaction time: when the ledger learned it (UTC), as a Recording gives it
    event_id: str
    type: str
    source: str | None
    locator: str | None
    quote: str | None
    reason: str | None  # a correction's or retraction's reason
    changes: dict[str, list[Any]]  # field -> [before, after]
    state: dict[str, Any] | None  # the thing on that day as known from that moment (None: gone)
    first: bool = False  # the thing as it began; a later version with no changes changed only what it rests on

    def to_dict(self) -> dict[str, Any]:
        # JSON-ready: the moment as ISO text, as `ledger history --json` has always printed it
        return {**self.__dict__, "recorded_at": self.recorded_at.isoformat()}


def entity_capture(kind: str, key: str) -> Capture:
    """How to read a panel, regime or draft out of some facts on a day."""

    def capture(facts: list[Fact], day: date) -> dict[str, Any] | None:
        view = ReplayView(World(is_state).fold(apply_fixes(facts), until=day), day, None)
        item = {"panel": view.panel, "regime": view.regime, "draft": view.draft}[kind](key)
        return item.to_dict() if item is not None else None

    return capture


def event_capture(event_id: str) -> Capture:
    """How to read one event (a statement, a meeting...) as its corrections and retraction leave it."""

    def capture(facts: list[Fact], _: date) -> dict[str, Any] | None:
        found = [f for f in apply_fixes(facts) if f.event_id == event_id]
        if not found:
            return None
        if found[0].occurred is None:  # a registration: its document is all there is
            return dict(found[0].document)
        row = timeline_data(found[0])
        # Its date under the name its documents and their corrections give it (`occurred_on`), as its other fields
        # are (stance, speakers), not the timeline row's `on`: a corrected date is listed as what the fix changed.
        state = {("occurred_on" if k == "on" else k): v for k, v in row.items() if k != "details"}
        return {**state, **row["details"]}

    return capture


def drafts_concerning(facts: Iterable[Fact], panel_id: str) -> list[str]:
    """The ids of the drafts whose vote ever concerned a panel, as recorded or as corrected since: the
    log's answer to what the read models keep (for a reader that may not bring them up to date)."""
    votes: dict[str, str] = {}  # vote event id -> its draft
    found: set[str] = set()
    for fact in facts:
        if fact.type == "DraftResolutionVoted":
            votes[fact.event_id] = fact.document["draft_id"]
            if fact.document.get("concerning") == panel_id:
                found.add(fact.document["draft_id"])
        elif fact.type == "FactCorrected" and fact.fixes in votes:
            if (fact.document.get("changes") or {}).get("concerning") == panel_id:
                found.add(votes[fact.fixes])
    return sorted(found)


def history(facts: Iterable[Fact], capture: Capture) -> list[Version]:
    """Every fact that changed what `capture` reads, as a version: the facts in valid-time order (then recording
    order), each followed by its fixes in the order they were recorded."""
    ordered = sorted(facts, key=Fact.recording_order)
    # Each fact's date as corrected so far, in recording order: a fix touches the fact as it then stood
    on: dict[str, Occurrence | None] = {f.event_id: f.occurred for f in ordered if not f.is_fix}
    # A fact's versions follow it, in the order they were recorded: a fix sorts after the fact it fixes.
    keys: dict[str, tuple[Any, ...]] = {}
    versions: list[tuple[tuple[Any, ...], Version]] = []
    for index, fact in enumerate(ordered):
        days = _days_of(fact, on)
        moved = (fact.document.get("changes") or {}).get("occurred_on") if fact.type == "FactCorrected" else None
        if moved and fact.fixes in on:
            on[fact.fixes or ""] = occurrence_of({"occurred_on": moved})
        if not fact.is_fix:
            keys[fact.event_id] = (fact.occurred.start if fact.occurred is not None else date.min, *fact.recording_order())
        shown: dict[str, Any] | None = None
        for day in days:
            after = capture(ordered[: index + 1], day)
            if day > days[0]:
                # Moved later: from its new day the fact takes effect again, so the version shows what it does
                # there, against the thing on that day without it; none if the thing reads as on the old day.
                if after == shown:
                    continue
                before = capture([f for f in ordered[: index + 1] if fact.fixes not in (f.event_id, f.fixes)], day)
            else:
                before = capture(ordered[:index], day)
            shown = after
            if before == after:
                continue
            key = (*keys[fact.fixes or ""], *fact.recording_order(), day) if fact.is_fix else keys[fact.event_id]
            versions.append((key, _version(fact, day, before, after)))
    return [version for _, version in sorted(versions, key=lambda pair: pair[0])]


def _days_of(fact: Fact, on: dict[str, Occurrence | None]) -> list[date]:
    """The days from which a fact changes things: its own; for a fix, the earliest day it touches (that of the fact
    it fixes as it then stood, earlier fixes having perhaps moved it, or the day it moves it to), then, for a fact
    moved later, its new day: the thing is without the fact from the old day, and with it again from the new one
    (a termination moved a day later leaves the regime in force on the old day, then terminated on the new)."""
    if fact.is_fix:
        target = on.get(fact.fixes or "")
        if target is None:
            return []
        moved = (fact.document.get("changes") or {}).get("occurred_on")
        to = occurrence_of({"occurred_on": moved}).start if moved else None  # type: ignore[union-attr]
        if to is None or to == target.start:
            return [target.start]
        return [to] if to < target.start else [target.start, to]
    return [fact.occurred.start if fact.occurred is not None else date.min]


def _version(fact: Fact, day: date, before: dict[str, Any] | None, after: dict[str, Any] | None) -> Version:
    cited = fact.document.get("source") or {}
    # A first version changes nothing: it is the thing as it began (its state says what that was).
    changes = {} if before is None else {
        name: [(before or {}).get(name), (after or {}).get(name)]
        for name in sorted({*(before or {}), *(after or {})} - _NOT_CHANGES)
        if (before or {}).get(name) != (after or {}).get(name)
    }
    return Version(
        fact.document.get("occurred_on") if not fact.is_fix else (day.isoformat() if day != date.min else None),
        fact.recorded_at, fact.event_id, fact.type, cited.get("document"), cited.get("locator"),
        cited.get("quote"), fact.document.get("reason"), changes, after, first=before is None,
    )
