"""Corrections and retractions are facts too: they show from the moment they were recorded."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest

from ledger import InvalidDocument, Ledger, RuleBroken, UnknownReference
from tests.conftest import unsaying

MILLER = "statement.miller.2024-03-28"  # a statement the seed holds as first recorded, with no fix of its own
VOTE = "vote.S/2024/255"
# The seed's own fixes of facts the DPRK panel's state rests on: its inquiry's date, its final report's sources
# and the vote's, in the order of the facts they fix.
SEED_PANEL_FIXES = ["fix.inquiry.day", "fix.report.S/2024/215.sources", "fix.vote.S/2024/255.sources"]


def statement(view, event_id: str):  # type: ignore[no-untyped-def]
    return next((s for s in view.statements if s.event_id == event_id), None)


def seed_fixes(lg: Ledger, target: str, known_at: datetime) -> list[dict[str, Any]]:
    """The seed's own corrections of a fact, as views note them (read off the log, not written out here)."""
    return [{"event_id": f.event_id, "recorded_at": f.recorded_at.isoformat(), "reason": f.document["reason"],
             "changes": dict(f.document["changes"])}
            for f in lg.facts(known_at) if f.document.get("corrects") == target]


def correct(lg: Ledger, target: str, changes: dict, eid: str = "fix") -> datetime:  # type: ignore[type-arg]
    return lg.append({"type": "FactCorrected", "id": eid, "corrects": target, "changes": changes,
                      "reason": "misread the source", "occurred_on": "2024-03-28",
                      "source": {"document": "S/PV.9591"}}).recorded_at


def test_a_correction_shows_from_when_it_was_recorded_and_not_before(seeded: Ledger) -> None:
    before = datetime.now(UTC)
    recorded = correct(seeded, MILLER, {"stance": "regrets"})
    assert recorded > before
    assert statement(seeded.as_of("2024-04-01", known_at=before), MILLER).stance == "condemns"
    now = statement(seeded.as_of("2024-04-01"), MILLER)
    assert now.stance == "regrets" and now.corrected_by == ["fix"]
    # the correction applies at the fact's own date, not at the correction's
    assert statement(seeded.as_of("2024-03-28"), MILLER).stance == "regrets"


def test_a_naive_known_at_is_read_as_utc(seeded: Ledger) -> None:
    before = datetime.now(UTC)
    correct(seeded, MILLER, {"stance": "regrets"})
    naive = before.replace(tzinfo=None)
    assert statement(seeded.as_of("2024-04-01", known_at=naive), MILLER).stance == "condemns"


def test_a_retraction_removes_the_fact_from_current_views_only(seeded: Ledger) -> None:
    before = datetime.now(UTC)
    seeded.append({"type": "FactRetracted", "id": "retract", "retracts": MILLER, "reason": "not said",
                   "source": {"document": "S/PV.9591"}})
    assert statement(seeded.as_of("2024-04-01"), MILLER) is None
    assert MILLER not in [row.event_id for row in seeded.as_of("2024-04-01").timeline]
    assert statement(seeded.as_of("2024-04-01", known_at=before), MILLER) is not None


def test_a_veto_follows_its_vote_when_the_vote_is_corrected(seeded: Ledger) -> None:
    before = datetime.now(UTC)
    correct(seeded, VOTE, {"against": [], "abstaining": ["CHN", "RUS"]})
    view = seeded.as_of("2024-05-01")
    assert view.draft("S/2024/255").outcome == "adopted"  # type: ignore[union-attr]
    assert view.panel("dprk-panel").vetoes == []  # type: ignore[union-attr]
    assert not any(row.type == "VetoCast" and row.on == date(2024, 3, 28) for row in view.timeline)
    old = seeded.as_of("2024-05-01", known_at=before)
    assert [v.member for v in old.panel("dprk-panel").vetoes] == ["RUS"]  # type: ignore[union-attr]


def vetoes_on_the_timeline(view) -> list[tuple[str, date]]:  # type: ignore[no-untyped-def]
    return [(row.event_id, row.on) for row in view.timeline if row.type == "VetoCast"]


def test_a_recount_that_gives_a_vote_a_veto_puts_the_veto_on_the_timeline(ledger: Ledger) -> None:
    """Eight in favour and France against: no veto. Recounted to nine, France vetoed the draft, and the veto
    shows on the timeline of the vote's day as it would had the vote been recorded so (a veto follows its vote)."""
    ledger.append_many([
        {"type": "SourceRegistered", "id": "src", "source_id": "un", "title": "UN", "published_on": "2026-06-30"},
        {"type": "DraftResolutionVoted", "id": "v", "occurred_on": "2024-06-01", "source": {"document": "un"},
         "draft_id": "D", "in_favour": 8, "against": ["FRA"], "abstaining": 6},
    ])
    before = datetime.now(UTC)
    ledger.append({"type": "FactCorrected", "id": "recount", "corrects": "v", "changes": {"in_favour": 9, "abstaining": 5},
                   "reason": "recount", "source": {"document": "un"}})
    for read in (ledger.as_of, ledger.replay):
        view = read("2024-06-01")
        assert (view.draft("D").outcome, view.draft("D").vetoed_by) == ("vetoed", ["FRA"])  # type: ignore[union-attr]
        assert vetoes_on_the_timeline(view) == [("v/veto/FRA", date(2024, 6, 1))]
        assert vetoes_on_the_timeline(read("2024-06-01", known_at=before)) == []


