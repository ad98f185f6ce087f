"""The `ledger` command as a user runs it: real processes, a real SQLite file."""

from __future__ import annotations

import csv
import json
import os
import shutil
import sqlite3
import subprocess
import sys
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from ledger.documents import SCHEMAS
from ledger.documents.examples import example
from tests.conftest import SEEDS

LEDGER = [sys.executable, "-m", "ledger.cli"]


def run(db: Path, *args: str, log: tuple[str, ...] = ()) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*LEDGER, "--db", f"sqlite:///{db}", *log, *args], capture_output=True, text=True, timeout=120)


@pytest.fixture(scope="module")
def seeded_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("cli") / "ledger.db"
    result = run(db, "load", str(SEEDS))
    assert result.returncode == 0, result.stderr
    assert "new" in result.stdout
    return db


def test_load_twice_reports_everything_already_held(seeded_db: Path) -> None:
    result = run(seeded_db, "load", str(SEEDS))
    assert result.returncode == 0
    assert " 0 new" in result.stdout


def test_a_load_says_when_it_was_recorded_so_known_at_can_ask_what_was_known_before_it(tmp_path: Path) -> None:
    db = tmp_path / "l.db"
    first = run(db, "load", str(SEEDS / "dprk-panel-veto.jsonl"))
    assert first.returncode == 0, first.stderr
    said = first.stdout.strip().rsplit("; recorded at ", 1)[1]
    moment = datetime.fromisoformat(said)
    before = (moment - timedelta(microseconds=1)).isoformat()
    assert json.loads(run(db, "state", "--as-of", "2024-05-01", "--known-at", before, "--json").stdout)["panels"] == []
    at = json.loads(run(db, "state", "--as-of", "2024-05-01", "--known-at", said, "--json").stdout)["panels"]
    assert "dprk-panel" in {p["panel_id"] for p in at}
    again = run(db, "load", str(SEEDS / "dprk-panel-veto.jsonl"))
    assert again.stdout == "98 documents: 0 new, 98 already held\n"  # nothing recorded: no moment to give


def test_a_refused_load_that_created_its_ledger_says_so(tmp_path: Path) -> None:
    # Run where no ledger is (or with --db mistyped), a load that stores nothing still leaves a new, empty ledger:
    # the refusal says so, or its "not registered" would read as if the user's sources had been lost.
    lone = tmp_path / "lone.jsonl"
    lone.write_text(json.dumps(example("StatementIssued")) + "\n", encoding="utf-8")
    result = run(tmp_path / "new.db", "load", str(lone))
    assert result.returncode == 2 and result.stderr.count("\n") == 1
    assert result.stderr.rstrip().endswith(f"; there was no ledger at sqlite:///{tmp_path / 'new.db'}: this command "
                                           "created it, empty (is --db, or $LEDGER_URL, the ledger you meant?)")
    again = run(tmp_path / "new.db", "load", str(lone))  # the ledger is there now, if empty: said as before
    assert again.returncode == 2 and "this command created it" not in again.stderr


def test_a_retracted_facts_history_says_it_is_gone_not_each_field_gone(seeded_db: Path) -> None:
    result = run(seeded_db, "history", "statement.usa-kor-ukr.evasion.2024-03-28")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[-1] == "    gone from the views from then on"
    assert "fix.usa-kor-ukr.evasion.retracted (FactRetracted)" in lines[-2]
    assert not any(line.endswith(" -> -") for line in lines)  # no "stance: warns -> -", field by field


def test_the_state_tables_mark_what_a_correction_changed(tmp_path: Path) -> None:
    db = tmp_path / "l.db"
    first = run(db, "load", str(SEEDS / "dprk-panel-veto.jsonl"))
    before = first.stdout.strip().rsplit("; recorded at ", 1)[1]
    assert run(db, "load", str(SEEDS / "dprk-panel-veto_2-fixes.jsonl")).returncode == 0
    now = " ".join(run(db, "state", "--as-of", "2024-05-01").stdout.split())  # as read, however the lines wrap
    # The vote was re-cited to the meeting record: the tables show it as corrected, and say where to see how.
    assert "corrected since first recorded: dprk-panel, " in now and ", S/2024/255 (`ledger history ID` says how" in now
    then = run(db, "state", "--as-of", "2024-05-01", "--known-at", before).stdout
    assert "S/2024/255" in then and "corrected" not in then


