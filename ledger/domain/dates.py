"""Valid time: when a fact happened in the world, as precisely or as loosely as its source says.

A date is a year, a month or a day (`2024`, `2024-03`, `2024-03-28`), or one of the Extended Date/Time
Format's level 1 forms: an interval (`2024-03-28/2024-03-29`), an open start (`../2024-03-29`: on or
before), an uncertain (`2024-03-28?`) or approximate (`2024-03~`) date, or both (`2024-03-28%`). Each
allows a span of days, from its earliest to its latest. The fold's one rule (DESIGN 5 for years and
months): a fact counts from the earliest day its date allows; an open start, which has no earliest day,
counts from the first day of its end (it is known to have happened by then).
"""

from __future__ import annotations

import calendar
import re
import sys
import warnings
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from edtf import UA, Date

# edtf is read only when a date is not a plain year, month or day: importing it takes about 0.1 s (its
# grammar, and dateutil's), which a command that reads plain dates need not pay.

_PATTERN = re.compile(r"^([0-9]{4})(?:-([0-9]{2})(?:-([0-9]{2}))?)?$")

FORMS = (
    "YYYY, YYYY-MM or YYYY-MM-DD, or an EDTF level 1 form: an interval D1/D2, ../D (on or before D), "
    "D? (uncertain), D~ (approximate) or D% (both)"
)

# How many of its own units an uncertain (?) or approximate (~) date allows either side; both (%) twice
# as many. The edtf library pads by the same amounts (its PADDING_*_PRECISION and MULTIPLIER_IF_*) but
# adds a year's, a month's and a day's padding together to a day; the ledger pads by the date's own unit.
WIDENING = {"?": 1, "~": 1, "%": 2}
KINDS = ("day", "month", "year", "interval", "open-start", "uncertain", "approximate", "uncertain-approximate")
SPANS = frozenset(KINDS[3:])  # the EDTF forms, which rules read on their first and last days

# The level 1 forms the ledger does not take, and the level 2 forms, named for the reason given.
_REFUSED = {
    "Unspecified": "has unspecified digits (X): write the known part only, e.g. 2024-03 for 2024-03-XX",
    "Season": "is a season (EDTF 21-24): write the months it spans as an interval, e.g. 2024-03/2024-05",
    "LongYear": "is a long year (Y...): the ledger takes years of four digits",
    "DateAndTime": "has a time of day: the ledger dates facts to the day",
    "PartialUncertainOrApproximate": "is EDTF level 2 (a qualified part of a date, e.g. 2024?-03)",
    "PartialUnspecified": "is EDTF level 2 (unspecified digits inside a date)",
    "OneOfASet": "is EDTF level 2 (one of a set, [..]): write the span as an interval",
    "MultipleDates": "is EDTF level 2 (all of a set, {..}): record one fact per date",
    "Level2Interval": "is EDTF level 2 (an interval with qualified parts)",
    "Level2Season": "is EDTF level 2 (a season beyond 21-24)",
    "ExponentialYear": "is EDTF level 2 (an exponential year)",
    "Consecutives": "is EDTF level 2 (a range inside a set)",
    "EarlierConsecutives": "is EDTF level 2 (a range inside a set)",
    "LaterConsecutives": "is EDTF level 2 (a range inside a set)",
}


@dataclass(frozen=True, order=True)
class Occurrence:
    """A date as precise as the source allows: the days it allows, and the day it counts from.

    Ordered by the day it counts from, then its latest day (then its text, so the order is total).
    """

    start: date  # the day the fact counts from: its earliest, or for an open start its end's first day
    latest: date  # the last day the date allows: it happened on or before this day
    text: str  # as written
    precision: str = field(default="day", compare=False)  # "year", "month" or "day": the coarsest unit written
    kind: str = field(default="day", compare=False)  # one of KINDS
    earliest: date | None = field(default=None, compare=False)  # None only for an open start (`../D`)

    def __post_init__(self) -> None:
        if self.earliest is None and self.kind != "open-start":
            object.__setattr__(self, "earliest", self.start)

    def __str__(self) -> str:
        return self.text


@lru_cache(maxsize=65_536)  # folds read the same few thousand dates over and over
def parse_occurrence(text: str) -> Occurrence:
    """Read a year, month or day, or an EDTF level 1 form; raise ValueError saying what is wrong."""
    if not isinstance(text, str) or not text:
        raise ValueError(f"{text!r} is not a date: write {FORMS}")
    if _PATTERN.fullmatch(text):  # the common case, without the EDTF grammar (3 µs a date against 3 to 6 ms)
        start, latest, precision = _plain(text)
        return Occurrence(start, latest, text, precision, precision)
    if text != text.strip():
        raise ValueError(f"{text!r} is not a date: write {FORMS}, without spaces")
    _quietly_import_edtf()
    from edtf import EDTFParseException, parse_edtf

    try:
        parsed = parse_edtf(text)  # 3 to 6 ms a date (pyparsing): the cache above keeps that to once a text
    except EDTFParseException:
        for part in re.sub(r"[?~%]", "", text).split("/"):  # say what is wrong with a part, if one is
            if _PATTERN.fullmatch(part):
                _plain(part, text)
        raise ValueError(f"{text!r} is not a date: write {FORMS}") from None
    return _level_1(text, parsed)