@pytest.mark.parametrize("day", ["2024-05-20", "2024-06-10"])
def test_a_veto_moves_with_its_vote_to_the_day_a_correction_gives(ledger: Ledger, day: str) -> None:
    ledger.append_many([
        {"type": "SourceRegistered", "id": "src", "source_id": "un", "title": "UN", "published_on": "2026-06-30"},
        {"type": "DraftResolutionVoted", "id": "v", "occurred_on": "2024-06-01", "source": {"document": "un"},
         "draft_id": "D", "in_favour": 9, "against": ["FRA"], "abstaining": 5},
    ])
    ledger.append({"type": "FactCorrected", "id": "redated", "corrects": "v", "changes": {"occurred_on": day},
                   "reason": "misdated", "source": {"document": "un"}})
    for read in (ledger.as_of, ledger.replay):
        assert vetoes_on_the_timeline(read("2024-12-31")) == [("v/veto/FRA", date.fromisoformat(day))]
        assert vetoes_on_the_timeline(read(date.fromisoformat(day) - timedelta(days=1))) == []


def test_a_corrected_row_says_when_and_why_it_was_corrected(seeded: Ledger) -> None:
    before = datetime.now(UTC)
    recorded = correct(seeded, VOTE, {"against": [], "abstaining": ["CHN", "RUS"]})
    extension = correct(seeded, "panel.dprk.extended.2680", {"mandate_ends_on": "2024-04-29"}, "fix.mandate")
    note = {"event_id": "fix", "recorded_at": recorded.isoformat(), "reason": "misread the source",
            "changes": {"against": [], "abstaining": ["CHN", "RUS"]}}
    view = seeded.as_of("2024-05-01")
    # After the seed's own fixes: of the vote (its sources), and of the report (its sources).
    assert view.draft("S/2024/255").corrections == [*seed_fixes(seeded, VOTE, before), note]  # type: ignore[union-attr]
    panel = view.panel("dprk-panel")
    assert panel.mandate_ends_on == "2024-04-29"  # type: ignore[union-attr]
    # In the order of the facts they fix: the renewal of 2023, then the inquiry, the report and the vote of 2024.
    assert [c["event_id"] for c in panel.corrections] == ["fix.mandate", *SEED_PANEL_FIXES, "fix"]  # type: ignore[union-attr]
    assert panel.corrections[0]["recorded_at"] == extension.isoformat()  # type: ignore[union-attr]
    assert view.to_dict()["panels"] == seeded.replay("2024-05-01").to_dict()["panels"]
    old = seeded.as_of("2024-05-01", known_at=before)
    assert [c["event_id"] for c in old.panel("dprk-panel").corrections] == SEED_PANEL_FIXES  # type: ignore[union-attr]
    assert old.draft("S/2024/255").corrections == seed_fixes(seeded, VOTE, before)  # type: ignore[union-attr]


def test_a_retracted_vote_takes_its_veto_with_it(seeded: Ledger) -> None:
    seeded.append_many(unsaying(seeded, "S/2024/255"))  # the statements about it go first: none may be stranded
    before = datetime.now(UTC)
    seeded.append({"type": "FactRetracted", "id": "r", "retracts": VOTE, "reason": "x", "source": {"document": "S/PV.9591"}})
    view = seeded.as_of("2024-05-01")
    assert view.draft("S/2024/255") is None
    assert view.panel("dprk-panel").vetoes == []  # type: ignore[union-attr]
    assert not any(row.type == "VetoCast" and row.on == date(2024, 3, 28) for row in view.timeline)
    assert seeded.as_of("2024-05-01", known_at=before).draft("S/2024/255").vetoed_by == ["RUS"]  # type: ignore[union-attr]


def test_a_correction_is_checked_like_the_fact_it_changes(seeded: Ledger) -> None:
    head = seeded.head()
    with pytest.raises(RuleBroken) as caught:
        correct(seeded, VOTE, {"in_favour": 14})
    assert caught.value.field == "changes.in_favour"  # the correction's own field, as its other refusals name it
    with pytest.raises(InvalidDocument) as invalid:
        correct(seeded, MILLER, {"stance": "furious"})
    assert invalid.value.field == "changes.stance"
    with pytest.raises(InvalidDocument) as several:
        correct(seeded, MILLER, {"stance": "furious", "speakers": "USA", "mood": "cross"})
    assert several.value.field == "changes.mood" and str(several.value).endswith(
        "field 'changes.mood': is not a field of this type; also field 'changes.speakers': must be a list, "
        "not a string; field 'changes.stance': must be one of: condemns, justifies, supports, regrets, warns, neutral")
    with pytest.raises(RuleBroken) as former:  # an item of a list it changes: named within the change
        correct(seeded, MILLER, {"speakers": ["USA", "SUN"]})
    assert former.value.field == "changes.speakers.1" and str(former.value.reason).startswith("SUN (USSR")
    with pytest.raises(RuleBroken) as key:
        correct(seeded, VOTE, {"draft_id": "S/2024/256"})
    assert key.value.field == "changes.draft_id"
    with pytest.raises(UnknownReference):
        correct(seeded, "no-such-fact", {"stance": "regrets"})
    with pytest.raises(UnknownReference) as moved:  # a field the correction leaves: the fact, as corrected, on its day
        correct(seeded, "report.dprk-panel.S/2024/215", {"occurred_on": "2001-12-01"})
    assert moved.value.field == "changes" and "ReportReleased 'report.dprk-panel.S/2024/215' as corrected, of 2001-12-01" \
        in str(moved.value) and "its field 'author'" in str(moved.value)
    assert seeded.head() == head


