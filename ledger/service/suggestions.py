"""What a refused name most likely meant: a state written as people write it (`Russia`, `usa`, `Rusia`) where
the ledger takes its ISO 3166 code. The command line's `--speaker` and `--about` offer the same."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from ledger.errors import LedgerError, RuleBroken, UnknownReference
from ledger.states import is_state, state_meant


def with_state_meant(error: LedgerError, document: Mapping[str, Any]) -> LedgerError:
    """The refusal of a name that is no actor or state, saying which state it likely means, when one fits."""
    if not isinstance(error, (UnknownReference, RuleBroken)) or error.field is None:
        return error
    for value in _values_at(document, error.field):
        if not is_state(value) and f"{value!r}" in error.reason and (meant := state_meant(value)) is not None:
            error.reason = f"{error.reason}; did you mean {meant}?"
            error.args = (error.message,)
            break
    return error


def _values_at(document: Mapping[str, Any], field: str) -> Iterator[str]:
    """The texts at a field path of a document (`speakers`, `speakers.1`, `changes.speakers.0`)."""
    value: Any = document
    for part in field.split("."):
        if isinstance(value, Mapping) and part in value:
            value = value[part]
        elif isinstance(value, list) and part.isdigit() and int(part) < len(value):
            value = value[int(part)]
        else:
            return
    yield from ([value] if isinstance(value, str) else [v for v in value if isinstance(v, str)] if isinstance(value, list) else [])
