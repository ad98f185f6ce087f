"""What a scenario is looking at: the ledger under audit, the scratch copy a what-if works on, the view, the
thing last named, the moments noted, and what the last attempt, audit, command or verification answered."""

from __future__ import annotations

import subprocess
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from ledger.service.application import Ledger
from ledger.storage.chain import Digest, Verification


@dataclass
class Attempt:
    """Someone tried to append documents: the ledger they tried it on, how it looked before, and its answer."""

    ledger: Ledger
    documents: list[dict[str, Any]]
    before: dict[str, Any]
    rows_before: int
    head_before: tuple[int, str]  # the log's last position and the hash chain's digest
    error: Exception | None = None
    recordings: list[Any] = field(default_factory=list)
    batch: bool = False  # a batch of documents (all stored or none), not one

    @property
    def them(self) -> str:
        """What was appended, as a sentence names it: "it" (the document, by id) or "them" (the batch)."""
        ids = ", ".join(str(d.get("id")) for d in self.documents if isinstance(d, dict))
        return self.pronoun + (f" ({ids})" if ids else "")

    @property
    def pronoun(self) -> str:
        return "them" if self.batch else "it"

    @property
    def refused(self) -> Any:
        if self.error is None:
            raise AssertionError(f"expected the ledger to refuse {self.them}; it accepted {self.pronoun}")
        return self.error


@dataclass
class Scene:
    """One scenario's state. `ledger` is what its sentences read: the copy once one is made, else the ledger
    under audit, which a scenario never writes to."""

    audited: Ledger
    workdir: Path
    copy: Ledger | None = None
    feature: Path | None = None  # the feature file the scenario is in
    documents: list[dict[str, Any]] | None = None  # the documents of files the ledger was found to hold
    view: Any = None
    panel: Any = None
    regime: Any = None
    draft: Any = None
    fact: Any = None  # the statement, report, timeline row or change last named
    diff: Any = None  # the last comparison of two moments
    earlier: Any = None  # what an earlier step kept for a later one
    moments: dict[str, datetime] = field(default_factory=dict)
    attempt: Attempt | None = None
    found: list[Any] = field(default_factory=list)  # the last audit
    before: list[Any] = field(default_factory=list)  # the audit before a forgery
    forged: dict[str, Any] | None = None
    command: subprocess.CompletedProcess[str] | None = None
    fixes: list[Any] = field(default_factory=list)  # recordings of the fixes a scenario made, in order
    reasons: dict[str, str] = field(default_factory=dict)  # fix id -> its reason
    targets: dict[str, str] = field(default_factory=dict)  # fix id -> the id of the fact it fixes
    places: dict[str, tuple[str, int]] = field(default_factory=dict)  # a fact as named -> (event id, position)
    tampered: str | None = None
    digest: Digest | None = None
    verification: Verification | None = None

    @property
    def ledger(self) -> Ledger:
        return self.copy if self.copy is not None else self.audited

    def make_copy(self) -> Ledger:
        """A scratch copy of the ledger under audit, which later sentences read and change instead of it."""
        if self.copy is None:
            self.copy = Ledger.open(self.audited.copy_to(self.workdir / "copy.db"))
        return self.copy

    def writable(self, doing: str) -> Ledger:
        """The copy, for a what-if: the ledger under audit is never written to."""
        if self.copy is None:
            raise AssertionError(f"cannot {doing} on the ledger under audit, which a scenario never changes: "
                                 "begin the scenario (or its Background) with \"Given a copy of the ledger\"")
        return self.copy

    def close(self) -> None:
        if self.copy is not None:
            self.copy.close()
