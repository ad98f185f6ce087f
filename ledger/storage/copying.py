"""A copy of a ledger in a new SQLite file, for trying things out on it: the original is only read.

A SQLite ledger is copied whole with SQLite's backup API, read through the original's own (possibly
read-only) connection. Any other is copied log first: every stored event, its row of the fact index and
its link of the hash chain, as stored, so the copy verifies as the original does and answers questions
of transaction time the same; the copy's read models are then built from its log.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

from sqlalchemy import insert, select

from ledger.storage.eventstore import PAGE, EventStore
from ledger.storage.tables import chain, facts


def backup_sqlite(store: EventStore, target: Path) -> None:
    """The whole database of a SQLite store, into a new file."""
    raw = store.engine.raw_connection()
    try:
        source: Any = raw.driver_connection
        destination = sqlite3.connect(target)
        try:
            source.backup(destination)
        finally:
            destination.close()
    finally:
        raw.close()


def copy_log(source: EventStore, target: EventStore) -> None:
    """Every stored event of one store, with its index row and its chain link, into another, empty one."""
    for table, into, order in ((source.events_table, target.events_table, "id"), (facts, facts, "position"),
                               (chain, chain, "position")):
        after: Any = None
        while True:
            query = select(table).order_by(table.c[order]).limit(PAGE)
            if after is not None:
                query = query.where(table.c[order] > after)
            with source.transaction(commit=False) as session:
                rows = [dict(row._mapping) for row in session.execute(query)]
            if not rows:
                break
            with target.transaction(commit=True) as session:
                session.execute(insert(into), rows)
            after = rows[-1][order]
