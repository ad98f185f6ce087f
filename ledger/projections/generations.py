"""Generations of the read models: the current one readers use, and the next one a rebuild fills."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import delete, exists, false, func, insert, literal, select, text, update
from sqlalchemy.orm import Session

from ledger.projections.tables import BITEMPORAL, generations
from ledger.storage.eventstore import EventStore
from ledger.storage.tables import chain

_CURRENT = select(generations.c.generation).where(generations.c.current)  # built once: every append asks


def current_generation(sessions: Callable[[], Any]) -> int:
    with sessions() as session:
        return int(session.execute(_CURRENT).scalar_one())


# The shape of the rows the projector writes. Bump it whenever a change to the derivations, the views or
# an event's upcasting changes what a row holds: generations of an older format are rebuilt on open.
# 2: vetoes name their vote (VetoCast version 2); every row says when and why its facts were corrected.
# 3: timeline rows store only what their columns do not say (`ledger.projections.timeline`).
FORMAT = 3


_UNSTAMPED = (generations.c.position == 0, generations.c.format != FORMAT)


def stamp_empty(store: EventStore) -> None:
    """Stamp an empty generation (nothing projected yet) with this code's format: it holds nothing to
    rebuild. Only a ledger opened for writing does it, and only when a read finds such a generation:
    SQLite takes its write lock at an UPDATE even when no row matches, so an unconditional one would make
    every open wait for any other writer (a long load) for nothing."""
    with store.reading() as connection:
        if connection.execute(select(generations.c.generation).where(*_UNSTAMPED).limit(1)).first() is None:
            return
    with store.transaction(commit=True) as session:
        session.execute(update(generations).where(*_UNSTAMPED).values(format=FORMAT))


def is_stale(sessions: Callable[[], Any]) -> bool:
    """Whether the current read models were written in an older format and must be rebuilt (a read)."""
    with sessions() as session:
        found = session.execute(select(generations.c.format).where(generations.c.current)).scalar_one()
    return int(found) != FORMAT


@dataclass(frozen=True)
class Unusable:
    """Why the current read models cannot answer for the log as it stands. `cut_short`: they were projected past
    its end, so they hold facts it no longer has: events deleted from its end behind the ledger's back, or the
    read models edited (`verify` names which); a rebuild would not mend the log."""

    why: str
    cut_short: bool = False
    missing: tuple[str, ...] = ()  # read-model tables dropped behind the ledger's back: a rebuild makes them again

    def __str__(self) -> str:
        return self.why


def ahead_of_the_log(count: int) -> Unusable:
    return Unusable(f"read models {_events(count)} ahead of the log", cut_short=True)


# Every table of the read models: the generations' bookkeeping too, without which no generation can be read.
TABLES = (*(table.name for table in BITEMPORAL.values()), generations.name)


def tables_missing(names: Sequence[str]) -> Unusable | None:
    """Why read models some of whose tables are gone cannot answer (None when none is)."""
    if not names:
        return None
    return Unusable(f"read-model table{'s' if len(names) > 1 else ''} {', '.join(names)} missing from the database",
                    missing=tuple(names))


def adopt_orphans(store: EventStore) -> None:
    """An `rm_generations` made again after it was dropped: the rows the read-model tables still hold belong to
    generations it no longer names. Name each, not current, so that the rebuild clears their rows and numbers its
    own generation past them (a generation's rows must be its own)."""
    with store.transaction(commit=True) as session:
        held: set[int] = set()
        for table in BITEMPORAL.values():
            held.update(int(g) for g in session.execute(select(table.c.generation).distinct()).scalars())
        if held:
            session.execute(insert(generations), [{"generation": g, "position": 0, "current": False, "format": FORMAT}
                                                  for g in sorted(held)])


def unusable(sessions: Callable[[], Any]) -> Unusable | None:
    """Why the current read models cannot answer for the log as it stands, or None when they can: one
    read, for a ledger that may not bring them up to date (opened read-only)."""
    with sessions() as session:
        row = session.execute(select(generations.c.format, generations.c.position).where(generations.c.current)).first()
        head = int(session.execute(text("SELECT max(id) FROM ledger_events")).scalar() or 0)
    if row is None:
        return Unusable("no read models")
    form, position = int(row[0]), int(row[1])
    if form != FORMAT and position > 0:
        return Unusable(f"read models written in format {form}, this code reads format {FORMAT}")
    if position < head:
        return Unusable(f"read models {_events(head - position)} behind the log")
    if position > head:
        return ahead_of_the_log(position - head)
    return None


def _events(count: int) -> str:
    return f"{count} event{'' if count == 1 else 's'}"


# How many positions of the log the current read models have not seen (below 0: how many they were projected past
# its end), in one statement that names every read-model table (each probe reads no row), so that it fails when
# one was dropped by hand: every read of a writer asks, and every write.
_LOG_END = func.coalesce(text("(SELECT max(id) FROM ledger_events)"), 0)
_EVERY_TABLE = (generations.c.current,
                *(~exists(select(literal(1)).select_from(table).where(false())) for table in BITEMPORAL.values()))
STANDING = select(_LOG_END - generations.c.position).where(*_EVERY_TABLE)
# What a write asks, under the log's lock: the same, and how far the hash chain runs past the log's end (above 0:
# links kept for events deleted from its end, whose positions an append would take or skip). Reads do not ask
# it: a chain table dropped by hand stops writes, not reads.
STANDING_CHAINED = select(_LOG_END - generations.c.position,
                          func.coalesce(select(func.max(chain.c.position)).scalar_subquery(), 0) - _LOG_END
                          ).where(*_EVERY_TABLE)


def start_generation(store: EventStore) -> int:
    """A fresh, empty generation after the current one (clearing what a crashed rebuild left)."""
    with store.transaction(commit=True) as session:
        _drop(session, select(generations.c.generation).where(~generations.c.current))
        # coalesce: an `rm_generations` made again by a rebuild may hold no generation at all
        new = int(session.execute(select(func.coalesce(func.max(generations.c.generation), 0))).scalar_one()) + 1
        session.execute(insert(generations).values(generation=new, position=0, current=False, format=FORMAT))
    return new


def switch_to(session: Session, generation: int) -> None:
    """Make a generation current, in the caller's transaction: readers move to it when that commits."""
    session.execute(update(generations).values(current=generations.c.generation == generation))


def drop_old_generations(store: EventStore) -> None:
    """Delete every generation but the current one (what a switch left behind).

    On SQLite the write-ahead log then holds every page a rebuild wrote (it grows with the log) and
    each read would look there first: fold it into the database and empty it. If a reader
    holds it open, the checkpoint does what it can and the next ones finish the job."""
    with store.transaction(commit=True) as session:
        _drop(session, select(generations.c.generation).where(~generations.c.current))
    if store.engine.dialect.name == "sqlite" and not store.in_memory:
        with store.engine.connect() as connection:
            connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")


def _drop(session: Session, which: Any) -> None:
    doomed = list(session.execute(which).scalars())
    if not doomed:
        return
    for table in BITEMPORAL.values():
        session.execute(delete(table).where(table.c.generation.in_(doomed)))
    session.execute(delete(generations).where(generations.c.generation.in_(doomed)))
