"""Provenance: every fact with the words that prove it, and whether those words are really in its source.

The rules refuse a quote that is not in its source's text when a fact is appended; the audit checks
again, over the log as stored, because an auditor trusts what is checked in front of them, not what a
rule once said (a row may have been written behind the ledger's back, or by older code).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from ledger.domain.catalogue import REGISTRATIONS
from ledger.domain.council import unchecked_rules
from ledger.domain.dates import SPANS
from ledger.domain.entities import SourceState, tally_of
from ledger.domain.facts import Fact, apply_fixes
from ledger.domain.quotes import quote_is_in
from ledger.errors import RuleBroken, UnknownReference


@dataclass(frozen=True)
class Citation:
    """A further source a fact cites (`also_cited`, or a citation a correction brings), as the audit found it."""

    source: str | None
    locator: str | None
    quote: str | None
    checked: bool
    problem: str | None = None


@dataclass(frozen=True)
class Provenance:
    """One fact of the log, where it came from, and what the audit found."""

    position: int | None
    event_id: str
    type: str
    occurred_on: str | None
    recorded_at: datetime  # transaction time (UTC), as a Recording gives it
    source: str | None
    locator: str | None
    quote: str | None
    checked: bool  # the quote was compared with its source's text
    problem: str | None = None
    reason: str | None = None  # a correction's or retraction's reason, in its own words
    also_cited: tuple[Citation, ...] = ()
    # The rules the ledger could not check on this fact, because its source leaves something unknown
    # (a vote whose tally the source does not give). Not a flag: the fact is as its source reports it.
    unchecked: tuple[str, ...] = ()
    date_flag: str | None = None  # the part of `problem` that its date gives (a day it allows breaks a rule)

    @property
    def flagged(self) -> bool:
        return self.problem is not None

    @property
    def citation_flagged(self) -> bool:
        """Whether its citation is what is flagged (its quote, its source), not its date alone."""
        return self.problem is not None and self.problem != self.date_flag

    def to_dict(self) -> dict[str, Any]:
        # JSON-ready: the moment as ISO text, as `ledger audit --json` has always printed it
        return {**self.__dict__, "recorded_at": self.recorded_at.isoformat(),
                "also_cited": [c.__dict__ for c in self.also_cited], "flagged": self.flagged}


def audit(facts: Iterable[Fact], dates: Mapping[str, str] | None = None) -> list[Provenance]:
    """Every fact in log order, its source, locator and quote; flagged where the quote fails its source,
    and where `dates` says what its date allows (`allowance.date_flags`)."""
    facts = list(facts)
    texts = _source_texts(facts)
    unchecked = _unchecked_votes(facts)
    standing = {fact.event_id: fact.document for fact in apply_fixes(facts)}
    found = [_provenance(fact, texts, unchecked.get(fact.event_id, ()), standing.get(fact.event_id)) for fact in facts]
    if dates:
        found = [_with_date_flag(p, dates[p.event_id]) if p.event_id in dates else p for p in found]
    return found


def _as_they_stand(kind: str, facts: list[Fact]) -> list[Fact]:
    """The facts of one type as their fixes leave them, without folding the rest of the log."""
    chosen = [f for f in facts if f.type == kind]
    ids = {f.event_id for f in chosen}
    return apply_fixes([*chosen, *(f for f in facts if f.is_fix and f.fixes in ids)])


def _unchecked_votes(facts: list[Fact]) -> dict[str, tuple[str, ...]]:
    """The rules each vote (as it now stands, corrections applied) left unchecked for want of its tally."""
    found: dict[str, tuple[str, ...]] = {}
    for vote in _as_they_stand("DraftResolutionVoted", facts):
        on = vote.occurred
        rules = unchecked_rules(tally_of(vote.document), on.start) if on is not None else []
        if rules:
            found[vote.event_id] = tuple(rules)
    return found


def _with_date_flag(entry: Provenance, flag: str) -> Provenance:
    return replace(entry, problem=flag if entry.problem is None else f"{entry.problem}; {flag}", date_flag=flag)


def _source_texts(facts: list[Fact]) -> dict[str, str | None]:
    """Each registered source's text as it now stands (a corrected source text counts as corrected)."""
    return {f.document["source_id"]: f.document.get("text") for f in _as_they_stand("SourceRegistered", facts)}


def further_citations(document: Mapping[str, Any]) -> list[Mapping[str, Any]]:
    """The sources a fact cites beyond its `source`: its `also_cited`, and those a correction brings."""
    changes: Mapping[str, Any] = document.get("changes") or {}
    brought = [changes["source"]] if isinstance(changes.get("source"), Mapping) else []
    return [*document.get("also_cited", ()), *brought, *changes.get("also_cited", ())]


