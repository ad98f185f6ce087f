"""Whether the tables derived from the log hold what the log derives: the fact index and the read models.

`state`, `report`, `history` and `timeline` read the fact index (`ledger_facts`) and the read models
(`rm_panels`, `rm_regimes`, `rm_drafts`, `rm_timeline`, and `rm_generations`, how far they were projected),
not the log: the hash chain proves the log, this proves what is read beside it. The log is projected
again, as `ledger rebuild` projects it, into a temporary SQLite file, and every table is compared with
it row by row in key order, both sides streamed (the memory of a page of rows, whatever the length of
the ledger; the temporary file takes about the disk of the read models).

- `ledger_facts`: one row per event, derived from its stored bytes (its id, stream, type, fingerprint,
  position, recording time, and a panel's regime); compared by position with the whole log.
- the read models: the rows of the current generation, compared with those a rebuild of the log up to
  the position the generation says it was projected to would write (row ids and generation numbers aside).
  Read models may lag behind the log (appends made with `project=False`, or by another process, that no
  writer has projected yet: `ledger rebuild` or any write brings them up): that is "behind", not an
  alteration. A generation that claims a position past the end of the log is altered.
- read models written in an older format are not compared (no reader uses them: a writer rebuilds them
  on opening, a read-only reader answers from the log), and the check says so.

Everything is read in one transaction of the ledger's database, a snapshot: an append made meanwhile
changes nothing of what is compared.
"""

from __future__ import annotations

import logging
import tempfile
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import String, func, select, type_coerce
from sqlalchemy.engine import Connection
from sqlalchemy.exc import IntegrityError

from ledger.documents.parse import fingerprint
from ledger.errors import Unwritable
from ledger.log import LOGGER
from ledger.projections.generations import FORMAT, TABLES
from ledger.projections.tables import BITEMPORAL, generations
from ledger.projections.writer import EXTRA_COLUMNS
from ledger.storage.eventstore import EventStore, what_failed
from ledger.storage.records import stream_uuid
from ledger.storage.tables import facts as fact_index

PAGE = 1000
TRIM = 36  # characters shown each side of where a stored value and a derived one first differ
NOUN = {"panels": "panel", "regimes": "regime", "drafts": "draft", "timeline": "event"}
FACT_FIELDS = ("event_id", "stream_id", "type", "fingerprint", "recorded_at", "regime_id")


@dataclass(frozen=True)
class Difference:
    """The first row of a table where what is stored and what the log derives part, in words."""

    table: str
    row: str  # the row's key: its position and event id, its panel, regime, draft or event id...
    what: str  # what differs: stored, then derived from the log, trimmed around the first difference
    count: int = 1  # rows of the table that differ in all

    def __str__(self) -> str:
        more = f" ({self.count} rows of it differ)" if self.count > 1 else ""
        return f"{self.table}, {self.row}: {self.what}{more}"


@dataclass(frozen=True)
class DerivedCheck:
    """The fact index and the read models compared with what the log derives."""

    head: int  # the log's last position
    position: int  # how far the read models were projected: they were compared with the log up to there
    rows: int  # rows compared, stored and derived, of every table
    differences: tuple[Difference, ...] = ()  # the first of each table that differs
    not_compared: str | None = None  # why the read models were not compared (the fact index always is)

    @property
    def ok(self) -> bool:
        return not self.differences

    @property
    def behind(self) -> int:
        """How many events of the log the read models have not projected yet (not an alteration)."""
        return max(0, self.head - self.position)

    def __str__(self) -> str:
        if self.differences:
            return "a table derived from the log differs from it: " + "; ".join(str(d) for d in self.differences)
        said = "the fact index and the read models agree with the log"
        if self.not_compared is not None:
            said = f"the fact index agrees with the log; the read models were not compared: {self.not_compared}"
        elif self.behind:
            said += (f" up to position {self.position}, where they stand: they are {_events(self.behind)} behind it "
                     "(`ledger rebuild`, or any write, brings them up)")
        return said


