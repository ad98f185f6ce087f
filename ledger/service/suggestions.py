"""What a refused name most likely meant: a state written as people write it (`Russia`, `usa`, `Rusia`) where
the ledger takes its ISO 3166 code. The command line's `--speaker` and `--about` offer the same."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ledger.documents.parse import value_at
from ledger.errors import LedgerError, RuleBroken, UnknownReference
from ledger.states import is_state, state_meant


def with_state_meant(error: LedgerError, document: Mapping[str, Any]) -> LedgerError:
    """The refusal of a name that is no actor or state, saying which state it likely means, when one fits."""
    if not isinstance(error, (UnknownReference, RuleBroken)) or error.field is None:
        return error
    found, at = value_at(document, error.field)  # `speakers`, `speakers.1`, `changes.speakers.0`
    values = [at] if isinstance(at, str) else [v for v in at if isinstance(v, str)] if found and isinstance(at, list) else []
    for value in values:
        if not is_state(value) and f"{value!r}" in error.reason and (meant := state_meant(value)) is not None:
            error.reason = f"{error.reason}; did you mean {meant}?"
            error.args = (error.message,)
            break
    return error
