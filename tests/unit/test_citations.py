"""The audit reads every source a fact cites, over the log as stored: `source`, `also_cited`, and the
citations a correction brings with its changes."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from ledger.domain.facts import Fact
from ledger.domain.provenance import audit

AT = datetime(2024, 4, 1, tzinfo=UTC)
WIRE = "Thirteen members voted in favour; China abstained."


def _source(source_id: str, text: str | None) -> dict[str, Any]:
    document = {"type": "SourceRegistered", "id": f"src.{source_id}", "source_id": source_id,
                "title": source_id, "published_on": "2024-03-29"}
    return document if text is None else {**document, "text": text}


def _log(*documents: dict[str, Any]) -> list[Fact]:
    return [Fact(d, AT, n, position=n) for n, d in enumerate(documents, start=1)]


def _statement(**fields: Any) -> dict[str, Any]:
    return {"type": "StatementIssued", "id": "s1", "occurred_on": "2024-03-28", "speakers": ["USA"],
            "stance": "condemns", "source": {"document": "record"}, **fields}


def test_a_further_citation_quoted_from_its_source_is_checked_and_clean() -> None:
    facts = _log(_source("record", None), _source("wire", WIRE),
                 _statement(also_cited=[{"document": "wire", "quote": "China abstained", "locator": "para 2"}]))
    found = audit(facts)[-1]
    assert not found.flagged and not found.checked  # its own source holds no text
    [also] = found.also_cited
    assert (also.source, also.locator, also.checked, also.problem) == ("wire", "para 2", True, None)
    assert found.to_dict()["also_cited"][0]["source"] == "wire"


def test_a_further_citation_whose_quote_is_not_in_its_source_flags_the_fact() -> None:
    facts = _log(_source("record", None), _source("wire", WIRE),
                 _statement(also_cited=[{"document": "wire", "quote": "China voted against"}]))
    found = audit(facts)[-1]
    assert found.flagged and "further citation" in (found.problem or "") and "'wire'" in (found.problem or "")
    assert found.also_cited[0].problem is not None


def test_a_citation_a_correction_brings_is_audited_too() -> None:
    fix = {"type": "FactCorrected", "id": "fix1", "corrects": "s1", "reason": "a second source",
           "source": {"document": "record"},
           "changes": {"also_cited": [{"document": "wire", "quote": "not in the wire"}]}}
    found = audit(_log(_source("record", None), _source("wire", WIRE), _statement(), fix))[-1]
    assert found.flagged and [c.source for c in found.also_cited] == ["wire"]


def test_a_fact_citing_one_source_has_no_further_citations() -> None:
    found = audit(_log(_source("record", None), _statement()))[-1]
    assert found.also_cited == () and not found.flagged


def test_a_veto_is_cited_as_its_vote_now_is() -> None:
    from ledger.domain.facts import apply_fixes

    vote = {"type": "DraftResolutionVoted", "id": "v1", "occurred_on": "2024-03-28", "draft_id": "S/1",
            "source": {"document": "article", "quote": "Russia vetoed"}, "in_favour": 13,
            "against": ["RUS"], "abstaining": ["CHN"]}
    veto = {"type": "VetoCast", "id": "v1/veto/RUS", "occurred_on": "2024-03-28", "vote": "v1", "member": "RUS",
            "draft_id": "S/1", "source": vote["source"]}
    moved = {"source": {"document": "record"}, "also_cited": [{"document": "article", "quote": "Russia vetoed"}]}
    fix = {"type": "FactCorrected", "id": "fix1", "corrects": "v1", "reason": "the record says it",
           "source": {"document": "record"}, "changes": moved}
    fixed = {f.event_id: f.document for f in apply_fixes(_log(vote, veto, fix))}
    assert fixed["v1/veto/RUS"]["source"] == {"document": "record"}
    assert fixed["v1/veto/RUS"]["also_cited"] == moved["also_cited"]
