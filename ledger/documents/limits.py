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

import json
import math
from collections.abc import Callable, Mapping
from typing import Any

from ledger.errors import InvalidDocument

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
    if len(text) <= limit:
        return text
    if isinstance(value, str):  # cut inside the quotes, so the excerpt still reads as one quoted string
        shown = repr(value[: limit - 3])
        return shown[:-1] + "\u2026" + shown[-1]
    return text[: limit - 1] + "\u2026"


def cut(name: str, limit: int = 60) -> str:
    """A field name or path as an error message gives it, cut short like `excerpt`."""
    return name if len(name) <= limit else name[: limit - 1] + "\u2026"


def _measured(raw: Mapping[Any, Any]) -> dict[Any, Any]:
    """The document as its size is counted: a source's text, which has a limit of its own, aside."""
    measured = dict(raw)
    if isinstance(measured.get("text"), str):
        del measured["text"]
    changes = measured.get("changes")
    if isinstance(changes, Mapping) and isinstance(changes.get("text"), str):
        measured["changes"] = {k: v for k, v in changes.items() if k != "text"}
    return measured


def check_size(raw: Mapping[Any, Any], event_id: str | None) -> None:
    """Refuse a document too big to keep, or one that is not JSON data (it came through the API).

    Measured as compact UTF-8 JSON; a source's text is left to its own field's limit.
    """
    try:
        written = json.dumps(_measured(raw), ensure_ascii=False, allow_nan=False, skipkeys=True, default=str,
                             separators=(",", ":"))
        size = len(written.encode("utf-8"))
    except UnicodeEncodeError:
        field, value = _find(raw, lambda v: isinstance(v, str) and not _is_text(v)) or ("", "\ud800")
        raise InvalidDocument(f"holds a lone surrogate ({_surrogate(value)!r}), which is not text",
                              field=cut(field) or None, event_id=event_id) from None
    except RecursionError:
        raise InvalidDocument("is nested too deeply to be a document", event_id=event_id) from None
    except ValueError:  # NaN or an infinity, an integer of thousands of digits, a structure that holds itself
        found = _find(raw, _not_a_json_number)
        if found is None:
            raise InvalidDocument("holds itself (a circular structure), which JSON cannot write", event_id=event_id) from None
        field, value = found
        raise InvalidDocument(_number_problem(value), field=cut(field) or None, event_id=event_id) from None
    if size > MAX_DOCUMENT_BYTES:
        limit = f"a document is at most {amount(MAX_DOCUMENT_BYTES, 'bytes')}, a source's text aside"
        field, value = _largest_text(_measured(raw))
        if len(value) * 2 > size:  # one field makes most of it: name that field
            raise InvalidDocument(f"is {len(value):,} characters long and makes the document {size:,} bytes as JSON; {limit}",
                                  field=cut(field), event_id=event_id)
        raise InvalidDocument(f"is {size:,} bytes as JSON; {limit}", event_id=event_id)


def _largest_text(raw: Any) -> tuple[str, str]:
    """The longest string of a document and its field path; for error messages only."""
    found = ("", "")
    stack: list[tuple[str, Any]] = [("", raw)]
    while stack:
        path, value = stack.pop()
        if isinstance(value, str) and len(value) > len(found[1]):
            found = (path, value)
        elif isinstance(value, Mapping | list):
            items = value.items() if isinstance(value, Mapping) else enumerate(value)
            stack.extend((f"{path}.{key}" if path else str(key), item) for key, item in items)
    return found


def _is_text(value: str) -> bool:
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _surrogate(value: str) -> str:
    return next(c for c in value if "\ud800" <= c <= "\udfff")


def _not_a_json_number(value: Any) -> bool:
    if isinstance(value, float):
        return not math.isfinite(value)
    return isinstance(value, int) and not isinstance(value, bool) and abs(value) > MAX_INTEGER


_FLOAT_NAMES = {"nan": "NaN", "inf": "Infinity", "-inf": "-Infinity"}


def _number_problem(value: Any) -> str:
    if isinstance(value, float):
        return f"{_FLOAT_NAMES.get(str(value), value)} is not a number JSON can hold"
    return f"an integer of {value.bit_length()} bits; integers are at most {MAX_INTEGER:,} (2^53 - 1)"


def _find(raw: Any, bad: Callable[[Any], bool]) -> tuple[str, Any] | None:
    """The first value (in document order) that is bad, and its field path; for error messages only."""
    seen: set[int] = set()
    stack: list[tuple[str, Any]] = [("", raw)]
    while stack:
        path, value = stack.pop()
        if bad(value):
            return path, value
        if isinstance(value, Mapping | list | tuple) and id(value) not in seen:
            seen.add(id(value))
            items = list(value.items()) if isinstance(value, Mapping) else list(enumerate(value))
            stack.extend((f"{path}.{key}" if path else str(key), item) for key, item in reversed(items))
    return None
