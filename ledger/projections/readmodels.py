"""The read models' front door: what the service asks of them, and all it may ask.

Behind it: the generations of tables (the current one readers use, the next one a rebuild fills), the
projector that keeps a generation up to the end of the log, the rebuild's helper process, and the
temporal queries that answer a view from the tables.
"""

from __future__ import annotations

import os
import time
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from functools import partial
from typing import Any, NamedTuple
from uuid import UUID

from sqlalchemy.engine import Connection
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from ledger.domain.facts import Fact
from ledger.log import logger
from ledger.projections.collector import collector_paused
from ledger.projections.generations import (
    FORMAT,
    STANDING,
    STANDING_CHAINED,
    TABLES,
    Unusable,
    adopt_orphans,
    ahead_of_the_log,
    current_generation,
    drop_old_generations,
    is_stale,
    stamp_empty,
    start_generation,
    switch_to,
    tables_missing,
    unusable,
)
from ledger.projections.helper import RebuildHelper
from ledger.projections.projector import Progress, Projector
from ledger.projections.queries import StoredView, draft_streams_concerning
from ledger.projections.tables import BITEMPORAL, generations
from ledger.storage.eventstore import EventStore
from ledger.storage.tables import metadata

__all__ = ["HELPER_FROM", "Progress", "ReadModels", "RebuildTimes", "Standing", "Unusable", "tables_missing"]

# From how many events a rebuild takes a helper process: starting one is not free, and a short log does not repay it.
HELPER_FROM = 50_000
# The facts a projector may keep between catch-ups (sparing their reads at the next one): past this, it lets them
# go, so that a long load, or a writer that runs for months, holds a bounded amount of them.
HELD_FACTS = 50_000


@dataclass(frozen=True)
class RebuildTimes:
    """How long the last rebuild took, in seconds from its start: to fill the new generation, until
    readers switched to it, and until the old one was deleted; and what its helper reported."""

    filled_s: float
    switched_s: float
    done_s: float
    helper: dict[str, Any]


class Standing(NamedTuple):
    """Where the read models stand beside the log (`ReadModels.standing`)."""

    missing: list[str]  # their tables dropped behind the ledger's back; when one is, the rest is not known (0)
    lag: int  # the log's positions they have not projected; below 0, how many they were projected past its end
    chain_past: int = 0  # asked by writes: how far the hash chain runs past the log's end (above 0: events deleted
    # from its end, their links kept)


