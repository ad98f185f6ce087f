"""The report's time axis and how it packs things that must not overlap: days to x, ticks, spans of a date
of some precision, and rows for intervals (labels, stacked marks)."""

from __future__ import annotations

import bisect
import calendar
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

FONT = 11.0  # label font size, px
CHAR = 0.6 * FONT  # the width a label's character is given (its text is drawn to that length: textLength)
LABEL_CHARS = 34  # longer labels are shortened with an ellipsis (the details panel has the whole fact)
GAP = 4.0  # the least room between two labels, or two marks, of one row


@dataclass(frozen=True)
class Tick:
    x: float
    text: str


@dataclass(frozen=True)
class Scale:
    """Days to x: the first day at `left`, the day after the last at `left + width`."""

    start: date
    end: date
    left: float
    width: float

    def x(self, day: date) -> float:
        """Where a day starts; a day outside the axis at its nearer end."""
        days = (self.end - self.start).days + 1
        share = min(max((day - self.start).days / days, 0.0), 1.0)
        return round(self.left + share * self.width, 2)

    def x_after(self, day: date) -> float:
        """Where a day ends: a span that ends on it is drawn up to here."""
        return self.x(date.fromordinal(day.toordinal() + 1)) if day < date.max else self.left + self.width

    def ticks(self) -> list[Tick]:
        """Years, or months on an axis of under three years: at most 24 of them."""
        if (self.end - self.start).days < 3 * 365:
            months = [
                (y, m)
                for y in range(self.start.year, self.end.year + 1)
                for m in range(1, 13)
                if self.start <= date(y, m, 1) <= self.end
            ]
            every = next(s for s in (1, 2, 3, 6, 12) if len(months) / s <= 24)
            return [Tick(self.x(date(y, m, 1)), f"{y}-{m:02d}") for i, (y, m) in enumerate(months) if i % every == 0]
        years = range(self.start.year + (self.start != date(self.start.year, 1, 1)), self.end.year + 1)
        step = next(s for s in (1, 2, 5, 10, 20, 50, 100, 1000) if len(years) / s <= 24)
        return [Tick(self.x(date(y, 1, 1)), str(y)) for y in years if y % step == 0]


def span_of(start: date, precision: str) -> tuple[date, date]:
    """The first and last day a date of some precision may be: a year, a month, or one day."""
    if precision == "year":
        return date(start.year, 1, 1), date(start.year, 12, 31)
    if precision == "month":
        return date(start.year, start.month, 1), date(start.year, start.month, calendar.monthrange(start.year, start.month)[1])
    return start, start


def shorten(text: str, limit: int = LABEL_CHARS) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "\u2026"


def label_width(text: str) -> float:
    return round(len(text) * CHAR, 2)


def pack(intervals: Sequence[tuple[float, float]], rows: int, gap: float = GAP) -> list[int | None]:
    """A row for each interval (left, right), the lowest whose intervals so far end `gap` before it; None
    where no row has room. Intervals are taken from left to right, so earlier ones win their rows."""
    order = sorted(range(len(intervals)), key=lambda i: (intervals[i][0], i))
    ends = [float("-inf")] * rows
    found: list[int | None] = [None] * len(intervals)
    for i in order:
        left, right = intervals[i]
        row = next((r for r in range(rows) if ends[r] + gap <= left), None)
        if row is not None:
            ends[row] = max(ends[row], right)
            found[i] = row
    return found


def place(
    candidates: Sequence[Sequence[tuple[float, float]]], rows: int, gap: float = GAP, rank: Sequence[int] | None = None
) -> list[tuple[int, int] | None]:
    """For each item, the first (row, candidate) whose interval keeps `gap` from every interval placed in
    that row before it; None where none does. Items are taken by `rank` (lowest first), then from the left (by
    their first candidate); each tries its candidates in order in a row before the next row: a label beside its
    mark, else before it."""
    ranks = rank if rank is not None else [0] * len(candidates)
    order = sorted(range(len(candidates)), key=lambda i: (ranks[i], candidates[i][0][0] if candidates[i] else 0.0, i))
    placed: list[list[tuple[float, float]]] = [[] for _ in range(rows)]  # each row's intervals, by left end
    found: list[tuple[int, int] | None] = [None] * len(candidates)
    for i in order:
        found[i] = next(
            ((r, c) for r in range(rows) for c, span in enumerate(candidates[i]) if _free(placed[r], span, gap)), None
        )
        if found[i] is not None:
            r, c = found[i]  # type: ignore[misc]
            bisect.insort(placed[r], candidates[i][c])
    return found


def _free(row: list[tuple[float, float]], span: tuple[float, float], gap: float) -> bool:
    """Whether an interval keeps `gap` from every interval of a row (sorted by left end; none overlap)."""
    at = bisect.bisect_left(row, span)
    before = row[at - 1] if at > 0 else None
    after = row[at] if at < len(row) else None
    return (before is None or before[1] + gap <= span[0]) and (after is None or span[1] + gap <= after[0])