def _events(count: int) -> str:
    return f"{count} event{'s' if count != 1 else ''}"


def check_derived(store: EventStore) -> DerivedCheck:
    """Compare the fact index and the current read models with what the log derives (see the module)."""
    from ledger.service.application import Ledger  # the temporary ledger the log is projected into again

    differences: list[Difference] = []
    with _snapshot(store) as original, _scratch() as folder:
        head = int(original.execute(select(func.max(store.events_table.c.id))).scalar() or 0)
        # Asked before any read of them: on PostgreSQL a query of a missing table would end the snapshot.
        missing = set(store.missing_tables(TABLES, original))
        for table in (*BITEMPORAL.values(), generations):
            if table.name in missing:  # dropped behind the ledger's back
                differences.append(Difference(table.name, "every row", "the table is missing from the database; "
                                              "`ledger rebuild` creates it again from the log"))
        current = (original.execute(select(generations.c.generation, generations.c.position, generations.c.format)
                                    .where(generations.c.current)).all() if generations.name not in missing else None)
        not_compared = None
        if current is None:
            generation, position, not_compared = None, head, "no table says which generation is current"
        elif len(current) != 1:
            differences.append(Difference("rm_generations", "the current generation",
                                          f"{len(current)} generations are marked current, not one"))
            generation, position, not_compared = None, head, "no one generation is current"
        else:
            generation, position, form = (int(v) for v in current[0])
            if position > head:
                differences.append(Difference(
                    "rm_generations", f"generation {generation}",
                    f"stored: projected to position {position}; the log ends at position {head}"))
            if form != FORMAT and position > 0:
                not_compared = (f"they were written in format {form} by older code (this code writes {FORMAT}) "
                                "and no reader uses them: `ledger rebuild` rewrites them")
        upto = min(position, head)
        with Ledger.open(f"sqlite:///{Path(folder) / 'derived.db'}", project=False) as derived:
            try:
                rows, fact_difference = _facts(store, original, derived.store, head, upto)
            except _Twice as twice:  # nothing can be derived from a log that says two facts under one id
                return DerivedCheck(head, position, 0, (*differences, twice.difference),
                                    "the log holds an event id twice, so nothing derived from it was compared")
            differences.extend([fact_difference] if fact_difference else [])
            if generation is not None and not_compared is None:
                with _unlogged():  # the temporary ledger's rebuild is not the ledger's: no "rebuilt" line
                    derived.rebuild()
                with derived.store.reading() as again:
                    ours = int(again.execute(select(generations.c.generation).where(generations.c.current)).scalar_one())
                    for name, table in BITEMPORAL.items():
                        if table.name in missing:  # named missing above
                            continue
                        counted, found = _compare(table.name, _models(original, name, generation),
                                                  _models(again, name, ours), _model_row(name))
                        rows += counted
                        differences.extend([found] if found else [])
    return DerivedCheck(head, position, rows, tuple(differences), not_compared)


@contextmanager
def _unlogged() -> Iterator[None]:
    """Leave out the ledger's log lines at info and below made by this thread meanwhile (those of the
    temporary ledger, which a reader of the log would take for the ledger's own)."""
    thread = threading.get_ident()

    def keep(record: logging.LogRecord) -> bool:
        return record.thread != thread or record.levelno > logging.INFO

    LOGGER.addFilter(keep)
    try:
        yield
    finally:
        LOGGER.removeFilter(keep)


@contextmanager
def _scratch() -> Iterator[str]:
    """A temporary folder for the ledger projected again, deleted after; a refusal in one line if none can be made."""
    try:
        scratch = tempfile.TemporaryDirectory(prefix="ledger-verify-")
    except OSError as e:
        raise Unwritable(f"comparing the read models with the log needs a temporary file ({e.strerror or e}): "
                         "set TMPDIR to a writable folder, or verify the log only (--log-only)") from None
    with scratch as folder:
        yield folder


