"""An event-sourced ledger of diplomatic incidents: UN Security Council facts with their sources."""

from ledger.errors import (
    Conflict,
    InvalidDocument,
    InvalidDocuments,
    LedgerError,
    RuleBroken,
    SchemaBehind,
    UnknownReference,
    Unreadable,
    Unwritable,
)

__all__ = [
    "Conflict",
    "InvalidDocument",
    "InvalidDocuments",
    "Ledger",
    "LedgerError",
    "Recording",
    "RuleBroken",
    "SchemaBehind",
    "UnknownReference",
    "Unreadable",
    "Unwritable",
]


def __getattr__(name: str) -> object:
    # The application pulls in SQLAlchemy and eventsourcing; import it only when asked for,
    # so `from ledger import LedgerError` stays cheap.
    if name in ("Ledger", "Recording"):
        from ledger import application

        return getattr(application, name)
    raise AttributeError(name)
