"""What the store's rows become: index entries, what a save stored, streams folded from their events."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from uuid import UUID

from eventsourcing.domain import DomainEventProtocol
from eventsourcing.persistence import StoredEvent
from sqlalchemy.engine import Row

from ledger.domain.facts import Fact
from ledger.domain.streams import Stream
from ledger.storage.chain import StoredBytes


@dataclass(frozen=True)
class IndexEntry:
    """Where a stored event id lives, and what it said (as a fingerprint)."""

    event_id: str
    stream_id: UUID
    type: str
    fingerprint: str
    position: int
    recorded_at: datetime


@dataclass(frozen=True)
class Saved:
    """What one `save_batch` stored: each (stream, version)'s position, and the facts in log order."""

    positions: dict[tuple[UUID, int], int]
    facts: list[tuple[Fact, UUID]]


def fold_stream(events: list[DomainEventProtocol[UUID]]) -> Stream | None:
    """The library's `project_aggregate` without its per-event assertion against a runtime protocol,
    which costs more than the event's own `mutate` (these events are the library's own classes)."""
    stream = None
    for domain_event in events:
        stream = domain_event.mutate(stream)  # type: ignore[attr-defined]
    return stream


def by_position(pair: tuple[Fact, UUID]) -> int:
    return pair[0].position or 0


def stored_bytes(position: int, event: StoredEvent) -> StoredBytes:
    return StoredBytes(position, event.originator_id, event.originator_version, event.topic, event.state)


def stream_uuid(originator_id: UUID | str) -> UUID:
    """A stream id as read from the log: its column type gives a UUID (eventsourcing also allows str ids)."""
    return originator_id if isinstance(originator_id, UUID) else UUID(originator_id)


def index_entry(row: Row[Any]) -> IndexEntry:
    return IndexEntry(row.event_id, UUID(row.stream_id), row.type, row.fingerprint, row.position, utc(row.recorded_at))


def utc(moment: datetime) -> datetime:
    """A stored moment in UTC, the same on every database: SQLite keeps no time zone (the ledger writes UTC
    only), and PostgreSQL gives its session's zone, such as `Etc/UTC`, which compares equal but prints apart."""
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)
