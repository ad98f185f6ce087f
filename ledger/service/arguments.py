"""The days, moments and words a reader asks about: the day of a view, the bounds of a timeline, the moment of
knowledge, the words a timeline's rows must contain.

The Python API and the command line read them with these functions alike, and each names what was wrong
in its own words (the argument `as_of`, the option `--as-of`). Cheap to import: the command line checks
its options before it opens anything.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable, Iterable
from datetime import UTC, date, datetime, time

from ledger.errors import InvalidArgument

_DATE = re.compile(r"([0-9]{4})(?:-([0-9]{2})(?:-([0-9]{2}))?)?")
_FULL_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_END_OF_DAY = time(23, 59, 59, 999_999)

DAY = "a day (YYYY-MM-DD)"
PERIOD = "a year, month or day (YYYY, YYYY-MM or YYYY-MM-DD)"
MOMENT = "a moment: an ISO date-time such as 2024-06-01T12:00:00Z, or a day YYYY-MM-DD (its end)"


def day(value: date | str) -> date:
    """A day: a date, or its text YYYY-MM-DD (a month or a year is refused: which day of it?)."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    first, _, precision = _period(value, DAY)
    if precision != "day":
        raise ValueError(f"{value!r} is a {precision}, not {DAY}")
    return first


def first_day(value: date | str) -> date:
    """The first day of a period: a date, or YYYY-MM-DD, YYYY-MM (its 1st) or YYYY (1 January)."""
    return value.date() if isinstance(value, datetime) else value if isinstance(value, date) else _period(value, PERIOD)[0]


def last_day(value: date | str) -> date:
    """The last day of a period: a date, or YYYY-MM-DD, YYYY-MM (its last day) or YYYY (31 December)."""
    return value.date() if isinstance(value, datetime) else value if isinstance(value, date) else _period(value, PERIOD)[1]


def moment(value: datetime | date | str) -> datetime:
    """A moment in UTC: a date-time (UTC unless it says otherwise), or a day, which means its last instant."""
    if isinstance(value, str):
        return moment(_moment_or_day(value))
    if isinstance(value, datetime):
        return value if value.tzinfo else value.replace(tzinfo=UTC)
    if isinstance(value, date):
        return datetime.combine(value, _END_OF_DAY, tzinfo=UTC)
    raise ValueError(f"{value!r} is not {MOMENT}")


def _moment_or_day(text: str) -> datetime | date:
    if _FULL_DATE.fullmatch(text):
        return day(text)  # refused, if it is, as a day
    try:
        return date.fromisoformat(text)  # the other forms of a day ISO 8601 has: 20240601, 2024-W22-6
    except ValueError:
        pass
    try:
        return datetime.fromisoformat(text)
    except ValueError:
        raise ValueError(f"{text!r} is not {MOMENT}") from None


def _period(text: object, wanted: str) -> tuple[date, date, str]:
    """The first and last days of YYYY, YYYY-MM or YYYY-MM-DD, and which of the three it is.

    Text of the right form with an impossible month or day is refused as what it tried to be."""
    match = _DATE.fullmatch(text) if isinstance(text, str) else None
    if match is None:
        raise ValueError(f"{text!r} is not {wanted}")
    year, month, day_ = (int(g) if g else None for g in match.groups())
    assert year is not None
    tried = "a year (YYYY)" if month is None else "a month (YYYY-MM)" if day_ is None else DAY
    if year < 1:
        raise ValueError(f"{text!r} is not {tried}: there is no year 0")
    if month is None:
        return date(year, 1, 1), date(year, 12, 31), "year"
    if not 1 <= month <= 12:
        raise ValueError(f"{text!r} is not {tried}: there is no month {month:02d}")
    days = calendar.monthrange(year, month)[1]
    if day_ is None:
        return date(year, month, 1), date(year, month, days), "month"
    if not 1 <= day_ <= days:
        raise ValueError(f"{text!r} is not {tried}: {calendar.month_name[month]} {year} has {days} days")
    return date(year, month, day_), date(year, month, day_), "day"


def asked_day(value: date | str, name: str = "as_of", read: Callable[[date | str], date] = day) -> date:
    """A day the API was asked about, refused as an `InvalidArgument` that names the argument."""
    try:
        return read(value)
    except ValueError as e:
        raise InvalidArgument(str(e), field=name) from None


def asked_moment(value: datetime | date | str | None, name: str = "known_at") -> datetime | None:
    """A moment of knowledge: a date-time (UTC unless it says otherwise), or a day, meaning its end (UTC)."""
    if value is None:
        return None
    try:
        return moment(value)
    except ValueError as e:
        raise InvalidArgument(str(e), field=name) from None


def words(values: Iterable[str] | str | None) -> list[str]:
    """Words to find, each of them (a text is one); a blank one would be found in every row, so is refused as a
    mistake."""
    found = [values] if isinstance(values, str) else list(values or ())
    blank = next((w for w in found if not isinstance(w, str) or not w.strip()), None)
    if blank is not None:
        raise ValueError(f"{blank!r} is no word to find: give the words rows must contain")
    return found


def asked_words(values: Iterable[str] | str | None, name: str = "text") -> list[str] | None:
    """The words the API was asked to find (None, or none: every row), refused as an `InvalidArgument`."""
    try:
        return words(values) or None
    except ValueError as e:
        raise InvalidArgument(str(e), field=name) from None