def _provenance(fact: Fact, texts: Mapping[str, str | None], unchecked: tuple[str, ...],
                standing: Mapping[str, Any] | None) -> Provenance:
    """`standing`: the fact's document as its corrections leave it (None when retracted). A citation a later
    correction replaced is no longer what the fact rests on: the correction's own, listed under it, is
    checked instead, so the one it replaced is still compared with its source but never flagged."""
    cited: Mapping[str, Any] = fact.document.get("source") or {}
    replaced = standing is not None and standing.get("source") != fact.document.get("source")
    checked, problem = _unflagged_if(replaced, _check_quote(fact, cited, texts))
    also_replaced = standing is not None and standing.get("also_cited") != fact.document.get("also_cited")
    further = []
    for other in further_citations(fact.document):
        replaced_too = also_replaced and not fact.is_fix
        other_checked, other_problem = _unflagged_if(replaced_too, _check_quote(fact, other, texts))
        further.append(Citation(other.get("document"), other.get("locator"), other.get("quote"), other_checked,
                                other_problem))
        problem = problem or (other_problem and f"a further citation: {other_problem}")
    return Provenance(fact.position, fact.event_id, fact.type, fact.document.get("occurred_on"),
                      fact.recorded_at, cited.get("document"), cited.get("locator"), cited.get("quote"),
                      checked, problem, fact.document.get("reason"), tuple(further), unchecked)


def _unflagged_if(replaced: bool, found: tuple[bool, str | None]) -> tuple[bool, str | None]:
    """What the audit found of a citation, without its flag when a correction has replaced it: checked only
    when its quote was compared with the text and stands in it."""
    checked, problem = found
    return (checked and problem is None, None) if replaced else found


def _check_quote(fact: Fact, cited: Mapping[str, Any], texts: Mapping[str, str | None]) -> tuple[bool, str | None]:
    """Whether the quote was compared with its source's text, and what is wrong, if anything."""
    if fact.type in REGISTRATIONS:
        return False, None
    source, quote = cited.get("document"), cited.get("quote")
    if not isinstance(source, str) or source not in texts:
        return False, f"its source {source!r} is not registered (or was retracted)"
    text = texts[source]
    if text is None:  # the source was registered without its text: nothing to check the quote against
        return False, None
    if not quote:
        return False, f"it quotes nothing, though the text of source {source!r} is held"
    if not quote_is_in(quote, text):
        return True, f"its quote is not in the text of source {source!r}"
    return True, None


def check_source(fact: Fact, sources: Mapping[str, SourceState]) -> None:
    """Each source a fact cites must be registered, published on or after the fact, and, when its text is
    held, quoted word for word: `source` first, then every one of `also_cited`."""
    for field, cited in citations(fact.document):
        check_citation(fact, cited, field, sources)


def citations(document: Mapping[str, Any]) -> list[tuple[str, Mapping[str, Any]]]:
    """A fact's own citations, each with the field a refusal names: `source`, `also_cited.<n>`."""
    found = [("source", document["source"])] if isinstance(document.get("source"), Mapping) else []
    return [*found, *((f"also_cited.{n}", c) for n, c in enumerate(document.get("also_cited", ())))]


def check_citation(fact: Fact, cited: Mapping[str, Any], field: str, sources: Mapping[str, SourceState]) -> None:
    source = sources.get(cited["document"])
    if source is None:
        raise UnknownReference(
            f"source {cited['document']!r} is not registered; append its SourceRegistered first",
            field=f"{field}.document", unheld=(cited["document"], ("source",)),
        )
    occurred = fact.occurred
    if occurred is not None and occurred.start > source.published_on:
        raise RuleBroken(
            f"the fact occurred on {occurred} but its source {source.source_id!r} was published "
            f"on {source.published_on}: a source cannot report what had not yet happened",
            field="occurred_on",
        )
    # An EDTF span is held to its latest day: a fact that may be later than its source is refused. (A year
    # or a month is the source's own precision, read from its first day: DESIGN 5.)
    if occurred is not None and occurred.kind in SPANS and occurred.latest > source.published_on:
        raise RuleBroken(
            f"the fact's date {occurred} allows days up to {occurred.latest}, but its source "
            f"{source.source_id!r} was published on {source.published_on}: the fact may be later than its "
            "source, which cannot report what had not yet happened; end its date on or before that day",
            field="occurred_on",
        )
    if source.text is not None:
        quote = cited.get("quote")
        if not quote:
            raise RuleBroken(
                f"source {source.source_id!r} is registered with its text, so the fact must quote it",
                field=f"{field}.quote",
            )
        if not quote_is_in(quote, source.text):
            raise RuleBroken(
                f"the quote {_clip(quote)!r} is not in the text of source {source.source_id!r}",
                field=f"{field}.quote",
            )


def _clip(text: str, size: int = 60) -> str:
    return text if len(text) <= size else text[: size - 1] + "…"
