"""The report's timeline as geometry: lanes, mandate bars, marks and labels with their coordinates.

Pure: it takes plain values (`ledger.views.report_lanes.LaneInput`) and computes where each thing is drawn; the template only
writes the numbers out. Crowding is handled here, not in the browser: marks that would overlap are
stacked in levels, and labels are packed into a few rows, a label that fits in none being hidden (it
shows on hover, and its fact in the details panel on a click), so visible labels never overlap.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from ledger.views.report_lanes import BarInput, LaneFact, LaneInput
from ledger.views.report_scale import FONT, Scale, Tick, label_width, pack, place, shorten, span_of

WIDTH = 1200.0  # the SVG's width in px; its height follows from the lanes
MARGIN = 12.0
LABEL_ROWS = 4  # rows of labels under a lane's marks
RESOLUTION_ROWS = 2  # rows of resolution numbers above a lane's regime bar
MARK = 9.0  # a mark's size, px
LEVELS = 8  # marks on one day are stacked up to this many levels (then they overlap)

# Whose label gets room first where labels crowd: a veto's, then a vote's, a report's, a meeting's...
RANK = {
    t: i
    for i, t in enumerate(
        ("VetoCast", "DraftResolutionVoted", "ReportReleased", "SanctionsRegimeTerminated", "MeetingHeld", "ProposalMade")
    )
}

# The shape each type of fact is drawn as; others are dots.
SHAPES = {
    "VetoCast": "diamond",
    "ReportReleased": "square",
    "MeetingHeld": "triangle",
    "StatementIssued": "circle",
    "DraftResolutionVoted": "ballot",
}


@dataclass(frozen=True)
class Label:
    text: str
    full: str
    x: float
    y: float
    width: float
    row: int | None  # None: hidden (no room), shown on hover

    @property
    def visible(self) -> bool:
        return self.row is not None


@dataclass(frozen=True)
class Mark:
    event_id: str
    type: str
    shape: str  # circle, diamond, square, triangle, ballot, dot, span, tick
    text: str
    precision: str
    start: date
    end: date
    x: float  # the centre of a point, the left of a span
    y: float  # the centre line
    width: float  # a span's width (MARK for a point)
    label: Label | None
    points: str = ""  # a polygon's corners (diamond, triangle)


@dataclass(frozen=True)
class Bar:
    panel_id: str
    name: str
    start: date
    end: date
    status: str
    x: float
    y: float
    width: float
    height: float
    ahead: float  # how much of its width lies after the day of the report (a mandate still to run)
    name_x: float = 0.0  # where its name is written above it: at its start, or moved left to end inside the axis
    mandate_ends_on: date | None = None  # a panel's mandate's own last day, when its regime's termination cut it short
    terminated_on: date | None = None  # the day its regime was terminated, when that ended it (the day after `end`)


@dataclass(frozen=True)
class Lane:
    key: str
    title: str
    y: float
    height: float
    regime: Bar | None  # the regime in force, as a thin bar
    bars: list[Bar]
    marks: list[Mark]
    labels_y: float  # where the rows of labels start


@dataclass(frozen=True)
class Timeline:
    width: float
    height: float
    top: float  # where the lanes start (under the axis)
    start: date
    end: date
    as_of: date
    as_of_x: float
    ticks: list[Tick]
    lanes: list[Lane] = field(default_factory=list)

    @property
    def as_of_shown(self) -> str:
        """Where the day of the report is: "inside" the axis, or "after" / "before" it (drawn at that end)."""
        return "after" if self.as_of > self.end else "before" if self.as_of < self.start else "inside"


def layout(lanes: Sequence[LaneInput], as_of: date, width: float = WIDTH, window: tuple[date, date] | None = None) -> Timeline:
    """Where every lane, bar, mark and label is drawn: over whole years from the first fact to the last (or
    `as_of`, if earlier), or over a `window` of days (a close-up: the facts that fall in it, bars cut at its ends)."""
    if window is None:
        days = [d for lane in lanes for d in _days(lane)] or [as_of]
        first, last = min(days), max(days)
        scale = Scale(date(first.year, 1, 1), date(last.year, 12, 31), MARGIN, width - 2 * MARGIN)
    else:
        scale = Scale(window[0], window[1], MARGIN, width - 2 * MARGIN)
        lanes = [_within(lane, *window) for lane in lanes]
    top = 28.0
    y, placed = top, []
    for lane in lanes:
        if window is not None and not lane.facts and not lane.bars:
            continue  # nothing of it happened in the close-up
        built = _lane(lane, scale, y, as_of)
        placed.append(built)
        y += built.height
    return Timeline(width, y + 8, top, scale.start, scale.end, as_of, scale.x(as_of), scale.ticks(), placed)


def close_up(lanes: Sequence[LaneInput], months: int = 12) -> tuple[date, date] | None:
    """The last `months` months of the facts and mandates, where the overview spans more than twice that
    (else None: the overview is close enough)."""
    days = [d for lane in lanes for d in _days(lane) if d != lane.start or not lane.bars]
    if not days or (max(days) - min(days)).days <= months * 61:
        return None
    last = max(days)
    back = last.year * 12 + last.month - 1 - (months - 1)
    return date(back // 12, back % 12 + 1, 1), span_of(last, "month")[1]


def _within(lane: LaneInput, start: date, end: date) -> LaneInput:
    facts = [f for f in lane.facts if f.end >= start and f.start <= end]
    bars = [b for b in lane.bars if b.end >= start and b.start <= end]
    return LaneInput(lane.key, lane.title, lane.start, lane.end, bars, facts, lane.terminated_on)


def _days(lane: LaneInput) -> list[date]:
    found = [d for f in lane.facts for d in (f.start, f.end)] + [d for b in lane.bars for d in (b.start, b.end)]
    return found + [d for d in (lane.start, lane.end) if d is not None]


def _lane(lane: LaneInput, scale: Scale, top: float, as_of: date) -> Lane:
    right = scale.left + scale.width
    title_h, res_h, bar_h, row_gap = 18.0, FONT + 3, 10.0, 6.0
    # Resolution numbers: packed into rows above the regime bar.
    resolutions = [f for f in lane.facts if f.resolution]
    res_rows = RESOLUTION_ROWS if resolutions else 0
    res_labels = _labels(_once_each(resolutions), scale, res_rows, top + title_h + FONT, res_h, right)
    regime_y = top + title_h + res_rows * res_h + (4 if lane.start is not None else -5)
    regime = None
    if lane.start is not None:
        end = lane.end or max(as_of, lane.start)
        regime = _bar(
            BarInput(lane.key, lane.title, lane.start, end, "terminated" if lane.end else "in_force",
                     terminated_on=lane.terminated_on), scale, regime_y, 5.0, as_of
        )
    rows = {"regime": regime_y + 2.5}
    y = regime_y + (5.0 + row_gap if lane.start is not None else 0)
    bars = []
    for b in lane.bars:
        bars.append(_bar(b, scale, y + FONT + 2, bar_h, as_of))
        rows[b.panel_id] = y + FONT + 2 + bar_h / 2
        y += FONT + 2 + bar_h + row_gap
    # Facts that are not resolutions: on their panel's row or the lane's row of events, stacked where crowded.
    events = [f for f in lane.facts if not f.resolution]
    on_events = [f for f in events if f.row not in rows or f.row == "events"]
    levels = _levels(on_events, scale)
    used = max(levels, default=-1) + 1
    events_y = y + MARK / 2
    rows["events"] = events_y
    y = events_y + max(used, 1) * (MARK + 2) + row_gap
    labels_y = y + FONT
    labels = _labels(events, scale, LABEL_ROWS, labels_y, FONT + 3, right)
    level_of = dict(zip((f.event_id for f in on_events), levels, strict=True))
    # A resolution's tick sits on the bar it belongs to: a panel's, or the regime's.
    marks = [_mark(f, scale, rows.get(f.row, rows["regime"]), f.row, res_labels.get(f.event_id)) for f in resolutions]
    for f in events:
        row = f.row if f.row in rows and f.row != "events" else "events"
        centre = rows[row] + (level_of.get(f.event_id, 0) * (MARK + 2) if row == "events" else 0)
        marks.append(_mark(f, scale, centre, row, labels.get(f.event_id)))
    used_rows = max((lb.row for lb in labels.values() if lb.row is not None), default=0) + 1
    height = labels_y + used_rows * (FONT + 3) - top + 2
    # Vetoes last, so that they are drawn on top of anything they meet.
    marks.sort(key=lambda m: (m.shape == "diamond", m.x))
    return Lane(lane.key, lane.title, top, height, regime, bars, marks, labels_y)


def _once_each(resolutions: list[LaneFact]) -> list[LaneFact]:
    """One label for a resolution that did several things on its day (1874 reinforced the regime and made its panel)."""
    seen: set[tuple[str, date]] = set()
    found = []
    for f in resolutions:
        if (f.label, f.start) not in seen:
            seen.add((f.label, f.start))
            found.append(f)
    return found


def _levels(facts: Sequence[LaneFact], scale: Scale) -> list[int]:
    """A level for each mark of a row: the lowest where it meets no other; past LEVELS, the least crowded."""
    intervals = [_extent(f, scale) for f in facts]
    found = pack(intervals, LEVELS, gap=1.0)
    return [r if r is not None else i % LEVELS for i, r in enumerate(found)]


def _extent(fact: LaneFact, scale: Scale) -> tuple[float, float]:
    if fact.start == fact.end:
        x = scale.x(fact.start)
        return x - MARK / 2, x + MARK / 2
    return scale.x(fact.start), max(scale.x_after(fact.end), scale.x(fact.start) + MARK)


def _labels(facts: Sequence[LaneFact], scale: Scale, rows: int, top: float, step: float, right: float) -> dict[str, Label]:
    texts = [shorten(f.label) for f in facts]
    widths = [label_width(t) for t in texts]
    # A label starts at its mark, or else ends there; always inside the axis.
    anchors = [_extent(f, scale)[0] + (MARK / 2 if f.start == f.end else 0) for f in facts]
    options = [
        [(x, x + w) for x in dict.fromkeys(max(scale.left, min(a, right - w)) for a in (anchor, anchor - w))]
        for anchor, w in zip(anchors, widths, strict=True)
    ]
    found = place(options, rows, rank=[RANK.get(f.type, len(RANK)) for f in facts])
    labels = {}
    for f, t, w, opts, spot in zip(facts, texts, widths, options, found, strict=True):
        row, x = (spot[0], opts[spot[1]][0]) if spot is not None else (None, opts[0][0])
        labels[f.event_id] = Label(t, f.label, x, top + (row or 0) * step, w, row)
    return labels


def _bar(b: BarInput, scale: Scale, y: float, height: float, as_of: date) -> Bar:
    x, x_end = scale.x(b.start), scale.x_after(b.end)
    ahead = max(0.0, x_end - scale.x_after(as_of)) if b.end > as_of else 0.0
    named = max(scale.left, min(x, scale.left + scale.width - label_width(f"{b.name} ({b.status})")))
    width = round(max(x_end - x, 1.0), 2)
    return Bar(b.panel_id, b.name, b.start, b.end, b.status, x, y, width, height, round(ahead, 2), round(named, 2),
               b.mandate_ends_on, b.terminated_on)


def _mark(f: LaneFact, scale: Scale, y: float, row: str | None, label: Label | None) -> Mark:
    if f.resolution:
        shape = "tick"
    elif f.start != f.end:
        shape = "span"
    else:
        shape = SHAPES.get(f.type, "dot")
    left, right = _extent(f, scale)
    x = left if shape == "span" else round((left + right) / 2, 2)
    return Mark(
        f.event_id,
        f.type,
        shape,
        f.text,
        f.precision,
        f.start,
        f.end,
        x,
        round(y, 2),
        round(right - left, 2),
        label,
        _corners(shape, x, y),
    )


def _corners(shape: str, x: float, y: float) -> str:
    h = MARK / 2 + 1
    if shape == "diamond":
        corners = [(x, y - h), (x + h, y), (x, y + h), (x - h, y)]
    elif shape == "triangle":
        corners = [(x, y - h), (x + h, y + h - 1), (x - h, y + h - 1)]
    else:
        return ""
    return " ".join(f"{round(a, 2)},{round(b, 2)}" for a, b in corners)
