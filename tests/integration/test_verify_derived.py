"""`verify` covers what readers are shown: the fact index and the read models are compared with what the log
derives, row by row, as well as the log with its hash chain.

Every tamper is plain SQL behind the ledger's back, on SQLite and PostgreSQL; `ledger verify` is run as a user
runs it. Read models that have not yet projected the last events are behind, not altered.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from ledger import Ledger
from ledger.scenarios import integrity
from ledger.scenarios.scene import Scene
from ledger.service.derived import Difference
from ledger.storage.chain import Digest
from tests.conftest import SEEDS
from tests.integration.test_tamper import position_of, sql, verify_command

FORGED = ("UPDATE rm_panels SET data = replace(data, '\"mandate_ends_on\":\"2024-04-30\"', "
          "'\"mandate_ends_on\":\"2099-04-30\"')")
EXTENDED = "panel.dprk.extended.2050"
LATER = {"type": "StatementIssued", "occurred_on": "2024-03-28", "speakers": ["FRA"], "stance": "regrets",
         "source": {"document": "S/PV.9591"}}


def mandate_ends(lg: Ledger) -> str:
    return str(lg.as_of("2024-04-01").panel("dprk-panel").mandate_ends_on)


# -- the read models and the fact index ---------------------------------------------------------

def the_difference(lg: Ledger) -> Difference:
    """The one derived table's difference `verify` finds in a log that is itself whole."""
    result = lg.verify()
    assert not result.ok and result.broken is None and result.derived is not None
    (difference,) = result.derived.differences
    return difference


def test_an_untouched_ledger_agrees_with_what_its_log_derives(seeded: Ledger, ledger_url: str) -> None:
    result = seeded.verify()
    derived = result.derived
    assert result.ok and derived is not None and derived.ok and derived.behind == 0 and derived.not_compared is None
    assert derived.rows > 2 * seeded.head()  # the fact index twice, and every read-model row twice
    command = verify_command(ledger_url)
    assert command.returncode == 0, command.stdout + command.stderr
    assert "the fact index and the read models agree with the log" in command.stdout


def test_a_read_model_row_edited_is_named_with_what_differs(seeded: Ledger, ledger_url: str) -> None:
    assert mandate_ends(seeded) == "2024-04-30"
    sql(seeded, FORGED)
    assert mandate_ends(seeded) == "2099-04-30"  # what readers are shown

    difference = the_difference(seeded)
    assert difference.table == "rm_panels" and difference.row.startswith("panel dprk-panel, its row valid from")
    assert "stored" in difference.what and "2099-04-30" in difference.what and "2024-04-30" in difference.what
    assert difference.what.index("2099-04-30") < difference.what.index("derived from the log") < difference.what.index("2024-04-30")
    command = verify_command(ledger_url)
    assert command.returncode == 1, command.stdout + command.stderr
    said = [line for line in command.stderr.splitlines() if "rm_panels was altered" in line]
    assert len(said) == 1 and "panel dprk-panel" in said[0] and "2099-04-30" in said[0] and len(said[0]) < 400
    assert verify_command(ledger_url, "--log-only").returncode == 0  # the log itself is whole
    # Only a read model differs: the last line says the rebuild makes it again from the log, and so it does.
    assert command.stderr.splitlines()[-1].startswith("ledger: verify: only read models differ, and the log they are "
                                                      "derived from checks out: `ledger rebuild` makes them again")
    rebuilt = subprocess.run([sys.executable, "-m", "ledger.cli", "--db", ledger_url, "rebuild"], capture_output=True,
                             text=True, timeout=120)
    assert rebuilt.returncode == 0, rebuilt.stderr
    assert verify_command(ledger_url).returncode == 0 and mandate_ends(seeded) == "2024-04-30"


