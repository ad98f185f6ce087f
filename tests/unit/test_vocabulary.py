"""The sentences auditors write: each example is matched by its own sentence and by no other, so that a
scenario never runs a step it did not mean."""

from __future__ import annotations

import pytest

from ledger.scenarios.runner import vocabulary
from ledger.scenarios.vocabulary import Sentence, nearest

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
