"""Facts dated as loosely as their source: when they count, what the rules refuse and what they flag."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest

from ledger import Ledger, LedgerError, RuleBroken, UnknownReference
from ledger.documents import fingerprint
from ledger.domain.streams import open_stream, stream_id
from ledger.service.exports import export_rows

NOTE = {"type": "SourceRegistered", "id": "src.note", "source_id": "note", "title": "A note", "published_on": "2024-04-05"}
BASE: list[dict[str, Any]] = [
    NOTE,
    {"type": "SourceRegistered", "id": "src.records", "source_id": "records", "title": "Council records",
     "published_on": "2024-12-31"},
    {"type": "SanctionsRegimeEstablished", "id": "regime", "occurred_on": "2006-10-14", "source": {"document": "note"},
     "regime_id": "r", "name": "DPRK sanctions", "target": "PRK", "resolution": "1718 (2006)", "measures": ["arms embargo"]},
    {"type": "PanelEstablished", "id": "panel", "occurred_on": "2009-06-12", "source": {"document": "note"},
     "panel_id": "p", "regime_id": "r", "name": "Panel of Experts", "resolution": "1874 (2009)",
     "mandate_ends_on": "2024-04-30"},
    {"type": "DraftResolutionVoted", "id": "vote", "occurred_on": "2024-03-28", "source": {"document": "note"},
     "draft_id": "S/2024/255", "concerning": "p", "in_favour": 13, "against": ["RUS"], "abstaining": ["CHN"]},
]


def statement(ident: str, on: str, about: str = "S/2024/255") -> dict[str, Any]:
    return {"type": "StatementIssued", "id": ident, "occurred_on": on, "source": {"document": "note"},
            "speakers": ["FRA"], "stance": "regrets", "about": [about]}


def extension(ident: str, on: str, ends: str) -> dict[str, Any]:
    return {"type": "PanelMandateExtended", "id": ident, "occurred_on": on, "source": {"document": "records"},
            "panel_id": "p", "resolution": "9999 (2024)", "mandate_ends_on": ends}


@pytest.fixture
def base(ledger: Ledger) -> Ledger:
    ledger.append_many(BASE)
    return ledger


def statements_on(lg: Ledger, day: str) -> list[str]:
    return [s.event_id for s in lg.as_of(day).statements]


@pytest.mark.parametrize(("on", "first"), [("2024-03-29/2024-04-02", "2024-03-29"), ("../2024-04-02", "2024-04-02"),
                                          ("2024-03-30?", "2024-03-29"), ("2024-04", "2024-04-01")])
def test_a_fact_counts_from_the_earliest_day_its_date_allows(base: Ledger, on: str, first: str) -> None:
    assert base.append(statement("st", on)).flag is None
    day_before = (date.fromisoformat(first) - timedelta(days=1)).isoformat()
    assert statements_on(base, day_before) == []
    assert statements_on(base, first) == ["st"]
    # The read models and the fold from the log agree.
    for day in (day_before, first):
        assert base.as_of(day).to_dict() == base.replay(day).to_dict()


def test_views_give_the_form_written_and_the_days_it_allows(base: Ledger) -> None:
    base.append(statement("st", "../2024-03-29"))
    view = base.as_of("2024-05-01")
    [said] = view.statements
    assert (said.on, said.earliest, said.latest) == ("../2024-03-29", None, date(2024, 3, 29))
    assert said.on.kind == "open-start"
    row = next(r for r in view.timeline if r.event_id == "st").to_dict()
    assert (row["on"], row["kind"], row["earliest"], row["latest"]) == ("../2024-03-29", "open-start", None, "2024-03-29")
    assert next(s for s in view.to_dict()["statements"] if s["event_id"] == "st")["latest"] == "2024-03-29"


def test_exports_give_the_form_written_and_the_days_it_allows(base: Ledger) -> None:
    base.append(statement("st", "2024-03-28/2024-03-30"))
    [row] = [r for r in export_rows(base.facts()) if r["event_id"] == "st"]
    assert (row["occurred_on"], row["occurred_earliest"], row["occurred_latest"]) == (
        "2024-03-28/2024-03-30", "2024-03-28", "2024-03-30")
    [vote] = [r for r in export_rows(base.facts()) if r["event_id"] == "vote"]
    assert vote["occurred_earliest"] == vote["occurred_latest"] == "2024-03-28"


def test_rows_are_listed_by_their_earliest_day_then_their_latest(base: Ledger) -> None:
    base.append_many([statement("wide", "2024-03-29/2024-04-03"), statement("day", "2024-03-29"),
                      statement("narrow", "2024-03-29/2024-03-30")])
    assert statements_on(base, "2024-05-01") == ["day", "narrow", "wide"]
    assert [s.event_id for s in base.replay("2024-05-01").statements] == ["day", "narrow", "wide"]
    timeline = [r.event_id for r in base.as_of("2024-05-01").timeline if r.type == "StatementIssued"]
    assert timeline == ["day", "narrow", "wide"]


def test_a_fact_that_may_be_later_than_its_source_is_refused(base: Ledger) -> None:
    for on in ("2024-04-05?", "2024-04-01/2024-04-06", "../2024-04-06", "2024-04~"):
        with pytest.raises(RuleBroken) as refused:
            base.append(statement("st", on))
        assert refused.value.field == "occurred_on" and "2024-04-05" in refused.value.reason, on
    assert base.append(statement("st", "../2024-04-05")).flag is None  # on or before its publication: it may be


def test_a_fact_that_may_be_earlier_than_what_it_names_is_flagged_not_refused(base: Ledger) -> None:
    recorded = base.append(statement("st", "2024-03-27/2024-03-29"))
    assert recorded.flag is not None and "2024-03-27" in recorded.flag and "S/2024/255" in recorded.flag
    [flagged] = [p for p in base.audit() if p.flagged]
    assert (flagged.event_id, flagged.problem) == ("st", recorded.flag)


def test_a_fact_that_is_earlier_than_what_it_names_on_every_day_allowed_is_refused(base: Ledger) -> None:
    with pytest.raises(UnknownReference) as refused:
        base.append(statement("st", "2024-03-20/2024-03-27"))
    assert refused.value.field == "about" and "2024-03-27" in refused.value.reason
    assert not any(p.flagged for p in base.audit())


def test_an_extension_that_may_come_after_the_mandate_lapsed_is_flagged(base: Ledger) -> None:
    with pytest.raises(RuleBroken) as refused:  # after the mandate's end on every day its date allows
        base.append(extension("late", "2024-05-01/2024-05-03", "2025-04-30"))
    assert refused.value.field == "occurred_on"
    recorded = base.append(extension("ext", "2024-04-29/2024-05-02", "2025-04-30"))
    assert recorded.flag is not None and "expired on 2024-04-30" in recorded.flag
    assert base.as_of("2024-05-01").panel("p").mandate_ends_on == "2025-04-30"  # counted from 2024-04-29


def test_a_load_says_which_documents_it_flagged(base: Ledger) -> None:
    recordings = base.append_many([statement("a", "2024-03-28"), statement("b", "2024-03-28?")])
    assert [r.flag is not None for r in recordings] == [False, True]


def test_plain_days_months_and_years_keep_their_rules(base: Ledger) -> None:
    """A month is checked on its first day, as before: it is refused, not flagged, when that day breaks a rule."""
    with pytest.raises(UnknownReference):
        base.append(statement("st", "2024-03"))
    assert base.append(statement("st", "2024-04")).flag is None  # published 2024-04-05, within April: as before


def test_the_audit_flags_a_date_stored_past_the_rules(base: Ledger) -> None:
    """A fact written straight into the store (older code, or someone behind the ledger's back) whose date
    allows a day after its source's publication: the audit, which checks again, flags it."""
    forged = statement("st.forged", "2024-04-05?")
    stream = open_stream(forged, 1, datetime.now(UTC))
    entry = {"event_id": "st.forged", "stream_id": stream_id("fact", "st.forged"), "version": stream.version,
             "type": "StatementIssued", "fingerprint": fingerprint(forged), "recorded_at": datetime.now(UTC),
             "regime_id": None}
    base.store.save_batch([stream], [entry])
    [flagged] = [p for p in base.audit() if p.flagged]
    assert flagged.event_id == "st.forged" and "2024-04-06" in (flagged.problem or "") and "'note'" in (flagged.problem or "")


def test_every_source_cited_is_held_to_the_latest_day_a_date_allows(base: Ledger) -> None:
    """A second source (`also_cited`) published before the latest day the date allows refuses it too."""
    base.append({"type": "SourceRegistered", "id": "src.early", "source_id": "early", "title": "An early note",
                 "published_on": "2024-03-29"})
    cited = {**statement("st", "2024-03-28/2024-03-30"), "also_cited": [{"document": "early"}]}
    with pytest.raises(RuleBroken) as refused:
        base.append(cited)
    assert refused.value.field == "occurred_on" and "'early'" in refused.value.reason
    assert base.append({**cited, "occurred_on": "2024-03-28/2024-03-29"}).flag is None


def correction(target: str, eid: str = "fix", **changes: Any) -> dict[str, Any]:
    return {"type": "FactCorrected", "id": eid, "corrects": target, "changes": changes,
            "reason": "misdated", "source": {"document": "records"}}


def verdict(lg: Ledger, document: dict[str, Any]) -> tuple[str, str | None]:
    """What the ledger says of a document: ("flag", its flag, None when there is none) or (the kind of refusal,
    its reason)."""
    try:
        return "flag", lg.append(document).flag
    except LedgerError as e:
        return type(e).__name__, e.reason


@pytest.mark.parametrize("on", ["2024-03-27/2024-03-29", "2024-03-28?", "2024-03-28%", "2024-03-20/2024-03-27",
                                "2024-03-28/2024-04-06", "../2024-03-29", "2024-03-29/2024-04-02", "2024-03"])
def test_a_correction_into_a_date_gets_the_verdict_an_append_of_the_corrected_fact_gets(base: Ledger, on: str) -> None:
    base.append(statement("held", "2024-03-29"))
    appended = verdict(base, statement("new", on))
    corrected = verdict(base, correction("held", occurred_on=on))
    if appended[0] == "flag":
        assert corrected == appended, on  # the same flag, word for word, or none
    else:  # the same refusal, said of the correction: the reason the append was given stands in it
        assert corrected[0] == appended[0] and appended[1] in (corrected[1] or ""), (on, appended, corrected)


def test_a_correction_of_a_fact_already_uncertain_is_judged_on_every_day_its_date_allows(base: Ledger) -> None:
    """A correction that leaves an uncertain date as it was is judged as the corrected fact appended would be."""
    held = base.append(statement("held", "2024-03-27/2024-03-29"))
    assert held.flag is not None
    assert base.append(correction("held", stance="condemns")).flag == held.flag


def test_a_renewal_corrected_into_a_date_that_may_fall_after_the_mandate_lapsed_is_flagged(base: Ledger) -> None:
    base.append(extension("ext", "2024-04-29", "2025-04-30"))
    recorded = base.append(correction("ext", occurred_on="2024-04-29/2024-05-02"))
    assert recorded.flag is not None and "allows 2024-05-02" in recorded.flag and "expired on 2024-04-30" in recorded.flag
    [flagged] = [p for p in base.audit() if p.flagged]
    assert (flagged.event_id, flagged.problem) == ("ext", recorded.flag)
    with pytest.raises(RuleBroken) as refused:  # after the mandate's end on every day its date allows
        base.append(correction("ext", "fix.again", occurred_on="2024-05-01/2024-05-03"))
    assert refused.value.field == "changes.occurred_on" and "expired on 2024-04-30" in refused.value.reason
