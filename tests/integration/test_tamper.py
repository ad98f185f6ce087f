"""The hash chain: an event edited, deleted, inserted or moved behind the ledger's back is found, by position.

Every tamper here is plain SQL on the event table, as someone with the database password would do it,
on SQLite and PostgreSQL; `ledger verify` is run as a user runs it.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import text

from ledger import Ledger

NEBENZIA = "statement.nebenzia.2024-03-28"


def position_of(lg: Ledger, event_id: str) -> int:
    return lg.store.lookup([event_id])[event_id].position


def sql(lg: Ledger, statement: str, **values: object) -> None:
    with lg.store.engine.begin() as connection:  # behind the ledger's back, on purpose
        connection.execute(text(statement), values)


def verify_command(url: str, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "ledger.cli", "--db", url, "verify", *args],
                          capture_output=True, text=True, timeout=120)


def test_an_untouched_ledger_verifies(seeded: Ledger, ledger_url: str) -> None:
    result = seeded.verify()
    assert result.ok and result.broken is None
    assert result.checked == seeded.head() and result.head.position == seeded.head()
    command = verify_command(ledger_url)
    assert command.returncode == 0, command.stdout + command.stderr
    assert f"verified {seeded.head()} events" in command.stdout


def test_an_edited_event_is_found_at_its_position(seeded: Ledger, ledger_url: str) -> None:
    position = position_of(seeded, NEBENZIA)
    with seeded.store.engine.connect() as connection:
        state = bytes(connection.execute(text("SELECT state FROM ledger_events WHERE id = :p"), {"p": position}).scalar_one())
    assert b"justifies" in state
    sql(seeded, "UPDATE ledger_events SET state = :s WHERE id = :p", s=state.replace(b"justifies", b"condemns"), p=position)

    broken = seeded.verify().broken
    assert broken is not None and (broken.position, broken.kind) == (position, "edited")
    command = verify_command(ledger_url)
    assert command.returncode == 1
    assert f"altered at position {position} (edited)" in command.stderr and command.stdout == ""  # an error: on stderr


def test_a_deleted_event_is_found_at_its_position(seeded: Ledger, ledger_url: str) -> None:
    position = position_of(seeded, NEBENZIA)
    sql(seeded, "DELETE FROM ledger_events WHERE id = :p", p=position)

    broken = seeded.verify().broken
    assert broken is not None and (broken.position, broken.kind) == (position, "deleted")
    command = verify_command(ledger_url)
    assert command.returncode == 1 and f"altered at position {position} (deleted)" in command.stderr


def test_an_event_deleted_with_its_link_breaks_the_next_link(seeded: Ledger) -> None:
    position = position_of(seeded, NEBENZIA)
    sql(seeded, "DELETE FROM ledger_events WHERE id = :p", p=position)
    sql(seeded, "DELETE FROM ledger_chain WHERE position = :p", p=position)

    broken = seeded.verify().broken
    assert broken is not None and broken.kind == "unlinked" and broken.position > position


def test_two_swapped_events_are_found_at_the_first(seeded: Ledger, ledger_url: str) -> None:
    first, second = position_of(seeded, NEBENZIA), position_of(seeded, "statement.miller.2024-03-28")
    assert first < second
    sql(seeded, "UPDATE ledger_events SET id = -1 WHERE id = :p", p=first)
    sql(seeded, "UPDATE ledger_events SET id = :a WHERE id = :b", a=first, b=second)
    sql(seeded, "UPDATE ledger_events SET id = :b WHERE id = -1", b=second)

    broken = seeded.verify().broken
    assert broken is not None and (broken.position, broken.kind) == (first, "reordered")
    assert f"recorded at position {second}" in broken.reason
    command = verify_command(ledger_url)
    assert command.returncode == 1 and f"altered at position {first} (reordered)" in command.stderr


def test_an_inserted_event_is_found_at_its_position(seeded: Ledger) -> None:
    head = seeded.head()
    sql(seeded, "INSERT INTO ledger_events (id, originator_id, originator_version, topic, state) "
                "SELECT :new, originator_id, originator_version + 100, topic, state FROM ledger_events WHERE id = :p",
        new=head + 5, p=position_of(seeded, NEBENZIA))

    broken = seeded.verify().broken
    assert broken is not None and (broken.position, broken.kind) == (head + 5, "inserted")


def test_a_digest_kept_elsewhere_proves_the_log_still_extends_it(seeded: Ledger, ledger_url: str) -> None:
    kept = seeded.digest()
    seeded.append({"type": "StatementIssued", "id": "later", "occurred_on": "2024-03-28", "speakers": ["FRA"],
                   "stance": "regrets", "source": {"document": "S/PV.9591"}})
    assert seeded.digest().position > kept.position
    result = seeded.verify(kept)
    assert result.ok and result.extends is True
    command = verify_command(ledger_url, "--digest", str(kept))
    assert command.returncode == 0 and f"extends digest {kept}" in command.stdout


def test_a_log_rewritten_and_rechained_no_longer_extends_its_digest(seeded: Ledger, ledger_url: str) -> None:
    """Someone who edits an event and recomputes every link passes the chain check, not the digest."""
    from ledger.storage.chain import GENESIS, links_for

    kept = seeded.digest()
    position = position_of(seeded, NEBENZIA)
    with seeded.store.engine.connect() as connection:
        state = bytes(connection.execute(text("SELECT state FROM ledger_events WHERE id = :p"), {"p": position}).scalar_one())
    sql(seeded, "UPDATE ledger_events SET state = :s WHERE id = :p", s=state.replace(b"justifies", b"condemns"), p=position)
    events = list(seeded.store.every_stored())
    sql(seeded, "DELETE FROM ledger_chain")
    for row in links_for(GENESIS, events):
        sql(seeded, "INSERT INTO ledger_chain (position, content, link) VALUES (:position, :content, :link)", **row)

    assert seeded.verify(log_only=True).ok  # the forger's chain is consistent with itself
    # but not with what was derived from the log before the edit: the fact index and the read models
    derived = seeded.verify().derived
    assert derived is not None and not derived.ok
    assert {d.table for d in derived.differences} >= {"ledger_facts", "rm_timeline"}
    result = seeded.verify(kept)
    assert not result.ok and result.extends is False
    command = verify_command(ledger_url, "--digest", str(kept))
    assert command.returncode == 1 and "does not extend digest" in command.stderr


@pytest.mark.parametrize("digest", ["12", "12:abc", "x:" + "0" * 64])
def test_a_malformed_digest_is_refused_in_one_line(seeded: Ledger, ledger_url: str, digest: str) -> None:
    command = verify_command(ledger_url, "--digest", digest)
    assert command.returncode == 2
    assert command.stderr.count("\n") == 1 and "POSITION:SHA256" in command.stderr and "Traceback" not in command.stderr


# A read-model table dropped is no database error: reads answer from the log (`test_damaged_read_models`).
@pytest.mark.parametrize(("table", "command"), [("ledger_chain", ["verify"])])
def test_a_table_dropped_by_hand_is_a_database_error_in_one_line_not_an_altered_log(
        seeded: Ledger, ledger_url: str, table: str, command: list[str]) -> None:
    sql(seeded, f"DROP TABLE {table}")
    ran = subprocess.run([sys.executable, "-m", "ledger.cli", "--db", ledger_url, *command],
                         capture_output=True, text=True, timeout=120)
    assert ran.returncode == 2, ran.stderr  # not 1, which says the log was altered
    assert ran.stderr.startswith("ledger: database error: ") and table in ran.stderr
    assert ran.stderr.count("\n") == 1 and "Traceback" not in ran.stderr


def test_a_read_model_table_dropped_by_hand_is_made_again_by_the_rebuild_command(seeded: Ledger, ledger_url: str) -> None:
    sql(seeded, "DROP TABLE rm_panels")
    ran = subprocess.run([sys.executable, "-m", "ledger.cli", "--db", ledger_url, "rebuild"],
                         capture_output=True, text=True, timeout=120)
    assert ran.returncode == 0 and ran.stdout.startswith("rebuilt the read models"), ran.stderr
    assert verify_command(ledger_url).returncode == 0
    state = subprocess.run([sys.executable, "-m", "ledger.cli", "--db", ledger_url, "state", "--as-of", "2024-05-01"],
                           capture_output=True, text=True, timeout=120)
    assert state.returncode == 0 and "dprk-panel" in state.stdout, state.stderr


def test_a_load_interrupted_by_ctrl_c_stores_nothing_and_exits_130(
        seeded: Ledger, ledger_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    import json

    from ledger.cli import main
    from ledger.service import appending

    head = seeded.head()
    documents = tmp_path / "more.jsonl"
    documents.write_text(json.dumps({"type": "ActorRegistered", "id": "actor.x", "actor_id": "x", "name": "X",
                                     "kind": "person"}) + "\n")

    def interrupted(*args: object, **kwargs: object) -> None:
        raise KeyboardInterrupt  # as Ctrl-C arrives in the middle of the batch

    monkeypatch.setattr(appending.Batch, "add", interrupted)
    with pytest.raises(SystemExit) as stopped:
        main(["--db", ledger_url, "load", str(documents)])
    assert stopped.value.code == 130
    said = capsys.readouterr().err.lstrip("\n")  # click ends the terminal's "^C" line first
    assert said.count("\n") == 1 and "interrupted" in said and "stored nothing" in said
    assert seeded.head() == head