def test_a_load_of_empty_files_says_they_hold_none_rather_than_none_new(tmp_path: Path) -> None:
    empty, blank = tmp_path / "empty.jsonl", tmp_path / "blank.jsonl"
    empty.write_text("", encoding="utf-8")
    blank.write_text("\n  \n", encoding="utf-8")
    one = run(tmp_path / "l.db", "load", str(empty))
    assert (one.returncode, one.stdout) == (0, f"0 documents: {empty} holds none; nothing was stored\n"), one.stderr
    two = run(tmp_path / "l.db", "load", str(empty), str(blank))
    assert two.stdout == f"0 documents: {empty}, {blank} hold none; nothing was stored\n", two.stderr


def test_state_as_json_is_the_view(seeded_db: Path) -> None:
    result = run(seeded_db, "state", "--as-of", "2024-05-01", "--json")
    assert result.returncode == 0, result.stderr
    view = json.loads(result.stdout)
    panel = next(p for p in view["panels"] if p["panel_id"] == "dprk-panel")
    assert panel["status"] == "expired" and panel["vetoes"][0]["member"] == "RUS"


def test_state_for_people_is_a_table(seeded_db: Path) -> None:
    result = run(seeded_db, "state", "--as-of", "2024-03-27")
    assert result.returncode == 0
    assert "dprk-panel" in result.stdout and "active" in result.stdout and "2024-04-30" in result.stdout


def test_timeline_between_two_days(seeded_db: Path) -> None:
    result = run(seeded_db, "timeline", "--from", "2024-03-28", "--to", "2024-03-28", "--json")
    rows = json.loads(result.stdout)
    # Each counts from that day: its earliest, or the day a fact known only as on or before it happened by.
    assert rows and {r["earliest"] or r["latest"] for r in rows} == {"2024-03-28"}
    assert any(r["type"] == "VetoCast" for r in rows)


def test_known_at_in_the_past_sees_nothing(seeded_db: Path) -> None:
    result = run(seeded_db, "state", "--as-of", "2024-05-01", "--known-at", "2000-01-01T00:00:00Z", "--json")
    assert json.loads(result.stdout)["panels"] == []


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (("state", "--as-of", "2024-02-30"), "29 days"),
        (("state", "--known-at", "yesterday"), "--known-at"),
        (("load", "/no/such/file.jsonl"), "does not exist"),
        (("frobnicate",), "No such command"),
        (("state", "--bogus"), "No such option"),
    ],
)
def test_refused_input_exits_2_with_one_readable_line(seeded_db: Path, args: tuple[str, ...], words: str) -> None:
    result = run(seeded_db, *args)
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and words in lines[0] and "Traceback" not in result.stderr


@pytest.mark.parametrize("named", ["missing.jsonl", "notes.txt", "empty-folder"])
def test_a_load_of_a_path_that_holds_no_documents_creates_no_ledger(tmp_path: Path, named: str) -> None:
    (tmp_path / "notes.txt").write_text("not documents\n", encoding="utf-8")
    (tmp_path / "empty-folder").mkdir()
    db = tmp_path / "new.db"
    result = run(db, "load", str(tmp_path / named))
    assert result.returncode == 2 and "cannot read" in result.stderr
    assert not db.exists()


def test_a_bad_document_file_names_the_line_and_field(tmp_path: Path) -> None:
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"type": "SourceRegistered", "id": "s", "source_id": "s", "title": "t", "published_on": "2024-01-01"}\n'
                   '{"type": "StatementIssued", "id": "x", "occurred_on": "2024-02-30"}\n', encoding="utf-8")
    db = tmp_path / "l.db"
    result = run(db, "load", str(bad))
    assert result.returncode == 2
    line = result.stderr.strip()
    assert "bad.jsonl line 2" in line and "'x'" in line and "occurred_on" in line
    assert "[]" in run(db, "timeline", "--json").stdout  # nothing of the file was stored