@contextmanager
def _snapshot(store: EventStore) -> Iterator[Connection]:
    """One read transaction of the ledger's database, seeing it as it was at its first read."""
    if store.engine.dialect.name == "sqlite":
        # In memory: the one connection of everything, seen by no other process (not in the store's own
        # transaction: the library allows one at a time, and the temporary ledger needs its own).
        with store.engine.connect() as connection:
            if not store.in_memory:
                connection.exec_driver_sql("BEGIN")  # the driver starts none before a read: a snapshot from the first
            try:
                yield connection
            finally:
                connection.rollback()
        return
    with store.engine.connect().execution_options(isolation_level="REPEATABLE READ") as connection, connection.begin():
        yield connection


def _streamed(connection: Connection, query: Any) -> Iterator[Any]:
    """A query's rows, a page at a time (a server-side cursor on PostgreSQL)."""
    yield from connection.execution_options(yield_per=PAGE).execute(query)


# -- the fact index -----------------------------------------------------------------------------

def _facts(store: EventStore, original: Connection, derived: EventStore, head: int, upto: int) -> tuple[int, Difference | None]:
    """Compare the stored fact index with the rows the log derives, reading the log once; copy the events
    up to `upto` and their derived index rows into the temporary ledger, for its rebuild."""
    events = store.events_table
    stored = (
        (row.position, (row.event_id, row.stream_id, row.type, row.fingerprint, _moment(row.recorded_at), row.regime_id))
        for row in _streamed(original, select(*(type_coerce(c, String).label(c.name) if c.name == "recorded_at" else c
                                                          for c in fact_index.c))
                             .order_by(fact_index.c.position, _ordered(original, fact_index.c.event_id)))
    )
    copying: list[tuple[Any, ...]] = []
    indexing: list[tuple[Any, ...]] = []
    into_events = _Inserts(derived.events_table, derived.engine.dialect, tuple(c.name for c in events.c))
    into_index = _Inserts(fact_index, derived.engine.dialect, ("position", *FACT_FIELDS))

    def from_log(into: Connection) -> Iterator[tuple[int, tuple[Any, ...]]]:
        for row in _streamed(original, select(events).where(events.c.id <= head).order_by(events.c.id)):
            entry = _entry(store, row)
            if row.id <= upto:
                copying.append(tuple(row))
                indexing.append((row.id, *entry))
                if len(copying) >= PAGE:
                    into_events.run(into, copying)
                    index(into)
            yield int(row.id), (*entry[:4], _plain(entry[4]), entry[5])

    def index(into: Connection) -> None:
        try:
            into_index.run(into, indexing)
        except IntegrityError:  # the index holds one row an event id: the log holds an id twice
            raise _twice_in(into, indexing) from None

    with derived.engine.begin() as into:  # one transaction: the temporary file is written once, at its end
        counted, found = _compare("ledger_facts", stored, from_log(into), _fact_row)
        into_events.run(into, copying)
        index(into)
    return counted, found


class _Twice(Exception):
    """The log holds two events under one event id (appended, say, after its index row was deleted by hand)."""

    def __init__(self, event_id: str, first: int, second: int) -> None:
        super().__init__(event_id)
        self.difference = Difference(
            "ledger_events", f"event id {event_id!r}",
            f"the log holds it twice, at positions {first} and {second}; an event id names one fact")


def _twice_in(into: Connection, rows: list[tuple[Any, ...]]) -> _Twice:
    """Which event id of a page of index rows the temporary index already holds, or the page holds twice."""
    seen: dict[str, int] = {}
    for position, event_id, *_ in rows:
        if event_id in seen:
            return _Twice(event_id, seen[event_id], position)
        seen[event_id] = position
    held = into.execute(select(fact_index.c.event_id, fact_index.c.position)
                        .where(fact_index.c.event_id.in_(list(seen)))).first()
    assert held is not None, "an index row refused with no event id held twice"
    return _Twice(held.event_id, int(held.position), seen[held.event_id])