class ReadModels:
    """The tables views are read from, kept up to the end of the log of one event store."""

    def __init__(self, store: EventStore, url: str) -> None:
        self._store = store
        self._url = url  # a rebuild's helper process opens the database again
        self._projector: Projector | None = None
        self.last_rebuild: RebuildTimes | None = None

    # -- reading: these write nothing -------------------------------------------------------------

    def unusable(self) -> Unusable | None:
        """Why the read models cannot answer for the log as it stands (a table missing, stale, behind, ahead, no
        generation), or None."""
        return self.missing() or unusable(self._store.reading)

    def missing(self) -> Unusable | None:
        """Whether some of their tables were dropped behind the ledger's back (one read of the database's catalogue):
        then they answer for nothing, and take no write, until a rebuild makes them again."""
        return tables_missing(self._store.missing_tables(TABLES))

    def standing(self, writing: Session | None = None, *, chained: bool = False) -> Standing:
        """Where they stand, as a write or a writer's read needs to know: their tables missing (dropped behind
        the ledger's back), and, when none is, their lag (below 0: projected past the log's end, see `ahead`);
        with `chained`, how far the hash chain runs past the log's end too. Asked in `writing`, a write's
        session holding the log's lock, if given. One statement while every table is there; the database's
        catalogue is read only when one is not."""
        if writing is not None:
            return self._standing(writing, chained)
        with self._store.reading() as reading:
            return self._standing(reading, chained)

    def _standing(self, reading: Connection | Session, chained: bool) -> Standing:
        try:
            if chained:
                lag, past = reading.execute(STANDING_CHAINED).one()
                return Standing([], int(lag), int(past))
            return Standing([], int(reading.execute(STANDING).scalar_one()))
        except SQLAlchemyError:
            if isinstance(reading, Connection):
                reading.rollback()  # PostgreSQL ends a transaction at its first error
                missing = self._store.missing_tables(TABLES, reading)
            else:  # a write's session, whose transaction PostgreSQL ended, or an in-memory SQLite's one session
                missing = self._store.missing_tables(TABLES)
            if not missing:
                raise
            return Standing(missing, 0)

    @staticmethod
    def ahead(lag: int) -> Unusable | None:
        """Why read models `lag` positions behind the log cannot answer for it: they were projected past its end
        (the log was cut short behind them, or they were edited), which no catch-up mends; None when they can."""
        return ahead_of_the_log(-lag) if lag < 0 else None

    def is_stale(self) -> bool:
        """Whether they were written in an older format, so that only a rebuild makes them right."""
        return is_stale(self._store.reading)

    def view(self, day: date, known_at: datetime | None) -> StoredView:
        return StoredView(self._store.reading, day, known_at)

    def drafts_concerning(self, panel_id: str) -> list[UUID]:
        """The streams of the drafts voted about a panel, as the read models know them."""
        return [UUID(s) for s in draft_streams_concerning(self._store.reading, panel_id)]

    # -- writing ----------------------------------------------------------------------------------

    def stamp_empty(self) -> None:
        """Mark an empty generation as this code's format (nothing in it to rebuild); a read tells first, so
        there is no write, and no wait for another writer, when there is nothing to mark."""
        if not self.standing().missing:  # else perhaps no generation to mark: only a rebuild makes the tables again
            stamp_empty(self._store)

    def rebuild_if_stale(self) -> None:
        """Rebuild them if they were written by older code (a read tells first); not if a table is missing, which
        `ledger rebuild` makes again when asked (opening the ledger does not repair it behind the user's back)."""
        if not self.standing().missing and self.is_stale():
            logger().info("read models written by older code: rebuilding", format=FORMAT)
            self.rebuild()

    def catch_up(self, progress: Progress | None = None, *, given: Sequence[tuple[Fact, UUID]] = ()) -> int:
        """Bring the read models to the end of the log (the events of other processes too); `given`, the
        last events of the log as just stored, are projected as they are instead of read back."""
        # With `given`, this runs inside the append's transaction: read there, not on a connection of its own.
        generation = current_generation(partial(self._store.transaction, commit=False) if given else self._store.reading)
        if self._projector is None or self._projector.generation != generation:
            self._projector = Projector(self._store, generation)
        position = self._projector.catch_up(progress, given=given)
        if self._projector.memory.held() > HELD_FACTS:
            self._projector = None  # the next catch-up reads what it needs from the log and the tables
        return position

    def _restore_dropped_tables(self) -> None:
        """A read-model table dropped behind the ledger's back is created again, as its migration made it (a
        test holds the two alike), so the rebuild can fill it; the log is what it is rebuilt from. `rm_generations`
        made again first names the generations whose rows the other tables still hold, so the rebuild clears them."""
        engine = self._store.engine
        gone = self._store.missing_tables(TABLES)
        missing = [table for table in (*BITEMPORAL.values(), generations) if table.name in gone]
        if missing:
            metadata.create_all(engine, tables=missing)
            if generations in missing:
                adopt_orphans(self._store)
            logger().warning("read-model tables missing: created again", tables=[t.name for t in missing])

    def rebuild(self, progress: Progress | None = None, *, helper: bool | None = None) -> int:
        """Rebuild every read model from the log into a new generation, then switch readers to it.

        A long log is projected in one pass with a helper process beside this one (see
        `ledger.projections.helper`); `helper` forces the choice, which otherwise goes by the log's
        length. An in-memory database is rebuilt in this process alone.

        It pauses Python's cycle collector until readers switch to the new tables (the only call that
        does: see `collector_paused`), then leaves it as it found it, disabled if the caller had disabled it.
        """
        started = time.perf_counter()
        self._restore_dropped_tables()
        projector = Projector(self._store, start_generation(self._store))
        # The collector stays paused until readers switch: a full collection walks every fact the rebuild
        # holds in memory and would hold up the switch for nothing.
        with collector_paused():
            if self._uses_a_helper(helper):
                second = RebuildHelper(self._url, projector.generation, self._store.head())
                try:
                    projector.fill(second, progress)
                finally:
                    second.abandon()
            else:
                projector.catch_up(progress)
            filled = time.perf_counter()
            with self._store.transaction(commit=True) as session:
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
        if self._store.in_memory:
            return False  # no other process can see it
        if os.name != "posix":
            return False  # the helper's pipes are handed to it as POSIX file descriptors
        if wanted is not None:
            return wanted
        return self._store.head() >= HELPER_FROM
