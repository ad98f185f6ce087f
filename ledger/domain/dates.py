"""Valid time: when a fact happened in the world, to the year, the month or the day."""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

_PATTERN = re.compile(r"^([0-9]{4})(?:-([0-9]{2})(?:-([0-9]{2}))?)?$")


@dataclass(frozen=True, order=True)
class Occurrence:
    """A date as precise as the source allows; it counts from its first day."""

    start: date
    precision: str  # "year", "month" or "day"
    text: str

    def __str__(self) -> str:
        return self.text


@lru_cache(maxsize=65_536)  # folds read the same few thousand dates over and over
def parse_occurrence(text: str) -> Occurrence:
    """Read `YYYY`, `YYYY-MM` or `YYYY-MM-DD`; raise ValueError saying what is wrong."""
    match = _PATTERN.fullmatch(text) if isinstance(text, str) else None
    if not match:
        raise ValueError(f"{text!r} is not a date of the form YYYY, YYYY-MM or YYYY-MM-DD")
    year, month, day = match.groups()
    y = int(year)
    if y < 1:
        raise ValueError(f"{text!r} has no year 0")
    if month is None:
        return Occurrence(date(y, 1, 1), "year", text)
    m = int(month)
    if not 1 <= m <= 12:
        raise ValueError(f"{text!r} has no month {month}")
    if day is None:
        return Occurrence(date(y, m, 1), "month", text)
    d = int(day)
    last = calendar.monthrange(y, m)[1]
    if not 1 <= d <= last:
        raise ValueError(f"{text!r} is not a day: {calendar.month_name[m]} {y} has {last} days")
    return Occurrence(date(y, m, d), "day", text)


def parse_day(text: str) -> date:
    """Read a full date `YYYY-MM-DD` (a mandate's end, a publication day)."""
    occurrence = parse_occurrence(text)
    if occurrence.precision != "day":
        raise ValueError(f"{text!r} must be a full date YYYY-MM-DD")
    return occurrence.start