def test_log_json_gives_one_structured_line_per_append_and_load(tmp_path: Path) -> None:
    docs = tmp_path / "two.json"
    docs.write_text(json.dumps([
        {"type": "SourceRegistered", "id": "s", "source_id": "s", "title": "t", "published_on": "2024-01-01"},
        {"type": "StatementIssued", "id": "st", "occurred_on": "2024-01-01", "source": {"document": "s"},
         "speakers": ["USA"], "stance": "warns"},
    ]), encoding="utf-8")
    result = run(tmp_path / "l.db", "load", str(docs), log=("--log-json",))
    events = [json.loads(line) for line in result.stderr.strip().splitlines()]
    appended = [e for e in events if e["event"] == "appended"]
    assert [(e["type"], e["id"], e["position"]) for e in appended] == [("SourceRegistered", "s", 1), ("StatementIssued", "st", 2)]
    assert all("duration_ms" in e for e in appended)
    assert [e["documents"] for e in events if e["event"] == "loaded"] == [2]


def test_a_rejection_is_logged_as_json(tmp_path: Path) -> None:
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"type": "StatementIssued", "id": "x", "occurred_on": "2024-02-30"}\n', encoding="utf-8")
    result = run(tmp_path / "l.db", "load", str(bad), log=("--log-json",))
    assert result.returncode == 2
    *logged, said = result.stderr.strip().splitlines()
    assert said.startswith("ledger: ")
    events = [json.loads(line) for line in logged]
    assert [e["event"] for e in events] == ["schema upgraded", "rejected"]  # the new ledger's schema, then the refusal
    assert events[1]["field"] == "occurred_on"


def test_rebuild_reports_the_position_and_keeps_the_answers(seeded_db: Path) -> None:
    before = run(seeded_db, "state", "--as-of", "2024-05-01", "--json").stdout
    result = run(seeded_db, "rebuild")
    assert result.returncode == 0, result.stderr
    assert "rebuilt the read models to position" in result.stdout
    assert run(seeded_db, "state", "--as-of", "2024-05-01", "--json").stdout == before


def test_export_writes_every_event_with_its_codes(seeded_db: Path, tmp_path: Path) -> None:
    result = run(seeded_db, "export", "--format", "jsonl")
    assert result.returncode == 0, result.stderr
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["position"] for r in rows] == sorted(r["position"] for r in rows) and len(rows) >= 98
    veto = next(r for r in rows if r["type"] == "VetoCast" and r["document"]["draft_id"] == "S/2024/255")
    assert (veto["cameo"], veto["plover"]) == ("129", "REJECT")
    out = tmp_path / "events.csv"
    result = run(seeded_db, "export", "--format", "csv", "-o", str(out))
    assert result.returncode == 0, result.stderr
    assert out.read_text(encoding="utf-8").startswith("position,event_id,type,occurred_on,recorded_at,source")


def test_the_csv_export_gives_millers_name_state_stance_and_quote_in_columns(seeded_db: Path, tmp_path: Path) -> None:
    out = tmp_path / "events.csv"
    result = run(seeded_db, "export", "--format", "csv", "-o", str(out))
    assert result.returncode == 0, result.stderr
    with out.open(encoding="utf-8", newline="") as stream:
        miller = next(r for r in csv.DictReader(stream) if r["event_id"] == "statement.miller.2024-03-28")
    assert (miller["speakers"], miller["speaker_ids"], miller["stance"], miller["subjects"]) == (
        "Matthew Miller (USA)", "matthew-miller", "condemns", "S/2024/255; RUS; PRK")
    assert "condemned US State Department spokesman Matthew Miller" in miller["quote"]
    jsonl = [json.loads(line) for line in run(seeded_db, "export").stdout.splitlines()]
    assert next(r for r in jsonl if r["event_id"] == "statement.miller.2024-03-28")["speakers"] == ["Matthew Miller (USA)"]


def test_export_refuses_an_unknown_format_in_one_line(seeded_db: Path) -> None:
    result = run(seeded_db, "export", "--format", "xml")
    assert result.returncode == 2 and result.stderr.count("\n") == 1 and "Traceback" not in result.stderr


