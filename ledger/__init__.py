"""An event-sourced ledger of diplomatic incidents: UN Security Council facts with their sources."""

from typing import TYPE_CHECKING

from ledger.errors import (
    Busy,
    Closed,
    Conflict,
    DamagedLog,
    InvalidArgument,
    InvalidDocument,
    InvalidDocuments,
    LedgerError,
    LogCutShort,
    NoLedger,
    ReadOnly,
    RuleBroken,
    SchemaBehind,
    StorageError,
    UnknownReference,
    Unreachable,
    Unreadable,
    Unwritable,
)

if TYPE_CHECKING:  # what type checkers see; at run time the three are imported only when asked for, below
    from ledger.service.application import Ledger
    from ledger.service.recordings import Recording, Recordings

__all__ = [
    "Busy",
    "Closed",
    "Conflict",
    "DamagedLog",
    "InvalidArgument",
    "InvalidDocument",
    "InvalidDocuments",
    "Ledger",
    "LedgerError",
    "LogCutShort",
    "NoLedger",
    "ReadOnly",
    "Recording",
    "Recordings",
    "RuleBroken",
    "SchemaBehind",
    "StorageError",
    "UnknownReference",
    "Unreachable",
    "Unreadable",
    "Unwritable",
]


def __getattr__(name: str) -> object:
    # The application pulls in SQLAlchemy and eventsourcing; import it only when asked for,
    # so `from ledger import LedgerError` stays cheap.
    if name in ("Ledger", "Recording", "Recordings"):
        from ledger.service import application

        return getattr(application, name)
    raise AttributeError(name)