def test_a_fix_cannot_name_a_veto_or_be_dated_before_its_fact(seeded: Ledger) -> None:
    with pytest.raises(RuleBroken):
        correct(seeded, f"{VOTE}/veto/RUS", {"member": "CHN"})
    with pytest.raises(RuleBroken) as early:
        seeded.append({"type": "FactCorrected", "id": "early", "corrects": MILLER, "changes": {"stance": "warns"},
                       "reason": "x", "occurred_on": "2020-01-01", "source": {"document": "S/PV.9591"}})
    assert early.value.field == "occurred_on"


def test_a_fix_cites_a_source_that_holds_it(seeded: Ledger) -> None:
    with pytest.raises(UnknownReference) as unknown:
        seeded.append({"type": "FactRetracted", "id": "r", "retracts": MILLER, "reason": "x", "source": {"document": "nowhere"}})
    assert unknown.value.field == "source.document"
    with pytest.raises(RuleBroken) as late:
        seeded.append({"type": "FactRetracted", "id": "r", "retracts": MILLER, "reason": "x", "occurred_on": "2024-06-01",
                       "source": {"document": "S/PV.9591"}})
    assert late.value.field == "occurred_on"


def test_a_fix_may_cite_a_second_source_which_must_be_registered(seeded: Ledger) -> None:
    # A fix's own citations are checked on their own: each of its sources, the second as the first.
    fix = {"type": "FactCorrected", "id": "two", "corrects": MILLER, "changes": {"stance": "regrets"},
           "reason": "x", "source": {"document": "S/PV.9591"}, "also_cited": [{"document": "S/2024/215"}]}
    assert not seeded.append(fix).repeated
    with pytest.raises(UnknownReference) as unknown:
        seeded.append({**fix, "id": "three", "also_cited": [{"document": "nowhere"}]})
    assert unknown.value.field == "also_cited.0.document"


def test_correcting_a_date_moves_the_fact_in_valid_time(seeded: Ledger) -> None:
    correct(seeded, MILLER, {"occurred_on": "2024-03-29"})
    assert statement(seeded.as_of("2024-03-28"), MILLER) is None
    assert statement(seeded.as_of("2024-03-29"), MILLER).on == date(2024, 3, 29)


def test_known_at_before_anything_was_recorded_is_empty(seeded: Ledger) -> None:
    view = seeded.as_of("2024-05-01", known_at=datetime.now(UTC) - timedelta(days=365))
    assert view.panels == [] and view.statements == [] and view.timeline == []


def test_a_correction_names_its_own_malformed_fields_and_those_of_its_changes_at_once(seeded: Ledger) -> None:
    """Not the reason first, and the changes once the reason is fixed: every field to fix, in name order."""
    head = seeded.head()
    with pytest.raises(InvalidDocument) as caught:
        seeded.append({"type": "FactCorrected", "id": "fix.bad", "corrects": MILLER, "reason": "", "locale": "fr",
                       "changes": {"stance": "furious", "mood": "cross"}, "source": {"document": "S/PV.9591"}})
    assert caught.value.field == "changes.mood" and caught.value.message == (
        "id 'fix.bad': field 'changes.mood': is not a field of this type; also field 'changes.stance': must be one of: "
        "condemns, justifies, supports, regrets, warns, neutral; field 'locale': is not a field of this type; "
        "field 'reason': must not be empty")
    assert [f for f, _ in caught.value.malformed] == ["changes.mood", "changes.stance", "locale", "reason"]
    assert seeded.head() == head


def test_a_correction_whose_own_fields_alone_are_malformed_names_them_only(seeded: Ledger) -> None:
    with pytest.raises(InvalidDocument) as caught:
        seeded.append({"type": "FactCorrected", "id": "fix.bad", "corrects": MILLER, "reason": "",
                       "changes": {"stance": "warns"}, "source": {"document": "S/PV.9591"}})
    assert (caught.value.field, caught.value.reason) == ("reason", "must not be empty")
    with pytest.raises(InvalidDocument) as unknown:  # a fact the ledger does not hold has no changes to check
        seeded.append({"type": "FactCorrected", "id": "fix.bad", "corrects": "no-such-fact", "reason": "",
                       "changes": {"stance": "furious"}, "source": {"document": "S/PV.9591"}})
    assert (unknown.value.field, unknown.value.reason) == ("reason", "must not be empty")