def test_a_log_and_chain_emptied_leave_read_models_that_the_log_no_longer_derives(seeded: Ledger, ledger_url: str) -> None:
    head = seeded.head()
    sql(seeded, "DELETE FROM ledger_events")
    sql(seeded, "DELETE FROM ledger_chain")

    result = seeded.verify()
    assert result.broken is None and result.checked == 0 and not result.ok
    assert result.derived is not None
    tables = {d.table: d for d in result.derived.differences}
    assert {"rm_generations", "ledger_facts", "rm_panels", "rm_regimes", "rm_timeline"} <= set(tables)
    assert f"projected to position {head}; the log ends at position 0" in tables["rm_generations"].what
    assert tables["ledger_facts"].count == head and "a row the log does not derive" in tables["ledger_facts"].what
    command = verify_command(ledger_url)
    assert command.returncode == 1 and "verified 0 events" in command.stdout
    assert "ledger: verify: rm_generations was altered" in command.stderr


def test_a_fact_index_row_renamed_is_found_at_its_position(seeded: Ledger, ledger_url: str) -> None:
    position = position_of(seeded, EXTENDED)
    sql(seeded, "UPDATE ledger_facts SET event_id = :new WHERE event_id = :old", new=EXTENDED + ".x", old=EXTENDED)

    difference = the_difference(seeded)
    assert (difference.table, difference.row) == ("ledger_facts", f"position {position}, {EXTENDED} (PanelMandateExtended)")
    assert difference.what == f"event_id: stored {EXTENDED}.x, derived from the log {EXTENDED}"
    command = verify_command(ledger_url)
    assert command.returncode == 1 and f"ledger_facts was altered: it differs from what the log derives at position {position}" \
        in command.stderr
    assert "ledger rebuild" not in command.stderr  # the rebuild makes the read models again, not the fact index


def test_a_fact_stored_twice_after_its_index_row_was_deleted_is_named_with_both_positions(
        seeded: Ledger, ledger_url: str) -> None:
    """The index row gone, a load takes the fact for new and appends it again: the log then holds one id twice."""
    position = position_of(seeded, EXTENDED)
    sql(seeded, "DELETE FROM ledger_facts WHERE event_id = :id", id=EXTENDED)
    seeded.load(SEEDS)
    stored = [f.position for f in seeded.facts() if f.event_id == EXTENDED]
    assert stored[0] == position and len(stored) == 2  # what the ledger should have refused, held to be found
    again = stored[1]
    difference = the_difference(seeded)
    assert (difference.table, difference.row) == ("ledger_events", f"event id {EXTENDED!r}")
    assert difference.what == f"the log holds it twice, at positions {position} and {again}; an event id names one fact"
    command = verify_command(ledger_url)
    assert command.returncode == 1 and "ledger_events was altered" in command.stderr and "Traceback" not in command.stderr


def test_a_timeline_row_deleted_is_a_row_the_log_derives_and_the_table_lacks(seeded: Ledger) -> None:
    sql(seeded, "DELETE FROM rm_timeline WHERE key = :k", k="statement.nebenzia.2024-03-28")
    difference = the_difference(seeded)
    assert difference.table == "rm_timeline" and difference.row.startswith("event statement.nebenzia.2024-03-28")
    assert difference.what.startswith("no row, where the log derives one")


def test_read_models_behind_the_log_are_behind_not_altered(seeded: Ledger, ledger_url: str) -> None:
    with Ledger.open(ledger_url, project=False) as unprojected:
        unprojected.append_many([{**LATER, "id": f"later.{i}"} for i in range(3)])
        result = unprojected.verify()
    derived = result.derived
    assert result.ok and derived is not None and derived.ok and derived.behind == 3
    assert derived.position == seeded.head() - 3
    command = verify_command(ledger_url)
    assert command.returncode == 0, command.stdout + command.stderr
    assert "they are 3 events behind it" in command.stdout

    # What they do hold is still compared, up to where they stand.
    sql(seeded, FORGED)
    behind = Ledger.open(ledger_url, read_only=True)
    try:
        again = behind.verify().derived
    finally:
        behind.close()
    assert again is not None and not again.ok and again.behind == 3
    assert [d.table for d in again.differences] == ["rm_panels"]
    seeded.catch_up()  # and once caught up, nothing is behind
    assert seeded.verify().derived.behind == 0  # type: ignore[union-attr]


