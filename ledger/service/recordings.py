"""Where the ledger stored each document of a batch: a `Recording` apiece, kept compactly for a large load."""

from __future__ import annotations

from array import array
from bisect import bisect_right
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import overload

EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


@dataclass(frozen=True)
class Recording:
    """Where the ledger stored a fact: its id, its place in the log, and when it was recorded."""

    event_id: str
    position: int
    recorded_at: datetime
    type: str
    repeated: bool = False  # the same id and content were already held; nothing new was stored
    flag: str | None = None  # stored, though its date allows a day on which it breaks a rule (say which)


class Recordings(Sequence[Recording]):
    """The recordings of a batch in document order: a read-only sequence that compares equal to a list of
    the same recordings.

    Held as a few arrays and the ids joined into one text per chunk of documents, a few tens of bytes a
    document, so that the answer to a load of millions stays small beside the load itself."""

    def __init__(self) -> None:
        self._ids: list[str] = []  # each chunk's event ids, joined by newlines (no id holds one)
        self._starts = array("q")  # the index of each chunk's first recording
        self._positions = array("q")
        self._recorded = array("q")  # microseconds since the epoch
        self._types = bytearray()  # an index into _names
        self._repeated = bytearray()
        self._flags: dict[int, str] = {}  # by index: few documents have one
        self._names: list[str] = []
        self._split: tuple[int, list[str]] = (-1, [])  # the chunk last asked for, its ids split

    def add(self, recordings: Sequence[Recording]) -> None:
        """Add a chunk's recordings, in order."""
        if not recordings:
            return
        self._starts.append(len(self._positions))
        self._ids.append("\n".join(r.event_id for r in recordings))
        for r in recordings:
            if r.type not in self._names:
                self._names.append(r.type)
            self._positions.append(r.position)
            self._recorded.append((r.recorded_at - EPOCH) // timedelta(microseconds=1))
            self._types.append(self._names.index(r.type))
            if r.flag is not None:
                self._flags[len(self._positions) - 1] = r.flag
            self._repeated.append(r.repeated)

    @property
    def new(self) -> int:
        """How many documents were stored by this batch."""
        return len(self) - self.repeated

    @property
    def flagged(self) -> list[Recording]:
        """The documents stored with a flag: their date allows a day on which they break a rule."""
        return [self[index] for index in sorted(self._flags)]

    @property
    def repeated(self) -> int:
        """How many documents were already held (or came twice): nothing new was stored for them."""
        return sum(self._repeated)

    def __len__(self) -> int:
        return len(self._positions)

    @overload
    def __getitem__(self, index: int) -> Recording: ...

    @overload
    def __getitem__(self, index: slice) -> list[Recording]: ...

    def __getitem__(self, index: int | slice) -> Recording | list[Recording]:
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self)))]
        if index < 0:
            index += len(self)
        if not 0 <= index < len(self):
            raise IndexError("recording index out of range")
        chunk = bisect_right(self._starts, index) - 1
        if self._split[0] != chunk:
            self._split = (chunk, self._ids[chunk].split("\n"))
        return Recording(self._split[1][index - self._starts[chunk]], self._positions[index],
                         EPOCH + timedelta(microseconds=self._recorded[index]), self._names[self._types[index]],
                         bool(self._repeated[index]), self._flags.get(index))

    def __iter__(self) -> Iterator[Recording]:
        for index in range(len(self)):
            yield self[index]

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Sequence) and not isinstance(other, (str, bytes)):
            return len(self) == len(other) and all(a == b for a, b in zip(self, other, strict=True))
        return NotImplemented

    def __repr__(self) -> str:
        return f"Recordings({len(self)} documents: {self.new} new, {self.repeated} already held)"

    __hash__ = None  # type: ignore[assignment]


class RecordingList(list[Recording]):
    """What `append_many` answers: a list of recordings in document order, with the counts a load's
    `Recordings` gives."""

    @property
    def new(self) -> int:
        """How many documents were stored by this batch."""
        return len(self) - self.repeated

    @property
    def repeated(self) -> int:
        """How many documents were already held (or came twice): nothing new was stored for them."""
        return sum(r.repeated for r in self)

    @property
    def flagged(self) -> list[Recording]:
        """The documents stored with a flag: their date allows a day on which they break a rule."""
        return [r for r in self if r.flag is not None]
