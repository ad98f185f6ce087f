"""The library's SQLAlchemy recorder with one change: new events are inserted in one statement.

eventsourcing-sqlalchemy builds an ORM object per event and flushes them to learn their positions;
here the same rows go in with one Core `INSERT … RETURNING id` over all of them (SQLAlchemy sends it as
multi-row VALUES), positions in the order given. Everything else (the table, the lock, the
notification, what the library reads back) is the library's own. The recorder also keeps the rows
it last inserted with their positions, so the hash chain links them from the bytes in hand instead
of reading them back.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cached_property
from typing import Any

from eventsourcing.persistence import StoredEvent
from eventsourcing_sqlalchemy.factory import SQLAlchemyFactory
from eventsourcing_sqlalchemy.recorders import SQLAlchemyApplicationRecorder
from sqlalchemy import insert
from sqlalchemy.orm import Session


class LedgerRecorder(SQLAlchemyApplicationRecorder):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.inserted: list[tuple[int, StoredEvent]] = []  # the last insert's rows, with their positions

    def _insert_stored_events(self, session: Session, stored_events: Sequence[StoredEvent], **kwargs: Any) -> Sequence[int]:
        self.inserted = []
        if not stored_events:
            return []
        self._lock_table(session)
        rows = [{"originator_id": e.originator_id, "originator_version": e.originator_version, "topic": e.topic,
                 "state": e.state} for e in stored_events]
        positions = [int(p) for p in session.execute(self._insert, rows).scalars()]
        self._notify_channel(session)
        self.inserted = list(zip(positions, stored_events, strict=True))
        return positions


    @cached_property
    def _insert(self) -> Any:
        # Built once: building it costs SQLAlchemy more than a single append's insert takes to run.
        table = self.events_record_cls.__table__
        return insert(table).returning(table.c.id, sort_by_parameter_order=True)


class LedgerFactory(SQLAlchemyFactory):
    """The persistence module's factory, making `LedgerRecorder`s (named by `store_env`)."""

    application_recorder_class = LedgerRecorder
