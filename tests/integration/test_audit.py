"""`ledger audit`: every fact with the words that prove it, checked against its source's text."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from datetime import UTC, datetime, timedelta

import pytest

from ledger import Ledger
from ledger.documents import fingerprint
from ledger.domain.streams import open_stream, stream_id
from ledger.errors import InvalidArgument

FORGED = {"type": "StatementIssued", "id": "statement.forged", "occurred_on": "2024-03-28", "speakers": ["FRA"],
          "stance": "condemns", "source": {"document": "article-2024-03-29", "quote": "France walked out of the chamber."}}


def audit_command(url: str, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "ledger.cli", "--db", url, "audit", *args],
                          capture_output=True, text=True, timeout=120)


def write_past_the_rules(lg: Ledger, document: dict) -> None:  # type: ignore[type-arg]
    """Store a document as older or buggy code might have: straight into the event store, unchecked."""
    stream = open_stream(document, 1, datetime.now(UTC))
    entry = {"event_id": document["id"], "stream_id": stream_id("fact", document["id"]), "version": stream.version,
             "type": document["type"], "fingerprint": fingerprint(document), "recorded_at": datetime.now(UTC),
             "regime_id": None}
    lg.store.save_batch([stream], [entry])


def test_the_seed_cites_every_quote_from_its_source(seeded: Ledger, ledger_url: str) -> None:
    found = seeded.audit()
    assert len(found) == seeded.head()
    assert not [p for p in found if p.flagged]
    statements = [p for p in found if p.type == "StatementIssued"]
    assert statements and all(p.quote and p.checked for p in statements)
    veto = next(p for p in found if p.event_id == "vote.S/2024/255/veto/RUS")
    assert veto.checked and "vetoed" in veto.quote  # type: ignore[operator]
    command = audit_command(ledger_url)
    assert command.returncode == 0, command.stdout + command.stderr
    # Every quote checked is counted, a second source's too (the seed cites the article as a second source).
    quoted = sum(p.checked for p in found) + sum(c.checked for p in found for c in p.also_cited)
    assert quoted > sum(p.checked for p in found)
    assert f"{seeded.head()} facts: {quoted} quotes checked" in command.stdout
    assert "0 flagged" in command.stdout and "FLAGGED" not in command.stdout


def test_a_forged_quote_is_flagged_and_nothing_else(seeded: Ledger, ledger_url: str) -> None:
    write_past_the_rules(seeded, FORGED)
    flagged = [p for p in seeded.audit() if p.flagged]
    assert [p.event_id for p in flagged] == ["statement.forged"]
    assert "not in the text of source 'article-2024-03-29'" in flagged[0].problem  # type: ignore[operator]
    command = audit_command(ledger_url)
    assert command.returncode == 1
    assert command.stdout.count("FLAGGED") == 1 and "1 flagged" in command.stdout
    block = command.stdout[command.stdout.index("statement.forged"):]
    assert "France walked out of the chamber." in block.split("\n#")[0]


def test_the_audit_as_json_names_source_locator_and_quote(seeded: Ledger, ledger_url: str) -> None:
    command = audit_command(ledger_url, "--json")
    rows = json.loads(command.stdout)
    kuleba = next(r for r in rows if r["event_id"] == "statement.kuleba.2024-03-28")
    assert kuleba["source"] == "article-2024-03-29" and kuleba["locator"] and kuleba["quote"] and not kuleba["flagged"]


def test_a_fix_is_audited_with_its_reason(seeded: Ledger) -> None:
    seeded.append({"type": "FactRetracted", "id": "fix.retract", "retracts": "statement.kuleba.2024-03-28",
                   "reason": "withdrawn until checked", "source": {"document": "S/PV.9591"}})
    row = next(p for p in seeded.audit() if p.event_id == "fix.retract")
    assert (row.type, row.reason, row.source, row.flagged) == ("FactRetracted", "withdrawn until checked", "S/PV.9591", False)


def test_an_entrys_recording_time_is_the_moment_its_append_returned(seeded: Ledger, ledger_url: str) -> None:
    """`recorded_at` is a moment, as on the recording, so it compares with one and is a `known_at`; `to_dict()`
    and `audit --json` give it as the ISO text they always have."""
    recording = seeded.append({"type": "FactRetracted", "id": "fix.retract", "retracts": "statement.kuleba.2024-03-28",
                               "reason": "withdrawn until checked", "source": {"document": "S/PV.9591"}})
    found = seeded.audit()
    assert all(isinstance(p.recorded_at, datetime) and p.recorded_at.utcoffset() == timedelta(0) for p in found)
    assert [p.recorded_at for p in found] == [f.recorded_at for f in seeded.facts()]
    row = next(p for p in found if p.event_id == "fix.retract")
    assert row.recorded_at == recording.recorded_at
    known = [s.event_id for s in seeded.as_of("2024-03-28", known_at=row.recorded_at).statements]
    earlier = [s.event_id for s in seeded.as_of("2024-03-28", known_at=row.recorded_at - timedelta(microseconds=1)).statements]
    assert "statement.kuleba.2024-03-28" in earlier and "statement.kuleba.2024-03-28" not in known
    assert row.to_dict()["recorded_at"] == recording.recorded_at.isoformat()
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{6})?\+00:00", row.to_dict()["recorded_at"])
    rows = json.loads(audit_command(ledger_url, "--json").stdout)
    assert rows == [json.loads(json.dumps(p.to_dict())) for p in found]
    assert [r["recorded_at"] for r in rows] == [f.recorded_at.isoformat() for f in seeded.facts()]


def test_the_audit_of_some_events_prints_only_their_entries_as_the_whole_audit_prints_them(
        seeded: Ledger, ledger_url: str) -> None:
    picked = ["vote.S/2024/255/veto/RUS", "statement.kuleba.2024-03-28"]
    assert [p.event_id for p in seeded.audit(picked)] == [p.event_id for p in seeded.audit() if p.event_id in picked]
    whole, some = audit_command(ledger_url).stdout, audit_command(ledger_url, *picked)
    assert some.returncode == 0, some.stderr
    blocks = ["#" + b.rstrip("\n") for b in whole.split("\n#") if b.split(" ", 2)[1] in picked]
    assert len(blocks) == 2
    quoted = sum(p.checked for p in seeded.audit(picked)) + sum(c.checked for p in seeded.audit(picked) for c in p.also_cited)
    assert some.stdout == "\n".join(blocks) + f"\n2 facts: {quoted} quotes checked against their source's text, 0 flagged\n"
    assert [r["event_id"] for r in json.loads(audit_command(ledger_url, "--json", picked[1]).stdout)] == [picked[1]]
    one = audit_command(ledger_url, "statement.miller.2024-03-28").stdout.splitlines()[-1]
    assert one == "1 fact: 1 quote checked against their source's text, 0 flagged"


def test_the_audit_of_an_event_the_ledger_does_not_hold_is_refused_in_one_line(ledger_url: str, seeded: Ledger) -> None:
    with pytest.raises(InvalidArgument, match="the ledger holds no event 'nope'"):
        seeded.audit(["nope"])
    refused = audit_command(ledger_url, "vote.S/2024/255", "statement.kuleba.2024-03-2")
    assert refused.returncode == 2 and refused.stdout == ""
    assert refused.stderr.splitlines() == ["ledger: usage: EVENT_ID: the ledger holds no event 'statement.kuleba.2024-03-2'; "
                                           "did you mean 'statement.kuleba.2024-03-28'? (see ledger audit --help)"]