def test_types_names_every_type_with_an_example_line_a_ledger_accepts(tmp_path: Path) -> None:
    result = run(tmp_path / "unused.db", "types")
    assert result.returncode == 0, result.stderr
    headings = [line.split(" (")[0] for line in result.stdout.splitlines() if line and not line.startswith(" ")
                and " (a " in line]
    assert headings == list(SCHEMAS)
    lines = result.stdout.splitlines()
    examples = [json.loads(lines[i + 1]) for i, line in enumerate(lines) if line == "  example:"]
    assert examples == [example(name) for name in SCHEMAS]
    assert not (tmp_path / "unused.db").exists()


def test_types_prints_one_type_or_its_json_schema(tmp_path: Path) -> None:
    one = run(tmp_path / "x.db", "types", "PanelEstablished")
    assert one.returncode == 0 and one.stdout.startswith("PanelEstablished (a fact")
    assert "StatementIssued" not in one.stdout
    schema = json.loads(run(tmp_path / "x.db", "types", "PanelEstablished", "--json-schema").stdout)
    assert schema["title"] == "PanelEstablished" and "mandate_ends_on" in schema["required"]
    every = json.loads(run(tmp_path / "x.db", "types", "--json-schema").stdout)
    assert every["$schema"] == "https://json-schema.org/draft/2020-12/schema" and "PanelEstablished" in every["$defs"]


def test_type_and_format_names_are_read_in_any_case_and_a_misspelt_type_is_named(seeded_db: Path, tmp_path: Path) -> None:
    assert run(tmp_path / "x.db", "types", "panelestablished").stdout == run(tmp_path / "x.db", "types", "PanelEstablished").stdout
    misspelt = run(tmp_path / "x.db", "types", "PanelEstablised")
    assert misspelt.returncode == 2 and "unknown type 'PanelEstablised' (did you mean PanelEstablished?)" in misspelt.stderr
    vetoes = run(seeded_db, "timeline", "--type", "vetocast", "--json")
    assert vetoes.returncode == 0 and {row["type"] for row in json.loads(vetoes.stdout)} == {"VetoCast"}
    out = tmp_path / "out.csv"
    exported = run(seeded_db, "export", "--format", "CSV", "-o", str(out))
    assert exported.returncode == 0 and out.read_text(encoding="utf-8").startswith("position,")


def test_types_refuses_an_unknown_type_in_one_line(tmp_path: Path) -> None:
    result = run(tmp_path / "x.db", "types", "VetoCasts")
    assert result.returncode == 2 and result.stdout == ""
    assert result.stderr.startswith("ledger: usage:") and "'VetoCasts'" in result.stderr
    assert "PanelEstablished" in result.stderr and len(result.stderr.splitlines()) == 1


@pytest.mark.parametrize(("table", "edit", "command"), [
    ("rm_panels", "UPDATE rm_panels SET data = '{' WHERE key = 'dprk-panel'", ("state", "--as-of", "2024-05-01")),
    ("rm_timeline", "UPDATE rm_timeline SET data = '[1]'", ("timeline",)),  # every generation's rows: a rebuild may have run
])
def test_rows_edited_by_hand_past_reading_are_one_line_that_points_to_verify(
        seeded_db: Path, tmp_path: Path, table: str, edit: str, command: tuple[str, ...]) -> None:
    db = tmp_path / "edited.db"
    shutil.copy(seeded_db, db)
    with sqlite3.connect(db) as connection:
        connection.execute(edit)
    result = run(db, *command)
    assert result.returncode == 2 and "Traceback" not in result.stderr
    [line] = result.stderr.splitlines()
    assert line.startswith("ledger: error: ") and "`ledger verify` names what changed" in line
    assert f"{table} was altered" in run(db, "verify").stderr
    shown = subprocess.run([*LEDGER, "--db", f"sqlite:///{db}", *command], capture_output=True, text=True,
                           timeout=120, env={**os.environ, "LEDGER_TRACEBACK": "1"})
    assert "Traceback" in shown.stderr  # for whoever must find where it was raised
