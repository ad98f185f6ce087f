"""Every fix of a fixed or retracted fact: which the ledger takes, which it refuses, and what then shows.

The rules (ledger/batch.py, `_check_fix`): a fix names a fact, never a fix (a correction or a retraction)
nor a veto; a retracted fact can be neither corrected nor retracted again; a fact corrected once may be
corrected again (the corrections apply in the order recorded) or retracted. A refusal stores nothing.
"""

from __future__ import annotations

from typing import Any

import pytest

from ledger import Ledger, LedgerError, RuleBroken

MILLER = "statement.miller.2024-03-28"  # a statement the seed holds as first recorded, with no fix of its own
WOODWARD = "statement.woodward.2024-03-28"


def correction(target: str, eid: str, **changes: Any) -> dict[str, Any]:
    return {"type": "FactCorrected", "id": eid, "corrects": target, "changes": changes, "reason": "misread",
            "occurred_on": "2024-03-28", "source": {"document": "S/PV.9591"}}


def retraction(target: str, eid: str) -> dict[str, Any]:
    return {"type": "FactRetracted", "id": eid, "retracts": target, "reason": "not said",
            "occurred_on": "2024-03-28", "source": {"document": "S/PV.9591"}}


def statement(lg: Ledger, event_id: str) -> Any:
    return next((s for s in lg.as_of("2024-05-01").statements if s.event_id == event_id), None)


def refused(lg: Ledger, documents: list[dict[str, Any]]) -> LedgerError:
    head, digest, before = lg.head(), lg.digest(), lg.as_of("2100-01-01").to_dict()
    with pytest.raises(RuleBroken) as caught:
        lg.append_many(documents)
    assert (lg.head(), lg.digest()) == (head, digest)
    assert lg.as_of("2100-01-01").to_dict() == before
    return caught.value


FIRST = {"retracted": retraction(MILLER, "first"), "corrected": correction(MILLER, "first", stance="regrets")}


@pytest.mark.parametrize(
    ("first", "second", "field", "words"),
    [
        ("retracted", correction(MILLER, "second", stance="warns"), "corrects", "was retracted"),
        ("retracted", retraction(MILLER, "second"), "retracts", "was retracted"),
        ("retracted", correction("first", "second", stance="warns"), "corrects", "is a fix"),
        ("retracted", retraction("first", "second"), "retracts", "is a fix"),  # no un-retracting
        ("corrected", correction("first", "second", stance="warns"), "corrects", "is a fix"),
        ("corrected", retraction("first", "second"), "retracts", "is a fix"),
    ],
)
def test_a_retracted_fact_and_a_fix_cannot_be_fixed(
        seeded: Ledger, first: str, second: dict[str, Any], field: str, words: str) -> None:
    seeded.append(FIRST[first])
    error = refused(seeded, [second])
    assert error.field == field and words in str(error)


@pytest.mark.parametrize("second", [correction(MILLER, "second", stance="warns"), retraction(MILLER, "second")])
def test_a_fact_retracted_earlier_in_the_same_batch_cannot_be_fixed(seeded: Ledger, second: dict[str, Any]) -> None:
    error = refused(seeded, [retraction(MILLER, "first"), second])
    assert error.index == 1 and "was retracted" in str(error)


def test_a_retracted_fact_stays_retracted_after_a_refused_correction(seeded: Ledger) -> None:
    seeded.append(retraction(MILLER, "first"))
    refused(seeded, [correction(MILLER, "second", stance="warns")])
    assert statement(seeded, MILLER) is None


def test_a_corrected_fact_can_be_corrected_again_and_the_later_correction_wins(seeded: Ledger) -> None:
    seeded.append(correction(MILLER, "first", stance="regrets", about=["dprk-panel"]))
    seeded.append(correction(MILLER, "second", stance="warns"))
    fixed = statement(seeded, MILLER)
    assert (fixed.stance, fixed.about, fixed.corrected_by) == ("warns", ["dprk-panel"], ["first", "second"])
    assert [c["changes"] for c in fixed.corrections] == [{"stance": "regrets", "about": ["dprk-panel"]}, {"stance": "warns"}]


def test_a_corrected_fact_can_be_retracted(seeded: Ledger) -> None:
    seeded.append(correction(MILLER, "first", stance="regrets"))
    seeded.append(retraction(MILLER, "second"))
    assert statement(seeded, MILLER) is None
    assert statement(seeded, WOODWARD) is not None


def test_a_correction_checks_the_fact_as_corrected_so_far(seeded: Ledger) -> None:
    """The second correction is checked against the first's result: a bad value it keeps is still refused."""
    seeded.append(correction(MILLER, "first", stance="regrets"))
    with pytest.raises(LedgerError) as caught:
        seeded.append(correction(MILLER, "second", stance="furious"))
    assert caught.value.field == "changes.stance"
    assert statement(seeded, MILLER).stance == "regrets"


def test_a_registration_cannot_be_retracted(seeded: Ledger) -> None:
    error = refused(seeded, [retraction("src.S/PV.9591", "r")])
    assert error.field == "retracts" and "cannot be retracted" in str(error)


def test_a_registrations_id_cannot_be_corrected_and_the_refusal_says_what_to_do_instead(seeded: Ledger) -> None:
    error = refused(seeded, [{"type": "FactCorrected", "id": "fix.id", "corrects": "src.S/PV.9591", "reason": "r",
                              "changes": {"source_id": "S/PV.9591(2024)"}, "source": {"document": "S/PV.9591"}}])
    assert error.field == "changes.source_id" and "register it again under the new one" in str(error)
    assert "retract" not in str(error)  # a registration cannot be retracted: that advice would lead nowhere


def test_a_correction_that_makes_another_fact_break_a_rule_names_the_field_it_changes(seeded: Ledger) -> None:
    seeded.append({"type": "SourceRegistered", "id": "src.note", "source_id": "note", "title": "A note",
                   "published_on": "2024-06-01"})
    seeded.append({"type": "InquiryOpened", "id": "inquiry.late", "occurred_on": "2024-04-20",
                   "source": {"document": "note"}, "panel_id": "dprk-panel", "subject": "late arms transfers"})
    error = refused(seeded, [{"type": "FactCorrected", "id": "fix.mandate", "corrects": "panel.dprk.extended.2680",
                              "changes": {"mandate_ends_on": "2024-04-15"}, "reason": "r",
                              "source": {"document": "note"}}])
    assert error.field == "changes.mandate_ends_on"
    assert "it would make InquiryOpened 'inquiry.late' of 2024-04-20 break a rule" in str(error)
