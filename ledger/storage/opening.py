"""Opening the event store at a URL: which URL, and an error in one line when the database says no.

A database that cannot be connected to (no server where the URL points, a database or user it does not
hold, a SQLite file that cannot be opened) is `Unreachable`, with the database's own reason; a database
error once connected is a `StorageError`. Neither names the URL's password.

Opening a ledger for writing writes only when it must (a schema to create or upgrade, read models to
stamp or rebuild): a ledger that is current is opened with reads alone, so it opens at once beside
another writer, and only its appends wait. A write it does need waits for another writer as an append
does (`retried`), then is a `Conflict`."""

from __future__ import annotations

import os
import re
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TypeVar

from sqlalchemy.exc import SQLAlchemyError

from ledger.errors import LedgerError, StorageError, Unreachable
from ledger.storage.eventstore import EventStore, store_env
from ledger.storage.failures import database_failure, first_line, retried
from ledger.storage.readonly import forbid_writes, read_only_url, sqlite_file
from ledger.storage.schema import check_schema, ensure_schema, schema_behind

DEFAULT_URL = "sqlite:///ledger.db"

T = TypeVar("T")


def database_url(url: str | None = None) -> str:
    url = url or os.environ.get("LEDGER_URL") or DEFAULT_URL
    # eventsourcing-sqlalchemy recognises an in-memory SQLite database by ":memory:" only.
    return "sqlite:///:memory:" if url in ("sqlite://", "sqlite:///") else url


def open_store(url: str, *, read_only: bool, upgrade: bool) -> tuple[EventStore, str | None]:
    """The event store at a URL and the schema revision it had (None: there was no ledger, and now there is).

    Read-only, it writes nothing: no schema work, and every connection refuses writes."""
    store: EventStore | None = None
    with refusing_in_one_line(url, lambda: store):
        if not read_only and (path := sqlite_file(url)) is not None and not path.exists():
            if not upgrade:
                raise schema_behind(None, url)  # before connecting, which would leave an empty file behind
            if not path.parent.is_dir():  # SQLite would say only "unable to open database file"
                raise Unreachable(f"cannot create a ledger at {safe_url(url)}: {_missing_folder(path.parent)}")
        if read_only:
            store = EventStore(env=store_env(read_only_url(url, safe_url(url))))
            forbid_writes(store)
        else:
            store = EventStore(env=store_env(url))
        store.tune()
        connect(store, url)
        if read_only:
            return store, check_schema(store.engine, safe_url(url))
        # Reads the revision first (each attempt: another process may have upgraded it meanwhile), writes only if behind.
        return store, opening_write(url, lambda: ensure_schema(store.engine, url, upgrade=upgrade))
    raise AssertionError("unreachable")  # the context manager re-raises every error


def _missing_folder(folder: Path) -> str:
    if folder.exists():
        return f"{folder} is not a folder"
    return f"the folder {folder} does not exist (SQLite creates the file, not its folder: create it first)"


def connect(store: EventStore, url: str) -> None:
    """A first connection (the pool keeps it for what follows): a database that cannot be connected to is
    `Unreachable`, with the database's reason, apart from what it says once connected."""
    try:
        with store.engine.connect():
            pass
    except Exception as e:
        failure = database_failure(e)
        if failure is None:
            raise
        raise Unreachable(f"cannot connect to the database at {safe_url(url)}: {_connection_reason(failure)}") from e


def _connection_reason(failure: BaseException) -> str:
    """The database's reason for refusing a connection, on one line: psycopg says it after "connection to server
    at ... failed:", once for each address it tried (the first is given), with PostgreSQL's "FATAL:" before it."""
    text = str(failure)
    tried = re.search(r"(connection to server (?:at|on) .+? failed: )(?:FATAL:\s+)?([^\n]+)", text)
    if tried is not None:
        return tried.group(1) + tried.group(2).strip()
    return re.sub(r"^connection failed: ", "", first_line(failure))


def opening_write(url: str, write: Callable[[], T]) -> T:
    """A write opening needs, tried again while another writer holds the ledger, as an append's batch is;
    past the attempts, a `Conflict` naming the ledger."""
    return retried(write, refused=f"cannot open the ledger at {safe_url(url)}")


@contextmanager
def refusing_in_one_line(url: str, opened: Callable[[], EventStore | None] = lambda: None) -> Iterator[None]:
    """Turn what the driver or the library raises while opening into a `LedgerError` of one line, closing
    the store (`opened()` gives it, once there is one) so that no connection is left behind."""
    try:
        yield
    except Exception as e:
        store = opened()
        if store is not None:
            store.close()
        if isinstance(e, LedgerError):
            raise
        if isinstance(e, ImportError):
            raise LedgerError(f"cannot open the ledger at {safe_url(url)}: {_missing_driver(e)}") from None
        said = f"cannot open the ledger at {safe_url(url)}: {first_line(e)}{_hint(e)}{_url_hint(url)}"
        if _from_the_database(e):  # connected, then the database said no: a read-only file, a schema it lacks...
            raise StorageError(said) from None
        if isinstance(e, (SQLAlchemyError, ValueError)) or type(e).__module__.startswith("eventsourcing"):
            raise LedgerError(said) from None  # a URL SQLAlchemy cannot read, a dialect it does not know
        raise


def _from_the_database(error: BaseException) -> bool:
    """Whether an error is the database's own (its driver's), beneath SQLAlchemy's and eventsourcing's wrappers."""
    failure = database_failure(error)
    return isinstance(failure, sqlite3.Error) or type(failure).__module__.startswith("psycopg")


def _hint(error: Exception) -> str:
    """What to do, where the driver's words do not say: a PostgreSQL search_path naming no schema that exists."""
    if "no schema has been selected to create in" in str(error):
        return ("; the URL's search_path names no schema this database holds: create it first "
                "(CREATE SCHEMA name), or correct its name in options=-csearch_path%3Dname")
    return ""


def _url_hint(url: str) -> str:
    """How a database is written, for a URL SQLAlchemy cannot read: a path alone, or SQLite's slashes miscounted."""
    if "://" not in url:
        return (f"; a database is given as a URL: sqlite:///{url} for a file here (three slashes), "
                "postgresql+psycopg://USER@HOST/DATABASE for PostgreSQL")
    if url.startswith("sqlite://") and not url.startswith("sqlite:///") and url != "sqlite://":
        return f"; a SQLite file is sqlite:///{url.removeprefix('sqlite://')} (three slashes; four for an absolute path)"
    if url.startswith("postgres://"):
        return f"; write postgresql+psycopg://{url.removeprefix('postgres://')}"
    return ""


def _missing_driver(error: ImportError) -> str:
    """PostgreSQL's driver is an extra of the package: say how to install it."""
    if error.name == "psycopg":
        return "PostgreSQL's driver (psycopg) is not installed: pip install 'diplomatic-ledger[postgres]'"
    if error.name == "psycopg2":
        return ("the URL asks for the psycopg2 driver, which the ledger does not use: write postgresql+psycopg://... "
                "(and pip install 'diplomatic-ledger[postgres]')")
    return first_line(error)


def safe_url(url: str) -> str:
    """A URL fit for a log line: no password."""
    from sqlalchemy.engine import make_url

    try:
        return make_url(url).render_as_string(hide_password=True)
    except Exception:
        return url
