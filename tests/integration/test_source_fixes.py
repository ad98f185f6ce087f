"""A correction of a source (its publication day, its text) is checked against every fact held that cites it.

A fact may not have happened after its source's publication, and its quote must stand in the source's text
(`provenance.check_citation`). A correction that moves the publication before a fact citing it, or changes
the text so that a quote held is no longer in it, would make that fact break the rule: it is refused, as a
backdated fact that breaks a fact already held is, naming that fact (its type, id and day) and the field it
changes (`changes.published_on`, `changes.text`). A refusal stores nothing.
"""

from __future__ import annotations

from typing import Any

import pytest

from ledger import Ledger, RuleBroken
from tests.integration.test_fix_rules import refused

RECORD = "S/PV.9408"  # the Council's record of 2023-08-30 the seed's vote on S/2023/638 cites
VOTE = "vote.S/2023/638"
TEXT = "The Council voted on the draft. Mali welcomed the outcome."


def source(source_id: str, published_on: str, text: str | None = None) -> dict[str, Any]:
    return {"type": "SourceRegistered", "id": f"src.{source_id}", "source_id": source_id, "title": source_id,
            "published_on": published_on, **({"text": text} if text is not None else {})}


def statement(event_id: str, on: str, cited: dict[str, Any], **fields: Any) -> dict[str, Any]:
    return {"type": "StatementIssued", "id": event_id, "occurred_on": on, "source": cited, "speakers": ["FRA"],
            "stance": "regrets", **fields}


def fix(event_id: str, source_id: str, **changes: Any) -> dict[str, Any]:
    return {"type": "FactCorrected", "id": event_id, "corrects": f"src.{source_id}", "changes": changes,
            "reason": "an erratum", "source": {"document": "errata"}}


@pytest.fixture(autouse=True)
def errata(ledger: Ledger) -> None:
    """The source each correction here cites."""
    ledger.append(source("errata", "2025-01-01"))


def test_a_publication_moved_before_a_fact_citing_it_is_refused_naming_that_fact(seeded: Ledger) -> None:
    seeded.append(statement("statement.mali", "2023-08-30", {"document": RECORD}))
    error = refused(seeded, [fix("fs0", RECORD, published_on="2023-08-01")])
    assert error.field == "changes.published_on"
    assert f"it would make DraftResolutionVoted {VOTE!r} of 2023-08-30 break a rule" in str(error)
    assert "a source cannot report what had not yet happened" in str(error)
    assert not [p for p in seeded.audit() if p.flagged]
    # The vote can still be corrected, and the source moved to a day no fact citing it comes after.
    seeded.append({"type": "FactCorrected", "id": "fix.vote", "corrects": VOTE, "changes": {"purpose": "renew"},
                   "reason": "r", "source": {"document": RECORD}})
    assert seeded.append(fix("fs1", RECORD, published_on="2023-08-31")).flag is None
    assert refused(seeded, [fix("fs2", RECORD, published_on="2023-08-29")]).field == "changes.published_on"


def test_a_fact_citing_the_source_as_a_second_source_is_checked(ledger: Ledger) -> None:
    ledger.append_many([source("first", "2024-03-29"), source("second", "2024-03-29"),
                        statement("twice", "2024-03-28", {"document": "first"}, also_cited=[{"document": "second"}])])
    error = refused(ledger, [fix("move", "second", published_on="2024-03-27")])
    assert error.field == "changes.published_on" and "StatementIssued 'twice' of 2024-03-28" in str(error)


@pytest.mark.parametrize(
    ("on", "too_early", "in_time"),
    [
        ("2024-06-10", "2024-06-09", "2024-06-10"),
        ("2024-06-10?", "2024-06-10", "2024-06-11"),  # allows 2024-06-11: append refuses it cited from 2024-06-10
        ("2024-06-09/2024-06-11", "2024-06-10", "2024-06-11"),
        ("2024-06-10~", "2024-06-10", "2024-06-11"),
        ("../2024-06-10", "2024-06-09", "2024-06-10"),  # on or before: from that day
        ("2024-06", "2024-05-31", "2024-06-01"),  # a month, the source's own precision: from its first day
    ],
)
def test_a_publication_is_checked_against_every_day_a_citing_facts_date_allows(
        ledger: Ledger, on: str, too_early: str, in_time: str) -> None:
    ledger.append_many([source("note", "2024-06-12"), statement("loose", on, {"document": "note"})])
    # What an append of the fact would say of the source as corrected, the correction says too.
    with pytest.raises(RuleBroken):
        ledger.append_many([source("early", too_early), statement("again", on, {"document": "early"})])
    error = refused(ledger, [fix("early-fix", "note", published_on=too_early)])
    assert error.field == "changes.published_on" and f"StatementIssued 'loose' of {on}" in str(error)
    assert ledger.append(fix("in-time", "note", published_on=in_time)).flag is None


