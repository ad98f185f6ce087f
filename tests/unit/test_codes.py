"""Event codes for researchers: each fact type and statement stance maps to CAMEO and PLOVER, or to nothing."""

from __future__ import annotations

import pytest

from ledger.service.exports import Coding, cameo_code, coding, plover_category


def statement(stance: str) -> dict[str, object]:
    return {"type": "StatementIssued", "id": "statement.x", "stance": stance, "speakers": ["FRA"]}


@pytest.mark.parametrize(
    ("stance", "cameo", "plover"),
    [
        ("condemns", "111", "ACCUSE"),
        ("supports", "051", "SUPPORT"),
        ("regrets", "012", None),
        ("warns", "010", None),
        ("justifies", "010", None),
        ("neutral", "010", None),
    ],
)
def test_a_statement_is_coded_by_its_stance(stance: str, cameo: str, plover: str | None) -> None:
    assert (cameo_code(statement(stance)), plover_category(statement(stance))) == (cameo, plover)


@pytest.mark.parametrize(
    ("kind", "cameo", "plover"),
    [
        ("VetoCast", "129", "REJECT"),
        ("SanctionsRegimeEstablished", "163", "SANCTION"),
        ("SanctionsReinforced", "163", "SANCTION"),
        ("MeetingHeld", "040", "CONSULT"),
    ],
)
def test_a_fact_is_coded_by_its_type(kind: str, cameo: str, plover: str) -> None:
    assert coding({"type": kind, "id": "x"}) == Coding(cameo, plover)


@pytest.mark.parametrize(
    "kind",
    ["SourceRegistered", "ActorRegistered", "PanelEstablished", "PanelMandateExtended", "ReportReleased",
     "DraftResolutionVoted", "InquiryOpened", "ProposalMade", "SanctionsReliefSought",
     "SanctionsRegimeTerminated", "FactRetracted"],
)
def test_facts_without_a_clear_code_are_left_uncoded(kind: str) -> None:
    assert coding({"type": kind, "id": "x"}) == Coding(None, None)


def test_a_correction_is_uncoded_even_when_it_changes_a_stance() -> None:
    fix = {"type": "FactCorrected", "id": "fix", "corrects": "statement.x", "changes": {"stance": "condemns"},
           "stance": "condemns"}
    assert coding(fix) == Coding(None, None)


def test_a_statement_with_an_unknown_or_missing_stance_is_uncoded() -> None:
    assert coding(statement("applauds")) == Coding(None, None)
    assert coding({"type": "StatementIssued", "id": "x"}) == Coding(None, None)


def test_cameo_codes_keep_their_leading_zeros() -> None:
    assert cameo_code(statement("neutral")) == "010"
