"""Exporting the log for event-data researchers: the seed's facts, coded in CAMEO and PLOVER, as JSONL and CSV."""

from __future__ import annotations

import csv
import io
import json
from datetime import datetime
from typing import Any

from ledger import Ledger
from ledger.service.exports import COLUMNS, export_rows, ledger_rows, write_csv, write_jsonl

VETO = "vote.S/2024/255/veto/RUS"
VOTE = "vote.S/2024/255"
MILLER = "statement.miller.2024-03-28"  # condemns
NEBENZIA = "statement.nebenzia.2024-03-28"  # justifies
DPRK_REGIME = "regime.dprk.established"
REINFORCED_2270 = "regime.dprk.reinforced.2270"
PUTIN_KIM = "meeting.putin-kim.2023-09-13"


def rows(lg: Ledger) -> list[dict[str, Any]]:
    return list(ledger_rows(lg))


def row(lg: Ledger, event_id: str) -> dict[str, Any]:
    return next(r for r in rows(lg) if r["event_id"] == event_id)


def test_rows_follow_the_log_with_their_keys_in_order(seeded: Ledger) -> None:
    facts = list(seeded.facts())
    exported = list(export_rows(facts))
    assert [r["event_id"] for r in exported] == [f.event_id for f in facts]
    assert all(tuple(r) == COLUMNS for r in exported)
    positions = [r["position"] for r in exported]
    assert positions == sorted(positions) and len(set(positions)) == len(positions)


def test_russias_veto_of_s_2024_255_exports_as_a_cameo_129_plover_reject(seeded: Ledger) -> None:
    veto = row(seeded, VETO)
    assert (veto["type"], veto["cameo"], veto["plover"]) == ("VetoCast", "129", "REJECT")
    assert veto["occurred_on"] == "2024-03-28"
    assert veto["document"]["member"] == "RUS" and veto["document"]["draft_id"] == "S/2024/255"
    # the ledger records the veto right after its vote
    assert veto["position"] == row(seeded, VOTE)["position"] + 1
    assert row(seeded, VOTE)["cameo"] is None


def test_millers_condemnation_exports_as_a_cameo_111_plover_accuse(seeded: Ledger) -> None:
    miller = row(seeded, MILLER)
    assert miller["document"]["stance"] == "condemns"
    assert (miller["cameo"], miller["plover"]) == ("111", "ACCUSE")
    assert "condemned US State Department spokesman Matthew Miller" in miller["quote"]


def test_every_condemnation_of_the_seed_is_coded_111(seeded: Ledger) -> None:
    condemnations = [r for r in rows(seeded) if r["document"].get("stance") == "condemns"]
    assert len(condemnations) == 8
    assert {(r["cameo"], r["plover"]) for r in condemnations} == {("111", "ACCUSE")}


def test_nebenzias_justification_is_a_plain_statement_without_plover(seeded: Ledger) -> None:
    nebenzia = row(seeded, NEBENZIA)
    assert nebenzia["document"]["stance"] == "justifies"
    assert (nebenzia["cameo"], nebenzia["plover"]) == ("010", None)


def test_the_dprk_sanctions_regime_and_its_reinforcements_export_as_163_sanction(seeded: Ledger) -> None:
    established = row(seeded, DPRK_REGIME)
    assert (established["type"], established["occurred_on"]) == ("SanctionsRegimeEstablished", "2006-10-14")
    assert (established["cameo"], established["plover"]) == ("163", "SANCTION")
    assert (established["source"], established["locator"]) == ("S/RES/1718", "paras 8 and 12")
    assert (row(seeded, REINFORCED_2270)["cameo"], row(seeded, REINFORCED_2270)["plover"]) == ("163", "SANCTION")


def test_the_putin_kim_meeting_exports_as_a_consultation(seeded: Ledger) -> None:
    meeting = row(seeded, PUTIN_KIM)
    assert (meeting["cameo"], meeting["plover"]) == ("040", "CONSULT")


