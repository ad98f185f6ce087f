"""The errors a user sees when the ledger refuses a document.

Every refusal names the document (its index in the batch and its ``id``), the field and the
reason, so the message alone tells a user what to fix.
"""

from __future__ import annotations

from typing import Any


class LedgerError(Exception):
    """A document or request the ledger refuses; nothing of the batch was stored."""

    kind = "refused"

    def __init__(
        self,
        reason: str,
        *,
        field: str | None = None,
        index: int | None = None,
        event_id: str | None = None,
        document: str | None = None,
        doc_type: str | None = None,
    ) -> None:
        self.reason = reason
        self.field = field
        self.index = index
        self.event_id = event_id
        self.document = document
        self.doc_type = doc_type  # named when the document has no id to name it by
        super().__init__(self.message)

    def located(
        self, *, index: int | None = None, event_id: str | None = None, document: str | None = None,
        doc_type: str | None = None,
    ) -> LedgerError:
        """Say which document of a batch (or file) this error is about; `doc_type` names one without an id."""
        if index is not None:
            self.index = index
        if event_id is not None and self.event_id is None:
            self.event_id = event_id
        if document is not None:
            self.document = document
        if doc_type is not None:
            self.doc_type = doc_type
        self.args = (self.message,)
        return self

    @property
    def message(self) -> str:
        where = []
        if self.document:
            where.append(self.document)
        if self.index is not None:
            where.append(f"document {self.index}")
        if self.event_id:
            where.append(f"id {self.event_id!r}")
        elif self.doc_type:
            where.append(f"a {self.doc_type} without an id")
        prefix = ", ".join(where)
        field = f"field {self.field!r}: " if self.field else ""
        return f"{prefix + ': ' if prefix else ''}{field}{self.reason}"

    @property
    def problems(self) -> list[LedgerError]:
        """Each refusal this error stands for: itself, or the documents of a batch (see `InvalidDocuments`)."""
        return [self]

    def __str__(self) -> str:
        return self.message


class InvalidDocument(LedgerError):
    """The document is malformed: unknown type, missing or unexpected field, wrong type, bad date."""

    kind = "invalid document"
    # Each malformed field and why, where the document's schema refused it (the message names them all).
    malformed: tuple[tuple[str, str], ...] = ()


class InvalidDocuments(InvalidDocument):
    """Several documents of one batch are malformed: the message gives each on a line of its own.

    `problems` holds the first of them (`MAX_REPORTED` at most, each a `LedgerError` that names its
    document); `count` is how many there were in all.
    """

    def __init__(self, problems: list[LedgerError], count: int, of: int) -> None:
        self._problems = problems
        self.count = count
        super().__init__(f"{count} of {of} documents refused; nothing was stored")

    @property
    def problems(self) -> list[LedgerError]:
        return list(self._problems)

    @property
    def message(self) -> str:
        lines = [super().message + ":", *(f"  {p.message}" for p in self._problems)]
        if self.count > len(self._problems):
            lines.append(f"  ... and {self.count - len(self._problems)} more")
        return "\n".join(lines)


class Unreadable(LedgerError):
    """A path to load from does not exist, cannot be read, or holds no documents file."""

    kind = "cannot read"


class ListRefused(LedgerError):
    """A list to import (a CSV) with a row no rule of its importer reads: the file, the line and the reason."""

    kind = "cannot import"


class Unwritable(LedgerError):
    """A path to write to cannot be written: no such folder, no permission, a full disk."""

    kind = "cannot write"


class UnknownReference(LedgerError):
    """The document names an actor, source, regime, panel, draft or event the ledger does not hold."""

    kind = "unknown reference"

    def __init__(self, reason: str, *, unheld: tuple[str, tuple[str, ...]] | None = None, **where: Any) -> None:
        super().__init__(reason, **where)
        # The id named and the kinds it may be of (`panel`, `source`, `event`...): what a refusal guesses the
        # id meant from (ledger.service.suggestions). None where the refusal names no one id.
        self.unheld = unheld


class RuleBroken(LedgerError):
    """The document is well formed but contradicts a rule of the Security Council or of the ledger."""

    kind = "rule broken"


class Conflict(LedgerError):
    """The document clashes with what is stored: a taken id, or (as `Busy`) a concurrent writer."""

    kind = "conflict"


