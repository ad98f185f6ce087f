"""The sentences auditors write: each example is matched by its own sentence and by no other, so that a
scenario never runs a step it did not mean."""

from __future__ import annotations

import pytest

from ledger.scenarios.runner import vocabulary
from ledger.scenarios.vocabulary import DATE, DAY, Sentence, nearest

SENTENCES = vocabulary()


def test_there_are_twenty_sentences_or_more_each_with_an_example() -> None:
    assert len({s.template for s in SENTENCES}) >= 20
    assert all(s.example for s in SENTENCES)


@pytest.mark.parametrize("sentence", SENTENCES, ids=[s.template for s in SENTENCES])
def test_each_example_matches_its_sentence_and_no_other(sentence: Sentence) -> None:
    for kind in sentence.kinds:
        matching = [s.template for s in SENTENCES if s.matches(kind, sentence.example)]
        assert matching == [sentence.template], (kind, sentence.example)


def test_a_sentence_of_one_kind_is_not_taken_for_another() -> None:
    look = next(s for s in SENTENCES if s.template == "I look at the ledger as of {day:day}")
    assert look.matches("when", "I look at the ledger as of 2024-05-01")
    assert not look.matches("then", "I look at the ledger as of 2024-05-01")


def test_the_nearest_sentences_to_a_typo_begin_with_the_one_meant() -> None:
    assert nearest("then", "the DPRK Panel of Experts is expird")[0] == "Then the DPRK Panel of Experts is expired"
    assert nearest("when", "I look at the ledger on 2024-05-01")[0] == "When I look at the ledger as of 2024-05-01"


@pytest.mark.parametrize(("value", "said"), [
    ("2024-02-29", None), ("2023-02-29", "2023-02-29 is not a day: February 2023 has 28 days"),
    ("2024-04-31", "2024-04-31 is not a day: April 2024 has 30 days"), ("2024-00-10", "2024-00-10 is not a day: there is no month 00"),
    ("yesterday", "yesterday is not a day (YYYY-MM-DD)"), ("2024-5-1", "2024-5-1 is not a day (YYYY-MM-DD)"),
])
def test_a_day_is_one_of_the_calendar(value: str, said: str | None) -> None:
    assert DAY.why_not(value) == said


def test_a_date_may_be_a_month_a_year_or_a_range_as_the_ledger_holds_them() -> None:
    assert [DATE.why_not(v) for v in ("2024", "2024-03", "2024-03-28/2024-03-29", "../2024-03-28")] == [None] * 4
    assert DATE.why_not("2024-02-30/2024-03-01") == "2024-02-30 is not a day: February 2024 has 29 days"
    assert DATE.why_not("March 2024") is not None


def test_every_day_slot_and_choice_of_words_has_its_form_and_a_regular_expression_none() -> None:
    for s in SENTENCES:
        for name, form in s.forms.items():
            assert f"{{{name}:day}}" in s.template if form is DAY else f"{{{name}:" in s.template, s.template
    vetoes = next(s for s in SENTENCES if "{on:" in s.template and "February" in s.example)
    assert "on" not in vetoes.forms  # a slot of a regular expression of its own is not a choice of words


# -- a fact named by its date, in any form the ledger takes for occurred_on -----------------------------------

FORMS = ["1992-08-30?", "2024-03-28/2024-03-29", "../2024-03-07", "2024-03~", "2024-03-28%", "1992-08", "1992"]
NAMING = [s for s in SENTENCES if ":date}" in s.template]


@pytest.mark.parametrize("sentence", NAMING, ids=[s.template for s in NAMING])
@pytest.mark.parametrize("written", FORMS)
def test_a_sentence_that_names_a_fact_by_its_date_takes_every_form_the_ledger_takes(sentence: Sentence, written: str) -> None:
    for kind in sentence.kinds:
        found = sentence.regex.fullmatch(sentence.example)
        assert found is not None
        for name in (n for n, form in sentence.forms.items() if form is DATE):
            start, end = found.span(name)
            step = sentence.example[:start] + written + sentence.example[end:]
            assert [s.template for s in SENTENCES if s.matches(kind, step)] == [sentence.template], step
            assert sentence.arguments(kind, step) is not None and sentence.arguments(kind, step)[name] == written  # type: ignore[index]
            assert sentence.argument_problems({name: written}) == []


def test_the_sentences_that_name_a_fact_by_its_day_are_those_that_take_a_date() -> None:
    naming = {s.template for s in NAMING}
    assert {"the ledger holds a statement by {speakers} of {on:date}",
            "the timeline shows a meeting of {people} in {place} on {on:date}",
            "a statement by {speakers} of {on:date} appeared between the two",
            "the change names {who}'s veto of {draft:word} on {on:date} among its causes"} <= naming
    assert "I look at the ledger as of {day:day}" not in naming  # a view is of a day: the ledger reads no other


@pytest.mark.parametrize(("value", "said"), [
    ("2024-02-30?", "2024-02-30 is not a day: February 2024 has 29 days"),
    ("2024-03-28/..", "2024-03-28/.. has no end: a fact must have happened by some day for its source to report it; "
                      "write D1/D2 with the source's publication day as D2"),
    ("2024-03-29/2024-03-28", "2024-03-29/2024-03-28 ends before it starts: write the earlier date first"),
    ("2024-13", "2024-13 has no month 13"),
])
def test_a_date_the_ledger_would_refuse_is_said_in_the_ledgers_words(value: str, said: str) -> None:
    assert DATE.why_not(value) == said
    assert all(DATE.why_not(v) is None for v in FORMS)


def test_a_tables_date_columns_read_uncertain_dates_and_spans() -> None:
    statements = next(s for s in SENTENCES if s.template == "as of {day:day} the ledger holds these statements:").table
    reinforced = next(s for s in SENTENCES if s.template == "it was reinforced by these resolutions:").table
    assert statements is not None and reinforced is not None
    rows = [["speakers", "day", "stance"], ["France", "1992-08-30?", "neutral"], ["Japan", "2024-03-28/2024-03-29", "warns"]]
    assert [r["day"] for r in statements.rows(rows)] == ["1992-08-30?", "2024-03-28/2024-03-29"]
    assert reinforced.rows([["resolution", "adopted on"], ["2270 (2016)", "2016-03~"]]) == [
        {"resolution": "2270 (2016)", "adopted on": "2016-03~"}]
    assert statements.value_problems(["speakers", "day", "stance"], [["France", "1992-08-31?/..", "neutral"]]) == [
        (1, "day", "1992-08-31?/.. has no end: a fact must have happened by some day for its source to report it; "
                   "write D1/D2 with the source's publication day as D2")]
