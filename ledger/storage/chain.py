"""Tamper evidence: a SHA-256 hash chain over the stored bytes of every event, in log order.

Each event gets a row in `ledger_chain`, written in the transaction that stores the event (the log
lock is held, so links are made one writer at a time, in log order):

    content = SHA-256(originator id, version, topic, state)      the exact stored bytes of the event
    link    = SHA-256(previous link, content)                    the first link follows GENESIS

The head (last position and its link) is the digest: kept somewhere else, it proves later that the log
still extends it (QLDB's digests). `verify` walks the log and the chain side by side and reports the
first position where they part: an event edited, deleted, inserted or moved.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sqlalchemy import insert, select
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Session

from ledger.storage.tables import chain

if TYPE_CHECKING:
    from ledger.service.derived import DerivedCheck

GENESIS = "0" * 64


@dataclass(frozen=True)
class StoredBytes:
    """One event exactly as the log stores it."""

    position: int
    originator_id: Any
    version: int
    topic: str
    state: bytes


@dataclass(frozen=True)
class Digest:
    """The head of the chain: the last position and its link."""

    position: int
    link: str

    def __str__(self) -> str:
        return f"{self.position}:{self.link}"

    @classmethod
    def parse(cls, text: str) -> Digest:
        position, _, link = text.strip().partition(":")
        link = link.lower()  # hex in either case: a digest copied through a tool that upper-cases it is the same digest
        if not position.isdigit() or len(link) != 64 or any(c not in "0123456789abcdef" for c in link):
            raise ValueError(f"a digest is POSITION:SHA256 as `ledger digest` prints it, not {text.strip()!r}")
        return cls(int(position), link)


@dataclass(frozen=True)
class Break:
    """Where the log and its chain part, and how."""

    position: int
    kind: str  # edited, deleted, inserted, reordered, unlinked (a link before it is missing); unreadable (see Ledger.verify)
    reason: str

    def __str__(self) -> str:
        return f"position {self.position} ({self.kind}): {self.reason}"


@dataclass(frozen=True)
class Verification:
    checked: int
    head: Digest
    broken: Break | None = None
    extends: bool | None = None  # whether the log still extends a digest given to check
    against: Digest | None = None
    # The log's own link at the position of the digest given (None: no digest, or the log does not reach it).
    found: Digest | None = None
    # The fact index and read models compared with what the log derives (`ledger.service.derived`): None when
    # not compared (asked for the log only, or the log itself is broken or does not extend the digest).
    derived: DerivedCheck | None = None

    @property
    def ok(self) -> bool:
        return self.broken is None and self.extends is not False and (self.derived is None or self.derived.ok)

    def __str__(self) -> str:
        if self.broken is not None:
            return f"the log altered at {self.broken}; {self.checked} events before it check out"
        said = f"{self.checked} event{'s' if self.checked != 1 else ''} verified, head {self.head}"
        if self.against is not None:
            said += f"; {'extends' if self.extends else 'does not extend'} digest {self.against}"
        if self.derived is not None:
            said += f"; {self.derived}"
        return said


def content_hash(event: StoredBytes) -> str:
    """The hash of an event's stored bytes; its position is not part of it (the chain's order is)."""
    digest = hashlib.sha256()
    for part in (str(event.originator_id).encode(), str(event.version).encode(), event.topic.encode()):
        digest.update(len(part).to_bytes(8, "big"))
        digest.update(part)
    # Bytes as stored; a hand edit in SQLite can leave text in the column, which must still hash (and differ).
    state = event.state.encode() if isinstance(event.state, str) else bytes(event.state)
    digest.update(len(state).to_bytes(8, "big"))
    digest.update(state)
    return digest.hexdigest()


def next_link(previous: str, content: str) -> str:
    return hashlib.sha256(f"{previous}{content}".encode()).hexdigest()


def links_for(previous: str, events: Iterable[StoredBytes]) -> list[dict[str, Any]]:
    """The chain rows of some events that follow a link, in the order given (log order)."""
    rows = []
    for event in events:
        content = content_hash(event)
        previous = next_link(previous, content)
        rows.append({"position": event.position, "content": content, "link": previous})
    return rows


_HEAD = select(chain.c.position, chain.c.link).order_by(chain.c.position.desc()).limit(1)  # built once: appends ask


def head(connection: Connection | Session) -> Digest:
    row = connection.execute(_HEAD).first()
    return Digest(int(row[0]), row[1]) if row is not None else Digest(0, GENESIS)


def link_events(session: Session, events: Sequence[StoredBytes]) -> None:
    """Extend the chain over events just stored (the caller holds the log lock)."""
    if events:
        session.execute(insert(chain), links_for(head(session).link, sorted(events, key=lambda e: e.position)))


Namer = Callable[[int, StoredBytes | None], str | None]


def verify(events: Iterator[StoredBytes], links: Iterator[tuple[int, str, str]],
           against: Digest | None = None, name: Namer | None = None) -> Verification:
    """Walk the stored events and the chain together, both in position order; stop at the first break.

    `links` yields (position, content hash, link). A link kept for a position whose event is gone means a
    deletion; an event with no link, an insertion; an event whose bytes no longer hash to what its link
    recorded, an edit (or a move, when those bytes are recorded at another position). `name`, given a
    position and its event (None if gone), says which fact it is, for the break's reason.
    """
    recorded = _Merge(events, links)
    previous, checked, last = GENESIS, 0, Digest(0, GENESIS)
    # The digest of an empty ledger is where every chain starts: every log extends it.
    extends = against.link == GENESIS if against is not None and against.position == 0 else None
    found = against if extends else None

    def the_event(position: int, event: StoredBytes | None) -> str:
        named = name(position, event) if name is not None else None
        return f"the event at position {position}" + (f", {named}," if named else "")

    for position, event, link in recorded:
        if event is None:
            return _broken(checked, last, Break(position, "deleted",
                           f"{the_event(position, None)} was deleted (its link is still in the chain)"), against)
        if link is None:
            return _broken(checked, last, Break(position, "inserted",
                           f"{the_event(position, event)} has no link: it was inserted behind the ledger's back"),
                           against)
        stored_content, stored_link = link
        content = content_hash(event)
        if content != stored_content:
            moved_from = recorded.later_contents().get(content)
            if moved_from is not None and moved_from != position:
                reason = f"{the_event(position, event)} was recorded at position {moved_from}: the log was reordered"
                return _broken(checked, last, Break(position, "reordered", reason), against)
            return _broken(checked, last, Break(position, "edited", _edited(
                the_event(position, event), position, previous, content, stored_content, stored_link)), against)
        expected = next_link(previous, content)
        if expected != stored_link:
            reason = (f"the link at position {position} does not follow the one before it: "
                      "an event before it was removed with its link, a link was rewritten, "
                      "or the event there was edited along with its content hash")
            return _broken(checked, last, Break(position, "unlinked", reason), against)
        previous, checked, last = expected, checked + 1, Digest(position, expected)
        if against is not None and position == against.position:
            extends, found = expected == against.link, last
    if against is not None and extends is None:
        extends = False  # the digest's position is no longer in the log: it was cut short
    return Verification(checked, last, None, extends, against, found)


def _edited(event: str, position: int, previous: str, content: str, stored_content: str, stored_link: str) -> str:
    """Why an event's bytes and its content hash in the chain disagree, as far as the links can tell.

    The link was made from the content hash of the bytes stored then: the one that still makes the link
    from the link before it is the original; a content hash that matches neither says nothing more."""
    if next_link(previous, content) == stored_link:
        return (f"the chain's record of position {position} was edited (its content hash): {event} still hashes "
                "to the link it was chained with")
    if next_link(previous, stored_content) == stored_link:
        return f"the stored bytes of {event} were edited"
    return (f"{event} no longer hashes to what the chain recorded, and neither its bytes nor the chain's record "
            f"of position {position} make the link kept there: the event or the chain's record of it was edited")


def _broken(checked: int, last: Digest, broken: Break, against: Digest | None) -> Verification:
    return Verification(checked, last, broken, None, against)


class _Merge:
    """Events and links side by side by position: (position, event or None, (content, link) or None)."""

    def __init__(self, events: Iterator[StoredBytes], links: Iterator[tuple[int, str, str]]) -> None:
        self._events, self._links = events, links

    def __iter__(self) -> Iterator[tuple[int, StoredBytes | None, tuple[str, str] | None]]:
        event, link = next(self._events, None), next(self._links, None)
        while event is not None or link is not None:
            if link is None or (event is not None and event.position < link[0]):
                yield event.position, event, None  # type: ignore[union-attr]
                event = next(self._events, None)
            elif event is None or link[0] < event.position:
                yield link[0], None, (link[1], link[2])
                link = next(self._links, None)
            else:
                yield event.position, event, (link[1], link[2])
                event, link = next(self._events, None), next(self._links, None)

    def later_contents(self) -> dict[str, int]:
        """The content hashes recorded after the current position, and where (read only once something broke:
        bytes swapped with a later event show up here; the earlier ones all checked out)."""
        return {content: position for position, content, _ in self._links}
