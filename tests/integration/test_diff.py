"""`Ledger.diff`: what changed between two days, or on one day between two moments of knowledge, each change
with the facts behind it. On the seed, the DPRK panel goes from active to expired across Russia's veto; after
a correction (Russia abstained after all), a termination and a new statement are recorded, a diff between
the two moments shows each of them, caused by the fact that was recorded."""

from __future__ import annotations

import json
import re
from datetime import UTC, date, datetime, timedelta

import pytest

from ledger import InvalidArgument, Ledger
from ledger.views.diff import Cause, Diff
from tests.integration.test_known_at import CORRECTION, RECORD, STATEMENT, TERMINATION


def causes(diff: Diff, kind: str, ident: str, field: str) -> list[tuple[str, str, str]]:
    change = diff.change(kind, ident)
    assert change is not None, f"no change of {kind} {ident}"
    found = next(f for f in change.fields if f.field == field)
    return [(c.event_id, c.type, c.how) for c in found.causes]


def test_across_the_veto_the_panel_expires_and_the_veto_is_named(seeded: Ledger) -> None:
    diff = seeded.diff("2024-03-27", "2024-05-01")
    panel = diff.change("panel", "dprk-panel")
    assert panel is not None and panel.what == "changed"
    status = next(f for f in panel.fields if f.field == "status")
    assert (status.before, status.after) == ("active", "expired")
    veto = next(c for c in status.causes if c.type == "VetoCast")
    # The veto is cited as its vote now is: the seed corrected the vote's source to the meeting's record.
    assert veto == Cause("vote.S/2024/255/veto/RUS", "VetoCast", "new", "2024-03-28", "RUS vetoes draft S/2024/255",
                         "S/PV.9591", veto.locator, None, veto.recorded_at)
    assert veto.locator and veto.locator.startswith("vote on draft resolution S/2024/255, submitted by the United States")
    # What the mandate's end rests on, held on both days.
    assert ("panel.dprk.extended.2680", "PanelMandateExtended", "standing") in causes(diff, "panel", "dprk-panel", "status")
    vetoes = next(f for f in panel.fields if f.field == "vetoes")
    assert vetoes.added == ({"draft_id": "S/2024/255", "member": "RUS", "on": "2024-03-28"},) and vetoes.removed == ()
    assert causes(diff, "regime", "dprk-regime", "monitored")[-1] == ("vote.S/2024/255/veto/RUS", "VetoCast", "new")


def test_a_correction_of_where_a_fact_comes_from_is_not_a_cause_of_the_panel_expiring(seeded: Ledger) -> None:
    # The seed corrects the vote's sources (S/PV.9591 first, the article second): that moves no state.
    fix = "fix.vote.S/2024/255.sources"
    assert fix in [c["event_id"] for c in seeded.as_of("2024-05-01").panel("dprk-panel").corrections]
    diff = seeded.diff("2024-03-27", "2024-05-01")
    assert [c for c in causes(diff, "panel", "dprk-panel", "status") if c[0] == fix] == []
    assert [c for c in causes(diff, "panel", "dprk-panel", "vetoes") if c[0] == fix] == []
    assert (fix, "FactCorrected", "corrected") in causes(diff, "panel", "dprk-panel", "corrections")


def test_what_appeared_between_two_days_is_listed_with_its_facts(seeded: Ledger) -> None:
    diff = seeded.diff(date(2024, 3, 27), "2024-05-01")
    draft = diff.change("draft", "S/2024/255")
    assert draft is not None and draft.what == "appeared" and draft.before is None
    assert draft.after is not None and draft.after["outcome"] == "vetoed"
    assert [c.event_id for c in draft.causes] == ["vote.S/2024/255", "vote.S/2024/255/veto/RUS"]
    appeared = {c.id for c in diff.changes if c.kind == "statement" and c.what == "appeared"}
    assert len(appeared) == 14 and "statement.china-mfa.2024-03-29" in appeared
    assert diff.change("panel", "mali-panel") is None  # nothing of it changed in those weeks
    assert [c.kind for c in diff.changes] == sorted((c.kind for c in diff.changes),
                                                    key=["panel", "regime", "draft", "statement", "report"].index)


def test_the_same_moment_twice_changes_nothing(seeded: Ledger) -> None:
    assert seeded.diff("2024-05-01", "2024-05-01").changes == ()


