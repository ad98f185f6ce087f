"""The event store: an `eventsourcing` application over SQLAlchemy, and the fact index beside it."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator, Mapping, Sequence
from contextlib import AbstractContextManager
from datetime import UTC, datetime
from functools import cached_property
from typing import Any
from uuid import UUID

from eventsourcing.application import Application
from eventsourcing.domain import DomainEventProtocol
from eventsourcing.persistence import StoredEvent
from eventsourcing.utils import Environment, EnvType
from sqlalchemy import and_, bindparam, event, exists, func, insert, inspect, select, text
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from ledger.domain.facts import Fact
from ledger.domain.streams import Stream
from ledger.errors import DamagedLog
from ledger.storage import binding
from ledger.storage.binding import slices
from ledger.storage.chain import GENESIS, Digest, StoredBytes, Verification, head, link_events, verify
from ledger.storage.failures import first_line
from ledger.storage.records import (
    IndexEntry,
    Saved,
    Unfit,
    by_position,
    check_fact,
    fold_stream,
    index_entry,
    stored_bytes,
    stream_uuid,
    utc,
)
from ledger.storage.tables import chain as chain_table
from ledger.storage.tables import facts as fact_index

PAGE = 1000
MANY = binding.MANY  # streams listed in one condition, at most


# The statements an append runs, built once (see `_events_of_streams`).
_LOCK_POSTGRES = text("LOCK TABLE ledger_events IN EXCLUSIVE MODE")
_LOCK_SQLITE = text("UPDATE ledger_facts SET position = position WHERE 1 = 0")
_LAST_RECORDED = select(fact_index.c.recorded_at).order_by(fact_index.c.position.desc()).limit(1)
_LOOKUP = select(fact_index).where(fact_index.c.event_id.in_(bindparam("ids", expanding=True)))


# Which tables of some names the database holds: on PostgreSQL those the search_path finds (to_regclass: NULL
# for one it does not).
_PRESENT = {
    "postgresql": text("SELECT name FROM unnest(CAST(:names AS text[])) AS name WHERE to_regclass(name) IS NOT NULL"),
    "sqlite": text("SELECT name FROM sqlite_master WHERE type = 'table' AND name IN :names").bindparams(
        bindparam("names", expanding=True)),
}


class EventStore(Application[UUID]):
    """The ledger's log. Its name fixes the table names, so it never follows the class name."""

    name = "Ledger"

    def construct_env(self, name: str, env: EnvType | None = None) -> Environment:
        """The store is configured by the ledger alone. The library would also read the process's environment
        (COMPRESSOR_TOPIC, CIPHER_TOPIC, LEDGER_PERSISTENCE_MODULE...): a variable set for another purpose
        would change how facts are stored, and the chain, the exports and the check of a source's citations
        read the stored bytes as the documents' JSON."""
        return Environment(name, dict(env or {}))

    def tune(self) -> None:
        """A larger page cache for SQLite files: the read models' indexes outgrow the 2 MB default."""
        if self.recorder.datastore.is_sqlite_filedb:  # type: ignore[attr-defined]
            event.listen(self.engine, "connect", _sqlite_cache)

    @property
    def engine(self) -> Engine:
        return self.recorder.datastore.engine  # type: ignore[attr-defined, no-any-return]

    @property
    def in_memory(self) -> bool:
        """An in-memory SQLite database: one connection for everything, seen by no other process."""
        return bool(self.recorder.datastore.is_sqlite_in_memory_db)  # type: ignore[attr-defined]

    def transaction(self, *, commit: bool) -> AbstractContextManager[Session]:
        """A session in a transaction of the library's recorder, committed on the way out if `commit`."""
        return self.recorder.transaction(commit=commit)  # type: ignore[attr-defined, no-any-return]

    def reading(self) -> AbstractContextManager[Any]:
        """A plain connection for reading the read models: cheaper than a session, enough for a query.

        An in-memory SQLite database has one connection for everything: reads join the store's transaction.
        """
        return self.transaction(commit=False) if self.in_memory else self.engine.connect()

    def missing_tables(self, names: Sequence[str], reading: Any = None) -> list[str]:
        """Which of some tables the database does not hold (dropped behind the ledger's back): one read of its
        catalogue, in the schema the URL's search_path names on PostgreSQL; on `reading` (a connection or a
        session of `reading()`) if given."""
        if reading is None:
            with self.reading() as own:
                return self.missing_tables(names, own)
        connection = reading.connection() if isinstance(reading, Session) else reading
        # Asked of the catalogue directly, a fraction of the inspector's time: every write asks, and every read of a writer.
        dialect = self.engine.dialect.name
        if dialect in _PRESENT:
            present = set(connection.execute(_PRESENT[dialect], {"names": list(names)}).scalars())
        else:
            present = set(inspect(connection).get_table_names())
        return [name for name in names if name not in present]

    def head(self) -> int:
        """The position of the last event in the log (0 for an empty ledger)."""
        return self.recorder.max_notification_id() or 0

    def close(self) -> None:
        """Close the pooled connections too (the library leaves them to the garbage collector): SQLite
        removes a file's `-wal` and `-shm` when its last connection closes, so closing really releases it."""
        super().close()
        self.engine.dispose()

    def lock_log(self, session: Session) -> None:
        """Hold the log's write lock until the transaction ends: one writer at a time, in order.

        Taken before a batch is checked, so the recording time it then reads from the clock is later
        than every recording already in the log: log order and transaction time never disagree.
        """
        # SQLite takes its write lock at the first write of a transaction, even one that changes nothing.
        session.execute(_LOCK_POSTGRES if self.engine.dialect.name == "postgresql" else _LOCK_SQLITE)

    def last_recorded_at(self, session: Session) -> datetime | None:
        row = session.execute(_LAST_RECORDED).scalar_one_or_none()
        return utc(row) if row is not None else None

    def recorded_range(self) -> tuple[datetime, datetime] | None:
        """When the first and the last event were recorded; None for an empty log. One pass over the fact
        index (no index on the recording time: asked only to explain an empty answer)."""
        query = select(func.min(fact_index.c.recorded_at), func.max(fact_index.c.recorded_at))
        with self.transaction(commit=False) as session:
            first, last = session.execute(query).one()
        return (utc(first), utc(last)) if first is not None else None

    def streams(self, stream_ids: Sequence[UUID]) -> dict[UUID, Stream]:
        """Several streams in one query: checking a document reads everything it names at once."""
        events: dict[UUID, list[DomainEventProtocol[UUID]]] = {}
        for some in slices(stream_ids):
            with self.transaction(commit=False) as session:
                rows = session.execute(self._events_of_streams, {"ids": some}).all()
            for position, sid, version, topic, state in rows:
                event, _ = self._read(StoredEvent(sid, version, topic, _as_bytes(state)), position)
                events.setdefault(stream_uuid(sid), []).append(event)
        projected = {sid: fold_stream(evs) for sid, evs in events.items()}
        return {sid: stream for sid, stream in projected.items() if stream is not None}

    def stream_facts(self, stream_ids: Sequence[UUID], *, upto: int) -> dict[UUID, list[Fact]]:
        """The facts of some streams as they stood at a position of the log (for the projector)."""
        table = self._table
        facts: dict[UUID, list[Fact]] = {}
        for some in slices(stream_ids):
            for position, stored in self._stored(table.c.originator_id.in_(some), table.c.id <= upto, by_stream=True):
                facts.setdefault(stream_uuid(stored.originator_id), []).append(self.fact_of(stored, position))
        return facts

    def log_page(self, after: int, limit: int, stop: int, where: Any = None) -> list[tuple[Fact, UUID]]:
        """Facts after a position, in log order, with their streams: a plain query, no ORM objects.
        `where` narrows it to some events (see `lone_openers`)."""
        table = self._table
        narrower = () if where is None else (where,)
        stored_events = self._stored(table.c.id > after, table.c.id <= stop, *narrower, limit=limit)
        return [(self.fact_of(stored, position), stream_uuid(stored.originator_id)) for position, stored in stored_events]

    def log_pages(self, after: int, stop: int, size: int, where: Any = None) -> Iterator[list[tuple[Fact, UUID]]]:
        """`log_page` after `log_page`, up to `stop`."""
        while after < stop and (page := self.log_page(after, size, stop, where)):
            yield page
            after = page[-1][0].position  # type: ignore[assignment]

    def lone_openers(self, topics: Sequence[str], extending: Sequence[str], head: int) -> Any:
        """A condition on events: each has one of `topics` and opens a stream that no event up to `head`
        extends.

        `extending` names the types of fact that may be recorded into such a stream after its opening
        (fixes); the streams that received one are read from the fact index once, and left out."""
        table = self._table
        query = (select(fact_index.c.stream_id).distinct()
                 .where(fact_index.c.type.in_(list(extending)), fact_index.c.position <= head))
        with self.transaction(commit=False) as session:
            extended = [UUID(s) for s in session.execute(query).scalars()]
        condition = table.c.topic.in_(list(topics))
        if len(extended) <= MANY:
            return and_(condition, table.c.originator_id.not_in(extended)) if extended else condition
        # Too many to list: one probe of the (originator_id, originator_version) index per event.
        later = table.alias("later")
        return and_(condition, ~exists().where(later.c.originator_id == table.c.originator_id,
                                               later.c.originator_version == 2, later.c.id <= head))

    @property
    def events_table(self) -> Any:
        """The SQLAlchemy table of the stored events (the library's)."""
        return self.recorder.events_record_cls.__table__  # type: ignore[attr-defined]

    _table = events_table

    @cached_property
    def regime_of_panel(self) -> dict[UUID, UUID]:
        """Panels' streams to their regimes' streams, as appends have read them: a panel's regime never
        changes, so checking a fact about a known panel reads both in one query."""
        return {}

    @cached_property
    def _events_of_streams(self) -> Any:
        # Built once: building a statement costs more than SQLite takes to run it, and appends run it often.
        table = self._table
        return (select(table.c.id, table.c.originator_id, table.c.originator_version, table.c.topic, table.c.state)
                .where(table.c.originator_id.in_(bindparam("ids", expanding=True)))
                .order_by(table.c.originator_id, table.c.originator_version))

    def _stored(self, *where: Any, by_stream: bool = False, limit: int | None = None) -> list[tuple[int, StoredEvent]]:
        """Stored events with their positions, read with a plain query (no ORM objects to build)."""
        table = self._table
        order = (table.c.originator_id, table.c.originator_version) if by_stream else (table.c.id,)
        query = (
            select(table.c.id, table.c.originator_id, table.c.originator_version, table.c.topic, table.c.state)
            .where(*where).order_by(*order).limit(limit)
        )
        with self.transaction(commit=False) as session:
            return [
                (position, StoredEvent(originator_id, version, topic, _as_bytes(state)))
                for position, originator_id, version, topic, state in session.execute(query)
            ]

    def fact_of(self, stored: StoredEvent, position: int) -> Fact:
        return self._read(stored, position)[1]

    def _read(self, stored: StoredEvent, position: int) -> tuple[DomainEventProtocol[UUID], Fact]:
        """A stored event and its fact, checked (`check_fact`): every event read back from the log is read here, so
        that one edited by hand past reading is a `DamagedLog` naming its position, not an error of the code
        beneath (which it keeps as its cause)."""
        fact: Fact | None = None
        try:
            event = self.mapper.to_domain_event(stored)
            fact = Fact(event.fact, event.timestamp, event.seq, position)  # type: ignore[attr-defined]
            check_fact(fact, type(event).__name__)
        except Unfit as e:
            raise self.damaged(position, str(e), fact) from e.__cause__
        except Exception as e:
            raise self.damaged(position, what_failed(e), None) from e
        return event, fact

    def damaged(self, position: int, reason: str, fact: Fact | None = None) -> DamagedLog:
        """The error of an event that cannot be read, naming its fact as the event says it, else as the fact index does."""
        named = fact.document.get("id") if fact is not None and isinstance(fact.document, Mapping) else None
        if not isinstance(named, str):
            try:
                with self.transaction(commit=False) as session:
                    named = session.execute(select(fact_index.c.event_id).where(fact_index.c.position == position)
                                            .limit(1)).scalar_one_or_none()
            except Exception:  # noqa: BLE001 - the position alone names it: the damage is what must be said
                named = None
        return DamagedLog(reason, position=position, event_id=named)

    def events_before(self, position: int) -> int:
        """How many events the log holds before a position (positions may skip: a rolled-back load's, on PostgreSQL)."""
        with self.transaction(commit=False) as session:
            query = select(func.count()).select_from(self._table).where(self._table.c.id < position)
            return int(session.execute(query).scalar_one())

    def lookup(self, event_ids: Sequence[str]) -> dict[str, IndexEntry]:
        found: dict[str, IndexEntry] = {}
        with self.transaction(commit=False) as session:
            for some in slices(event_ids):
                rows = session.execute(_LOOKUP, {"ids": some})
                found.update((row.event_id, index_entry(row)) for row in rows)
        return found

    def panel_streams_of(self, regime_ids: Sequence[str]) -> list[UUID]:
        """The streams of the panels established under some regimes, as the index holds them."""
        streams: list[UUID] = []
        with self.transaction(commit=False) as session:
            for some in slices(regime_ids):
                query = select(fact_index.c.stream_id).where(fact_index.c.type == "PanelEstablished",
                                                             fact_index.c.regime_id.in_(some))
                streams.extend(UUID(row.stream_id) for row in session.execute(query))
        return streams

    def streams_mentioning(self, ident: str) -> list[UUID]:
        """The streams holding an event whose stored state has `ident` as a JSON string (a source a fact cites,
        say): a scan of the log, for the rare check that needs every fact naming something no index keeps. It may
        give more streams than name it (the id in a quote); the caller reads their facts to be sure."""
        table = self._table
        needle = json.dumps(ident).encode()
        if self.engine.dialect.name == "sqlite":
            condition = func.instr(table.c.state, needle) > 0  # SQLite's LIKE reads no BLOB pattern
        else:  # an id holds no '%'; a '_' matches any byte, which gives more streams, never fewer
            condition = table.c.state.like(b"%" + needle + b"%")
        query = select(table.c.originator_id).where(condition).distinct()
        with self.transaction(commit=False) as session:
            return [stream_uuid(sid) for sid in session.execute(query).scalars()]

    def streams_opened_by(self, kind: str) -> list[UUID]:
        """The streams facts of one type opened (every actor's, say), as the index holds them."""
        with self.transaction(commit=False) as session:
            query = select(fact_index.c.stream_id).where(fact_index.c.type == kind)
            return [UUID(row.stream_id) for row in session.execute(query)]

    def facts_of_types(self, types: Sequence[str]) -> list[Fact]:
        """Every stored fact of some types (the registrations that open every panel's stream, say), found by their
        positions in the fact index: one pass over the index, then the events by their key. For the rare read
        that needs every id of a kind, such as a refusal guessing which one a misspelt id meant."""
        positions = select(fact_index.c.position).where(fact_index.c.type.in_(list(types)))
        return [self.fact_of(stored, position) for position, stored in self._stored(self._table.c.id.in_(positions))]

    def event_ids(self, excluding: Sequence[str] = ()) -> list[str]:
        """The id of every stored fact but those of some types, as the fact index holds them (one pass over it)."""
        query = select(fact_index.c.event_id).where(fact_index.c.type.not_in(list(excluding)))
        with self.transaction(commit=False) as session:
            return list(session.execute(query).scalars())

    def save_batch(self, streams: Sequence[Stream], entries: Sequence[dict[str, Any]]) -> Saved:
        """Store the streams' new events and their index rows in one transaction: their positions, and
        the facts as stored (with their streams, in log order), taken from the events in hand."""
        with self.transaction(commit=True) as session:
            # The streams' events go to the library's event store as `save` would put them, without its
            # runtime protocol checks on each stream (a fifth of a batch's storing, on Python 3.11).
            # In the order the batch staged them (their `seq`), not stream by stream: the log keeps the documents' order.
            events = sorted((event for stream in streams for event in stream.collect_events()),
                            key=lambda event: event.seq)  # type: ignore[attr-defined]
            recordings = self.events.put(events)
            positions = {
                (r.domain_event.originator_id, r.domain_event.originator_version): r.notification.id
                for r in recordings
            }
            facts = sorted(((Fact(r.domain_event.fact, r.domain_event.timestamp, r.domain_event.seq,  # type: ignore[attr-defined]
                                  r.notification.id), r.domain_event.originator_id) for r in recordings),
                           key=by_position)
            rows = [
                {**{k: v for k, v in e.items() if k != "version"},
                 "stream_id": str(e["stream_id"]),
                 "position": positions[(e["stream_id"], e["version"])]}
                for e in entries
            ]
            if rows:
                session.execute(insert(fact_index), rows)
            if positions:  # chained from the bytes just inserted, in log order
                inserted = self.recorder.inserted  # type: ignore[attr-defined]
                link_events(session, [stored_bytes(position, event) for position, event in inserted])
        return Saved(positions, facts)

    # -- the hash chain ------------------------------------------------------------------------

    def digest(self) -> Digest:
        with self.transaction(commit=False) as session:
            return head(session)

    def digest_at(self, recorded_until: datetime) -> Digest:
        """The chain's link at the last fact recorded by a moment: the digest the log had then (recording
        times follow log order, `lock_log`): a pass over the fact index's recording times (not indexed: asked
        once per report), then one read of the chain by its key. Digest(0, GENESIS) when nothing was recorded."""
        # In UTC: SQLite keeps recording times as UTC text without a zone, and is given the moment so.
        until = recorded_until.astimezone(UTC)
        if self.engine.dialect.name == "sqlite":
            until = until.replace(tzinfo=None)
        last = select(func.max(fact_index.c.position)).where(fact_index.c.recorded_at <= until)
        with self.transaction(commit=False) as session:
            position = session.execute(last).scalar_one_or_none()
            if position is None:
                return Digest(0, GENESIS)
            # The link at that position; a chain missing it gives its last link before (as `head` would),
            # which `verify` then reports.
            row = session.execute(select(chain_table.c.position, chain_table.c.link)
                                  .where(chain_table.c.position <= position)
                                  .order_by(chain_table.c.position.desc()).limit(1)).first()
        return Digest(int(row[0]), row[1]) if row is not None else Digest(0, GENESIS)

    def verify(self, against: Digest | None = None) -> Verification:
        """Recompute the chain over the stored bytes of every event; the first break, if any."""
        return verify(self.every_stored(), self._every_link(), against, self._name_at)

    def _name_at(self, position: int, event: StoredBytes | None) -> str | None:
        """The fact at a position, for a break's reason: its id and type as its stored bytes say (they may
        be the edited ones), else as the fact index names it; None when neither can."""
        if event is not None:
            try:
                stored = StoredEvent(event.originator_id, event.version, event.topic,
                                     event.state.encode() if isinstance(event.state, str) else bytes(event.state))
                fact = self.mapper.to_domain_event(stored).fact  # type: ignore[attr-defined]
                return f"{fact['id']} ({fact['type']})"
            except Exception:  # noqa: BLE001 - bytes edited past reading: the index may still name it
                pass
        with self.transaction(commit=False) as session:
            row = session.execute(select(fact_index.c.event_id, fact_index.c.type)
                                  .where(fact_index.c.position == position).limit(1)).first()
        return f"{row[0]} ({row[1]}, as the fact index names it)" if row is not None else None

    def every_stored(self) -> Iterator[StoredBytes]:
        """Every event's stored bytes, in log order: what the hash chain is computed over."""
        after = 0
        while page := self._stored(self._table.c.id > after, limit=PAGE):
            yield from (stored_bytes(position, event) for position, event in page)
            after = page[-1][0]

    def _every_link(self) -> Iterator[tuple[int, str, str]]:
        after = 0
        while True:
            query = (select(chain_table.c.position, chain_table.c.content, chain_table.c.link)
                     .where(chain_table.c.position > after).order_by(chain_table.c.position).limit(PAGE))
            with self.transaction(commit=False) as session:
                page = [(int(p), c, link) for p, c, link in session.execute(query)]
            if not page:
                return
            yield from page
            after = page[-1][0]

    def facts(self, *, recorded_until: datetime | None = None) -> Iterator[Fact]:
        """Every stored event, as facts in log order (those recorded by a moment, if one is given)."""
        head, after = self.recorder.max_notification_id() or 0, 0
        while after < head:
            page = self.log_page(after, PAGE, head)
            if not page:
                return
            for fact, _ in page:
                if recorded_until is None or fact.recorded_at <= recorded_until:
                    yield fact
            after = page[-1][0].position  # type: ignore[assignment]


