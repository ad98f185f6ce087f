"""A stream's facts as the projector keeps them between recordings: counted, not held.

A fold that goes on from where it stopped needs only the new facts and how many came before; the
whole list is wanted only to fold again from the start (a fix, a backdated fact) or to derive a draft.
So between recordings a stream keeps its count and its last position (and a panel its first fact,
what its regime reads of it at each change), and reads the rest back from the log when it is wanted: a rebuild of a
million events held every fact of every panel, regime and draft, most of its memory.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from typing import Any, overload

from ledger.domain.facts import Fact

Load = Callable[[int], list[Fact]]  # a stream's facts up to a position of the log


class HeldFacts(Sequence[Fact]):
    """A stream's facts in log order: all of them while `warm`, else read back from the log on demand.

    The log never changes, so the facts up to the last one appended are the same when read again. A
    fact without a position (not read from the log) keeps the whole list in memory."""

    __slots__ = ("_count", "_facts", "_first", "_keep_first", "_last", "_load", "_pinned", "_warm")  # one per stream

    def __init__(self, facts: list[Fact], load: Load, warm: list[HeldFacts], *, keep_first: bool = False) -> None:
        self._facts: list[Fact] | None = facts
        self._load, self._warm, self._keep_first = load, warm, keep_first
        self._first = facts[0] if facts else None
        self._count = len(facts)
        self._last: int | None = facts[-1].position if facts else None
        self._pinned = any(f.position is None for f in facts)
        warm.append(self)

    def append(self, fact: Fact) -> None:
        if self._facts is not None:
            self._facts.append(fact)
        if not self._count:
            self._first = fact
        self._count += 1
        self._last = fact.position
        self._pinned = self._pinned or fact.position is None

    def forget(self) -> None:
        """Let go of the facts (read back from the log when wanted), but for the first if it is kept."""
        if not self._pinned:
            self._facts = None
            if not self._keep_first:
                self._first = None

    def __len__(self) -> int:
        return self._count

    def __iter__(self) -> Iterator[Fact]:
        return iter(self._all())

    @overload
    def __getitem__(self, index: int) -> Fact: ...

    @overload
    def __getitem__(self, index: slice) -> Sequence[Fact]: ...

    def __getitem__(self, index: Any) -> Any:
        if self._first is not None and (index == 0 or index == slice(None, 1)):
            return [self._first] if isinstance(index, slice) else self._first
        return self._all()[index]

    @property
    def forgotten(self) -> bool:
        return self._facts is None

    @property
    def last(self) -> int | None:
        """The position of its last fact."""
        return self._last

    def read_back(self, facts: list[Fact]) -> None:
        """Take its facts as read from the log together with other streams' (up to a later position)."""
        assert self._last is not None  # a list without positions is never forgotten
        self._restore([f for f in facts if f.position is not None and f.position <= self._last])

    def _all(self) -> list[Fact]:
        if self._facts is None:
            assert self._last is not None  # a list without positions is never forgotten
            return self._restore(self._load(self._last))
        return self._facts

    def _restore(self, facts: list[Fact]) -> list[Fact]:
        assert len(facts) == self._count, "the log holds the stream's facts as they were appended"
        self._facts, self._first = facts, facts[0]
        self._warm.append(self)  # forgotten again after this recording
        return facts