class _Inserts:
    """Rows inserted straight through the driver, each value in the driver's form (as SQLAlchemy would bind it)."""

    def __init__(self, table: Any, dialect: Any, columns: tuple[str, ...]) -> None:
        self.statement = (f"INSERT INTO {table.name} ({', '.join(columns)}) "
                          f"VALUES ({', '.join('?' for _ in columns)})")  # the temporary ledger is SQLite
        processors = [table.c[c].type.dialect_impl(dialect).bind_processor(dialect) for c in columns]
        self.processors = [(i, p) for i, p in enumerate(processors) if p is not None]  # most columns need none

    def run(self, connection: Connection, rows: list[tuple[Any, ...]]) -> None:
        if rows:
            connection.exec_driver_sql(self.statement, [self._bound(row) for row in rows])
            rows.clear()

    def _bound(self, row: tuple[Any, ...]) -> tuple[Any, ...]:
        values = list(row)
        for i, process in self.processors:
            values[i] = process(values[i])
        return tuple(values)


def _entry(store: EventStore, row: Any) -> tuple[Any, ...]:
    """The fact index row of a stored event, as the append that stored it wrote it."""
    state = bytes(row.state) if not isinstance(row.state, bytes) else row.state
    try:
        # The store stores the documents' JSON as it is, neither compressed nor enciphered (`EventStore.construct_env`).
        decoded = store.mapper.transcoder.decode(state)  # as stored: the fingerprint was taken before any upcasting
        fact = decoded["fact"]
        # In FACT_FIELDS order: event id, stream, type, fingerprint, recording time, regime.
        return (fact["id"], str(stream_uuid(row.originator_id)), fact["type"], fingerprint(fact), decoded["timestamp"],
                fact["regime_id"] if fact["type"] == "PanelEstablished" else None)
    except Exception as e:  # bytes the ledger could not have stored, yet the chain vouches for them: `Ledger.verify` says so
        raise store.damaged(int(row.id), what_failed(e)) from e


def _fact_row(key: Any, stored: tuple[Any, ...] | None, derived: tuple[Any, ...] | None) -> str:
    named = derived or stored
    assert named is not None
    return f"position {key}, {named[0]} ({named[2]})"


def _moment(value: Any) -> Any:
    """A recording time as text in UTC, however the database gave it back (SQLite: text without a zone)."""
    if isinstance(value, str):
        try:
            value = datetime.fromisoformat(value)
        except ValueError:
            return value  # not a time at all: it differs, as it is
    return _plain(value)


# -- the read models ----------------------------------------------------------------------------

def _models(connection: Connection, name: str, generation: int) -> Iterator[tuple[tuple[Any, ...], tuple[Any, ...]]]:
    """A generation's rows of a read-model table in key order: (key, valid from, known from, stream), and
    the rest (valid to, known to, data, the table's own columns)."""
    table = BITEMPORAL[name]
    rest = ("valid_to", "known_to", "data", *EXTRA_COLUMNS.get(name, ()))
    columns = [type_coerce(table.c[c], String).label(c) if c in ("valid_from", "valid_to") else table.c[c]
               for c in ("key", "valid_from", "known_from", "stream", *rest)]
    query = (select(*columns).where(table.c.generation == generation)
             .order_by(_ordered(connection, table.c.key), table.c.valid_from, table.c.known_from,
                       _ordered(connection, table.c.stream)))
    for row in _streamed(connection, query):
        values = tuple(_plain(v) for v in row)
        yield values[:4], values[4:]