def test_registrations_have_no_date_no_source_and_no_code(seeded: Ledger) -> None:
    registrations = [r for r in rows(seeded) if r["type"] in ("SourceRegistered", "ActorRegistered")]
    assert registrations
    for r in registrations:
        assert (r["occurred_on"], r["source"], r["quote"], r["cameo"], r["plover"]) == (None, None, None, None, None)


def test_every_row_carries_its_position_recording_time_and_the_sources_quote(seeded: Ledger) -> None:
    facts = {f.event_id: f for f in seeded.facts()}
    exported = rows(seeded)
    quoted = 0
    for r in exported:
        fact = facts[r["event_id"]]
        assert isinstance(r["position"], int) and r["position"] == fact.position
        recorded = datetime.fromisoformat(r["recorded_at"])
        assert recorded.tzinfo is not None and recorded == fact.recorded_at
        source = fact.document.get("source") or {}
        assert r["quote"] == source.get("quote")
        assert r["document"] == dict(fact.document)
        quoted += r["quote"] is not None
    # the article's facts quote it; the resolutions were registered without their text
    assert quoted >= 20


def test_a_correction_exports_as_itself_uncoded_and_leaves_the_original_row_alone(seeded: Ledger) -> None:
    seeded.append({"type": "FactCorrected", "id": "fix.nebenzia", "corrects": NEBENZIA,
                   "changes": {"stance": "condemns"}, "reason": "misread the source",
                   "source": {"document": "S/PV.9591"}})
    exported = rows(seeded)
    fix = exported[-1]
    assert (fix["event_id"], fix["type"], fix["cameo"], fix["plover"]) == ("fix.nebenzia", "FactCorrected", None, None)
    assert fix["document"]["corrects"] == NEBENZIA
    # the log is exported as recorded: the original statement keeps the code of what it said then
    assert next(r for r in exported if r["event_id"] == NEBENZIA)["cameo"] == "010"


def test_jsonl_round_trips_one_object_a_line_with_the_logs_count(seeded: Ledger) -> None:
    exported = rows(seeded)
    stream = io.StringIO()
    assert write_jsonl(exported, stream) == len(exported)
    lines = stream.getvalue().splitlines()
    assert len(lines) == len(list(seeded.facts()))
    decoded = [json.loads(line) for line in lines]
    assert decoded == exported
    assert all(tuple(d) == COLUMNS for d in decoded)
    # the article's typographic apostrophes stay readable, not escaped as \u2019
    assert "Russia’s" in stream.getvalue() and "\\u2019" not in stream.getvalue()


def test_csv_reads_back_with_the_same_rows_and_a_json_document_column(seeded: Ledger) -> None:
    exported = rows(seeded)
    stream = io.StringIO(newline="")
    assert write_csv(exported, stream) == len(exported)
    stream.seek(0)
    reader = csv.DictReader(stream)
    assert tuple(reader.fieldnames or ()) == COLUMNS
    read = list(reader)
    assert len(read) == len(exported)
    for cells, original in zip(read, exported, strict=False):
        assert json.loads(cells["document"]) == original["document"]
        for key in COLUMNS:
            if key != "document":
                expected = original[key]
                if isinstance(expected, list):  # speakers and subjects share a cell
                    expected = "; ".join(expected)
                assert cells[key] == ("" if expected is None else str(expected)), key
    veto = next(c for c in read if c["event_id"] == VETO)
    assert (veto["cameo"], veto["plover"]) == ("129", "REJECT")
    assert (veto["speakers"], veto["speaker_ids"]) == ("RUS", "RUS")  # who vetoed, in the column a sheet filters on


def test_millers_row_names_him_with_his_state_beside_his_id_stance_and_subjects(seeded: Ledger) -> None:
    miller = row(seeded, MILLER)
    assert (miller["speakers"], miller["speaker_ids"]) == (["Matthew Miller (USA)"], ["matthew-miller"])
    assert (miller["stance"], miller["subjects"]) == ("condemns", ["S/2024/255", "RUS", "PRK"])
    # the first columns keep their names and places, the new ones come after the document
    assert COLUMNS[:11] == ("position", "event_id", "type", "occurred_on", "recorded_at", "source", "locator",
                            "quote", "cameo", "plover", "document")