def test_what_was_learned_between_two_moments_is_caused_by_what_was_recorded(seeded: Ledger) -> None:
    before = datetime.now(UTC)
    seeded.append_many([RECORD, TERMINATION, CORRECTION, STATEMENT])
    diff = seeded.diff(as_of="2024-05-01", known_at=(before, None))
    assert (diff.before.known_at, diff.after.known_at) == (before, None)
    assert causes(diff, "draft", "S/2024/255", "vetoed_by") == [
        ("vote.S/2024/255/veto/RUS", "VetoCast", "withdrawn"), ("fix.vote", "FactCorrected", "corrected")]
    outcome = next(f for f in diff.change("draft", "S/2024/255").fields if f.field == "outcome")  # type: ignore[union-attr]
    assert (outcome.before, outcome.after) == ("vetoed", "adopted")
    assert causes(diff, "draft", "S/2024/255", "corrections") == [("fix.vote", "FactCorrected", "corrected")]
    # The veto is withdrawn from the panel; the regime's end, recorded later, is why the panel is terminated.
    assert ("vote.S/2024/255/veto/RUS", "VetoCast", "withdrawn") in causes(diff, "panel", "dprk-panel", "vetoes")
    status = causes(diff, "panel", "dprk-panel", "status")
    assert ("regime.dprk.terminated", "SanctionsRegimeTerminated", "new") in status
    assert causes(diff, "regime", "dprk-regime", "status") == [("regime.dprk.terminated", "SanctionsRegimeTerminated", "new")]
    statement = diff.change("statement", "statement.later")
    assert statement is not None and statement.what == "appeared"


def test_a_diff_is_json_ready_data(seeded: Ledger) -> None:
    data = seeded.diff("2024-03-27", "2024-05-01").to_dict()
    assert json.loads(json.dumps(data)) == data
    assert data["before"] == {"as_of": "2024-03-27", "known_at": None}
    panel = next(c for c in data["changes"] if c["id"] == "dprk-panel")
    assert panel["fields"][0]["field"] == "status" and panel["fields"][0]["causes"][-1]["type"] == "VetoCast"


def test_a_causes_recording_time_is_the_moment_its_append_returned(seeded: Ledger) -> None:
    """`recorded_at` is a moment, as on the recording, so it compares with one and is a `known_at`; `to_dict()` (what
    `diff --json` prints) gives it as the ISO text it always has. Causes of every kind: new, withdrawn, corrected."""
    before = datetime.now(UTC)
    recordings = {r.event_id: r for r in seeded.append_many([RECORD, TERMINATION, CORRECTION, STATEMENT])}
    diff = seeded.diff(as_of="2024-05-01", known_at=(before, None))
    found = [c for ch in diff.changes for c in (*ch.causes, *(c for f in ch.fields for c in f.causes))]
    assert {c.how for c in found} >= {"new", "withdrawn", "corrected"}
    stored = {f.event_id: f.recorded_at for f in seeded.facts()}
    for cause in found:
        assert isinstance(cause.recorded_at, datetime) and cause.recorded_at.utcoffset() == timedelta(0), cause
        assert cause.recorded_at == stored[cause.event_id.split("/veto/")[0]], cause
    fix = next(c for c in found if c.event_id == "fix.vote")
    assert fix.recorded_at == recordings["fix.vote"].recorded_at
    # Known up to the fix's recording time, the fix shows; a millionth of a second before it, it does not.
    assert seeded.diff(as_of="2024-05-01", known_at=(before, fix.recorded_at)).change("draft", "S/2024/255") is not None
    assert seeded.diff(as_of="2024-05-01", known_at=(before, fix.recorded_at - timedelta(microseconds=1))).change(
        "draft", "S/2024/255") is None
    data = diff.to_dict()
    said = [c for ch in data["changes"] for c in (*ch["causes"], *(c for f in ch["fields"] for c in f["causes"]))]
    assert [c["recorded_at"] for c in said] == [c.recorded_at.isoformat() for c in found]
    assert all(re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{6})?\+00:00", c["recorded_at"]) for c in said)
    assert json.loads(json.dumps(data)) == data


@pytest.mark.parametrize(
    ("args", "kwargs", "field", "said"),
    [
        (("2024-05-01", "2024-03-27"), {}, "first", "2024-05-01 is after 2024-03-27: give the earlier day first"),
        (("2024-13-01", "2024-05-01"), {}, "first", "there is no month 13"),
        (("2024-03-27",), {}, "first", "give two days to compare"),
        ((), {"as_of": "2024-05-01", "known_at": "2024-06-01"}, "known_at", "give two moments to compare"),
        ((), {"as_of": "2024-05-01", "known_at": ("2024-06-02", "2024-06-01")}, "known_at", "give the earlier moment first"),
        ((), {"as_of": "2024-05-01", "known_at": (None, "2024-06-01")}, "known_at", "is after"),
        (("2024-03-27", "2024-05-01"), {"as_of": "2024-05-01"}, "as_of", "not both"),
    ],
)
def test_a_diff_that_cannot_be_read_is_refused_naming_the_argument(seeded: Ledger, args: tuple[str, ...],
                                                                   kwargs: dict[str, object], field: str, said: str) -> None:
    with pytest.raises(InvalidArgument) as refused:
        seeded.diff(*args, **kwargs)  # type: ignore[arg-type]
    assert refused.value.field == field and said in refused.value.reason