def _model_row(name: str) -> Callable[[tuple[Any, ...], Any, Any], str]:
    def row(key: tuple[Any, ...], _stored: Any, _derived: Any) -> str:
        ident, valid_from, known_from, _ = key
        return f"{NOUN[name]} {ident}, its row valid from {valid_from}, recorded {_micros_text(known_from)}"
    return row


def _micros_text(value: Any) -> str:
    try:
        return datetime.fromtimestamp(int(value) / 1_000_000, UTC).isoformat().replace("+00:00", "Z")
    except (TypeError, ValueError, OverflowError, OSError):
        return repr(value)


# -- comparing ----------------------------------------------------------------------------------

def _compare(table: str, stored: Iterator[tuple[Any, Any]], derived: Iterator[tuple[Any, Any]],
             row_words: Callable[[Any, Any, Any], str]) -> tuple[int, Difference | None]:
    """Walk two key-ordered streams of (key, values) side by side: the rows compared, and the first
    difference (with how many rows differ in all)."""
    counted, first, differing = 0, None, 0
    names = _FIELDS.get(table)
    mine, theirs = next(stored, None), next(derived, None)
    while mine is not None or theirs is not None:
        if theirs is None or (mine is not None and _before(mine[0], theirs[0])):
            what = f"a row the log does not derive: {_summary(table, mine[1])}"  # type: ignore[index]
            key, here, there = mine[0], mine[1], None  # type: ignore[index]
            mine = next(stored, None)
            counted += 1
        elif mine is None or _before(theirs[0], mine[0]):
            what = f"no row, where the log derives one: {_summary(table, theirs[1])}"
            key, here, there = theirs[0], None, theirs[1]
            theirs = next(derived, None)
            counted += 1
        else:
            key, here, there = mine[0], mine[1], theirs[1]
            what = "; ".join(f"{names[i] if names else i}: stored {_trimmed(a, b)}, derived from the log {_trimmed(b, a)}"
                             for i, (a, b) in enumerate(zip(here, there, strict=True)) if a != b)
            mine, theirs = next(stored, None), next(derived, None)
            counted += 2
            if not what:
                continue
        differing += 1
        if first is None:
            first = (row_words(key, here, there), what)
    return counted, (Difference(table, first[0], first[1], differing) if first is not None else None)


_FIELDS = {"ledger_facts": FACT_FIELDS,
           **{BITEMPORAL[n].name: ("valid_to", "known_to", "data", *EXTRA_COLUMNS.get(n, ())) for n in BITEMPORAL}}


def _summary(table: str, values: tuple[Any, ...]) -> str:
    if table == "ledger_facts":
        return f"event {values[0]!r} ({values[2]})"
    return _trimmed(values[2], "")


def _before(a: tuple[Any, ...], b: tuple[Any, ...]) -> bool:
    try:
        return a < b
    except TypeError:  # a value of another type, written by hand into SQLite: the two differ either way
        return repr(a) < repr(b)


def _trimmed(value: Any, other: Any) -> str:
    """A value as shown beside another: text cut to the neighbourhood of where the two first differ."""
    if not isinstance(value, str):
        return repr(value)
    start = 0
    if isinstance(other, str):
        start = next((i for i, (a, b) in enumerate(zip(value, other, strict=False)) if a != b), min(len(value), len(other)))
    left, right = max(0, start - TRIM), start + TRIM
    return f"{'…' if left else ''}{value[left:right]}{'…' if right < len(value) else ''}"


def _plain(value: Any) -> Any:
    """A value as both databases can give it back: days and moments as ISO text (UTC)."""
    if isinstance(value, datetime):
        moment = value if value.tzinfo is not None else value.replace(tzinfo=UTC)
        return moment.astimezone(UTC).isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return value


def _ordered(connection: Connection, column: Any) -> Any:
    """Text in byte order on every database (SQLite's own; PostgreSQL's by its "C" collation), so that both
    sides of a comparison come in the same order, which is also Python's."""
    return column.collate("C") if connection.dialect.name == "postgresql" else column
