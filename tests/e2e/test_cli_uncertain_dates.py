"""The command line on dates as loose as their source: a load names what it flagged, the audit too, and
the timeline and the export give the days a date allows."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from tests.conftest import SEEDS
from tests.e2e.test_cli import run

NOTE = {"type": "SourceRegistered", "id": "src.note", "source_id": "S/PV.9999", "title": "A note", "published_on": "2024-04-05"}


def reaction(ident: str, on: str) -> dict[str, object]:
    return {"type": "StatementIssued", "id": ident, "occurred_on": on, "source": {"document": "S/PV.9999"},
            "speakers": ["FRA"], "stance": "regrets", "about": ["S/2024/255"]}


def test_a_load_an_audit_a_timeline_and_an_export_of_uncertain_dates(tmp_path: Path) -> None:
    file = tmp_path / "reactions.jsonl"
    documents = [NOTE, reaction("st.maybe-before", "2024-03-27/2024-03-29"), reaction("st.unsure", "2024-03-30?")]
    file.write_text("".join(json.dumps(d) + "\n" for d in documents), encoding="utf-8")
    db = tmp_path / "ledger.db"
    loaded = run(db, "load", str(SEEDS), str(file))
    assert loaded.returncode == 0, loaded.stderr
    [flagged] = [line for line in loaded.stdout.splitlines() if line.startswith("flagged:")]
    assert "'st.maybe-before'" in flagged and "allows 2024-03-27" in flagged

    audit = run(db, "audit")
    # The audit exits 1 when it flags anything, a date as a quote.
    assert audit.returncode == 1 and audit.stdout.count("FLAGGED") == 1 and "allows 2024-03-27" in audit.stdout
    # Its date is flagged, not its citation: the entry still says what was checked of its source.
    entry = audit.stdout.split("st.maybe-before (StatementIssued")[1].split("\n#")[0]
    assert "    source: S/PV.9999 [text not held: quote not checked]" in entry and "FLAGGED: " in entry, entry

    timeline = run(db, "timeline", "--from", "2024-03-29", "--to", "2024-03-29", "--speaker", "FRA")
    assert "2024-03-30?" in timeline.stdout and "2024-03-29 to 2024-03-31" in timeline.stdout, timeline.stdout

    exported = run(db, "export", "--format", "csv")
    rows = {r["event_id"]: r for r in csv.DictReader(io.StringIO(exported.stdout))}
    unsure = rows["st.unsure"]
    assert (unsure["occurred_on"], unsure["occurred_earliest"], unsure["occurred_latest"]) == (
        "2024-03-30?", "2024-03-29", "2024-03-31")


def test_a_date_that_may_be_later_than_its_source_is_refused_in_one_line(tmp_path: Path) -> None:
    file = tmp_path / "late.jsonl"
    file.write_text(json.dumps(NOTE) + "\n" + json.dumps(reaction("st.late", "2024-04-05~")) + "\n", encoding="utf-8")
    db = tmp_path / "ledger.db"
    loaded = run(db, "load", str(SEEDS), str(file))
    assert loaded.returncode == 2 and "Traceback" not in loaded.stderr
    [line] = loaded.stderr.strip().splitlines()
    assert "'st.late'" in line and "field 'occurred_on'" in line and "2024-04-06" in line
