"""The Ledger: append facts, load files of them, and look at any day as known at any moment."""

from __future__ import annotations

import os
import random
import time
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any
from uuid import UUID

from eventsourcing.persistence import IntegrityError, OperationalError
from sqlalchemy.exc import DBAPIError, SQLAlchemyError
from sqlalchemy.exc import IntegrityError as SQLIntegrityError

from ledger.batch import Batch
from ledger.documents.files import read_documents
from ledger.domain.dates import parse_day
from ledger.domain.facts import Fact, apply_fixes
from ledger.domain.provenance import Provenance, audit
from ledger.domain.streams import stream_id
from ledger.domain.world import World
from ledger.errors import Conflict, InvalidDocument, LedgerError, UnknownReference
from ledger.history import Version, entity_capture, event_capture, history
from ledger.log import logger
from ledger.projections.generations import (
    FORMAT,
    current_generation,
    drop_old_generations,
    is_stale,
    projection_lag,
    start_generation,
    switch_to,
)
from ledger.projections.helper import RebuildHelper
from ledger.projections.projector import Progress, Projector, collector_paused
from ledger.projections.queries import StoredView, draft_streams_concerning
from ledger.states import is_state
from ledger.storage.chain import Digest, Verification
from ledger.storage.eventstore import EventStore, store_env
from ledger.storage.schema import ensure_schema
from ledger.views import ReplayView, View

DEFAULT_URL = "sqlite:///ledger.db"
# From how many events a rebuild takes a helper process (starting one costs about a second).
HELPER_FROM = 50_000
ATTEMPTS = 8  # a batch that meets a concurrent writer is checked again from the start


@dataclass(frozen=True)
class RebuildTimes:
    """How long the last rebuild took, in seconds from its start: to fill the new generation, until
    readers switched to it, and until the old one was deleted; and what its helper reported."""

    filled_s: float
    switched_s: float
    done_s: float
    helper: dict[str, Any]


@dataclass(frozen=True)
class Recording:
    """Where the ledger stored a fact: its id, its place in the log, and when it was recorded."""

    event_id: str
    position: int
    recorded_at: datetime
    type: str
    repeated: bool = False  # the same id and content were already held; nothing new was stored


def database_url(url: str | None = None) -> str:
    url = url or os.environ.get("LEDGER_URL") or DEFAULT_URL
    # eventsourcing-sqlalchemy recognises an in-memory SQLite database by ":memory:" only.
    return "sqlite:///:memory:" if url in ("sqlite://", "sqlite:///") else url


