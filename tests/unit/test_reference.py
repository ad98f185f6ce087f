"""The field reference and the JSON Schemas say what the marshmallow schemas accept."""

from __future__ import annotations

import copy
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from jsonschema import Draft202012Validator
from marshmallow import Schema, fields

from ledger.documents import SCHEMAS, parse_document
from ledger.documents.examples import ARTICLE, EXAMPLES, example
from ledger.documents.json_schema import field_schema
from ledger.documents.reference import as_markdown, as_text, json_schema, reference
from ledger.domain.catalogue import CATALOGUE
from ledger.domain.quotes import quote_is_in
from ledger.errors import InvalidDocument
from tests.conftest import SEEDS


def valid(schema: dict[str, Any], document: Any) -> bool:
    return Draft202012Validator(schema).is_valid(document)


def accepted(document: Any) -> bool:
    try:
        parse_document(document)
    except InvalidDocument:
        return False
    return True


def test_every_type_has_an_example_and_every_example_is_valid() -> None:
    """Every type the ledger ships: a type added without one yet is shown without it (test_new_type)."""
    assert {d["type"] for d in EXAMPLES} == set(SCHEMAS)
    for document in EXAMPLES:
        assert parse_document(document)["id"] == document["id"]


def test_the_examples_quote_the_seed_article_word_for_word() -> None:
    article = (SEEDS / "article-2024-03-29-dprk-panel-veto.txt").read_text(encoding="utf-8")
    quotes = [d["source"]["quote"] for d in EXAMPLES if d.get("source", {}).get("document") == ARTICLE
              and "quote" in d["source"]]
    assert quotes and all(quote_is_in(q, article) for q in quotes)


@pytest.mark.parametrize("name", list(SCHEMAS))
def test_each_json_schema_is_valid_and_accepts_its_example(name: str) -> None:
    schema = json_schema(name)
    Draft202012Validator.check_schema(schema)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert valid(schema, example(name))
    assert not valid(schema, {**example(name), "type": "Other"})


@pytest.mark.parametrize("name", list(SCHEMAS))
def test_each_json_schema_refuses_a_document_missing_a_required_field(name: str) -> None:
    schema = json_schema(name)
    required = [n for n, f in SCHEMAS[name]().fields.items() if f.required]
    assert required == schema["required"]
    for field in required:
        missing = {k: v for k, v in example(name).items() if k != field}
        assert not valid(schema, missing), field
        assert not accepted(missing), field
    source = example(name).get("source")
    if source is not None:
        assert not valid(schema, {**example(name), "source": {k: v for k, v in source.items() if k != "document"}})


def test_the_schema_of_any_document_takes_every_example_and_no_unknown_type() -> None:
    schema = json_schema()
    Draft202012Validator.check_schema(schema)
    assert set(schema["$defs"]) == set(SCHEMAS)
    assert all(valid(schema, d) for d in EXAMPLES)
    assert not valid(schema, {**example("StatementIssued"), "type": "VetoCast"})


