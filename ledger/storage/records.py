"""What the store's rows become: index entries, what a save stored, streams folded from their events, and
the check that a fact read back from the log is one the ledger stored."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import cache
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


class Unfit(Exception):
    """Why a fact read back from the log is not one the ledger stored; its `__cause__` is the error met, if one was."""


def check_fact(fact: Fact, stored_as: str) -> None:
    """Raise `Unfit` if a fact read back from the log is not one the ledger could have stored as an event of
    the type `stored_as` (its topic's): a row edited by hand past reading. Cheap, since every read of the log
    runs it: what the folds take for granted (a type, an id, the fields its schema requires, a day they can
    read), not the whole schema. The type, the id and the day are kept on the fact: folds read them anyway."""
    document = fact.document
    if not isinstance(document, Mapping):
        raise Unfit(f"its fact is not an object but {type(document).__name__}")
    kind = document.get("type")
    if kind != stored_as:
        raise Unfit(f"its fact is of type {kind!r}, stored as a {stored_as}")
    if not isinstance(document.get("id"), str):
        raise Unfit("its fact has no 'id'" if "id" not in document else "its fact's 'id' is not a string")
    required = _required(kind)
    if not document.keys() >= required:
        missing = ", ".join(repr(name) for name in sorted(required - document.keys()))
        raise Unfit(f"its {kind} has no {missing}")
    if not isinstance(fact.recorded_at, datetime) or not isinstance(fact.seq, int):
        raise Unfit("its recording time or its place in its batch is not one the ledger writes")
    try:
        fact.occurred  # noqa: B018 - parsed once here (and kept on the fact), where a day past reading is said
    except (ValueError, TypeError) as e:
        raise Unfit(f"its occurred_on: {e}") from e


def _required(kind: str) -> frozenset[str]:
    """The fields the schema of a type requires (none for a type without one, which reading will refuse anyway)."""
    schema = _schemas().get(kind)
    return _required_by(schema) if schema is not None else frozenset()


@cache
def _schemas() -> dict[str, type]:
    from ledger.documents.schemas import SCHEMAS  # the documents' layer knows what each type requires

    return SCHEMAS


@cache
def _required_by(schema: type) -> frozenset[str]:
    return frozenset(name for name, field in schema._declared_fields.items() if field.required)  # type: ignore[attr-defined]


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
