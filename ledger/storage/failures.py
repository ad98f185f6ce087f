"""What a database error means for a write: another writer in the way (worth trying again), or a failure.

Only a conflict is tried again: SQLite busy or locked, or a unique key taken; PostgreSQL's serialization
failure (40001), deadlock (40P01), lock not available (55P03) or unique violation (23505). Anything else
(too many SQL variables, a full disk, a missing table, a read-only file) is a failure, said as it is.

A write that meets another writer is tried again from the start, `ATTEMPTS` times in all: an append's
batch (`ledger.service.appending`), and the few writes opening a ledger may need (`retried`). On SQLite
each attempt first waits the connection's busy timeout (the driver's five seconds, unless the URL sets
`?timeout=`); PostgreSQL waits for the lock itself.
"""

from __future__ import annotations

import random
import re
import sqlite3
import time
from collections.abc import Callable, Iterator
from typing import TypeVar

from sqlalchemy.exc import SQLAlchemyError

from ledger.errors import Busy

T = TypeVar("T")

ATTEMPTS = 8  # a write that meets a concurrent writer is tried again from the start, this many times in all
# A wait for another writer's lock that ran out; the other conflicts are a fact another writer stored first.
LOCK_WAIT_STATES = {"55P03"}
SQLITE_LOCK_WAITS = ("SQLITE_BUSY", "SQLITE_LOCKED")
CONFLICT_STATES = {*LOCK_WAIT_STATES, "40001", "40P01", "23505"}
SQLITE_CONFLICTS = (*SQLITE_LOCK_WAITS, "SQLITE_CONSTRAINT_UNIQUE", "SQLITE_CONSTRAINT_PRIMARYKEY")


def database_failure(error: BaseException) -> BaseException | None:
    """The database's own error behind an exception (the driver's, else SQLAlchemy's); None if it is not one.

    `eventsourcing` wraps SQLAlchemy's errors in its own classes, which wrap the driver's."""
    chain = list(_causes(error))
    driver = next((e for e in chain if isinstance(e, sqlite3.Error) or type(e).__module__.startswith("psycopg")), None)
    if driver is not None:
        return driver
    return next((e for e in chain if isinstance(e, SQLAlchemyError)
                 or type(e).__module__.startswith("eventsourcing.persistence")), None)


def is_lock_wait(failure: BaseException) -> bool:
    """Whether a conflict is a wait for the lock that ran out (another writer held it: a long load, say), rather
    than a fact another writer stored first."""
    return _is_one_of(failure, SQLITE_LOCK_WAITS, LOCK_WAIT_STATES)


def is_conflict(failure: BaseException) -> bool:
    """Whether a database error means that another writer got in the way."""
    return _is_one_of(failure, SQLITE_CONFLICTS, CONFLICT_STATES)


def _is_one_of(failure: BaseException, sqlite_names: tuple[str, ...], states: set[str]) -> bool:
    """Whether a driver's error is one of some SQLite error names (a lock wait said only in words counts as
    SQLITE_BUSY) or PostgreSQL SQLSTATEs."""
    if isinstance(failure, sqlite3.Error):
        name = getattr(failure, "sqlite_errorname", "")
        return name.startswith(sqlite_names) or "database is locked" in str(failure)
    state = getattr(failure, "sqlstate", None)
    return isinstance(state, str) and state in states


def pause(attempt: int) -> None:
    """A short wait before trying again, longer at each attempt; jittered, so that writers stop colliding in step."""
    time.sleep(random.uniform(0.005, 0.02) * attempt)


def retried(write: Callable[[], T], *, refused: str) -> T:
    """Run a write (a transaction of its own, done again from the start), trying it again while another
    writer is in the way; past `ATTEMPTS`, a `Busy` (a `Conflict`) that begins with `refused` and says that nothing
    was changed. Any other error is raised as it is, at once."""
    for attempt in range(1, ATTEMPTS + 1):
        try:
            return write()
        except Exception as e:
            failure = database_failure(e)
            if failure is None or not is_conflict(failure):
                raise
            if attempt < ATTEMPTS:
                pause(attempt)
                continue
            raise Busy(f"{refused}: another writer holds the ledger and kept it through {ATTEMPTS} attempts; "
                           f"nothing was changed ({first_line(failure)})") from None
    raise AssertionError("unreachable")


def first_line(error: BaseException) -> str:
    """The first line of a driver's message, without SQLAlchemy's "(sqlite3.OperationalError) " before it."""
    text = str(error).strip().splitlines()
    return re.sub(r"^\([\w.]+\) ", "", text[0]) if text else type(error).__name__


def _causes(error: BaseException) -> Iterator[BaseException]:
    """An error and what it wraps: SQLAlchemy's `orig`, or the cause it was raised from."""
    seen: set[int] = set()
    current: BaseException | None = error
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        yield current
        orig = getattr(current, "orig", None)
        current = orig if isinstance(orig, BaseException) else current.__cause__