def _mutations() -> list[tuple[str, str, Any]]:
    """(type, field, value): values the schemas refuse or accept at a field of a type's example."""
    return [
        ("StatementIssued", "id", "has space"),
        ("StatementIssued", "id", "x" * 129),
        ("StatementIssued", "id", "x" * 128),
        ("StatementIssued", "occurred_on", "2024-3-28"),
        ("StatementIssued", "occurred_on", "2024"),
        ("StatementIssued", "occurred_on", 2024),
        ("StatementIssued", "stance", "shrugs"),
        ("StatementIssued", "speakers", []),
        ("StatementIssued", "speakers", ["RUS", "RUS"]),
        ("StatementIssued", "about", []),
        ("StatementIssued", "unknown", "x"),
        ("StatementIssued", "source", {"document": "S/PV.9591", "page": 3}),
        ("StatementIssued", "source", {"document": "S/PV.9591", "quote": ""}),
        ("SourceRegistered", "published_on", "2024-03"),
        ("SourceRegistered", "title", ""),
        ("SourceRegistered", "title", "   "),
        ("SourceRegistered", "title", "\u00a0\n"),
        ("SourceRegistered", "title", "red\x1b[31m"),
        ("SourceRegistered", "title", "a\x00b"),
        ("SourceRegistered", "title", "next line\x85"),
        ("SourceRegistered", "title", "page one\x0cpage two\r\n\tend"),
        ("SourceRegistered", "text", "\x07"),
        ("ActorRegistered", "kind", "club"),
        ("DraftResolutionVoted", "in_favour", 13),
        ("DraftResolutionVoted", "in_favour", -1),
        ("DraftResolutionVoted", "in_favour", True),
        ("DraftResolutionVoted", "in_favour", "13"),
        ("DraftResolutionVoted", "abstaining", ["CHN", 1]),
        ("DraftResolutionVoted", "penholders", []),
        ("SanctionsReinforced", "measures", []),
        ("SanctionsReinforced", "measures", [""]),
        ("ReportReleased", "pages", 0),
        ("ReportReleased", "pages", "615"),
        ("MeetingHeld", "participants", ["putin"]),
        ("FactCorrected", "changes", {}),
        ("FactCorrected", "changes", ["stance"]),
    ]


@pytest.mark.parametrize(("name", "field", "value"), _mutations())
def test_the_json_schema_and_the_ledger_agree_on_the_form_of_a_field(name: str, field: str, value: Any) -> None:
    document = {**copy.deepcopy(example(name)), field: value}
    assert valid(json_schema(name), document) == accepted(document)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=12))
def test_the_json_schema_and_the_ledger_agree_on_any_title(title: str) -> None:
    document = {**copy.deepcopy(example("SourceRegistered")), "title": title}
    assert valid(json_schema("SourceRegistered"), document) == accepted(document)


def test_the_walk_refuses_what_it_cannot_map() -> None:
    with pytest.raises(TypeError, match="Float"):
        field_schema(fields.Float())
    with pytest.raises(TypeError, match="validator"):
        field_schema(fields.String(validate=lambda v: None))

    class Loose(Schema):
        number = fields.Integer()

    with pytest.raises(TypeError, match="strings"):
        field_schema(Loose().fields["number"])


def test_the_reference_names_every_type_with_its_fields_and_example() -> None:
    refs = reference()
    assert [r.name for r in refs] == list(SCHEMAS)
    text, markdown = as_text(), as_markdown()
    for ref in refs:
        declared = set(SCHEMAS[ref.name]().fields)
        assert {f.name.split(".")[0] for f in ref.fields} | set(ref.common) == declared
        assert all(f.form and f.meaning for f in ref.fields)
        assert f"\n{ref.name} (a {ref.kind}" in text and f"\n### {ref.name}\n" in markdown
    assert "source.quote" in text and "`source.locator`" in markdown


def test_every_type_says_what_it_means_in_a_sentence() -> None:
    for ref in reference():
        assert ref.summary == CATALOGUE[ref.name].means
        assert ref.summary[0].isupper() and ref.summary.endswith(".")


def test_a_field_without_a_meaning_is_named_by_the_reference(monkeypatch: pytest.MonkeyPatch) -> None:
    """A new type whose fields all have meanings needs nothing in MEANINGS; one with a new field fails here."""

    class WithANewField(SCHEMAS["InquiryOpened"]):  # type: ignore[misc,valid-type]
        lead_investigator = fields.String()

    monkeypatch.setitem(SCHEMAS, "InquiryOpened", WithANewField)
    with pytest.raises(KeyError, match="no meaning for InquiryOpened.lead_investigator: add one to MEANINGS"):
        reference()
    with pytest.raises(KeyError, match="InquiryOpened.lead_investigator"):
        json_schema("InquiryOpened")


def test_one_type_prints_alone() -> None:
    text = as_text(["PanelEstablished"])
    assert text.startswith("PanelEstablished (a fact; also type, id, occurred_on, source, also_cited)")
    assert "mandate_ends_on  required  day" in text and "SourceRegistered" not in text
