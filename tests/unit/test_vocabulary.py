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
