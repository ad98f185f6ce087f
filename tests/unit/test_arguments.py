"""The days, moments and words a reader asks about: what each accepts, what it means, and what a refusal says."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone

import pytest

from ledger.service import arguments
from ledger.views.filters import folded


def test_a_day_is_a_full_date() -> None:
    assert arguments.day("2024-02-29") == date(2024, 2, 29)
    assert arguments.day(date(2024, 3, 28)) == date(2024, 3, 28)
    assert arguments.day(datetime(2024, 3, 28, 12, tzinfo=UTC)) == date(2024, 3, 28)


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ("2024-03", "'2024-03' is a month, not a day (YYYY-MM-DD)"),
        ("2024", "'2024' is a year, not a day (YYYY-MM-DD)"),
        ("notadate", "'notadate' is not a day (YYYY-MM-DD)"),
        ("2024-13-01", "'2024-13-01' is not a day (YYYY-MM-DD): there is no month 13"),
        ("2024-02-30", "'2024-02-30' is not a day (YYYY-MM-DD): February 2024 has 29 days"),
        ("2024/03/28", "'2024/03/28' is not a day (YYYY-MM-DD)"),
    ],
)
def test_a_day_refused_says_what_a_day_is(text: str, said: str) -> None:
    with pytest.raises(ValueError) as refused:
        arguments.day(text)
    assert str(refused.value) == said


@pytest.mark.parametrize(
    ("text", "first", "last"),
    [
        ("2024-03-28", date(2024, 3, 28), date(2024, 3, 28)),
        ("2024-02", date(2024, 2, 1), date(2024, 2, 29)),
        ("2023-02", date(2023, 2, 1), date(2023, 2, 28)),
        ("2024", date(2024, 1, 1), date(2024, 12, 31)),
    ],
)
def test_a_bound_of_a_range_may_be_a_month_or_a_year(text: str, first: date, last: date) -> None:
    assert (arguments.first_day(text), arguments.last_day(text)) == (first, last)


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ("2024-13", "'2024-13' is not a month (YYYY-MM): there is no month 13"),
        ("0000", "'0000' is not a year (YYYY): there is no year 0"),
        ("24-3", "'24-3' is not a year, month or day (YYYY, YYYY-MM or YYYY-MM-DD)"),
    ],
)
def test_a_bound_refused_says_what_it_tried_to_be(text: str, said: str) -> None:
    with pytest.raises(ValueError) as refused:
        arguments.first_day(text)
    assert str(refused.value) == said


def test_a_moment_is_a_date_time_in_utc_unless_it_says_otherwise() -> None:
    assert arguments.moment("2024-06-01T12:00:00Z") == datetime(2024, 6, 1, 12, tzinfo=UTC)
    assert arguments.moment("2024-06-01T12:00:00") == datetime(2024, 6, 1, 12, tzinfo=UTC)
    paris = arguments.moment("2024-06-01T14:00:00+02:00")
    assert paris == datetime(2024, 6, 1, 12, tzinfo=UTC) and paris.utcoffset() == timedelta(hours=2)
    assert arguments.moment(datetime(2024, 6, 1, 12)) == datetime(2024, 6, 1, 12, tzinfo=UTC)
    assert arguments.moment(datetime(2024, 6, 1, 12, tzinfo=timezone(timedelta(hours=-5)))).hour == 12


@pytest.mark.parametrize("day", ["2024-06-01", "20240601", date(2024, 6, 1)])
def test_a_day_as_a_moment_is_the_end_of_that_day_in_utc(day: str | date) -> None:
    end = arguments.moment(day)
    assert end == datetime(2024, 6, 1, 23, 59, 59, 999_999, tzinfo=UTC)
    assert end < datetime(2024, 6, 2, tzinfo=UTC) <= end + timedelta(microseconds=1)


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ("yesterday", "'yesterday' is not a moment"),
        ("2024-06", "'2024-06' is not a moment"),
        ("2024-02-30", "'2024-02-30' is not a day (YYYY-MM-DD): February 2024 has 29 days"),
    ],
)
def test_a_moment_refused_says_what_a_moment_is(text: str, said: str) -> None:
    with pytest.raises(ValueError, match="^" + said.replace("(", r"\(").replace(")", r"\)")):
        arguments.moment(text)


def test_a_moment_is_said_to_the_microsecond_it_holds_so_two_loads_a_second_apart_differ() -> None:
    from ledger.terminal import instant

    said = {instant(datetime(2026, 11, 30, 10, 16, 51, micro, tzinfo=UTC)) for micro in (600_000, 700_000)}
    assert said == {"2026-11-30T10:16:51.6Z", "2026-11-30T10:16:51.7Z"}
    assert instant(datetime(2026, 11, 30, 10, 16, 50, tzinfo=UTC)) == "2026-11-30T10:16:50Z"
    assert arguments.moment(instant(datetime(2026, 11, 30, 10, 16, 51, 986_602, tzinfo=UTC))) == datetime(
        2026, 11, 30, 10, 16, 51, 986_602, tzinfo=UTC)  # what is printed can be given back to --known-at


def test_words_are_a_text_or_several_and_a_blank_one_is_refused() -> None:
    assert arguments.words("Syria") == ["Syria"] and arguments.words(("Syria", "CHN")) == ["Syria", "CHN"]
    assert arguments.words(None) == [] and arguments.asked_words(()) is None
    with pytest.raises(ValueError, match="'' is no word to find: give the words rows must contain"):
        arguments.words(["Syria", ""])


def test_words_are_compared_case_and_accents_aside() -> None:
    assert folded("Côte d'Ivoire") == folded("COTE D'IVOIRE") == "cote d'ivoire"
    assert folded("Straße") == "strasse"  # casefold, not lower: as a German reader types it
