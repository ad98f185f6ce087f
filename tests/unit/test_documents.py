"""Documents: each type's schema refuses what is malformed, naming the field."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ledger.documents import SCHEMAS, fingerprint, parse_document
from ledger.documents.fields import ID_PATTERN
from ledger.domain.quotes import normalise, quote_is_in
from ledger.errors import InvalidDocument

STATEMENT = {"type": "StatementIssued", "id": "s1", "occurred_on": "2024-03-28",
             "source": {"document": "article", "quote": "x"}, "speakers": ["RUS"], "stance": "justifies"}


def test_every_type_of_the_catalogue_has_a_schema() -> None:
    catalogue = {"SourceRegistered", "ActorRegistered", "SanctionsRegimeEstablished", "SanctionsReinforced",
                 "SanctionsReliefSought", "SanctionsRegimeTerminated", "PanelEstablished", "PanelMandateExtended",
                 "DraftResolutionVoted", "ReportReleased", "InquiryOpened", "StatementIssued", "MeetingHeld",
                 "ProposalMade", "FactCorrected", "FactRetracted"}
    assert catalogue <= set(SCHEMAS)


@pytest.mark.parametrize("kind", sorted(set(SCHEMAS) - {"SourceRegistered", "ActorRegistered", "FactCorrected", "FactRetracted"}))
def test_facts_need_a_date_and_a_source(kind: str) -> None:
    with pytest.raises(InvalidDocument) as caught:
        parse_document({"type": kind, "id": "x"})
    assert "required" in caught.value.reason


def test_the_id_is_the_content_when_none_is_given() -> None:
    without = {k: v for k, v in STATEMENT.items() if k != "id"}
    assert parse_document(without)["id"] == parse_document(dict(without))["id"]
    assert parse_document(without)["id"] != parse_document({**without, "stance": "warns"})["id"]
    assert fingerprint(STATEMENT) == fingerprint({**STATEMENT, "id": "other"})


@given(st.text(min_size=1, max_size=140))
def test_ids_are_letters_digits_and_a_few_marks(text: str) -> None:
    document = {**STATEMENT, "id": text}
    if ID_PATTERN.fullmatch(text):
        assert parse_document(document)["id"] == text
    else:
        with pytest.raises(InvalidDocument) as caught:
            parse_document(document)
        assert caught.value.field == "id"


@pytest.mark.parametrize("value", [True, None, 1.5, {"a": 1}, [1, 2]])
def test_a_vote_side_is_a_count_or_a_list_of_members(value: Any) -> None:
    vote = {"type": "DraftResolutionVoted", "id": "v", "occurred_on": "2024-03-28", "source": {"document": "a"},
            "draft_id": "S/2024/255", "in_favour": 13, "against": value, "abstaining": 1}
    with pytest.raises(InvalidDocument) as caught:
        parse_document(vote)
    assert caught.value.field.startswith("against")


def test_a_document_must_be_an_object() -> None:
    with pytest.raises(InvalidDocument, match="JSON object"):
        parse_document(["StatementIssued"])


def test_quotes_match_the_way_a_reader_reads() -> None:
    text = "Seoul said \u201cIrresponsible Decision\u201d Russia\u2019s\n   veto."
    assert quote_is_in('said "Irresponsible Decision" Russia\'s veto', text)
    assert not quote_is_in("said irresponsible decision", text)
    assert normalise("  a \t b\n") == "a b"


VOTE = {"type": "DraftResolutionVoted", "id": "v1", "occurred_on": "2024-03-28", "source": {"document": "article"},
        "draft_id": "S/2024/255", "in_favour": 13, "against": ["RUS"], "abstaining": ["CHN"]}


@pytest.mark.parametrize(
    ("document", "field", "words"),
    [
        ({**STATEMENT, "id": "s1\n"}, "id", "is not an id"),  # a regex's $ matches before a final newline
        ({**STATEMENT, "speakers": ["RUS", "CHN\n"]}, "speakers.1", "is not an id"),
        ({**STATEMENT, "occurred_on": "\u0662\u0660\u0662\u0664"}, "occurred_on", "is not a date"),  # Arabic-Indic digits
        ({**STATEMENT, "occurred_on": "2024-03-28\n"}, "occurred_on", "is not a date"),
        ({**VOTE, "against": ["RUS", "RUS"]}, "against", "names RUS more than once"),
    ],
)
def test_ids_dates_and_vote_lists_are_refused_when_they_only_look_right(document: dict[str, Any], field: str,
                                                                       words: str) -> None:
    with pytest.raises(InvalidDocument) as caught:
        parse_document(document)
    assert caught.value.field == field and words in caught.value.reason


@pytest.mark.parametrize(("value", "reason"), [
    ("x" * 200, "'" + "x" * 57 + "\u2026' is not an id: it is 200 characters long; use 1-128 letters"),
    ("panel dprk", "'panel dprk' is not an id: a space at character 6; use 1-128 letters"),
    ("s1\n", "'s1\\n' is not an id: a line break at character 3; use"),
    ("Sécurité", "'Sécurité' is not an id: 'é' at character 2; use"),
    ("", "'' is not an id: it is empty; use"),
])
def test_an_id_refused_says_what_keeps_it_from_being_one(value: str, reason: str) -> None:
    """Too long, or which character where: the excerpt of a long value keeps its closing quote."""
    with pytest.raises(InvalidDocument) as caught:
        parse_document({**STATEMENT, "id": value})
    assert caught.value.field == "id" and caught.value.reason.startswith(reason), caught.value.reason


@pytest.mark.parametrize(
    ("document", "field", "reason"),
    [
        ({"type": "ReportReleased", "id": "r", "occurred_on": "2024-03-07", "source": {"document": "a"}, "report_id": "S/1",
          "author": "p", "title": "t", "findings": ["f"], "pages": True}, "pages", "must be a whole number, not true or false"),
        ({**STATEMENT, "stance": 3}, "stance", "must be text (a JSON string), not a number"),
        ({"type": "VotePostponed", "id": "pp", "occurred_on": "2024-03-20", "source": {"document": "a"},
          "concerning": "S/2024/255", "times": 2.0}, "times", "must be a whole number, not 2.0"),
        ({**STATEMENT, "about": None}, "about", "must not be null: give a value, or leave the field out if it is optional"),
        ({"type": "PanelEstablished", "id": "p", "occurred_on": "2009-06-12", "source": {"document": "a"},
          "panel_id": "p", "regime_id": "r", "name": "P", "resolution": "1874 (2009)", "mandate_ends_on": "2010-6-12"},
         "mandate_ends_on", "'2010-6-12' is not a day: write a full date YYYY-MM-DD"),
        ({**STATEMENT, "source": "article"}, "source", "must be an object, not a string"),
        ({**STATEMENT, "speakers": "RUS"}, "speakers", "must be a list, not a string"),
        ({**STATEMENT, "also_cited": []}, "also_cited", "needs at least one citation; leave the field out when there is none"),
        ({"type": "FactCorrected", "id": "f", "corrects": "s1", "changes": {}, "reason": "r", "source": {"document": "a"}},
         "changes", "needs at least one field to change"),
    ],
)
def test_a_value_of_the_wrong_kind_is_refused_saying_what_the_field_takes(document: dict[str, Any], field: str,
                                                                          reason: str) -> None:
    with pytest.raises(InvalidDocument) as caught:
        parse_document(document)
    assert (caught.value.field, caught.value.reason) == (field, reason)


def test_every_malformed_field_of_a_document_is_named_in_its_one_line() -> None:
    document = {**STATEMENT, "stance": 3, "speakers": "RUS", "mood": "angry"}
    with pytest.raises(InvalidDocument) as caught:
        parse_document(document)
    assert caught.value.field == "mood"
    assert caught.value.reason == ("is not a field of this type; also field 'speakers': must be a list, not a string; "
                                   "field 'stance': must be text (a JSON string), not a number")


def test_past_five_more_malformed_fields_a_document_says_how_many_more() -> None:
    document = {**STATEMENT, **{f"extra{n}": n for n in range(8)}}
    with pytest.raises(InvalidDocument) as caught:
        parse_document(document)
    assert caught.value.field == "extra0" and caught.value.reason.endswith("field 'extra5': is not a field of this type; and 2 more")


@pytest.mark.parametrize(("kind", "said"), [
    ("StatementIsued", "unknown type 'StatementIsued' (did you mean StatementIssued?); known types: ActorRegistered"),
    ("statementissued", "unknown type 'statementissued' (did you mean StatementIssued?); known types: "),  # case counts
    ("Zebra", "unknown type 'Zebra'; known types: ActorRegistered"),  # nothing near: no guess
])
def test_a_misspelt_type_is_refused_with_the_type_it_likely_means(kind: str, said: str) -> None:
    with pytest.raises(InvalidDocument) as refused:
        parse_document({"type": kind, "id": "x"})
    assert refused.value.field == "type" and refused.value.reason.startswith(said)
