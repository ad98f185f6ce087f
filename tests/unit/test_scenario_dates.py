"""A fact named by its date in a step: any form the ledger takes, compared as the ledger reads it; a plain day
names what it always named."""

from __future__ import annotations

import pytest

from ledger.domain.dates import parse_occurrence
from ledger.scenarios.dates import dated, view_day
from ledger.views.items import When


def held(text: str) -> When:
    return When(parse_occurrence(text))


@pytest.mark.parametrize("on", ["2024-03-28", "2024-03-28/2024-03-29", "2024-03-28?", "../2024-03-28", "2024-03",
                                "2024-03~", "1992-08-30?", "1992"])
@pytest.mark.parametrize("day", ["2024-03-28", "2024-03-27", "2024-03-01", "2024-02-01", "1992-08-29", "1992-01-01"])
def test_a_plain_day_names_what_it_named_before(on: str, day: str) -> None:
    """As the steps compared before: a view's date equals its text and its first day; the text of one, its text."""
    assert dated(held(on), day) == (held(on) == day)
    assert dated(on, day) == (on == day)


@pytest.mark.parametrize("on", ["1992-08-30?", "2024-03-28/2024-03-29", "../2024-03-07", "2024-03~", "2024-03-28%",
                                "2024-03-28?/2024-03-29", "1992-08", "1992"])
def test_a_date_as_the_fact_writes_it_names_the_fact(on: str) -> None:
    assert dated(held(on), on) and dated(on, on)


@pytest.mark.parametrize(("on", "written"), [
    ("1992-08-30?", "1992-08-30"), ("1992-08-30?", "1992-08-30~"), ("1992-08-30?", "1992-08-30%"),
    ("1992-08-30?", "1992-08-29/1992-08-31?"), ("2024-03-28/2024-03-29", "2024-03-28/2024-03-30"),
    ("../2024-03-07", "../2024-03"), ("../2024-03-07", "../2024-03-08"), ("2024-03~", "2024-03"),
    ("2024-03/2024-04", "2024-03-01/2024-04-30"), ("2024-03-28?", "not a date"), ("2024-03-28?", "2024-03-28?~"),
])
def test_another_date_names_another_fact(on: str, written: str) -> None:
    """The form, the unit and the days allowed must all be the fact's: an uncertain day is not the day, nor an
    approximate one; a month is not its days spelt out."""
    assert not dated(held(on), written) and not dated(on, written)


def test_two_spellings_the_ledger_reads_alike_name_one_fact() -> None:
    assert dated(held("2024-03-28?/2024-03-29"), "2024-03-27/2024-03-29")
    assert not dated(None, "2024-03-28?")


@pytest.mark.parametrize(("written", "day"), [("2024-03-28", "2024-03-28"), ("2024-03-28?", "2024-03-29"),
                                              ("../2024-03-07", "2024-03-07"), ("2024-03-28/2024-03-29", "2024-03-29"),
                                              ("1992", "1992-12-31"), ("2024-03~", "2024-04-30"), ("soon", "soon")])
def test_a_fact_of_a_date_is_looked_for_on_the_last_day_it_allows(written: str, day: str) -> None:
    assert view_day(written) == day
    if written != "soon":
        assert parse_occurrence(written).start <= parse_occurrence(day).start  # it counts from then: it is in that view
