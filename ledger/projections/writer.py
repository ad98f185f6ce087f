"""Writing the projector's rows as plain tuples, straight to the driver.

A page's difference is a list of rows to open and a list of rows to close, per table; the statements
are always the same few, so nothing is compiled per row. Catching up writes them in the transaction
that also moves the tracked position (exactly once); a long rebuild hands them to its helper process
(`ledger.projections.helper`), which runs the same statements.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date
from typing import Any, Protocol
from uuid import UUID

from sqlalchemy.engine import Connection, Dialect

from ledger.domain.facts import Fact
from ledger.projections.bookkeeping import Derived
from ledger.projections.derive import Row, micros, row_text
from ledger.projections.tables import BITEMPORAL
from ledger.projections.timeline import stored

# The columns after the common ones, per table (an opened row's tuple follows this order, its days in
# the driver's form).
EXTRA_COLUMNS = {"panels": ("regime_id",), "drafts": ("concerning",), "timeline": ("type", "recorded_us", "seq")}
COMMON = ("generation", "key", "stream", "valid_from", "valid_to", "known_from", "known_to", "data")
# A closed row is named by its key, valid-from day and stream; the tuple is (known_to, generation, key,
# valid_from, stream).
Opening = dict[str, list[tuple[Any, ...]]]
Closing = dict[str, list[tuple[Any, ...]]]


def opened_values(row: Row, generation: int, stream: str, known: int, day: Callable[[date | None], Any]) -> tuple[Any, ...]:
    """The values that insert a row opened at transaction time `known`, in `COMMON` then
    `EXTRA_COLUMNS` order, its days in the driver's form (`driver_day`)."""
    _, key, valid_from, valid_to, data, extra = row
    return (generation, key, stream, day(valid_from), day(valid_to), known, None, data, *[value for _, value in extra])


def difference(derived: Mapping[UUID, Derived], held: Callable[[UUID], set[Row]], generation: int, known: int,
               day: Callable[[date | None], Any]) -> tuple[Closing, Opening]:
    """The rows to close and to open at transaction time `known` so that each stream's rows are those
    derived. `held` gives a stream's rows still believed, a set kept up to date here."""
    closing: Closing = {}
    opening: Opening = {}
    for sid, result in derived.items():
        stream = str(sid)
        current = held(sid)
        retired = [r for r in result.retired if r in current]
        if result.tables:  # the derived rows are all there is of these tables: the others close
            wanted = set(result.rows)
            retired[:0] = [r for r in current if r.table in result.tables and r not in wanted]
        for row in retired:
            # One open row per key and valid-from day: that is the row to close.
            closing.setdefault(row.table, []).append((known, generation, row.key, row.valid_from, stream))
            current.discard(row)
        for row in [*result.rows, *result.additions]:
            if row not in current:
                opening.setdefault(row.table, []).append(opened_values(row, generation, stream, known, day))
                current.add(row)
    return closing, opening


def lone_values(fact: Fact, generation: int, stream: str, day: Callable[[date | None], Any]) -> tuple[Any, ...]:
    """`opened_values` of a fact's own timeline row, opened by its recording, in one step: most of a
    rebuild's rows are these (a statement alone in its stream), and they need no `Row` in between (a test
    checks the two ways give the same values)."""
    recorded = micros(fact.recorded_at)
    return (generation, fact.event_id, stream, day(fact.occurred.start), None, recorded, None,  # type: ignore[union-attr]
            row_text(stored(fact)), fact.type, recorded, fact.seq)


class RowWriter(Protocol):
    def write(self, connection: Callable[[], Connection], closing: Closing, opening: Opening) -> None: ...

    def flush(self) -> None:
        """Make everything written so far readable by this process."""


class Statements:
    """The insert and close statements of every read-model table, in a driver's own parameter style."""

    def __init__(self, dialect: Dialect) -> None:
        mark = "?" if dialect.paramstyle == "qmark" else "%s"
        self.inserts, self.closes = {}, {}
        for name, table in BITEMPORAL.items():
            columns = (*COMMON, *EXTRA_COLUMNS.get(name, ()))
            self.inserts[name] = (f"INSERT INTO {table.name} ({', '.join(columns)}) "
                                  f"VALUES ({', '.join(mark for _ in columns)})")
            self.closes[name] = (f"UPDATE {table.name} SET known_to = {mark} WHERE generation = {mark} AND key = {mark} "
                                 f"AND valid_from = {mark} AND stream = {mark} AND known_to IS NULL")
        self.day = driver_day(dialect)

    def run(self, connection: Connection, closing: Closing, opening: Opening) -> None:
        """Close rows, then open rows (already in the driver's form: see `driver_day`)."""
        # Closings first: a row closed and opened again in one page must end up open.
        for name, rows in closing.items():
            connection.exec_driver_sql(self.closes[name], [(k, g, key, self.day(vf), s) for k, g, key, vf, s in rows])
        for name, rows in opening.items():
            connection.exec_driver_sql(self.inserts[name], rows)


def driver_day(dialect: Dialect) -> Callable[[date | None], Any]:
    """A day as the driver takes it: SQLite keeps days as ISO text (as SQLAlchemy's Date does there);
    other drivers take dates."""
    return _iso_day if dialect.name == "sqlite" else _same_day


def _iso_day(day: date | None) -> str | None:
    return day.isoformat() if day is not None else None


def _same_day(day: date | None) -> date | None:
    return day


class InTransaction:
    """Rows written in the projector's own transaction, beside its tracked position."""

    def __init__(self, dialect: Dialect) -> None:
        self.statements = Statements(dialect)

    def write(self, connection: Callable[[], Connection], closing: Closing, opening: Opening) -> None:
        self.statements.run(connection(), closing, opening)

    def flush(self) -> None:
        pass
