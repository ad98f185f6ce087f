"""What the projector keeps between its steps: each stream's facts and rows so far (`ledger.projections.memory`
holds them), what one recording changed, and the rows a stream derives."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any
from uuid import UUID

from ledger.domain.facts import Fact
from ledger.projections.derive import Folded, History, Joined, Row
from ledger.projections.held import HeldFacts


class Moved(Exception):
    """Another projector advanced the same generation first; this page is rolled back and redone."""


@dataclass
class StreamState:
    kind: str  # regime, panel, draft, record; or "" for sources and actors, which have no rows
    key: str
    facts: HeldFacts
    open: set[Row] | None = None  # the rows still believed
    history: History | None = None  # a panel's or regime's fold so far
    inputs: Joined | None = None  # a panel's facts and those of the drafts concerning it, while they stay so
    fixed: bool = False  # whether any of its facts is a fix

    def __post_init__(self) -> None:
        self.fixed = any(f.is_fix for f in self.facts)

    def append(self, fact: Fact) -> None:
        self.facts.append(fact)
        self.fixed = self.fixed or fact.is_fix


@dataclass
class Derived:
    """A stream's derived rows: complete for `tables` (the rest closes), plus rows simply added or closed."""

    rows: list[Row]
    tables: set[str]
    additions: list[Row] = field(default_factory=list)

    retired: list[Row] = field(default_factory=list)  # rows simply closed

    def with_history(self, table: str, folded: Folded) -> Derived:
        if folded.went_on:  # only the difference: the rest of the table's rows stand
            return Derived(self.rows, self.tables, [*self.additions, *folded.added], [*self.retired, *folded.retired])
        return Derived([*self.rows, *folded.rows], {*self.tables, table}, self.additions, self.retired)


UNKNOWN: Any = object()  # not looked up yet: None is an answer (no panel, no day)


class Changes:
    """What one recording changed: the streams to derive again, their new facts, and from which day."""

    def __init__(self) -> None:
        self.dirty: dict[UUID, None] = {}
        self.facts: dict[UUID, list[Fact]] = {}
        self._since: dict[UUID, date | None] = {}
        self._sources: dict[UUID, list[UUID]] = {}

    def add(self, sid: UUID, fact: Fact) -> None:
        self.facts.setdefault(sid, []).append(fact)
        self.touch(sid, fact)

    def touch(self, sid: UUID, fact: Fact) -> None:
        """A stream's rows may change from this fact's day on (from the start, for a fix)."""
        self.dirty[sid] = None
        day = None if fact.is_fix or fact.occurred is None else fact.occurred.start
        current = self._since.get(sid, UNKNOWN)
        self._since[sid] = day if current is UNKNOWN else (None if current is None or day is None else min(current, day))

    def inherit(self, sid: UUID, source: UUID) -> None:
        """A stream derived from another's facts (a panel from its drafts) changes from the same day."""
        for fact in self.facts.get(source, ()):
            self.touch(sid, fact)
        self.dirty[sid] = None
        self._sources.setdefault(sid, []).append(source)

    def inherited(self, sid: UUID) -> list[UUID]:
        """The streams whose changes a stream inherited (the drafts about a panel)."""
        return self._sources.get(sid, [])

    def since(self, sid: UUID) -> date | None:
        value = self._since.get(sid)
        return None if value is UNKNOWN else value
