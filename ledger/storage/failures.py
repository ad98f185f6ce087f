"""What a database error means for a write: another writer in the way (worth trying again), or a failure.

Only a conflict is tried again: SQLite busy or locked, or a unique key taken; PostgreSQL's serialization
failure (40001), deadlock (40P01), lock not available (55P03) or unique violation (23505). Anything else
(too many SQL variables, a full disk, a missing table, a read-only file) is a failure, said as it is.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator

from sqlalchemy.exc import SQLAlchemyError

CONFLICT_STATES = {"40001", "40P01", "55P03", "23505"}
SQLITE_CONFLICTS = ("SQLITE_BUSY", "SQLITE_LOCKED", "SQLITE_CONSTRAINT_UNIQUE", "SQLITE_CONSTRAINT_PRIMARYKEY")


def database_failure(error: BaseException) -> BaseException | None:
    """The database's own error behind an exception (the driver's, else SQLAlchemy's); None if it is not one.

    `eventsourcing` wraps SQLAlchemy's errors in its own classes, which wrap the driver's."""
    chain = list(_causes(error))
    driver = next((e for e in chain if isinstance(e, sqlite3.Error) or type(e).__module__.startswith("psycopg")), None)
    if driver is not None:
        return driver
    return next((e for e in chain if isinstance(e, SQLAlchemyError)
                 or type(e).__module__.startswith("eventsourcing.persistence")), None)


def is_conflict(failure: BaseException) -> bool:
    """Whether a database error means that another writer got in the way."""
    if isinstance(failure, sqlite3.Error):
        name = getattr(failure, "sqlite_errorname", "")
        return name.startswith(SQLITE_CONFLICTS) or "database is locked" in str(failure)
    state = getattr(failure, "sqlstate", None)
    return isinstance(state, str) and state in CONFLICT_STATES


def _causes(error: BaseException) -> Iterator[BaseException]:
    """An error and what it wraps: SQLAlchemy's `orig`, or the cause it was raised from."""
    seen: set[int] = set()
    current: BaseException | None = error
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        yield current
        orig = getattr(current, "orig", None)
        current = orig if isinstance(orig, BaseException) else current.__cause__
