"""Which facts of a view go on which lane of the report's timeline: a lane per regime, holding what the
timeline's `--about` filter calls its file (its panels, the drafts on them, what was said about it) and
what names the state it targets or one of its people (a meeting of its leader); a last lane for facts about no
regime."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date

from ledger.views.filters import names, subject
from ledger.views.items import PanelView, RegimeView, TimelineEntry
from ledger.views.report_scale import span_of
from ledger.views.view import View


@dataclass(frozen=True)
class LaneFact:
    """One fact to place on a lane: its days (a span for a month, a year or an interval) and its words."""

    event_id: str
    type: str
    text: str  # the date as written (`2024-03`)
    precision: str
    start: date
    end: date  # the last day it may have happened on (the start, for a day)
    label: str
    row: str = "events"  # "events", "regime" or a panel id: the row it is drawn on
    resolution: bool = False  # a resolution: a tick on its row, labelled by its number above the regime


@dataclass(frozen=True)
class BarInput:
    panel_id: str
    name: str
    start: date
    end: date  # the last day it could act: its mandate's last day, or the day before its regime was terminated
    status: str
    # When its regime's termination cut it short: the mandate's own last day and the termination day (the
    # regime's bar: its termination day, the day after `end`).
    mandate_ends_on: date | None = None
    terminated_on: date | None = None


@dataclass(frozen=True)
class LaneInput:
    key: str  # the regime id ("other" for facts about none)
    title: str
    start: date | None  # the regime's establishment (None: no regime bar)
    end: date | None  # its last day in force, if it was terminated
    bars: Sequence[BarInput]
    facts: Sequence[LaneFact]
    terminated_on: date | None = None  # the day it was terminated (nothing may act from that day on)


# Facts drawn on their panel's bar rather than on the lane's row of events.
ON_THE_BAR = frozenset({"VetoCast", "ReportReleased", "InquiryOpened"})

Labeller = Callable[[TimelineEntry], str]
StateOf = Callable[[str], str | None]


def lanes(view: View, label: Labeller, state_of: StateOf = lambda _: None) -> list[LaneInput]:
    """The lanes of the report, in the order of the view's regimes, with their facts in valid-time order;
    `state_of` says the state of an actor (for facts that name a targeted state's people)."""
    rows = view.timeline
    found: list[LaneInput] = []
    claimed: set[str] = set()
    for regime in view.regimes:
        covers = subject(view, regime.regime_id).covers
        mine = [r for r in rows if covers(r) or regime.target in _states(names(r), state_of)]
        claimed.update(r.event_id for r in mine)
        panels = {p.panel_id: p for p in view.panels if p.regime_id == regime.regime_id}
        bars = [bar(p, regime) for p in panels.values()]
        terminated = plain(regime.terminated_on) if regime.terminated_on is not None else None
        found.append(
            LaneInput(
                regime.regime_id,
                regime.name,
                plain(regime.established_on),
                day_before(terminated) if terminated is not None else None,
                bars,
                [lane_fact(r, panels, label) for r in mine],
                terminated,
            )
        )
    rest = [r for r in rows if r.event_id not in claimed]
    if rest:
        found.append(LaneInput("other", "Facts about no regime", None, None, [], [lane_fact(r, {}, label) for r in rest]))
    return found


def _states(ids: set[str], state_of: StateOf) -> set[str]:
    return ids | {s for i in ids if (s := state_of(i)) is not None}


def bar(panel: PanelView, regime: RegimeView) -> BarInput:
    """A panel's mandate bar, which says, when its regime's termination ended it early, both the mandate's own
    last day and the termination day."""
    end, mandate, terminated = mandate_end(panel, regime), plain(panel.mandate_ends_on), regime.terminated_on
    drawn = BarInput(panel.panel_id, panel.name, plain(panel.established_on), end, panel.status)
    if end < mandate and terminated is not None:
        return replace(drawn, mandate_ends_on=mandate, terminated_on=plain(terminated))
    return drawn


def mandate_end(panel: PanelView, regime: RegimeView) -> date:
    """A panel's last day: the day before its regime was terminated, if that ended it (it is terminated from
    that day on); else its mandate's last day."""
    if panel.status == "terminated" and regime.terminated_on is not None:
        return min(plain(panel.mandate_ends_on), day_before(regime.terminated_on))
    return plain(panel.mandate_ends_on)


def lane_fact(row: TimelineEntry, panels: Mapping[str, PanelView], label: Labeller) -> LaneFact:
    start, end = days_of(row)
    details = row.details
    resolution = isinstance(details.get("resolution"), str)
    panel = next((p for k in ("panel_id", "author", "concerning") if isinstance(p := details.get(k), str) and p in panels), None)
    if resolution:
        where = panel or "regime"
    else:
        where = panel if panel is not None and row.type in ON_THE_BAR else "events"
    text = details["resolution"].split(" ")[0] if resolution else label(row)
    return LaneFact(row.event_id, row.type, row.on.text, how_precise(row), start, end, text, where, resolution)


# How a date that is not one plain year, month or day is said beside it.
_LOOSE = {"interval": "between two dates", "open-start": "on or before", "uncertain": "uncertain",
          "approximate": "approximate", "uncertain-approximate": "uncertain, approximate"}


def how_precise(row: TimelineEntry) -> str:
    """`day`, `month` or `year`, or how loose an uncertain date is (`on or before`, `approximate`...)."""
    return _LOOSE.get(getattr(row.on, "kind", row.precision), row.precision)


def days_of(row: TimelineEntry) -> tuple[date, date]:
    """The first and last day a fact may have happened on: its year, its month, or its day (an interval's
    bounds, where the date says them)."""
    start, end = span_of(plain(row.on), row.precision)
    latest = getattr(row.on, "latest", None)  # a date form that knows its last day says it
    if isinstance(latest, date) and latest >= start:
        end = plain(latest)
    return start, end


def plain(day: date) -> date:
    """A view's day (a `When`, which remembers how it was written) as a plain date, for arithmetic."""
    return date(day.year, day.month, day.day)


def day_before(day: date) -> date:
    return date.fromordinal(day.toordinal() - 1)
