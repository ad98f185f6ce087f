"""Dates as uncertain as their source: EDTF level 1 forms, the days each allows, and the forms refused."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from edtf import parse_edtf
from edtf.convert import struct_time_to_date
from hypothesis import given
from hypothesis import strategies as st

from ledger.documents import parse_document
from ledger.documents.json_schema import OCCURRED_PATTERN
from ledger.domain.dates import SPANS, Occurrence, parse_day, parse_occurrence

DAYS = st.dates(min_value=date(1000, 1, 1), max_value=date(2999, 12, 31))
UNITS = st.sampled_from([10, 7, 4])  # how much of a day's ISO text is written: the day, the month, the year
MARKS = st.sampled_from(["", "?", "~", "%"])


@st.composite
def plain(draw: st.DrawFn) -> str:
    return draw(DAYS).isoformat()[: draw(UNITS)]


@st.composite
def forms(draw: st.DrawFn) -> str:
    """Any date the ledger takes: plain, marked, an interval of two (in order), or an open start."""
    shape = draw(st.sampled_from(["plain", "marked", "interval", "open-start"]))
    if shape == "plain":
        return draw(plain())
    if shape == "marked":
        return draw(plain()) + draw(st.sampled_from(["?", "~", "%"]))
    if shape == "open-start":
        return "../" + draw(plain()) + draw(MARKS)
    first, second = sorted([draw(DAYS), draw(DAYS)])
    return f"{first.isoformat()[: draw(UNITS)]}{draw(MARKS)}/{second.isoformat()[: draw(UNITS)]}{draw(MARKS)}"


@given(forms())
def test_every_form_taken_allows_an_earliest_day_no_later_than_its_latest(text: str) -> None:
    occurrence = parse_occurrence(text)
    assert occurrence.start <= occurrence.latest
    if occurrence.kind == "open-start":
        assert occurrence.earliest is None  # on or before: nothing is known of its start
    else:
        assert occurrence.earliest == occurrence.start  # the fold's rule: it counts from its earliest day
        assert occurrence.earliest is not None and occurrence.earliest <= occurrence.latest


@given(forms())
def test_a_date_reads_back_as_written(text: str) -> None:
    occurrence = parse_occurrence(text)
    assert str(occurrence) == occurrence.text == text
    assert parse_occurrence.__wrapped__(str(occurrence)) == occurrence  # the same value, read afresh


@given(forms())
def test_a_document_keeps_its_date_as_written(text: str) -> None:
    statement = {"type": "StatementIssued", "id": "st", "occurred_on": text, "source": {"document": "note"},
                 "speakers": ["FRA"], "stance": "regrets"}
    assert parse_document(statement)["occurred_on"] == text


@given(forms())
def test_every_form_taken_matches_the_published_json_schema(text: str) -> None:
    assert re.fullmatch(OCCURRED_PATTERN, text)


@given(forms())
def test_a_date_allows_at_least_the_days_edtf_says_it_spans(text: str) -> None:
    """The edtf library is the grammar of record: the ledger's span holds its strict span (and, unmarked,
    is exactly it; an open start from its end's first day)."""
    parsed = parse_edtf(text)
    occurrence = parse_occurrence(text)
    upper = struct_time_to_date(parsed.upper_strict())
    assert occurrence.latest >= upper
    if "?" not in text and "~" not in text and "%" not in text:
        assert occurrence.latest == upper
        if not text.startswith(".."):
            assert occurrence.start == struct_time_to_date(parsed.lower_strict())


@given(DAYS)
def test_a_plain_day_allows_that_day_only(day: date) -> None:
    occurrence = parse_occurrence(day.isoformat())
    assert (occurrence.earliest, occurrence.start, occurrence.latest, occurrence.kind) == (day, day, day, "day")


