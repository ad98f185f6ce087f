"""Appending a batch: one transaction checks every document against what it reads, saves the events with
their rows in the fact index, and brings the read models along; another writer in the way means the
batch is checked again from the start, a bounded number of times.

A batch of any size is read, checked and saved a chunk of `CHUNK` documents at a time inside that one
transaction, so its memory is a chunk's: each chunk is a recording of its own (its recording time a
microsecond after the one before), saved, projected, and let go before the next is read. The rules read
what earlier chunks saved back from the store, in the same transaction. A malformed document stops the
saving; the documents after it are still read, so that every malformed one is named.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from datetime import UTC, datetime, timedelta
from itertools import chain
from typing import TYPE_CHECKING, Any
from uuid import UUID

from ledger.documents.parse import Located, Shapes, given_id
from ledger.domain.facts import Fact, apply_fixes
from ledger.errors import Busy, LedgerError, StorageError
from ledger.log import listening, logger
from ledger.service.batch import Batch
from ledger.service.fixing import with_changes_problems
from ledger.service.recordings import Recording, Recordings
from ledger.states import is_state, withdrawal
from ledger.storage.eventstore import EventStore
from ledger.storage.failures import ATTEMPTS, database_failure, first_line, is_conflict, is_lock_wait, pause

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

__all__ = ["ATTEMPTS", "CHUNK", "Recording", "Recordings", "append_batch", "log_rejection"]

CHUNK = 1000  # documents checked and saved together


class _Malformed(Exception):
    """A malformed document was read: nothing of the batch is saved (the transaction is rolled back)."""


class _Refused(Exception):
    """The log can take no write (the guard's `error`): nothing of the batch is saved (the transaction is rolled back)."""

    def __init__(self, error: LedgerError) -> None:
        super().__init__(str(error))
        self.error = error


def append_batch(store: EventStore, documents: Iterable[Located], *, indexed: bool,
                 then: Callable[[list[tuple[Fact, UUID]]], object] | None = None, progress: Callable[[int], None] | None = None,
                 guard: Callable[[Session], LedgerError | None] | None = None) -> Recordings:
    """Append documents atomically (all, or on any refusal none); `then` runs in the same transaction
    after each chunk, given the chunk's facts as stored (with their streams, in log order), `progress` after each chunk with the documents checked so far.
    `guard`, given the transaction's session once the log's lock is held, says why the log can take no write (raised
    at once, the documents left unread), or None.

    `documents` is iterated once per attempt: it must give the same documents each time (a list, or
    files read again)."""
    started = time.perf_counter()
    held = held_in(store)

    def more(raw: Any, own: Sequence[tuple[str, str]]) -> list[tuple[str, str]]:  # a correction's changes, too
        return with_changes_problems(raw, own, held)

    for attempt in range(1, ATTEMPTS + 1):
        shapes, items = Shapes(indexed=indexed, more=more), iter(documents)
        chunks = _chunks(shapes, items)
        recordings, broken = Recordings(), None
        try:
            # The first chunk is read and checked before the log is locked: a batch smaller than a chunk is
            # refused for a malformed document without waiting for other writers.
            first = next(chunks, None)
            if first is not None:
                with store.transaction(commit=True) as session:
                    store.lock_log(session)
                    refused = guard(session) if guard is not None else None
                    if refused is not None:
                        raise _Refused(refused)
                    recorded_at = _recording_time(store, session)
                    for chunk in chain([first], chunks):
                        batch = Batch(store, is_state, recorded_at, withdrawal)
                        _stage(batch, chunk, indexed)
                        saved = store.save_batch(batch.pending(), list(batch.entries.values()))
                        recordings.add(_recordings(batch, saved.positions))
                        if then is not None:  # in the same transaction: its writes commit with the batch or not at all
                            then(saved.facts)
                        if progress is not None:
                            progress(shapes.seen)
                        recorded_at += timedelta(microseconds=1)
                    if shapes.count:
                        raise _Malformed()
        except _Malformed:
            pass
        except _Refused as e:  # no document can be stored: said at once, the rest of a load left unread
            log_rejection(e.error)
            raise e.error from None
        except LedgerError as e:
            broken = e
        except Exception as e:
            failure = database_failure(e)
            if failure is None:
                raise
            if is_conflict(failure) and attempt < ATTEMPTS:
                pause(attempt)  # then the batch is checked again from the start
                continue
            error = (Busy(f"{_in_the_way(failure)}; nothing was stored ({first_line(failure)})")
                     if is_conflict(failure) else
                     StorageError(f"{first_line(failure)}; nothing was stored"))
            log_rejection(error)
            raise error from None
        try:
            for item in items:  # after a refusal: the rest is read too, so that every malformed document is named
                shapes.check(item)
            shapes.refuse()  # a malformed document is refused before any broken rule, wherever it is
            if broken is not None:
                raise broken
        except LedgerError as e:
            log_rejection(e)
            raise
        _log(recordings, started)
        return recordings
    raise AssertionError("unreachable")


def held_in(store: EventStore) -> Callable[[str], Mapping[str, Any] | None]:
    """A fact of the log as its fixes so far leave it, by its id (None if the log holds no such fact, or it was
    retracted); a fix or a veto is no fact a correction may change."""
    def held(event_id: str) -> Mapping[str, Any] | None:
        entry = store.lookup([event_id]).get(event_id)
        stream = store.streams([entry.stream_id]).get(entry.stream_id) if entry is not None else None
        found = [f for f in apply_fixes(stream.facts) if f.event_id == event_id] if stream is not None else []
        return found[0].document if found and found[0].type != "VetoCast" else None
    return held


def _in_the_way(failure: BaseException) -> str:
    if is_lock_wait(failure):
        return f"another writer held the ledger through {ATTEMPTS} attempts"
    return "another writer kept changing the same facts"


def _chunks(shapes: Shapes, items: Iterator[Located]) -> Iterator[list[tuple[dict[str, Any], Located, int]]]:
    """The well-formed documents in chunks, each with its item and its index; none from the first malformed one."""
    chunk: list[tuple[dict[str, Any], Located, int]] = []
    for item in items:
        document = shapes.check(item)
        if shapes.count:
            return
        if document is not None:
            chunk.append((document, item, shapes.index))
        if len(chunk) == CHUNK:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _stage(batch: Batch, chunk: list[tuple[dict[str, Any], Located, int]], indexed: bool) -> None:
    batch.prefetch(document for document, _, _ in chunk)
    # The rules read what the documents before stage: the first broken one stops the batch.
    for document, item, index in chunk:
        try:
            batch.add(document, index if indexed else None, given_id(item.document))
        except LedgerError as e:
            raise e.located(document=item.where) from None


def _recording_time(store: EventStore, session: Any) -> datetime:
    """Now, or just after the last recording if the clock stepped back: transaction time only grows."""
    now = datetime.now(UTC)
    last = store.last_recorded_at(session)
    return max(now, last + timedelta(microseconds=1)) if last is not None else now


def _recordings(batch: Batch, positions: dict[tuple[UUID, int], int]) -> list[Recording]:
    recordings = []
    stored: set[str] = set()  # the same document twice in one batch is stored once: the second is a repeat
    for staged in batch.staged:
        if staged.repeat_of is not None:
            entry = staged.repeat_of
            recordings.append(Recording(entry.event_id, entry.position, entry.recorded_at, entry.type, True))
            continue
        row = batch.entries[staged.event_id]
        position = positions[(row["stream_id"], row["version"])]
        recordings.append(Recording(staged.event_id, position, batch.recorded_at, staged.type, staged.event_id in stored,
                                    staged.flag))
        stored.add(staged.event_id)
    return recordings


def _log(recordings: Recordings, started: float) -> None:
    """A line for each document, once the batch is committed."""
    if not listening(logging.INFO):  # nor DEBUG, which is lower
        return
    duration_ms = round((time.perf_counter() - started) * 1000, 1)
    log = logger()
    for r in recordings:
        if r.repeated:
            log.debug("already held", type=r.type, id=r.event_id, position=r.position)
        elif r.flag is not None:
            log.warning("appended, flagged", type=r.type, id=r.event_id, position=r.position, flag=r.flag,
                        duration_ms=duration_ms)
        else:
            log.info("appended", type=r.type, id=r.event_id, position=r.position, duration_ms=duration_ms)


def log_rejection(error: LedgerError) -> None:
    """One structured line for a refusal, naming the document, the field and the reason. At INFO, beside the
    appends: the refusal itself reaches the caller as the exception, and an application that logs its warnings
    would otherwise say each one twice."""
    where = {"field": error.field, "index": error.index, "id": error.event_id, "document": error.document}
    logger().info("rejected", kind=error.kind, reason=error.reason, **{k: v for k, v in where.items() if v is not None})
