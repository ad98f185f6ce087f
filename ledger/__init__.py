"""An event-sourced ledger of diplomatic incidents: UN Security Council facts with their sources."""

from ledger.errors import (
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

__all__ = [
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
