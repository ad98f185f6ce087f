"""Appending a batch: one transaction checks every document against what it reads, saves the events with
their rows in the fact index, and brings the read models along; another writer in the way means the
batch is checked again from the start, a bounded number of times."""

from __future__ import annotations

import random
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any
from uuid import UUID

from eventsourcing.persistence import IntegrityError, OperationalError
from sqlalchemy.exc import DBAPIError
from sqlalchemy.exc import IntegrityError as SQLIntegrityError

from ledger.documents.parse import Located, given_id, parse_documents
from ledger.errors import Conflict, LedgerError
from ledger.log import logger
from ledger.service.batch import Batch
from ledger.states import is_state
from ledger.storage.eventstore import EventStore
from ledger.storage.opening import first_line

ATTEMPTS = 8  # a batch that meets a concurrent writer is checked again from the start


@dataclass(frozen=True)
class Recording:
    """Where the ledger stored a fact: its id, its place in the log, and when it was recorded."""

    event_id: str
    position: int
    recorded_at: datetime
    type: str
    repeated: bool = False  # the same id and content were already held; nothing new was stored


def append_batch(store: EventStore, documents: Sequence[Located], *, indexed: bool,
                 then: Callable[[], object] | None = None) -> list[Recording]:
    """Append documents atomically (all, or on any refusal none); `then` runs in the same transaction."""
    started = time.perf_counter()
    try:
        # Every document's shape first, outside the transaction: a batch names each malformed one.
        checked = parse_documents(documents, indexed=indexed)
    except LedgerError as e:
        log_rejection(e)
        raise
    for attempt in range(1, ATTEMPTS + 1):
        try:
            # One transaction: the batch is checked against what it reads and saved with it.
            with store.transaction(commit=True) as session:
                store.lock_log(session)
                batch = Batch(store, is_state, _recording_time(store, session))
                batch.prefetch(d["id"] for d in checked)
                # The rules read what the documents before stage: the first broken one stops the batch.
                for index, (document, item) in enumerate(zip(checked, documents, strict=True)):
                    try:
                        batch.add(document, index if indexed else None, given_id(item.document))
                    except LedgerError as e:
                        raise e.located(document=item.where) from None
                positions = store.save_batch(batch.pending(), list(batch.entries.values()))
                if then is not None:  # in the same transaction: its writes commit with the batch or not at all
                    then()
        except LedgerError as e:
            log_rejection(e)
            raise
        except (IntegrityError, OperationalError, SQLIntegrityError, DBAPIError) as e:
            if attempt == ATTEMPTS:
                error = Conflict(f"another writer kept changing the same facts; nothing was stored ({first_line(e)})")
                log_rejection(error)
                raise error from None
            time.sleep(random.uniform(0.005, 0.02) * attempt)  # jitter: writers stop colliding in step
            continue
        return _recordings(batch, positions, started)
    raise AssertionError("unreachable")


def _recording_time(store: EventStore, session: Any) -> datetime:
    """Now, or just after the last recording if the clock stepped back: transaction time only grows."""
    now = datetime.now(UTC)
    last = store.last_recorded_at(session)
    return max(now, last + timedelta(microseconds=1)) if last is not None else now


def _recordings(batch: Batch, positions: dict[tuple[UUID, int], int], started: float) -> list[Recording]:
    duration_ms = round((time.perf_counter() - started) * 1000, 1)
    recordings = []
    stored: set[str] = set()  # the same document twice in one batch is stored once: the second is a repeat
    for staged in batch.staged:
        if staged.repeat_of is not None:
            entry = staged.repeat_of
            recordings.append(Recording(entry.event_id, entry.position, entry.recorded_at, entry.type, True))
            logger().debug("already held", type=entry.type, id=entry.event_id, position=entry.position)
            continue
        row = batch.entries[staged.event_id]
        position = positions[(row["stream_id"], row["version"])]
        if staged.event_id in stored:
            recordings.append(Recording(staged.event_id, position, batch.recorded_at, staged.type, True))
            continue
        stored.add(staged.event_id)
        recordings.append(Recording(staged.event_id, position, batch.recorded_at, staged.type))
        logger().info("appended", type=staged.type, id=staged.event_id, position=position, duration_ms=duration_ms)
    return recordings


def log_rejection(error: LedgerError) -> None:
    """One structured line for a refusal, naming the document, the field and the reason."""
    where = {"field": error.field, "index": error.index, "id": error.event_id, "document": error.document}
    logger().warning("rejected", kind=error.kind, reason=error.reason, **{k: v for k, v in where.items() if v is not None})