@pytest.mark.parametrize(
    ("text", "kind", "earliest", "latest"),
    [
        ("2024", "year", date(2024, 1, 1), date(2024, 12, 31)),
        ("2024-02", "month", date(2024, 2, 1), date(2024, 2, 29)),
        ("2024-03-28/2024-03-29", "interval", date(2024, 3, 28), date(2024, 3, 29)),
        ("2024-03/2024-05", "interval", date(2024, 3, 1), date(2024, 5, 31)),
        ("2024-03-28?/2024-04", "interval", date(2024, 3, 27), date(2024, 4, 30)),
        ("../2024-03-29", "open-start", None, date(2024, 3, 29)),
        ("../2024-03", "open-start", None, date(2024, 3, 31)),
        # One of its own units either side when uncertain or approximate; two when both.
        ("2024-03-28?", "uncertain", date(2024, 3, 27), date(2024, 3, 29)),
        ("2024-03-01~", "approximate", date(2024, 2, 29), date(2024, 3, 2)),
        ("2024-03~", "approximate", date(2024, 2, 1), date(2024, 4, 30)),
        ("2024-01?", "uncertain", date(2023, 12, 1), date(2024, 2, 29)),
        ("2024~", "approximate", date(2023, 1, 1), date(2025, 12, 31)),
        ("2024-03-28%", "uncertain-approximate", date(2024, 3, 26), date(2024, 3, 30)),
    ],
)
def test_the_days_each_form_allows(text: str, kind: str, earliest: date | None, latest: date) -> None:
    occurrence = parse_occurrence(text)
    assert (occurrence.kind, occurrence.earliest, occurrence.latest) == (kind, earliest, latest)


def test_an_open_start_counts_from_the_first_day_of_its_end() -> None:
    assert parse_occurrence("../2024-03-29").start == date(2024, 3, 29)
    assert parse_occurrence("../2024-03").start == date(2024, 3, 1)


def test_dates_are_ordered_by_their_first_day_then_their_last() -> None:
    texts = ["2024-03-28/2024-04-02", "2024-03-29", "2024-03-28", "2024-03-28?", "2024-03-28/2024-03-30", "../2024-03-28"]
    ordered = [o.text for o in sorted(parse_occurrence(t) for t in texts)]
    assert ordered == ["2024-03-28?", "../2024-03-28", "2024-03-28", "2024-03-28/2024-03-30", "2024-03-28/2024-04-02",
                       "2024-03-29"]


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("2024?-03", "level 2"),
        ("2024-03-2?", "not a date"),
        ("[2024,2025]", "level 2"),
        ("{2024,2025}", "level 2"),
        ("2024-XX", "unspecified digits"),
        ("2024-03-XX", "unspecified digits"),
        ("2024-21", "season"),
        ("Y20240", "long year"),
        ("2024S2", "level 2"),
        ("2024-03-28T10:00:00", "time of day"),
        ("2024-03-28/..", "no end"),
        ("2024-03-28/", "no end"),
        ("/2024-03-29", "../2024-03-29"),
        ("2024-03-29/2024-03-28", "ends before it starts"),
        ("2024-02-30?", "February 2024 has 29 days"),
        ("2024-13~", "no month 13"),
        ("-0500", "no year before 1"),
        (" 2024-03-28?", "without spaces"),
        ("yesterday", "not a date"),
    ],
)
def test_forms_the_ledger_does_not_take_are_refused_saying_why(text: str, reason: str) -> None:
    with pytest.raises(ValueError, match=re.escape(reason)):
        parse_occurrence(text)


@pytest.mark.parametrize("text", ["2024-03-28?", "2024-03-28/2024-03-29", "../2024-03-29", "2024-03"])
def test_a_publication_day_or_a_mandate_end_is_a_plain_day(text: str) -> None:
    with pytest.raises(ValueError, match="full date"):
        parse_day(text)


def test_only_the_edtf_forms_are_spans() -> None:
    assert {parse_occurrence(t).kind for t in ("2024", "2024-03", "2024-03-28")}.isdisjoint(SPANS)
    assert parse_occurrence("2024-03-28?").kind in SPANS


def test_a_day_made_by_hand_allows_that_day() -> None:
    day = date(2024, 3, 28)
    assert Occurrence(day, day, "2024-03-28").earliest == day
    assert Occurrence(day, day + timedelta(days=1), "../2024-03-29", kind="open-start").earliest is None