def test_a_fact_citing_the_source_earlier_in_the_same_batch_is_checked(ledger: Ledger) -> None:
    ledger.append(source("note", "2024-06-12"))
    error = refused(ledger, [statement("same-batch", "2024-06-11", {"document": "note"}),
                             fix("move", "note", published_on="2024-06-10")])
    assert error.index == 1 and "'same-batch'" in str(error)


def test_a_fact_a_correction_made_cite_the_source_is_checked(ledger: Ledger) -> None:
    ledger.append_many([source("first", "2024-06-30"), source("second", "2024-06-30"),
                        statement("moved", "2024-06-20", {"document": "first"})])
    ledger.append({"type": "FactCorrected", "id": "resourced", "corrects": "moved",
                   "changes": {"source": {"document": "second"}}, "reason": "r", "source": {"document": "second"}})
    assert "'moved'" in str(refused(ledger, [fix("move", "second", published_on="2024-06-01")]))
    ledger.append(fix("move-first", "first", published_on="2024-06-01"))  # no fact cites it any more


def test_a_text_that_loses_a_quote_held_is_refused_naming_the_fact(ledger: Ledger) -> None:
    ledger.append_many([source("article", "2024-03-29", TEXT),
                        statement("quoting", "2024-03-28", {"document": "article", "quote": "Mali welcomed the outcome"})])
    error = refused(ledger, [fix("retext", "article", text="The Council voted on the draft.")])
    assert error.field == "changes.text"
    assert "StatementIssued 'quoting' of 2024-03-28" in str(error) and "is not in the text" in str(error)
    assert not [p for p in ledger.audit() if p.flagged]
    ledger.append(fix("longer", "article", text=f"{TEXT} It was adopted."))  # every quote still stands in it


def test_a_text_given_to_a_source_held_without_one_must_bear_out_its_facts(ledger: Ledger) -> None:
    ledger.append_many([source("record", "2024-03-29"), source("other", "2024-03-29"),
                        statement("unquoted", "2024-03-28", {"document": "record"}),
                        statement("quoted", "2024-03-28", {"document": "record", "quote": "Mali welcomed"})])
    error = refused(ledger, [fix("text", "record", text=TEXT)])
    assert error.field == "changes.text" and "'unquoted'" in str(error) and "must quote it" in str(error)
    ledger.append({"type": "FactRetracted", "id": "gone", "retracts": "unquoted", "reason": "r",
                   "source": {"document": "other"}})
    ledger.append(fix("text-again", "record", text=TEXT))  # the quote left stands in it


def test_a_second_source_of_a_fact_loses_its_quote(ledger: Ledger) -> None:
    ledger.append_many([source("first", "2024-03-29"), source("second", "2024-03-29", TEXT),
                        statement("twice", "2024-03-28", {"document": "first"},
                                  also_cited=[{"document": "second", "quote": "The Council voted"}])])
    error = refused(ledger, [fix("retext", "second", text="Mali welcomed the outcome.")])
    assert error.field == "changes.text" and "'twice'" in str(error)


def test_a_fixs_own_citation_is_checked(ledger: Ledger) -> None:
    ledger.append_many([source("record", "2024-03-29", TEXT), source("other", "2024-03-29"),
                        statement("plain", "2024-03-28", {"document": "other"})])
    ledger.append({"type": "FactCorrected", "id": "fix.plain", "corrects": "plain", "changes": {"stance": "warns"},
                   "reason": "r", "source": {"document": "record", "quote": "Mali welcomed"}})
    error = refused(ledger, [fix("retext", "record", text="The Council voted on the draft.")])
    assert error.field == "changes.text" and "FactCorrected 'fix.plain'" in str(error)



def test_a_text_given_after_the_quote_was_corrected_in_leaves_the_audit_clean(seeded: Ledger) -> None:
    """The way the rules allow: first correct the fact's citation to quote the words, then give the source
    its text. The audit judges the citation the fact now rests on; the one it replaced is shown, not flagged."""
    words = "Decides to extend until 30 April 2024 the mandate of the Panel of Experts"
    extension = "panel.dprk.extended.2680"
    seeded.append({"type": "FactCorrected", "id": "fix.quote", "corrects": extension, "reason": "the words",
                   "changes": {"source": {"document": "S/RES/2680", "locator": "para 1", "quote": words}},
                   "source": {"document": "errata"}})
    seeded.append({"type": "FactCorrected", "id": "fix.text", "corrects": "src.S/RES/2680", "reason": "its text",
                   "changes": {"text": f"The Security Council ... {words}, as set out in resolution 1874."},
                   "source": {"document": "errata"}})
    found = {p.event_id: p for p in seeded.audit()}
    assert [p.event_id for p in found.values() if p.flagged] == []
    assert found["fix.quote"].also_cited[0].checked  # the quote the fact now rests on was read in the text
    assert not found[extension].checked and found[extension].quote is None  # as stored; replaced since
