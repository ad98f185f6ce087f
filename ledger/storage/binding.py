"""How many values one statement binds, at most, and lists sliced to fit.

SQLite allows 999 variables before 3.32 and 32,766 after (some builds more), PostgreSQL 65,535: every list
the input can lengthen (ids, streams, keys in an IN condition) is bound in slices of `MANY`, so no size of
input reaches a database's limit.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import TypeVar

MANY = 500

T = TypeVar("T")


def slices(values: Sequence[T]) -> Iterator[list[T]]:
    """The values in slices of at most `MANY` (none for an empty sequence)."""
    for start in range(0, len(values), MANY):
        yield list(values[start : start + MANY])