def test_a_retraction_and_a_correction_are_cited_with_their_sources(seeded: Ledger) -> None:
    before = datetime.now(UTC)
    seeded.append_many([RECORD, CORRECTION, {
        "type": "FactRetracted", "id": "fix.woodward", "retracts": "statement.woodward.2024-03-28",
        "reason": "not in the record", "occurred_on": "2024-03-28", "source": {"document": "S/PV.9999"}}])
    diff = seeded.diff(as_of="2024-05-01", known_at=(before, None))
    gone = diff.change("statement", "statement.woodward.2024-03-28")
    assert gone is not None and gone.what == "disappeared" and gone.after is None
    assert [(c.event_id, c.how, c.source, c.summary) for c in gone.causes] == [
        ("statement.woodward.2024-03-28", "withdrawn", "article-2024-03-29", "barbara-woodward condemns (S/2024/255, RUS)"),
        ("fix.woodward", "retracted", "S/PV.9999", "retraction: not in the record")]
    fix = next(c for c in diff.change("draft", "S/2024/255").causes if c.event_id == "fix.vote")  # type: ignore[union-attr]
    assert (fix.type, fix.how, fix.source, fix.on) == ("FactCorrected", "corrected", "S/PV.9591", "2024-03-28")
    # Known before the retraction on both sides, nothing of it shows.
    assert seeded.diff("2024-03-27", "2024-05-01", known_at=before).change("statement", "statement.woodward.2024-03-28").what == "appeared"  # type: ignore[union-attr]


def test_a_diff_finds_the_facts_behind_each_item_as_the_view_does(seeded: Ledger) -> None:
    from ledger.views.diff import _Held  # read once for a diff; must agree with View.evidence, item by item

    view = seeded.as_of("2024-05-01")
    held = _Held(view)
    for item in [*view.panels, *view.regimes, *view.drafts, *view.statements, *view.reports]:
        assert [e.event_id for e in held.evidence(item)] == [e.event_id for e in view.evidence(item)]


def _fix(ident: str, corrects: str, changes: dict[str, object]) -> dict[str, object]:
    return {"type": "FactCorrected", "id": ident, "corrects": corrects, "changes": changes, "reason": "misread",
            "source": {"document": "S/PV.9999"}}


# Corrections recorded in the window of a diff that touch other fields, other facts and another panel.
UNRELATED = [
    _fix("fix.name", "panel.dprk.established", {"name": "Panel of Experts (resolution 1874 (2009))"}),
    _fix("fix.inquiry.day.again", "inquiry.dprk-panel.arms-exports-russia", {"occurred_on": "2024-03-01"}),
    _fix("fix.inquiry", "inquiry.dprk-panel.arms-exports-russia", {"subject": "arms exports to Russia"}),
    _fix("fix.measures", "regime.dprk.reinforced.2397", {"measures": ["refined petroleum supplies capped"]}),
    _fix("fix.mali.name", "panel.mali.established", {"name": "Mali Panel of Experts"}),
]


def test_a_status_change_is_put_down_to_what_moved_the_status_not_to_other_corrections(seeded: Ledger) -> None:
    before = datetime.now(UTC)
    seeded.append_many([RECORD, *UNRELATED])
    diff = seeded.diff("2024-03-27", "2024-05-01", known_at=(before, None))
    expiry = [("panel.dprk.extended.2680", "PanelMandateExtended", "standing"), ("vote.S/2024/255/veto/RUS", "VetoCast", "new")]
    assert causes(diff, "panel", "dprk-panel", "status") == expiry
    assert causes(diff, "regime", "dprk-regime", "monitored") == expiry
    assert causes(diff, "panel", "dprk-panel", "vetoes") == [("vote.S/2024/255/veto/RUS", "VetoCast", "new")]
    # Each correction is the cause of the field it changed, and of no other.
    assert causes(diff, "panel", "dprk-panel", "name") == [("fix.name", "FactCorrected", "corrected")]
    # The correction of the inquiry's subject changed the line; that of its day, recorded first, touched it.
    assert causes(diff, "panel", "dprk-panel", "inquiries") == [("fix.inquiry", "FactCorrected", "corrected"),
                                                               ("fix.inquiry.day.again", "FactCorrected", "corrected")]
    assert causes(diff, "regime", "dprk-regime", "measures") == [("fix.measures", "FactCorrected", "corrected")]
    panel = diff.change("panel", "dprk-panel")
    assert panel is not None and "fix.mali.name" not in [c.event_id for c in panel.causes]