class Ledger:
    def __init__(self, store: EventStore, url: str, *, project: bool = True) -> None:
        self._store = store
        self.url = url
        self._projecting = project
        self._projector: Projector | None = None
        self.last_rebuild: RebuildTimes | None = None

    @classmethod
    def open(cls, url: str | None = None, *, upgrade: bool = True, project: bool = True) -> Ledger:
        """Open (and if needed create or upgrade) the ledger at a SQLAlchemy URL.

        With `project=False` appends leave the read models to whoever reads next (or `ledger rebuild`).
        """
        url = database_url(url)
        try:
            store = EventStore(env=store_env(url))
            store.tune()
            before = ensure_schema(store.engine, url, upgrade=upgrade)
        except LedgerError:
            raise
        except (SQLAlchemyError, ValueError, ImportError) as e:
            raise LedgerError(f"cannot open the ledger at {_safe(url)}: {_first_line(e)}") from None
        except Exception as e:  # eventsourcing wraps driver errors in its own classes
            if type(e).__module__.startswith(("eventsourcing", "psycopg", "sqlite3")):
                raise LedgerError(f"cannot open the ledger at {_safe(url)}: {_first_line(e)}") from None
            raise
        ledger = cls(store, url, project=project)
        logger().debug("opened", url=_safe(url), schema_was=before)
        if project and is_stale(store):
            logger().info("read models written by older code: rebuilding", format=FORMAT)
            ledger.rebuild()
        return ledger

    def close(self) -> None:
        self._store.close()

    def __enter__(self) -> Ledger:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    # -- appending -------------------------------------------------------------------------

    def append(self, document: dict[str, Any]) -> Recording:
        """Append one fact; an idempotent repeat returns the first recording."""
        return self._append([(document, None)], indexed=False)[0]

    def append_many(self, documents: Iterable[dict[str, Any]]) -> list[Recording]:
        """Append facts atomically: all of them, or (on any refusal) none."""
        return self._append([(d, None) for d in documents], indexed=True)

    def load(self, *paths: str | Path) -> list[Recording]:
        """Append every document of files or folders (.json lists, .jsonl), all in one atomic batch."""
        started = time.perf_counter()
        try:
            located = [(item.document, item.where) for p in paths for item in read_documents(Path(p))]
        except LedgerError as e:
            _log_rejection(e)
            raise
        recordings = self._append(located, indexed=True)
        logger().info(
            "loaded",
            paths=[str(p) for p in paths],
            documents=len(recordings),
            new=sum(not r.repeated for r in recordings),
            repeated=sum(r.repeated for r in recordings),
            duration_ms=round((time.perf_counter() - started) * 1000, 1),
        )
        return recordings

    def _append(self, documents: Sequence[tuple[Any, str | None]], *, indexed: bool) -> list[Recording]:
        started = time.perf_counter()
        for attempt in range(1, ATTEMPTS + 1):
            try:
                # One transaction: the batch is checked against what it reads and saved with it.
                with self._store.recorder.transaction(commit=True) as session:  # type: ignore[attr-defined]
                    self._store.lock_log(session)
                    batch = Batch(self._store, is_state, self._recording_time(session))
                    batch.prefetch(d["id"] for d, _ in documents if isinstance(d, dict) and isinstance(d.get("id"), str))
                    for index, (document, where) in enumerate(documents):
                        try:
                            batch.add(document, index if indexed else None)
                        except LedgerError as e:
                            raise e.located(document=where) from None
                    positions = self._store.save_batch(batch.pending(), list(batch.entries.values()))
                    if self._projecting:  # inline: the read models change in the same transaction as the log
                        self.catch_up()
            except LedgerError as e:
                _log_rejection(e)
                raise
            except (IntegrityError, OperationalError, SQLIntegrityError, DBAPIError) as e:
                if attempt == ATTEMPTS:
                    error = Conflict(f"another writer kept changing the same facts; nothing was stored ({_first_line(e)})")
                    _log_rejection(error)
                    raise error from None
                time.sleep(random.uniform(0.005, 0.02) * attempt)  # jitter: writers stop colliding in step
                continue
            return self._recordings(batch, positions, started)
        raise AssertionError("unreachable")

    def _recording_time(self, session: Any) -> datetime:
        """Now, or just after the last recording if the clock stepped back: transaction time only grows."""
        now = datetime.now(UTC)
        last = self._store.last_recorded_at(session)
        return max(now, last + timedelta(microseconds=1)) if last is not None else now

    def _recordings(self, batch: Batch, positions: dict, started: float) -> list[Recording]:  # type: ignore[type-arg]
        duration_ms = round((time.perf_counter() - started) * 1000, 1)
        recordings = []
        for staged in batch.staged:
            if staged.repeat_of is not None:
                entry = staged.repeat_of
                recordings.append(Recording(entry.event_id, entry.position, entry.recorded_at, entry.type, True))
                logger().debug("already held", type=entry.type, id=entry.event_id, position=entry.position)
                continue
            row = batch.entries[staged.event_id]
            position = positions[(row["stream_id"], row["version"])]
            recordings.append(Recording(staged.event_id, position, batch.recorded_at, staged.type))
            logger().info("appended", type=staged.type, id=staged.event_id, position=position, duration_ms=duration_ms)
        return recordings

    # -- reading ---------------------------------------------------------------------------

    def head(self) -> int:
        """The position of the last event in the log (0 for an empty ledger)."""
        return self._store.recorder.max_notification_id() or 0

    def as_of(self, day: date | str, known_at: datetime | str | None = None) -> View:
        """The state of every panel, regime and draft on a day, from the facts recorded by `known_at`.

        Read from the read models, brought up to the end of the log first.
        """
        on, moment = self._view_arguments(day, known_at)
        if projection_lag(self._reading) > 0:  # another process appended, or appends ran unprojected
            self.catch_up()
        return StoredView(self._reading, on, moment)

    def replay(self, day: date | str, known_at: datetime | str | None = None) -> View:
        """The same view folded from the log itself, without the read models: the reference."""
        on, moment = self._view_arguments(day, known_at)
        facts = apply_fixes(self._store.facts(recorded_until=moment))
        return ReplayView(World(is_state).fold(facts, until=on), on, moment)

    def _view_arguments(self, day: date | str, known_at: datetime | str | None) -> tuple[date, datetime | None]:
        try:
            return _day(day), _moment(known_at)
        except LedgerError as e:
            _log_rejection(e)
            raise

    def _reading(self) -> Any:
        """A plain connection for reading the read models: cheaper than a session, enough for a query.

        An in-memory SQLite database has one connection for everything: reads join the store's transaction.
        """
        if self._store.recorder.datastore.is_sqlite_in_memory_db:  # type: ignore[attr-defined]
            return self._store.recorder.transaction(commit=False)  # type: ignore[attr-defined]
        return self._store.engine.connect()

    # -- read models -------------------------------------------------------------------------

    def catch_up(self, progress: Progress | None = None) -> int:
        """Bring the read models to the end of the log (the events of other processes too)."""
        generation = current_generation(self._reading)
        if self._projector is None or self._projector.generation != generation:
            self._projector = Projector(self._store, generation)
        return self._projector.catch_up(progress)

    def rebuild(self, progress: Progress | None = None, *, helper: bool | None = None) -> int:
        """Rebuild every read model from the log into a new generation, then switch readers to it.

        A long log is projected in one pass with a helper process beside this one (see
        `ledger.projections.helper`); `helper` forces the choice, which otherwise goes by the log's
        length. An in-memory database is rebuilt in this process alone.

        It pauses Python's cycle collector until readers switch to the new tables (the only call that
        does: see `collector_paused`), then leaves it as it found it, disabled if the caller had disabled it.
        """
        started = time.perf_counter()
        projector = Projector(self._store, start_generation(self._store))
        # The collector stays paused until readers switch: a full collection walks every fact the rebuild
        # holds in memory (seconds at a million events) and would hold up the switch for nothing.
        with collector_paused():
            if self._uses_a_helper(helper):
                second = RebuildHelper(self.url, projector.generation, self.head())
                try:
                    projector.fill(second, progress)
                finally:
                    second.abandon()
            else:
                projector.catch_up(progress)
            filled = time.perf_counter()
            with self._store.recorder.transaction(commit=True) as session:  # type: ignore[attr-defined]
                self._store.lock_log(session)  # no append between the last page and the switch
                position = projector.catch_up()
                switch_to(session, projector.generation)
            switched = time.perf_counter()
            # A rebuild's projector holds every entity's facts: let them go (the memory is the caller's
            # again; the next catch-up reads what it needs from the tables).
            helped, generation = projector.helped, projector.generation
            self._projector = Projector(self._store, generation)
            del projector
        # Readers use the new tables from here on; the old ones go in a transaction of their own, so that
        # appends wait for the switch only, not for the deletion of a whole generation.
        drop_old_generations(self._store)
        duration = time.perf_counter() - started
        self.last_rebuild = RebuildTimes(filled - started, switched - started, duration, helped)
        logger().info("rebuilt", generation=generation, position=position, helper=helped or None,
                      duration_ms=round(duration * 1000, 1), events_per_s=round(position / duration) if duration else None,
                      filled_ms=round((filled - started) * 1000, 1), switched_ms=round((switched - filled) * 1000, 1),
                      dropped_ms=round((time.perf_counter() - switched) * 1000, 1))
        return position

    def _uses_a_helper(self, wanted: bool | None) -> bool:
        if self._store.recorder.datastore.is_sqlite_in_memory_db:  # type: ignore[attr-defined]
            return False  # no other process can see it
        if os.name != "posix":
            return False  # the helper's pipes are handed to it as POSIX file descriptors
        if wanted is not None:
            return wanted
        return self.head() >= HELPER_FROM

    # -- audit -------------------------------------------------------------------------------

    def digest(self) -> Digest:
        """The head of the hash chain (position and link): keep it elsewhere, check it later with `verify`."""
        return self._store.digest()

    def verify(self, digest: Digest | str | None = None) -> Verification:
        """Recompute the hash chain over every stored event; with a digest, check the log still extends it."""
        against = Digest.parse(digest) if isinstance(digest, str) else digest
        started = time.perf_counter()
        result = self._store.verify(against)
        logger().info("verified", ok=result.ok, checked=result.checked, position=result.head.position,
                      broken_at=result.broken.position if result.broken else None,
                      duration_ms=round((time.perf_counter() - started) * 1000, 1))
        return result

    def facts(self, known_at: datetime | str | None = None) -> Iterator[Fact]:
        """Every stored event, as recorded (fixes as themselves), in log order; those known at a moment."""
        return self._store.facts(recorded_until=_moment(known_at))

    def history(self, ident: str) -> list[Version]:
        """Every version of a panel, regime or draft (by its id) or of one event (by its event id, a
        statement say), with the day it holds from, the moment it was recorded, its event and source."""
        if projection_lag(self._reading) > 0:
            self.catch_up()
        head, store = self.head(), self._store
        for kind in ("panel", "regime", "draft"):
            own = store.stream_facts([stream_id(kind, ident)], upto=head).get(stream_id(kind, ident))
            if own:
                related = self._related_streams(kind, ident, own)
                facts = [f for fs in store.stream_facts(related, upto=head).values() for f in fs]
                return history([*own, *facts], entity_capture(kind, ident))
        entry = store.lookup([ident]).get(ident)
        if entry is None:
            raise UnknownReference(f"no panel, regime, draft or event has the id {ident!r}", field="id")
        facts = store.stream_facts([entry.stream_id], upto=head).get(entry.stream_id, [])
        mine = [f for f in facts if f.event_id == ident or f.fixes == ident]
        return history(mine, event_capture(ident))

    def _related_streams(self, kind: str, ident: str, own: list[Fact]) -> list[UUID]:
        """The streams whose facts can change a panel (its regime, the drafts about it) or a regime (its panels)."""
        if kind == "panel":
            regime = next(f.document["regime_id"] for f in own if f.type == "PanelEstablished")
            drafts = [UUID(s) for s in draft_streams_concerning(self._reading, ident)]
            return [stream_id("regime", regime), *drafts]
        if kind == "regime":
            return self._store.panel_streams_of([ident])
        return []

    def audit(self) -> list[Provenance]:
        """Every fact in log order with its source, locator and quote; flagged where the quote is not in
        its source's text (checked again over the log as stored)."""
        started = time.perf_counter()
        found = audit(self._store.facts())
        logger().info("audited", facts=len(found), flagged=sum(p.flagged for p in found),
                      duration_ms=round((time.perf_counter() - started) * 1000, 1))
        return found

    def timeline(self, since: date | str | None = None, until: date | str | None = None,
                 known_at: datetime | str | None = None) -> list[Any]:
        """Every fact between two days (inclusive), in valid-time order."""
        view = self.as_of(until or date.max, known_at)
        start = _day(since) if since else date.min
        return [row for row in view.timeline if row.on >= start]


def _log_rejection(error: LedgerError) -> None:
    where = {"field": error.field, "index": error.index, "id": error.event_id, "document": error.document}
    logger().warning("rejected", kind=error.kind, reason=error.reason, **{k: v for k, v in where.items() if v is not None})


def _day(value: date | str) -> date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    try:
        return parse_day(str(value))
    except ValueError as e:
        raise InvalidDocument(str(e), field="as_of") from None


def _moment(value: datetime | str | None) -> datetime | None:
    if value is None:
        return None
    if isinstance(value, str):
        try:
            value = datetime.fromisoformat(value)
        except ValueError:
            raise InvalidDocument(f"{value!r} is not a date-time such as 2024-06-01T12:00:00Z", field="known_at") from None
    if isinstance(value, date) and not isinstance(value, datetime):
        value = datetime(value.year, value.month, value.day, 23, 59, 59, 999999)
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def _first_line(error: BaseException) -> str:
    text = str(error).strip().splitlines()
    return text[0] if text else type(error).__name__


def _safe(url: str) -> str:
    """A URL fit for a log line: no password."""
    from sqlalchemy.engine import make_url

    try:
        return make_url(url).render_as_string(hide_password=True)
    except Exception:
        return url
