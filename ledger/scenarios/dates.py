"""A fact named by its date, as a step writes it: `Matthew Miller's statement of 2024-03-28`, `... of 1992-08-30?`,
`... of 2024-03-28/2024-03-29`. The date is written as the fact's `occurred_on` is (any form the ledger takes for
it) and compared as the ledger reads both. A plain day names what it always named: a fact whose date is written
so, or that counts from that day (a view's date equals its text and its first day).
"""

from __future__ import annotations

import re

from ledger.domain.dates import Occurrence, parse_occurrence

_PLAIN_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


def dated(held: object, written: str) -> bool:
    """Whether a fact's date (a view's `When`, or the text of a date) is the date a step writes. Beyond a plain
    day, two texts are one date when the ledger reads them alike: the same form, to the same unit, allowing the
    same days (`2024-03-28?/2024-03-29` is `2024-03-27/2024-03-29`); a text the ledger cannot read is no date."""
    if held is None:
        return False
    if _PLAIN_DAY.fullmatch(written):
        return held == written  # as ever: a `When` equals its own text and its first day's
    text = getattr(held, "text", held)
    if not isinstance(text, str):
        return False
    if text == written:
        return True
    return (read := _read(text)) is not None and (wanted := _read(written)) is not None and _alike(read) == _alike(wanted)


def view_day(written: str) -> str:
    """The day to look at the ledger on to find a fact of this date: the last day the date allows, on which a fact
    that counts from any of its days is in the view (a plain day: itself; a date the ledger cannot read: as
    written, for the view to refuse in its own words)."""
    read = _read(written)
    return read.latest.isoformat() if read is not None else written


def _read(text: str) -> Occurrence | None:
    try:
        return parse_occurrence(text)
    except ValueError:
        return None


def _alike(occurrence: Occurrence) -> tuple[object, ...]:
    return occurrence.kind, occurrence.precision, occurrence.start, occurrence.earliest, occurrence.latest