def test_a_correction_that_moves_the_mandate_is_named_first_among_the_causes_of_the_status(seeded: Ledger) -> None:
    before = datetime.now(UTC)
    seeded.append_many([RECORD, *UNRELATED,
                        _fix("fix.mandate", "panel.dprk.extended.2680", {"mandate_ends_on": "2024-05-31"})])
    diff = seeded.diff(as_of="2024-05-01", known_at=(before, None))
    # The correction made the change; then the fact whose mandate it set, and the renewal vetoed since.
    assert causes(diff, "panel", "dprk-panel", "status") == [
        ("fix.mandate", "FactCorrected", "corrected"), ("panel.dprk.extended.2680", "PanelMandateExtended", "standing"),
        ("vote.S/2024/255/veto/RUS", "VetoCast", "standing")]
    assert causes(diff, "panel", "dprk-panel", "mandate_ends_on") == [("fix.mandate", "FactCorrected", "corrected")]
    assert causes(diff, "regime", "dprk-regime", "monitored")[0] == ("fix.mandate", "FactCorrected", "corrected")


def test_a_termination_moved_to_a_later_day_is_named_with_the_correction_that_moved_it(seeded: Ledger) -> None:
    before = datetime.now(UTC)
    seeded.append_many([RECORD, _fix("fix.mali.end", "regime.mali.terminated",
                                                   {"occurred_on": "2023-09-02", "source": {"document": "S/PV.9999"}})])
    diff = seeded.diff(as_of="2023-09-01", known_at=(before, None))
    moved = [("regime.mali.terminated", "SanctionsRegimeTerminated", "withdrawn"), ("fix.mali.end", "FactCorrected", "corrected")]
    assert causes(diff, "regime", "mali-regime", "terminated_on") == moved
    status = causes(diff, "panel", "mali-panel", "status")
    assert status[:2] == moved and ("panel.mali.extended.2649", "PanelMandateExtended", "standing") in status


def test_a_fact_a_correction_moved_into_the_day_asked_is_named_with_that_correction(seeded: Ledger) -> None:
    """Recorded on the wrong day, then corrected: between the two moments it appears on the day asked, and
    the correction recorded in between is what brought it in (the statement itself was known before)."""
    seeded.append_many([RECORD, {**STATEMENT, "id": "statement.misdated", "occurred_on": "2024-03-29",
                                "source": {"document": "S/PV.9999"}}])
    before = datetime.now(UTC)
    seeded.append(_fix("fix.day", "statement.misdated", {"occurred_on": "2024-03-28"}))
    diff = seeded.diff(as_of="2024-03-28", known_at=(before, None))
    came = diff.change("statement", "statement.misdated")
    assert came is not None and came.what == "appeared"
    assert [(c.event_id, c.how) for c in came.causes] == [("statement.misdated", "new"), ("fix.day", "corrected")]
    assert came.causes[1].source == "S/PV.9999"
    # Known from before the correction on both sides, nothing of it shows.
    assert seeded.diff(as_of="2024-03-28", known_at=(before, before)).changes == ()


def test_a_statement_held_on_both_sides_is_restanced_by_its_stance_correction_alone(seeded: Ledger) -> None:
    """Corrections of its day recorded beside it, which kept it on the day asked, moved its dates, not its stance."""
    seeded.append_many([RECORD, {**STATEMENT, "id": "statement.redated", "occurred_on": "2024-03-20",
                                 "source": {"document": "S/PV.9999"}}])
    before = datetime.now(UTC)
    seeded.append_many([_fix("fix.day", "statement.redated", {"occurred_on": "2024-03-25"}),
                        _fix("fix.stance", "statement.redated", {"stance": "condemns"}),
                        _fix("fix.day.again", "statement.redated", {"occurred_on": "2024-03-26?"})])
    diff = seeded.diff(as_of="2024-05-01", known_at=(before, None))
    assert causes(diff, "statement", "statement.redated", "stance") == [("fix.stance", "FactCorrected", "corrected")]
    assert [c[0] for c in causes(diff, "statement", "statement.redated", "on")] == ["fix.day", "fix.day.again"]