def _level_1(text: str, parsed: object) -> Occurrence:
    from edtf import Date, Interval, Level1Interval, UncertainOrApproximate

    name = type(parsed).__name__
    if isinstance(parsed, UncertainOrApproximate) and type(parsed.date) is Date:  # not a season, nor X digits
        earliest, latest, precision = _qualified(text, parsed.date, parsed.ua)
        mark = str(parsed.ua)
        kind = {"?": "uncertain", "~": "approximate", "%": "uncertain-approximate"}[mark]
        return Occurrence(earliest, latest, text, precision, kind)
    if isinstance(parsed, Level1Interval) or (isinstance(parsed, Interval) and type(parsed) is Interval):
        return _interval(text, parsed.lower, parsed.upper)
    if type(parsed) is Date:  # a plain date the pattern refused: a negative year, or significant digits
        if parsed.significant_digits:
            raise ValueError(f"{text!r} is EDTF level 2 (significant digits, S): write {FORMS}")
        raise ValueError(f"{text!r} has no year before 1")
    reason = _REFUSED.get(name, f"is an EDTF form the ledger does not take ({name})")
    raise ValueError(f"{text!r} {reason}; the ledger takes {FORMS}")


def _interval(text: str, lower: object, upper: object) -> Occurrence:
    from edtf import UnspecifiedIntervalSection

    if isinstance(upper, UnspecifiedIntervalSection):
        raise ValueError(
            f"{text!r} has no end: a fact must have happened by some day for its source to report it; "
            "write D1/D2 with the source's publication day as D2"
        )
    end = _end(text, upper)
    if isinstance(lower, UnspecifiedIntervalSection):
        if lower.is_unknown:
            raise ValueError(f"{text!r} has an empty start: write ..{text} for 'on or before'")
        return Occurrence(end[0], end[1], text, end[2], "open-start", None)
    begin = _end(text, lower)
    if begin[0] > end[1]:
        raise ValueError(f"{text!r} ends before it starts: write the earlier date first")
    coarser = max(begin[2], end[2], key=("day", "month", "year").index)
    return Occurrence(begin[0], end[1], text, coarser, "interval")


def _end(text: str, part: object) -> tuple[date, date, str]:
    """The days one end of an interval allows (an end may itself be uncertain or approximate)."""
    from edtf import Date, UncertainOrApproximate

    if type(part) is Date:
        return _plain(str(part), text)
    if isinstance(part, UncertainOrApproximate) and type(part.date) is Date:
        return _qualified(text, part.date, part.ua)
    reason = _REFUSED.get(type(getattr(part, "date", part)).__name__, "is not a year, a month or a day")
    raise ValueError(f"{text!r} has an end that {reason}")


def _qualified(text: str, written: Date, ua: UA | None) -> tuple[date, date, str]:
    """A date's own span, widened by WIDENING of its own units either side when it is marked ? ~ or %."""
    earliest, latest, precision = _plain(str(written), text)
    n = WIDENING.get(str(ua) if ua else "", 0)
    if precision == "day":
        days = max(1, earliest.toordinal() - n), min(date.max.toordinal(), latest.toordinal() + n)
        return date.fromordinal(days[0]), date.fromordinal(days[1]), precision
    months = n * (12 if precision == "year" else 1)
    first, month = _shift(earliest, -months), _shift(latest, months)
    return first, month.replace(day=calendar.monthrange(month.year, month.month)[1]), precision


def _shift(day: date, months: int) -> date:
    """The first day of the month `months` away (never before year 1)."""
    index = min(max(0, day.year * 12 + day.month - 1 + months - 12), 9999 * 12 - 1)
    return date(index // 12 + 1, index % 12 + 1, 1)


def _plain(written: str, text: str | None = None) -> tuple[date, date, str]:
    """The first and last day of `YYYY`, `YYYY-MM` or `YYYY-MM-DD`, and which of the three it is."""
    text = written if text is None else text
    match = _PATTERN.fullmatch(written)
    if not match:
        raise ValueError(f"{text!r} is not a date: write {FORMS}")
    year, month, day = match.groups()
    y = int(year)
    if y < 1:
        raise ValueError(f"{text!r} has no year 0")
    if month is None:
        return date(y, 1, 1), date(y, 12, 31), "year"
    m = int(month)
    if 21 <= m <= 24:
        raise ValueError(f"{text!r} is a season (EDTF 21-24): write the months it spans as an interval")
    if not 1 <= m <= 12:
        raise ValueError(f"{text!r} has no month {month}")
    last = calendar.monthrange(y, m)[1]
    if day is None:
        return date(y, m, 1), date(y, m, last), "month"
    d = int(day)
    if not 1 <= d <= last:
        raise ValueError(f"{text!r} is not a day: {calendar.month_name[m]} {y} has {last} days")
    return date(y, m, d), date(y, m, d), "day"


def parse_day(text: str) -> date:
    """Read a full date `YYYY-MM-DD` (a mandate's end, a publication day)."""
    try:
        occurrence = parse_occurrence(text)
    except ValueError as e:
        # An impossible day keeps its own words (February 2024 has 29 days); a text that is no date at all
        # is told the one form a day takes, not the looser forms of when a fact occurred.
        if "is not a date" in str(e):
            raise ValueError(f"{text!r} is not a day: write a full date YYYY-MM-DD") from None
        raise
    if occurrence.kind != "day":
        raise ValueError(f"{text!r} must be a full date YYYY-MM-DD")
    return occurrence.start


def _quietly_import_edtf() -> None:
    """Import edtf without the diagnostics pyparsing gives while its grammar is built (shown under
    `python -W default` and in pytest's summaries): they are about edtf's grammar, not a user's dates."""
    if "edtf" in sys.modules:
        return
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        import edtf  # noqa: F401

