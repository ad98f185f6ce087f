"""How big a document may be, in one place; the errors and the README name these numbers.

A ledger keeps every event forever and every read replays them, so a document is bounded before
it is stored, not after. The bounds are far above what a real fact needs:

- a document (its compact JSON, UTF-8), a source's ``text`` aside: 1 MB. The longest fact of the
  seed is under 2 KB; a fact with a thousand findings of a paragraph each still fits.
- a quote: 10,000 characters, about four pages. A quote is the passage that supports a fact;
  longer than that it is a copy of the source, which belongs in the source's ``text``.
- a source's ``text``: 5 MB. A Security Council verbatim record is 100-300 KB of text and the
  longest final report of a panel of experts (some 600 pages) about 2 MB.
- an integer: 2^53 - 1, the largest that every JSON reader (JavaScript's among them) reads back
  exactly; no count in a document comes near it.
"""

from __future__ import annotations

from typing import Any

MAX_DOCUMENT_BYTES = 1_000_000
MAX_QUOTE_CHARS = 10_000
MAX_SOURCE_TEXT_BYTES = 5_000_000
MAX_INTEGER = 2**53 - 1

# A batch with many malformed documents names this many of them, then says how many more.
MAX_REPORTED = 20


def amount(n: int, unit: str) -> str:
    """`1,000,000 bytes (1 MB)`: the figure a user compares, and its round name."""
    if unit == "bytes" and n >= 1_000_000 and n % 1_000_000 == 0:
        return f"{n:,} bytes ({n // 1_000_000} MB)"
    return f"{n:,} {unit}"


def excerpt(value: Any, limit: int = 60) -> str:
    """A value as an error message quotes it: its repr, cut short, so a refusal stays one readable line."""
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 1] + "\u2026"


def cut(name: str, limit: int = 60) -> str:
    """A field name or path as an error message gives it, cut short like `excerpt`."""
    return name if len(name) <= limit else name[: limit - 1] + "\u2026"
