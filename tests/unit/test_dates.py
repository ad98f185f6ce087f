"""Valid time: a year or a month counts from its first day; impossible days are refused."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ledger.domain.dates import parse_day, parse_occurrence


@pytest.mark.parametrize(
    ("text", "start", "precision"),
    [("2024", date(2024, 1, 1), "year"), ("2024-03", date(2024, 3, 1), "month"), ("2024-02-29", date(2024, 2, 29), "day")],
)
def test_a_date_counts_from_its_first_day(text: str, start: date, precision: str) -> None:
    occurrence = parse_occurrence(text)
    assert (occurrence.start, occurrence.precision, str(occurrence)) == (start, precision, text)


@pytest.mark.parametrize("text", ["2023-02-29", "2024-02-30", "2024-13", "2024-00-10", "0000", "24-03-28", "2024/03/28", "", "2024-3-1"])
def test_impossible_or_malformed_dates_are_refused(text: str) -> None:
    with pytest.raises(ValueError):
        parse_occurrence(text)


def test_a_mandate_end_must_be_a_full_day() -> None:
    with pytest.raises(ValueError, match="full date"):
        parse_day("2024-04")


@given(st.dates(min_value=date(1, 1, 1)))
def test_every_real_day_reads_back_as_itself(day: date) -> None:
    assert parse_occurrence(day.isoformat()).start == day
    assert parse_occurrence(day.isoformat()[:7]).start == day.replace(day=1)