def test_read_models_of_an_older_format_are_not_compared_and_said_so(seeded: Ledger) -> None:
    sql(seeded, "UPDATE rm_generations SET format = 2 WHERE current")
    result = seeded.verify()
    assert result.ok and result.derived is not None and result.derived.not_compared is not None
    assert "format 2" in result.derived.not_compared and "ledger rebuild" in result.derived.not_compared


def test_log_only_leaves_the_derived_tables_alone(seeded: Ledger) -> None:
    sql(seeded, FORGED)
    result = seeded.verify(log_only=True)
    assert result.ok and result.derived is None


# -- what a break says ----------------------------------------------------------------------------

def test_the_chains_record_edited_alone_is_blamed_on_the_chain_not_the_event(seeded: Ledger, ledger_url: str) -> None:
    position = position_of(seeded, EXTENDED)
    sql(seeded, "UPDATE ledger_chain SET content = :c WHERE position = :p", c="0" * 64, p=position)

    broken = seeded.verify().broken
    assert broken is not None and (broken.position, broken.kind) == (position, "edited")
    assert broken.reason.startswith(f"the chain's record of position {position} was edited")
    assert "stored bytes" not in broken.reason
    command = verify_command(ledger_url)
    assert command.returncode == 1 and f"the chain's record of position {position} was edited" in command.stderr


def test_an_event_and_its_chain_record_both_edited_are_not_told_apart(seeded: Ledger) -> None:
    """Neither the event's bytes nor the chain's content hash make the link kept at the position: which of the
    two was edited (or both) cannot be told, and the break says so."""
    position = position_of(seeded, EXTENDED)
    sql(seeded, "UPDATE ledger_events SET originator_version = originator_version + 100 WHERE id = :p", p=position)
    sql(seeded, "UPDATE ledger_chain SET content = :c WHERE position = :p", c="0" * 64, p=position)

    broken = seeded.verify().broken
    assert broken is not None and (broken.position, broken.kind) == (position, "edited")
    assert broken.reason.endswith("the event or the chain's record of it was edited")
    assert "stored bytes" not in broken.reason and "was edited (its content hash)" not in broken.reason


def test_an_edited_event_is_named_by_its_id_and_type(seeded: Ledger) -> None:
    position = position_of(seeded, EXTENDED)
    sql(seeded, "UPDATE ledger_events SET originator_version = originator_version + 100 WHERE id = :p", p=position)

    broken = seeded.verify().broken
    assert broken is not None and broken.kind == "edited"
    assert broken.reason == (f"the stored bytes of the event at position {position}, {EXTENDED} (PanelMandateExtended), "
                             "were edited")


def test_a_deleted_event_is_named_as_the_fact_index_names_it(seeded: Ledger) -> None:
    position = position_of(seeded, EXTENDED)
    sql(seeded, "DELETE FROM ledger_events WHERE id = :p", p=position)

    broken = seeded.verify().broken
    assert broken is not None and broken.kind == "deleted"
    assert f"position {position}, {EXTENDED} (PanelMandateExtended, as the fact index names it), was deleted" in broken.reason


def test_a_digest_in_upper_case_is_the_same_digest(seeded: Ledger, ledger_url: str) -> None:
    kept = seeded.digest()
    shouted = f"{kept.position}:{kept.link.upper()}"
    assert Digest.parse(shouted) == kept and seeded.verify(shouted).extends is True
    command = verify_command(ledger_url, "--digest", shouted)
    assert command.returncode == 0, command.stdout + command.stderr
    assert f"extends digest {kept}" in command.stdout


