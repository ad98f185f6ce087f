"""Opening a database so that nothing can write to it: SQLite files and PostgreSQL sessions.

A read-only ledger must not change its database even by accident, so the refusal is the database's own:
SQLite connections run with `query_only` (or open the file with `mode=ro`), PostgreSQL sessions are
`READ ONLY`. And nothing is created: SQLite would make an empty file for a mistyped path on connecting,
so the file's existence is checked before any connection is made.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any
from urllib.parse import quote, unquote

from sqlalchemy import event
from sqlalchemy.engine import make_url

from ledger.errors import NoLedger
from ledger.storage.eventstore import EventStore

NO_LEDGER = "no ledger at {url}; `ledger load` or `ledger init` creates one"
WAL = 2  # the SQLite header's read and write versions (bytes 18, 19) in write-ahead-log mode


def sqlite_file(url: str) -> Path | None:
    """The file of a SQLite URL (plain or `file:` URI form); None for an in-memory or a server database."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite":
        return None
    database = parsed.database or ""
    query = dict(parsed.query)
    if database in ("", ":memory:") or query.get("mode") == "memory":
        return None
    if database.startswith("file:") and query.get("uri") == "true":
        path = database[len("file:"):].split("?", 1)[0]
        if path.startswith("//"):  # file://localhost/path or file:///path: drop the authority
            path = "/" + path[2:].partition("/")[2]
        return Path(unquote(path)) if path not in ("", ":memory:") else None
    return Path(database)


def read_only_url(url: str, shown: str) -> str:
    """The URL to open a database with for reading only; `shown` is the URL as errors may show it.

    For a SQLite file: `NoLedger` if it does not exist. Then, by what lies beside it (a database in
    write-ahead-log mode, as the ledger's are, is read through its `-wal` and `-shm` files):
    - both there (a writer has them open, or one crashed): SQLite's `mode=ro`, which reads through
      them and writes nothing; a plain URL would fold a crashed writer's log into the file on closing;
    - neither, in a folder this process cannot write to (a read-only copy, read-only media): SQLite
      could not create them and would refuse to read, so `immutable`, which needs none. No writer can be
      at work there either (it would need those same files), which is what `immutable` assumes;
    - otherwise the URL as given: with `mode=ro` SQLite creates the two files and leaves them (empty of
      data) for the next writer; a plain URL, read with `query_only`, removes them again on closing.
    """
    path = sqlite_file(url)
    if path is None:
        return url
    if not path.is_file():
        if not path.parent.is_dir():  # `ledger init` would fail there too: say what to make first
            raise NoLedger(f"no ledger at {shown}: the folder {path.parent} does not exist (create it, then `ledger load` "
                           "or `ledger init` creates the ledger in it)")
        raise NoLedger(NO_LEDGER.format(url=shown))
    parsed = make_url(url)
    if parsed.query.get("immutable") == "1":
        return url
    if all(path.with_name(path.name + suffix).exists() for suffix in ("-wal", "-shm")):
        return _file_uri(url, path, mode="ro")
    if not os.access(path.parent, os.W_OK) and _in_wal_mode(path):
        return _file_uri(url, path, mode="ro", immutable="1")
    return url


def _file_uri(url: str, path: Path, **params: str) -> str:
    parsed = make_url(url)
    kept = {k: v for k, v in parsed.query.items() if k not in ("mode", "immutable", "uri")}
    location = "file:" + quote(str(path.resolve()), safe="/")
    return parsed.set(database=location, query={**kept, **params, "uri": "true"}).render_as_string(hide_password=False)


def _in_wal_mode(path: Path) -> bool:
    with path.open("rb") as stream:
        header = stream.read(20)
    return len(header) == 20 and header[18] == WAL


def forbid_writes(store: EventStore) -> None:
    """Make every connection of the store refuse to write, and keep the library from switching a
    SQLite file to write-ahead-log mode (a write to the file's header) on its first transaction."""
    engine = store.engine
    if engine.dialect.name == "sqlite":
        store.recorder.datastore._tried_init_sqlite_wal_mode = True  # type: ignore[attr-defined]  # noqa: SLF001
        event.listen(engine, "connect", _sqlite_query_only)
    elif engine.dialect.name == "postgresql":
        event.listen(engine, "connect", _postgresql_read_only)


def _sqlite_query_only(connection: Any, _record: Any) -> None:
    connection.execute("PRAGMA query_only = ON")


def _postgresql_read_only(connection: Any, _record: Any) -> None:
    cursor = connection.cursor()
    cursor.execute("SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY")
    cursor.close()
    connection.commit()
