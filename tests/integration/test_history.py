"""`ledger history` and `evidence`: every version of a thing with both times, and the facts behind each row."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from datetime import UTC, datetime, timedelta

import pytest

from ledger import Ledger, UnknownReference
from tests.conftest import unsaying

MILLER = "statement.miller.2024-03-28"  # a statement the seed holds as first recorded, with no fix of its own
VOTE = "vote.S/2024/255"
SEED_FIX = "fix.vote.S/2024/255.sources"  # the seed's own fix of the vote: it cites the meeting record


def history_command(url: str, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "ledger.cli", "--db", url, "history", *args],
                          capture_output=True, text=True, timeout=120)


def fix(lg: Ledger, document: dict) -> datetime:  # type: ignore[type-arg]
    return lg.append({"reason": "misread the source", "source": {"document": "S/PV.9591"}, **document}).recorded_at


def test_a_corrected_statement_has_two_versions_on_one_day_recorded_apart(seeded: Ledger) -> None:
    recorded = fix(seeded, {"type": "FactCorrected", "id": "fix.miller", "corrects": MILLER,
                            "changes": {"stance": "warns"}})
    first, second = seeded.history(MILLER)
    assert first.occurred_on == second.occurred_on == "2024-03-28"
    assert first.recorded_at < second.recorded_at == recorded
    assert (first.event_id, first.changes, first.state["stance"]) == (MILLER, {}, "condemns")  # type: ignore[index]
    assert second.event_id == "fix.miller" and second.reason == "misread the source"
    assert second.changes["stance"] == ["condemns", "warns"] and second.source == "S/PV.9591"


def test_a_versions_recording_time_is_the_moment_its_append_returned(seeded: Ledger, ledger_url: str) -> None:
    """`recorded_at` is a moment, as on the recording, so it compares with one and is a `known_at`; `to_dict()`
    and `history --json` give it as the ISO text they always have."""
    recording = seeded.append({"type": "FactCorrected", "id": "fix.miller", "corrects": MILLER, "changes": {"stance": "warns"},
                               "reason": "misread the source", "source": {"document": "S/PV.9591"}})
    first, second = seeded.history(MILLER)
    for version in (first, second):
        assert isinstance(version.recorded_at, datetime) and version.recorded_at.utcoffset() == timedelta(0)
    assert second.recorded_at == recording.recorded_at and first.recorded_at < recording.recorded_at
    said = {s.event_id: s.stance for s in seeded.as_of("2024-03-28", known_at=second.recorded_at).statements}
    before = {s.event_id: s.stance for s in seeded.as_of("2024-03-28", known_at=first.recorded_at).statements}
    assert (said[MILLER], before[MILLER]) == ("warns", "condemns")
    assert second.to_dict()["recorded_at"] == recording.recorded_at.isoformat()
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{6})?\+00:00", second.to_dict()["recorded_at"])
    assert {k: v for k, v in second.to_dict().items() if k != "recorded_at"} == {
        k: v for k, v in second.__dict__.items() if k != "recorded_at"}
    as_json = json.loads(history_command(ledger_url, MILLER, "--json").stdout)
    assert as_json == [json.loads(json.dumps(v.to_dict())) for v in (first, second)]
    assert [v["recorded_at"] for v in as_json] == [first.recorded_at.isoformat(), recording.recorded_at.isoformat()]
    lines = history_command(ledger_url, MILLER).stdout.splitlines()
    assert any(line.startswith(f"2024-03-28  {recording.recorded_at.isoformat()}  fix.miller (FactCorrected)")
               for line in lines), lines


def test_a_retracted_vote_ends_its_drafts_history_and_takes_the_veto_from_the_panel(seeded: Ledger) -> None:
    seeded.append_many(unsaying(seeded, "S/2024/255"))  # the statements about it go first: none may be stranded
    fix(seeded, {"type": "FactRetracted", "id": "fix.vote", "retracts": VOTE})
    # The vote, the seed's own fix of its sources, and the retraction.
    *_, voted, seed_fix, retracted = seeded.history("S/2024/255")
    assert voted.event_id == VOTE and voted.state["outcome"] == "vetoed"  # type: ignore[index]
    assert seed_fix.event_id == SEED_FIX and seed_fix.state["outcome"] == "vetoed"  # type: ignore[index]
    assert retracted.event_id == "fix.vote" and retracted.state is None
    panel = seeded.history("dprk-panel")
    assert [v.event_id for v in panel][-3:] == [VOTE, SEED_FIX, "fix.vote"]
    assert [v["member"] for v in panel[-3].changes["vetoes"][1]] == ["RUS"] and panel[-1].changes["vetoes"][1] == []


def test_a_panels_history_runs_from_its_establishment_with_a_source_for_each_version(seeded: Ledger) -> None:
    versions = seeded.history("dprk-panel")
    assert versions[0].type == "PanelEstablished" and versions[0].occurred_on == "2009-06-12"
    assert [v.occurred_on for v in versions] == sorted(v.occurred_on for v in versions)  # type: ignore[type-var]
    assert all(v.source for v in versions)
    extensions = [v for v in versions if v.type == "PanelMandateExtended"]
    assert extensions and all("mandate_ends_on" in v.changes for v in extensions)


def test_a_regime_counts_its_panels_establishment_as_a_version(seeded: Ledger) -> None:
    versions = seeded.history("dprk-regime")
    established = next(v for v in versions if v.type == "PanelEstablished")
    assert established.changes["panels"] == [[], ["dprk-panel"]]


def test_history_of_an_unknown_id_is_refused(seeded: Ledger, ledger_url: str) -> None:
    with pytest.raises(UnknownReference, match="no panel, regime, draft or event has the id 'nowhere'"):
        seeded.history("nowhere")
    command = history_command(ledger_url, "nowhere")
    assert command.returncode == 2 and command.stderr.count("\n") == 1


def test_history_of_an_id_the_ledger_does_not_hold_guesses_the_held_one_it_likely_means(seeded: Ledger, ledger_url: str) -> None:
    with pytest.raises(UnknownReference, match="has the id 'DPRK-panel'; did you mean 'dprk-panel'\\?$"):
        seeded.history("DPRK-panel")
    with pytest.raises(UnknownReference, match="has the id 'dprk-regim'; did you mean 'dprk-regime'\\?$"):
        seeded.history("dprk-regim")
    with pytest.raises(UnknownReference, match="has the id 's/2024/255'; did you mean 'S/2024/255'\\?$"):
        seeded.history("s/2024/255")
    command = history_command(ledger_url, "DPRK-panel")
    assert command.returncode == 2
    assert command.stderr == ("ledger: unknown reference: field 'id': no panel, regime, draft or event has the id "
                              "'DPRK-panel'; did you mean 'dprk-panel'?\n")


def test_history_on_the_command_line(seeded: Ledger, ledger_url: str) -> None:
    fix(seeded, {"type": "FactCorrected", "id": "fix.miller", "corrects": MILLER, "changes": {"stance": "warns"}})
    command = history_command(ledger_url, MILLER)
    assert command.returncode == 0, command.stderr
    assert "2 versions" in command.stdout and "stance: condemns -> warns" in command.stdout
    assert "fix.miller (FactCorrected): misread the source" in command.stdout
    as_json = json.loads(history_command(ledger_url, MILLER, "--json").stdout)
    assert [v["event_id"] for v in as_json] == [MILLER, "fix.miller"]


def test_every_row_of_a_view_names_the_facts_and_quotes_behind_it(seeded: Ledger) -> None:
    stored, replayed = seeded.as_of("2024-05-01"), seeded.replay("2024-05-01")
    for view in (stored, replayed):
        for item in [*view.panels, *view.regimes, *view.drafts, *view.statements, *view.reports]:
            evidence = view.evidence(item)
            assert evidence and all(e.source for e in evidence), item
    panel = stored.panel("dprk-panel")
    behind = stored.evidence(panel)  # type: ignore[arg-type]
    assert [e.to_dict() for e in behind] == [e.to_dict() for e in replayed.evidence(panel)]  # type: ignore[arg-type]
    veto = next(e for e in behind if e.type == "VetoCast")
    # Cited as its vote now is: the meeting's record, and the article's words as a second source.
    assert veto.details["vote"] == VOTE and veto.source == "S/PV.9591"
    assert any("vetoed" in cited["quote"] and cited["document"] == "article-2024-03-29"
               for cited in veto.details["also_cited"])


def test_evidence_shows_when_and_why_a_fact_was_corrected(seeded: Ledger) -> None:
    before = datetime.now(UTC)
    recorded = fix(seeded, {"type": "FactCorrected", "id": "fix.miller", "corrects": MILLER,
                            "changes": {"stance": "warns"}})
    statement = next(s for s in seeded.as_of("2024-05-01").statements if s.event_id == MILLER)
    [entry] = seeded.as_of("2024-05-01").evidence(statement)
    assert entry.corrections == [{"event_id": "fix.miller", "recorded_at": recorded.isoformat(),
                                  "reason": "misread the source", "changes": {"stance": "warns"}}]
    then = next(s for s in seeded.as_of("2024-05-01", known_at=before).statements if s.event_id == MILLER)
    assert then.corrections == [] and then.stance == "condemns"


def test_a_correction_that_moves_a_fact_in_time_is_a_version_from_the_first_day_it_touches(seeded: Ledger) -> None:
    fix(seeded, {"type": "FactCorrected", "id": "fix.day", "corrects": MILLER, "changes": {"occurred_on": "2024-03-29"}})
    first, moved = seeded.history(MILLER)
    assert (first.occurred_on, moved.occurred_on) == ("2024-03-28", "2024-03-28")
    assert moved.changes["occurred_on"] == ["2024-03-28", "2024-03-29"] and moved.state["occurred_on"] == "2024-03-29"  # type: ignore[index]


def test_a_corrected_date_is_named_occurred_on_as_the_correction_names_it(seeded: Ledger, ledger_url: str) -> None:
    """The date a correction changed is listed under the field it changed (`occurred_on`), as a changed stance is
    under `stance`: in the API, in `history --json` and in the lines people read, each line as before."""
    fix(seeded, {"type": "FactCorrected", "id": "fix.day", "corrects": MILLER,
                 "changes": {"occurred_on": "2024-03-28/2024-03-29", "stance": "warns"}})
    first, moved = seeded.history(MILLER)
    assert moved.changes == {"occurred_on": ["2024-03-28", "2024-03-28/2024-03-29"], "stance": ["condemns", "warns"],
                             "summary": [first.state["summary"], moved.state["summary"]]}  # type: ignore[index]
    assert "on" not in first.state and first.state["occurred_on"] == "2024-03-28"  # type: ignore[operator,index]
    as_json = json.loads(history_command(ledger_url, MILLER, "--json").stdout)
    assert as_json[1]["changes"]["occurred_on"] == ["2024-03-28", "2024-03-28/2024-03-29"] and "on" not in as_json[1]["changes"]
    said = history_command(ledger_url, MILLER).stdout.splitlines()
    assert said[-3:-1] == ["    occurred_on: 2024-03-28 -> 2024-03-28/2024-03-29", "    stance: condemns -> warns"], said
    assert said[-4].startswith("2024-03-28  ") and "fix.day (FactCorrected): misread the source  [S/PV.9591]" in said[-4]


def test_each_fix_of_a_moved_fact_holds_from_the_day_the_fact_then_stood_on_and_follows_it(seeded: Ledger) -> None:
    """A fix touches the fact as earlier fixes left it; every version of the fact follows its first, as recorded."""
    for ident, changes in (("fix.later", {"occurred_on": "2024-03-29"}), ("fix.back", {"occurred_on": "2024-03-27/2024-03-28"}),
                           ("fix.stance", {"stance": "regrets"})):
        fix(seeded, {"type": "FactCorrected", "id": ident, "corrects": MILLER, "changes": changes})
    versions = seeded.history(MILLER)
    assert [(v.event_id, v.occurred_on) for v in versions] == [
        (MILLER, "2024-03-28"), ("fix.later", "2024-03-28"), ("fix.back", "2024-03-27"), ("fix.stance", "2024-03-27")]
    assert versions[-1].changes["stance"] == ["condemns", "regrets"]


def test_a_fixs_id_gives_the_history_of_the_fact_it_fixes(seeded: Ledger, ledger_url: str) -> None:
    fix(seeded, {"type": "FactCorrected", "id": "fix.miller", "corrects": MILLER, "changes": {"stance": "warns"}})
    assert [v.event_id for v in seeded.history("fix.miller")] == [MILLER, "fix.miller"] == [
        v.event_id for v in seeded.history(MILLER)]
    command = history_command(ledger_url, "fix.miller")
    assert command.returncode == 0 and "2 versions" in command.stdout and "stance: condemns -> warns" in command.stdout


def test_a_correction_of_sources_alone_is_said_to_leave_what_the_fact_says(seeded: Ledger, ledger_url: str) -> None:
    versions = seeded.history("dprk-panel")
    by_sources = next(v for v in versions if v.event_id == SEED_FIX)
    assert by_sources.changes == {} and not by_sources.first and versions[0].first
    said = history_command(ledger_url, "dprk-panel").stdout.splitlines()
    under = said[next(i for i, line in enumerate(said) if SEED_FIX in line) + 1]
    assert "what it says is unchanged" in under and "first version" not in under
    one = history_command(ledger_url, MILLER)  # never corrected: one version, said in the singular
    assert one.returncode == 0 and f"{MILLER}: 1 version " in one.stdout


def test_a_termination_moved_a_day_later_shows_the_regime_in_force_on_the_old_day_and_terminated_from_the_new(
        seeded: Ledger, ledger_url: str) -> None:
    """The seed moves the Mali regime's termination from 2023-08-31 to 2023-09-01: the regime's history must not end
    with it in force, as `state` says it terminated from 2023-09-01."""
    *_, undone, again = seeded.history("mali-regime")
    assert (undone.event_id, undone.occurred_on) == (again.event_id, "2023-08-31")
    assert undone.changes["status"] == ["terminated", "in_force"] and undone.state["status"] == "in_force"  # type: ignore[index]
    assert again.occurred_on == "2023-09-01" and again.recorded_at == undone.recorded_at
    assert again.changes["status"] == ["in_force", "terminated"] and again.changes["terminated_on"] == [None, "2023-09-01"]
    assert again.state == seeded.as_of("2023-09-01").regime("mali-regime").to_dict()  # type: ignore[union-attr]
    said = history_command(ledger_url, "mali-regime").stdout.splitlines()
    assert said[-3:] == ["    monitored: True -> False", "    status: in_force -> terminated", "    terminated_on: - -> 2023-09-01"]


def test_a_statement_moved_later_has_one_version_for_the_move_and_follows_it(seeded: Ledger) -> None:
    """A statement reads the same on any day: a move makes one version, not one for each day it touches."""
    fix(seeded, {"type": "FactCorrected", "id": "fix.later", "corrects": MILLER, "changes": {"occurred_on": "2024-03-29"}})
    fix(seeded, {"type": "FactCorrected", "id": "fix.stance", "corrects": MILLER, "changes": {"stance": "regrets"}})
    assert [(v.event_id, v.occurred_on) for v in seeded.history(MILLER)] == [
        (MILLER, "2024-03-28"), ("fix.later", "2024-03-28"), ("fix.stance", "2024-03-29")]