class Busy(Conflict):
    """Other writers held the ledger, or kept changing what the batch read, through every attempt: nothing
    was stored, and the same call may succeed later. A `Conflict` that is not `Busy` (a taken id, a different
    fact under a held id) fails again however often it is retried."""


class SchemaBehind(LedgerError):
    """The database schema is older than this code and was not upgraded."""

    kind = "schema behind"


class InvalidArgument(LedgerError):
    """A question the ledger cannot read: a day or a moment it cannot parse, a range the wrong way round.

    `field` names the argument (`as_of`, `known_at`, `since`, `until`).
    """

    kind = "invalid argument"

    @property
    def message(self) -> str:
        return f"{self.field}: {self.reason}" if self.field else self.reason


class NoLedger(LedgerError):
    """A read-only open found no ledger at the URL (and, being read-only, created none)."""

    kind = "not found"


class ReadOnly(LedgerError):
    """A write was asked of a ledger opened with `read_only=True`."""

    kind = "read-only"


class StorageError(LedgerError):
    """The database failed a write for a reason of its own (not another writer in the way): a full disk,
    a read-only file, a missing table, a limit of the database. Nothing of the batch was stored. Also what
    the database says, once connected, to a ledger being opened (a schema it lacks, a file it will not write)."""

    kind = "database error"


class DamagedLog(LedgerError):
    """An event of the log the ledger cannot read back as it stored it: its row was edited outside the ledger
    (or written by another program). `position` is its place in the log; `event_id` names its fact where the
    event, or else the fact index, still tells it. The error met beneath, if one was, is its `__cause__`."""

    kind = "damaged log"

    def __init__(self, reason: str, *, position: int, event_id: str | None = None) -> None:
        self.position = position
        super().__init__(reason, event_id=event_id)

    @property
    def message(self) -> str:
        fact = f" ({self.event_id!r})" if self.event_id else ""
        return (f"the event at position {self.position}{fact} cannot be read as the ledger stored it: {self.reason}; "
                "if the database was edited outside the ledger, `ledger verify` names what changed")


class LogCutShort(DamagedLog):
    """A write refused because the log ends before what was derived from it: its read models have seen more of it,
    or its hash chain holds links past its end. Its newest events were deleted behind the ledger's back (or the read
    models edited). An append would take the deleted positions, or go on past them, and hide the damage.
    `position` is the log's last event; `seen`, how far the read models were projected; `chained`, the chain's last
    position. Nothing was stored. While the chain runs past the log's end a rebuild of the read models does not lift
    the refusal: only the deleted events, restored, do."""

    def __init__(self, *, position: int, seen: int, chained: int) -> None:
        self.seen = seen
        self.chained = chained
        behind = seen if seen > position else chained
        super().__init__(f"{'read models projected' if seen > position else 'hash chain links'} to position {behind}",
                         position=position)

    @property
    def message(self) -> str:
        chain_past = self.chained > self.position
        if self.seen > self.position:
            chain = f", and its hash chain holds links to position {self.chained}" if chain_past else ""
            return (f"the log holds fewer events than its read models have seen (it ends at position {self.position}; "
                    f"they were projected to {self.seen}{chain}): its newest events were deleted behind the ledger's "
                    "back, or the read models edited; nothing was stored. `ledger verify` names what changed; restore "
                    "deleted events from a backup (`ledger rebuild` makes the read models agree with the log as it "
                    "stands; it does not bring deleted events back"
                    + (", and writes stay refused after it while the hash chain runs past the log's end)" if chain_past
                       else ")"))
        return (f"the log ends before its hash chain (it ends at position {self.position}; the chain holds links to "
                f"position {self.chained}): its newest events were deleted behind the ledger's back, their links "
                "kept; nothing was stored. `ledger verify` names what changed; restore deleted events from a backup "
                "(`ledger rebuild` does not bring them back, and writes stay refused while the chain runs past the "
                "log's end)")


class Unreachable(LedgerError):
    """The database cannot be connected to: no server where the URL points, a database or user it does not
    hold, a password it refuses, a SQLite file that cannot be opened. The message gives the URL (without
    its password) and the database's own reason."""

    kind = "database unreachable"


class Closed(LedgerError):
    """A ledger was used after `close()` (or after its `with` block): it reads and writes nothing more."""

    kind = "closed"
