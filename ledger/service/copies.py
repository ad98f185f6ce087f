"""A ledger copied into a new SQLite file, to try things on: the original is only read (see storage/copying.py)."""

from __future__ import annotations

from pathlib import Path

from ledger.errors import Unwritable
from ledger.service.application import Ledger
from ledger.storage.copying import backup_sqlite, copy_log
from ledger.storage.eventstore import EventStore


def copy_ledger(store: EventStore, target: Path) -> str:
    """Copy the ledger of a store into a new SQLite file; the copy's URL."""
    if target.exists():
        raise Unwritable(f"{target} already exists: a copy goes into a new file")
    url = f"sqlite:///{target}"
    if store.engine.dialect.name == "sqlite":
        backup_sqlite(store, target)
        return url
    with Ledger.open(url, project=False) as copy:
        copy_log(store, copy.store)
    with Ledger.open(url) as copy:
        copy.rebuild()
    return url
