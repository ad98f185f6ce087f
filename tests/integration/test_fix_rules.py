"""Every fix of a fixed or retracted fact: which the ledger takes, which it refuses, and what then shows.

The rules (ledger/batch.py, `_check_fix`): a fix names a fact, never a fix (a correction or a retraction)
nor a veto; a retracted fact can be neither corrected nor retracted again; a fact corrected once may be
corrected again (the corrections apply in the order recorded) or retracted. A refusal stores nothing.
A fix that would take away, or move past the day of, a draft, panel or regime that a fact of another stream
names (a statement about a draft) is refused, and names that fact, as an append of it would now be refused.
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


# A vote, and a statement of its day about its draft, held in streams of their own.
WIRE = {"type": "SourceRegistered", "id": "src.wire", "source_id": "wire", "title": "Haiti sanctions experts not renewed",
        "published_on": "2025-10-31", "publisher": "Example Wire"}
VOTED = {"type": "DraftResolutionVoted", "id": "vote.S/2025/700", "occurred_on": "2025-10-30", "source": {"document": "wire"},
         "draft_id": "S/2025/700", "in_favour": ["DZA", "DNK", "FRA", "GBR", "GRC", "GUY", "KOR", "PAK", "PAN", "SLE",
                                                  "SOM", "SVN", "USA"], "against": ["RUS"], "abstaining": ["CHN"]}
SAID = {"type": "StatementIssued", "id": "statement.usa", "occurred_on": "2025-10-30", "source": {"document": "wire"},
        "speakers": ["USA"], "stance": "condemns", "about": ["S/2025/700"]}
STRANDED = ("it would make StatementIssued 'statement.usa' of 2025-10-30 break a rule: the ledger holds no draft or panel "
            "or regime or actor 'S/2025/700' as of 2025-10-30")


def wire_fix(kind: str, eid: str, target: str, **changes: Any) -> dict[str, Any]:
    what = {"corrects": target, "changes": changes} if kind == "FactCorrected" else {"retracts": target}
    return {"type": kind, "id": eid, **what, "reason": "misread", "source": {"document": "wire"}}


def test_a_vote_redated_past_a_statement_about_its_draft_is_refused_and_names_the_statement(ledger: Ledger) -> None:
    ledger.append_many([WIRE, VOTED, SAID])
    error = refused(ledger, [wire_fix("FactCorrected", "fix.day", "vote.S/2025/700", occurred_on="2025-10-31")])
    assert (error.field, error.reason) == ("changes.occurred_on", STRANDED)
    assert ledger.as_of("2025-10-30").draft("S/2025/700") is not None


def test_a_retracted_vote_a_statement_is_about_is_refused_and_names_the_statement(ledger: Ledger) -> None:
    ledger.append_many([WIRE, VOTED, SAID])
    error = refused(ledger, [wire_fix("FactRetracted", "fix.gone", "vote.S/2025/700")])
    assert (error.field, error.reason) == ("retracts", STRANDED)


def test_a_statement_about_the_draft_in_the_same_batch_is_not_stranded_either(ledger: Ledger) -> None:
    ledger.append_many([WIRE, VOTED])
    error = refused(ledger, [SAID, wire_fix("FactRetracted", "fix.gone", "vote.S/2025/700")])
    assert (error.index, error.field, error.reason) == (1, "retracts", STRANDED)


def test_a_vote_can_be_retracted_once_the_statement_about_its_draft_is(ledger: Ledger) -> None:
    ledger.append_many([WIRE, VOTED, SAID])
    ledger.append(wire_fix("FactRetracted", "fix.unsaid", "statement.usa"))
    ledger.append(wire_fix("FactRetracted", "fix.gone", "vote.S/2025/700"))
    assert ledger.as_of("2025-10-31").draft("S/2025/700") is None


def test_a_vote_redated_so_that_every_fact_about_its_draft_still_follows_it_is_taken(ledger: Ledger) -> None:
    later = {**SAID, "id": "statement.usa.later", "occurred_on": "2025-10-31"}
    ledger.append_many([WIRE, VOTED, later])
    ledger.append(wire_fix("FactCorrected", "fix.earlier", "vote.S/2025/700", occurred_on="2025-10-29"))
    ledger.append(wire_fix("FactCorrected", "fix.day", "vote.S/2025/700", occurred_on="2025-10-31"))
    assert ledger.as_of("2025-10-30").draft("S/2025/700") is None
    assert str(ledger.as_of("2025-10-31").draft("S/2025/700").voted_on) == "2025-10-31"  # type: ignore[union-attr]


def test_a_panel_established_later_than_a_vote_concerning_it_is_refused_and_names_the_vote(ledger: Ledger) -> None:
    """A panel is named from other streams too: a vote on a draft concerning it lives in the draft's."""
    regime = {"type": "SanctionsRegimeEstablished", "id": "regime.hti", "occurred_on": "2022-10-21",
              "source": {"document": "wire"}, "regime_id": "hti-regime", "name": "Haiti", "target": "HTI",
              "resolution": "2653 (2022)", "measures": ["arms embargo"]}
    panel = {"type": "PanelEstablished", "id": "panel.hti", "occurred_on": "2022-10-21", "source": {"document": "wire"},
             "panel_id": "hti-panel", "regime_id": "hti-regime", "name": "Panel of Experts on Haiti",
             "resolution": "2653 (2022)", "mandate_ends_on": "2026-11-21"}
    ledger.append_many([WIRE, regime, panel, {**VOTED, "concerning": "hti-panel"}])
    error = refused(ledger, [wire_fix("FactCorrected", "fix.panel", "panel.hti", occurred_on="2025-10-31")])
    assert (error.field, error.reason) == (
        "changes.occurred_on", "it would make DraftResolutionVoted 'vote.S/2025/700' of 2025-10-30 break a rule: "
                               "the ledger holds no panel or regime 'hti-panel' as of 2025-10-30")


def test_a_statement_dated_by_an_interval_is_judged_on_every_day_its_date_allows(ledger: Ledger) -> None:
    """As its append would be: a vote moved past some of the statement's days is taken (the statement is then
    flagged, as its append would be); moved past all of them, or retracted, it is refused."""
    october = {**SAID, "id": "statement.usa.october", "occurred_on": "2025-10-01/2025-10-31"}
    ledger.append_many([{**WIRE, "published_on": "2025-12-01"}, {**VOTED, "occurred_on": "2025-09-30"}, october])
    ledger.append(wire_fix("FactCorrected", "fix.mid", "vote.S/2025/700", occurred_on="2025-10-15"))
    error = refused(ledger, [wire_fix("FactCorrected", "fix.late", "vote.S/2025/700", occurred_on="2025-11-01")])
    assert error.field == "changes.occurred_on"
    assert error.reason.startswith("it would make StatementIssued 'statement.usa.october' of 2025-10-01/2025-10-31 break "
                                   "a rule: on every day its date 2025-10-01/2025-10-31 allows, up to 2025-10-31: "
                                   "the ledger holds no draft"), error.reason
    error = refused(ledger, [wire_fix("FactRetracted", "fix.gone", "vote.S/2025/700")])
    assert error.field == "retracts" and "'statement.usa.october' of 2025-10-01/2025-10-31 break a rule" in error.reason
