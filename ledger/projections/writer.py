"""Writing the projector's rows: in the page's own transaction, or through a writer process.

A page's difference is a list of rows to open and a list of rows to close, per table, as plain tuples
sent straight to the driver (the statements are always the same few, so nothing is compiled per row).

Catching up writes them in the transaction that also moves the tracked position: exactly once. A
rebuild fills a generation no reader uses yet, so it may hand them to a second process instead, which
inserts while this one decodes and derives the next page; on a machine with two cores the database's
own work then costs the rebuild almost nothing. A crashed rebuild leaves only an unused generation,
which the next one clears.
"""

from __future__ import annotations

import multiprocessing
import traceback
from datetime import date
from typing import Any, Callable, Protocol

from sqlalchemy import create_engine, event
from sqlalchemy.engine import Connection, Dialect

from ledger.projections.tables import BITEMPORAL

# The columns after the common ones, per table (an opened row's tuple follows this order).
EXTRA_COLUMNS = {"panels": ("regime_id",), "drafts": ("concerning",), "timeline": ("type", "recorded_us", "seq")}
COMMON = ("generation", "key", "stream", "valid_from", "valid_to", "known_from", "known_to", "data")
# A closed row is named by its key, valid-from day and stream; the tuple is (known_to, generation, key,
# valid_from, stream).
Opening = dict[str, list[tuple[Any, ...]]]
Closing = dict[str, list[tuple[Any, ...]]]


class RowWriter(Protocol):
    def write(self, connection: Callable[[], Connection], closing: Closing, opening: Opening) -> None: ...


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
        # SQLite keeps days as ISO text (as SQLAlchemy's Date does there); other drivers take dates.
        self.day: Callable[[date | None], Any] = (lambda d: d.isoformat() if d is not None else None) \
            if dialect.name == "sqlite" else (lambda d: d)

    def run(self, connection: Connection, closing: Closing, opening: Opening) -> None:
        # Closings first: a row closed and opened again in one page must end up open.
        for name, rows in closing.items():
            connection.exec_driver_sql(self.closes[name], [(k, g, key, self.day(vf), s) for k, g, key, vf, s in rows])
        for name, rows in opening.items():
            day = self.day
            connection.exec_driver_sql(self.inserts[name], [(g, key, s, day(vf), day(vt), *rest)
                                                            for g, key, s, vf, vt, *rest in rows])


class InTransaction:
    """Rows written in the projector's own transaction, beside its tracked position."""

    def __init__(self, dialect: Dialect) -> None:
        self.statements = Statements(dialect)

    def write(self, connection: Callable[[], Connection], closing: Closing, opening: Opening) -> None:
        self.statements.run(connection(), closing, opening)

    def flush(self) -> None:
        pass


class WriterFailed(RuntimeError):
    pass


class WriterProcess:
    """A second process that writes a rebuild's rows, in order, while this one derives the next ones.

    Rows travel as pickled tuples through a pipe; the pipe's small buffer keeps the two in step (this
    side waits when the writer falls a page behind). `flush` waits until everything sent is committed,
    before this side reads the tables itself.
    """

    def __init__(self, url: str) -> None:
        context = multiprocessing.get_context("spawn")  # a fork would share this process's connections
        self._pipe, child = context.Pipe()
        self._process = context.Process(target=_serve, args=(url, child), name="ledger-rebuild-writer", daemon=True)
        self._process.start()
        child.close()

    def write(self, connection: Callable[[], Connection], closing: Closing, opening: Opening) -> None:
        self._send(("rows", closing, opening))

    def flush(self) -> None:
        self._send(("commit",))
        self._answer()

    def finish(self) -> None:
        """Commit what is left and stop the writer."""
        self._send(("finish",))
        self._answer()
        self._process.join()

    def abandon(self) -> None:
        if self._process.is_alive():
            self._process.kill()
        self._process.join()
        self._pipe.close()

    def _send(self, message: tuple[Any, ...]) -> None:
        try:
            self._pipe.send(message)
        except (BrokenPipeError, ConnectionResetError, EOFError):
            self._answer()  # the writer's last word says why it stopped
            raise WriterFailed("the rebuild's writer process stopped") from None

    def _answer(self) -> None:
        try:
            answer = self._pipe.recv()
        except (EOFError, ConnectionResetError):
            raise WriterFailed(f"the rebuild's writer process stopped (exit code {self._process.exitcode})") from None
        if answer[0] != "ok":
            raise WriterFailed(f"the rebuild's writer process failed: {answer[1]}")


def _serve(url: str, pipe: Any) -> None:
    """The writer process: apply each message in order, commit when asked, report a failure once."""
    engine = create_engine(url)
    if engine.dialect.name == "sqlite":
        # Wait for the log's writers rather than fail; keep the indexes' pages in memory.
        event.listen(engine, "connect", lambda dbapi, _record: (dbapi.execute("PRAGMA busy_timeout = 60000"),
                                                                 dbapi.execute("PRAGMA cache_size = -131072")))
    statements = Statements(engine.dialect)
    try:
        with engine.connect() as connection:
            while True:
                message = pipe.recv()
                if message[0] == "rows":
                    statements.run(connection, message[1], message[2])
                    continue
                connection.commit()
                pipe.send(("ok",))
                if message[0] == "finish":
                    return
    except EOFError:  # the rebuild was abandoned: nothing more to write
        return
    except BaseException as e:  # noqa: BLE001 - said back to the rebuild, which raises it
        try:
            pipe.send(("failed", f"{type(e).__name__}: {e}".splitlines()[0] or traceback.format_exc(limit=1)))
        except OSError:
            pass
    finally:
        engine.dispose()
