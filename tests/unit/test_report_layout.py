"""The report's timeline geometry: crowded lanes keep their visible labels apart, dates of a month or a year
are drawn over all of it, bars end on their last day, and the close-up holds what happened in it."""

from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from ledger.views.report_lanes import BarInput, LaneFact, LaneInput
from ledger.views.report_layout import Timeline, close_up, layout
from ledger.views.report_scale import GAP, Scale, place, span_of

TYPES = ("StatementIssued", "VetoCast", "MeetingHeld", "ReportReleased", "DraftResolutionVoted", "ProposalMade")
PRECISIONS = ("day", "day", "day", "month", "year")


@st.composite
def facts(draw: st.DrawFn, first: date = date(2000, 1, 1), days: int = 9000) -> list[LaneFact]:
    """Up to 300 facts, often many on the same few days, with labels of any length."""
    crowded = draw(st.lists(st.integers(0, days), min_size=1, max_size=4))
    found = []
    for i in range(draw(st.integers(1, 300))):
        offset = draw(st.one_of(st.sampled_from(crowded), st.integers(0, days)))
        precision = draw(st.sampled_from(PRECISIONS))
        start, end = span_of(first + timedelta(days=offset), precision)
        label = draw(st.text(alphabet="abcdefghij XYZ(),-", min_size=1, max_size=80))
        row = draw(st.sampled_from(["events", "events", "panel-a", "regime"]))
        found.append(
            LaneFact(
                f"e{i}",
                draw(st.sampled_from(TYPES)),
                start.isoformat(),
                precision,
                start,
                end,
                label,
                row,
                resolution=draw(st.booleans()) and row != "events",
            )
        )
    return found


def lane(found: list[LaneFact]) -> LaneInput:
    return LaneInput(
        "regime-a",
        "Regime A",
        date(2000, 1, 1),
        None,
        [BarInput("panel-a", "Panel A", date(2001, 3, 4), date(2020, 4, 30), "expired")],
        found,
    )


def visible_labels_apart(timeline: Timeline) -> None:
    for placed in timeline.lanes:
        rows = defaultdict(list)
        for mark in placed.marks:
            if mark.label is not None and mark.label.visible:
                rows[mark.label.y].append((mark.label.x, mark.label.x + mark.label.width))
                assert MARGIN_LEFT <= mark.label.x and mark.label.x + mark.label.width <= timeline.width - MARGIN_LEFT + 0.01
        for spans in rows.values():
            spans.sort()
            for (_, right), (left, _) in zip(spans, spans[1:], strict=False):
                assert right + GAP <= left + 1e-6, f"labels overlap: {spans}"


MARGIN_LEFT = 12.0


@settings(max_examples=60, deadline=None)
@given(facts())
def test_a_crowded_lane_never_shows_two_labels_over_each_other(found: list[LaneFact]) -> None:
    timeline = layout([lane(found)], date(2025, 1, 1))
    visible_labels_apart(timeline)
    # every fact is drawn, its label shown or kept for hover
    assert sorted(m.event_id for m in timeline.lanes[0].marks) == sorted(f.event_id for f in found)
    resolutions = {f.event_id for f in found if f.resolution}
    assert all(m.label is not None for m in timeline.lanes[0].marks if m.event_id not in resolutions)


@settings(max_examples=40, deadline=None)
@given(facts())
def test_the_close_up_keeps_labels_apart_and_holds_only_what_happened_in_it(found: list[LaneFact]) -> None:
    window = close_up([lane(found)])
    assert window is not None  # the bar alone spans 19 years
    timeline = layout([lane(found)], date(2025, 1, 1), window=window)
    visible_labels_apart(timeline)
    inside = {f.event_id for f in found if f.end >= window[0] and f.start <= window[1]}
    assert {m.event_id for placed in timeline.lanes for m in placed.marks} == inside


def test_a_date_of_a_month_or_a_year_is_drawn_over_all_of_it() -> None:
    found = [
        LaneFact("m", "InquiryOpened", "2024-03", "month", *span_of(date(2024, 3, 1), "month"), "an inquiry"),
        LaneFact("y", "SanctionsReliefSought", "2019", "year", *span_of(date(2019, 1, 1), "year"), "relief"),
        LaneFact("d", "VetoCast", "2024-03-28", "day", date(2024, 3, 28), date(2024, 3, 28), "veto"),
    ]
    timeline = layout([lane(found)], date(2024, 5, 1))
    scale = Scale(timeline.start, timeline.end, MARGIN_LEFT, timeline.width - 2 * MARGIN_LEFT)
    marks = {m.event_id: m for m in timeline.lanes[0].marks}
    assert (marks["m"].start, marks["m"].end) == (date(2024, 3, 1), date(2024, 3, 31))
    assert (marks["y"].start, marks["y"].end) == (date(2019, 1, 1), date(2019, 12, 31))
    for key in ("m", "y"):
        assert marks[key].shape == "span"
        assert marks[key].x <= scale.x(marks[key].start)
        assert marks[key].x + marks[key].width >= scale.x_after(marks[key].end) - 0.01
    assert marks["d"].shape == "diamond" and (marks["d"].start, marks["d"].end) == (date(2024, 3, 28),) * 2


def test_a_mandate_bar_ends_where_its_last_day_ends_and_shows_what_was_still_to_run() -> None:
    timeline = layout([lane([])], date(2019, 6, 1))
    [bar] = timeline.lanes[0].bars
    scale = Scale(timeline.start, timeline.end, MARGIN_LEFT, timeline.width - 2 * MARGIN_LEFT)
    assert bar.end == date(2020, 4, 30)
    assert abs(bar.x + bar.width - scale.x(date(2020, 5, 1))) < 0.02
    assert abs(bar.ahead - (scale.x(date(2020, 5, 1)) - scale.x(date(2019, 6, 2)))) < 0.02


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.lists(st.tuples(st.floats(0, 1000), st.floats(1, 200)).map(lambda t: (t[0], t[0] + t[1])), min_size=1, max_size=3),
        max_size=120,
    ),
    st.integers(1, 5),
)
def test_placed_intervals_of_one_row_never_meet(candidates: list[list[tuple[float, float]]], rows: int) -> None:
    found = place(candidates, rows)
    by_row = defaultdict(list)
    for options, spot in zip(candidates, found, strict=True):
        if spot is not None:
            by_row[spot[0]].append(options[spot[1]])
    for spans in by_row.values():
        spans.sort()
        for (_, right), (left, _) in zip(spans, spans[1:], strict=False):
            assert right + GAP <= left + 1e-9
    # the first item from the left always finds room
    if candidates:
        first = min(range(len(candidates)), key=lambda i: (candidates[i][0][0], i))
        assert found[first] == (0, 0)