def test_a_digest_whose_link_differs_is_said_to_differ_at_its_position(seeded: Ledger, ledger_url: str) -> None:
    head = seeded.digest()
    other = f"{head.position - 1}:{'0' * 64}"
    result = seeded.verify(other)
    assert result.extends is False and result.found is not None and result.found.position == head.position - 1
    command = verify_command(ledger_url, "--digest", other)
    assert command.returncode == 1
    assert f"its link at position {head.position - 1} is {result.found}, not the digest's" in command.stderr
    assert "its head is now" not in command.stderr


def test_a_failed_chain_step_of_a_scenario_says_the_break_in_words(seeded: Ledger, tmp_path: Path) -> None:
    sql(seeded, "DELETE FROM ledger_events WHERE id = :p", p=position_of(seeded, EXTENDED))
    scene = Scene(audited=seeded, workdir=tmp_path)
    scene.verification = seeded.verify()
    try:
        integrity.verifies(scene)
    except AssertionError as e:
        said = str(e)
    else:
        raise AssertionError("the step passed on a broken chain")
    assert "Break(" not in said and "Verification(" not in said
    assert f"{EXTENDED} (PanelMandateExtended, as the fact index names it), was deleted" in said


def test_no_temporary_folder_is_a_refusal_in_one_line(seeded: Ledger, ledger_url: str, monkeypatch: pytest.MonkeyPatch,
                                                      capsys: pytest.CaptureFixture[str]) -> None:
    import tempfile

    from ledger.cli import main

    def no_room(*args: object, **kwargs: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(tempfile, "TemporaryDirectory", no_room)
    with pytest.raises(SystemExit) as stopped:
        main(["--db", ledger_url, "verify"])
    assert stopped.value.code == 2
    said = capsys.readouterr().err
    assert said.count("\n") == 1 and "No space left on device" in said and "--log-only" in said
    main(["--db", ledger_url, "verify", "--log-only"])  # the log alone needs no temporary file


def test_the_temporary_rebuild_leaves_no_rebuilt_line_in_the_ledgers_log(seeded: Ledger) -> None:
    """A reader of the log would take a "rebuilt" line for the ledger's own read models rebuilt."""
    import logging

    from ledger.log import LOGGER

    records: list[logging.LogRecord] = []
    handler = logging.Handler(logging.DEBUG)
    handler.emit = records.append  # type: ignore[method-assign]
    level = LOGGER.level
    LOGGER.addHandler(handler)
    LOGGER.setLevel(logging.INFO)
    try:
        assert seeded.verify().ok
    finally:
        LOGGER.removeHandler(handler)
        LOGGER.setLevel(level)
    said = [r.getMessage().split()[0] for r in records]
    assert "verified" in said and "rebuilt" not in said, said


def test_the_sentence_on_the_logs_digest_holds_of_the_log_while_a_read_model_is_forged(seeded: Ledger, tmp_path: Path) -> None:
    """"the ledger's log extends the digest D" is about the log and its chain; the forgery is another sentence's."""
    kept = str(seeded.digest())
    sql(seeded, FORGED)
    scene = Scene(audited=seeded, workdir=tmp_path)
    integrity.extends_digest(scene, kept)
    scene.verification = seeded.verify()
    with pytest.raises(AssertionError, match="rm_panels"):
        integrity.verifies(scene)


def test_a_read_model_table_dropped_is_named_by_verify_and_made_again_by_a_rebuild(seeded: Ledger) -> None:
    before = seeded.as_of("2024-05-01").to_dict()
    sql(seeded, "DROP TABLE rm_panels")
    difference = the_difference(seeded)
    assert (difference.table, difference.row) == ("rm_panels", "every row")
    assert "missing from the database" in difference.what and "`ledger rebuild`" in difference.what
    seeded.rebuild()
    assert seeded.verify().ok and seeded.as_of("2024-05-01").to_dict() == before