def test_states_speak_as_their_codes_and_a_request_for_relief_is_about_its_regime(seeded: Ledger) -> None:
    joint = row(seeded, "statement.joint-usa-fra-jpn-kor-gbr.2024-03-28")
    assert joint["speakers"] == joint["speaker_ids"] == ["USA", "FRA", "JPN", "KOR", "GBR"]
    relief = row(seeded, "regime.dprk.relief-sought")
    assert (relief["speakers"], relief["stance"], relief["subjects"]) == (["RUS", "CHN"], None, ["dprk-regime"])
    china = row(seeded, "statement.china-mfa.2024-03-29")
    assert china["speakers"] == ["Ministry of Foreign Affairs of the People's Republic of China (CHN)"]
    eu = row(seeded, "statement.eu.2024-03-28")
    assert (eu["speakers"], eu["speaker_ids"]) == (["European Union"], ["eu"])  # of no state


def test_facts_that_say_nothing_have_empty_speaker_stance_and_subject_cells(seeded: Ledger) -> None:
    for r in rows(seeded):
        if r["type"] in ("SourceRegistered", "ActorRegistered", "PanelEstablished", "ReportReleased"):
            assert (r["speakers"], r["speaker_ids"], r["stance"], r["subjects"]) == ([], [], None, [])


def test_without_names_speakers_are_shown_by_id(seeded: Ledger) -> None:
    miller = next(r for r in export_rows(seeded.facts()) if r["event_id"] == MILLER)
    assert (miller["speakers"], miller["speaker_ids"]) == (["matthew-miller"], ["matthew-miller"])


def test_speakers_are_named_as_registered_by_the_moment_exported(seeded: Ledger) -> None:
    before = max(f.recorded_at for f in seeded.facts())
    seeded.append({"type": "FactCorrected", "id": "fix.miller-name", "corrects": "actor.matthew-miller",
                   "changes": {"name": "Matthew A. Miller"}, "reason": "full name",
                   "source": {"document": "S/PV.9591"}})
    now = next(r for r in ledger_rows(seeded) if r["event_id"] == MILLER)
    then = next(r for r in ledger_rows(seeded, before) if r["event_id"] == MILLER)
    assert (now["speakers"], then["speakers"]) == (["Matthew A. Miller (USA)"], ["Matthew Miller (USA)"])


def test_millers_csv_line_reads_his_name_stance_subjects_and_quote_without_parsing_json(seeded: Ledger) -> None:
    stream = io.StringIO(newline="")
    write_csv(rows(seeded), stream)
    stream.seek(0)
    miller = next(c for c in csv.DictReader(stream) if c["event_id"] == MILLER)
    assert (miller["speakers"], miller["speaker_ids"], miller["stance"]) == (
        "Matthew Miller (USA)", "matthew-miller", "condemns")
    assert miller["subjects"] == "S/2024/255; RUS; PRK"
    assert miller["quote"].startswith("\"What Russia did today undermines world peace and security")


def test_a_csv_cell_a_spreadsheet_would_run_is_written_as_text_and_the_document_keeps_it(seeded: Ledger) -> None:
    formula = '=HYPERLINK("http://example.org","para 4")'
    seeded.append({"type": "StatementIssued", "id": "st.formula", "occurred_on": "2024-03-28",
                   "source": {"document": "S/PV.9591", "locator": formula}, "speakers": ["FRA"], "stance": "warns"})
    stream = io.StringIO(newline="")
    write_csv(rows(seeded), stream)
    stream.seek(0)
    cells = next(c for c in csv.DictReader(stream) if c["event_id"] == "st.formula")
    assert cells["locator"] == "'" + formula
    assert json.loads(cells["document"])["source"]["locator"] == formula