def what_failed(error: Exception) -> str:
    """An error met reading an event back, in one line: bytes that do not decode are said by the decoder's own
    error (the library's wrapper repeats the topic and stream, which the position already names)."""
    beneath = error.__cause__
    if type(error).__name__ == "MapperDeserialisationError" and isinstance(beneath, Exception):
        return f"its stored bytes do not decode: {type(beneath).__name__}: {first_line(beneath)}"
    return f"{type(error).__name__}: {first_line(error)}"


def _as_bytes(state: Any) -> bytes:
    """A stored state as bytes: a memoryview (PostgreSQL), or text where a hand edit (SQLite's replace()) turned
    the BLOB into TEXT, read as the UTF-8 it was, so what the edit changed can be named."""
    if isinstance(state, str):
        return state.encode("utf-8", "surrogatepass")
    return bytes(state) if isinstance(state, memoryview) else state


def _sqlite_cache(connection: sqlite3.Connection, _record: object) -> None:
    connection.execute("PRAGMA cache_size = -65536")  # 64 MiB


def store_env(url: str) -> dict[str, str]:
    return {
        "PERSISTENCE_MODULE": "ledger.storage.recorder:LedgerFactory",  # the library's, inserting in one statement
        "SQLALCHEMY_URL": url,
        "CREATE_TABLE": "no",  # Alembic owns the schema
    }
