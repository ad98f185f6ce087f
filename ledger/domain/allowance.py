"""What a date allows: the rules read on the first and the last day of an EDTF date's span.

A fact dated by an interval, an open start, or an uncertain or approximate date is folded on the day it
counts from (its earliest allowed day), and checked there as every fact is. It is checked again as if it
had happened on the latest day its date allows. A rule broken on both days is broken whatever the true
day: the fact is refused. A rule broken on one of them only may or may not be broken: the fact is
accepted and flagged, so a reader sees that its date allows a day on which it would break the rule (a
reaction that may be earlier than the vote it reacts to, an extension that may be later than the
mandate's end). A year or a month counts from, and is checked on, its first day (DESIGN 5), and a
source's publication is compared with the latest day a date allows: a fact that may be later than its
source is refused (`provenance.check_source`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, replace

from ledger.domain.dates import SPANS
from ledger.domain.facts import Fact, apply_fixes, in_valid_order
from ledger.domain.withdrawals import Withdrawals
from ledger.domain.world import World
from ledger.errors import LedgerError


def on_latest(fact: Fact) -> Fact | None:
    """The fact as if it had happened on the latest day its date allows, when its date is an EDTF span that
    allows more than that day; None otherwise (it is checked once). An open start (`../2024-03-29`) counts from
    the latest day it allows, yet allows the days before it too: a rule that reads its earliest day (a state's
    former code, `withdrawals`) finds none, and is judged on that latest day alone."""
    occurred = fact.occurred
    if occurred is None or occurred.kind not in SPANS or occurred.earliest == occurred.latest:
        return None
    return replace(fact, document={**fact.document, "occurred_on": occurred.latest.isoformat()})


@dataclass(frozen=True)
class Verdict:
    """What the rules say of a fact whose date allows several days."""

    refusal: LedgerError | None  # broken on every day checked
    flag: str | None  # broken on some of them only: accepted, with this said of it


def judge(fact: Fact, early: LedgerError | None, late: LedgerError | None) -> Verdict:
    """Refuse a fact that breaks a rule on the first and on the last day its date allows; flag one that
    breaks it on one of the two only."""
    if early is None and late is None:
        return Verdict(None, None)
    occurred = fact.occurred
    assert occurred is not None  # only dated facts have two days to be checked on
    if early is not None and late is not None:
        if early.field == "occurred_on" or early.reason == late.reason:  # the date itself (its source's
            return Verdict(early, None)  # rule reads its latest day already), or a rule that reads no day
        said = f"on every day its date {occurred} allows, up to {occurred.latest}: {late.reason}"
        return Verdict(type(late)(said, field=late.field), None)
    if early is not None:
        return Verdict(None, f"its date {occurred} allows {occurred.start}, and on that day: {early.reason}")
    assert late is not None
    return Verdict(None, f"its date {occurred} allows {occurred.latest}, and on that day: {late.reason}")


def date_flags(facts: Iterable[Fact], is_state: Callable[[str], bool], withdrawn: Withdrawals) -> dict[str, str]:
    """For each fact of the log whose date is an EDTF span, what a rule says of it on one of its allowed
    days but not on the other (the audit's view of the flags given when the facts were appended), or on
    every day its date allows (a fact the rules would now refuse, stored before them or behind their back)."""
    current = apply_fixes(facts)
    late = {f.event_id: (f, moved) for f in current if (moved := on_latest(f)) is not None}
    if not late:
        return {}

    def problems(facts: list[Fact]) -> Mapping[str, LedgerError]:
        world, found = World(is_state, withdrawn), {}
        for fact in in_valid_order(facts):
            checked = fact.event_id in late
            problem = world.apply(fact, rules=checked, references=checked)
            if problem is not None and checked:
                found[fact.event_id] = problem
        return found

    early_found = problems(current)
    late_found = problems([late[f.event_id][1] if f.event_id in late else f for f in current])
    flags: dict[str, str] = {}
    for event_id, (original, _) in late.items():
        early, later = early_found.get(event_id), late_found.get(event_id)
        if early is not None and later is not None and early.reason == later.reason:
            continue  # a rule no day of its date changes (a quote not in its source): the audit says it otherwise
        verdict = judge(original, early, later)
        if verdict.flag is not None:
            flags[event_id] = verdict.flag
        elif verdict.refusal is not None:  # held from before the rule, or written behind the ledger's back
            flags[event_id] = verdict.refusal.reason
    return flags
