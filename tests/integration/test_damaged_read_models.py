"""A ledger damaged by hand beside its read models, on SQLite and PostgreSQL, through the API and the command:

- its log cut short behind them (its newest events deleted): every write is refused, nothing is stored;
- a read-model table dropped: reads are folded from the log with one note naming it, writes are refused
  naming it, `ledger rebuild` makes it again;
- their bookkeeping table (`rm_generations`) dropped: the ledger still opens, and the same holds.

Each damage is plain SQL through an engine of the test's own, as someone with the database password would do it.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import create_engine, inspect, text

from ledger import DamagedLog, Ledger, LogCutShort, StorageError
from ledger.projections.tables import BITEMPORAL
from tests.integration.test_read_only import DAY, LATER, cut_short, logged, read_only_form, written

__all__ = ["written"]  # a fixture of the read-only tests: the seed and a correction

DROPPED = ["rm_panels", "rm_timeline", "rm_generations"]
NEW = {**LATER, "id": "after.the.damage"}


def sql(url: str, *statements: str) -> None:
    engine = create_engine(url)
    with engine.begin() as connection:  # behind the ledger's back, on purpose
        for statement in statements:
            connection.execute(text(statement))
    engine.dispose()


def run(url: str, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "ledger.cli", "--db", url, *args], capture_output=True, text=True,
                          timeout=120)


def reads(lg: Ledger) -> dict[str, Any]:
    """What the read commands print, as plain data (verify aside: it is asked on its own)."""
    return {
        "view": lg.as_of(DAY).to_dict(),
        "known_at": lg.as_of(DAY, known_at="2024-01-01T00:00:00Z").to_dict(),
        "timeline": [row.to_dict() for row in lg.timeline("2024-01-01", "2024-12-31")],
        "panel": [v.to_dict() for v in lg.history("dprk-panel")],
        "other panel": [v.to_dict() for v in lg.history("mali-panel")],
    }


def writes(lg: Ledger, folder: Path) -> dict[str, Any]:
    """Each write the API has, as a callable."""
    documents = folder / "more.jsonl"
    documents.write_text(json.dumps(NEW) + "\n", encoding="utf-8")
    return {
        "append": lambda: lg.append(NEW),
        "append_many": lambda: lg.append_many([NEW, {**LATER, "id": "after.the.damage.2"}]),
        "load": lambda: lg.load(documents),
    }


def refusals_of_every_write(lg: Ledger, folder: Path) -> dict[str, LogCutShort]:
    """Each write the API has (`writes`) tried on a log cut short: each refused as a damaged log, none storing
    anything; the refusals by write, for what each test expects them to say."""
    head, facts = lg.head(), [f.event_id for f in lg.facts()]
    refusals: dict[str, LogCutShort] = {}
    for name, write in writes(lg, folder).items():
        with pytest.raises(LogCutShort) as refused:
            write()
        assert isinstance(refused.value, DamagedLog) and refused.value.kind == "damaged log", name
        assert lg.head() == head and [f.event_id for f in lg.facts()] == facts, name
        refusals[name] = refused.value
    return refusals


def present_tables(url: str) -> set[str]:
    engine = create_engine(url)
    try:
        return set(inspect(engine).get_table_names())
    finally:
        engine.dispose()


# -- a log cut short behind its read models --------------------------------------------------------------------

@pytest.mark.parametrize("project", [True, False])
def test_every_write_to_a_log_cut_short_is_refused_and_stores_nothing(
        written: Ledger, ledger_url: str, tmp_path: Path, project: bool) -> None:
    head = cut_short(written, ledger_url, 2)
    with Ledger.open(ledger_url, project=project) as lg:
        for name, error in refusals_of_every_write(lg, tmp_path).items():
            assert (error.position, error.seen, error.chained) == (head, head + 2, head + 2), name  # links kept
            said = str(error)
            assert said.startswith(f"the log holds fewer events than its read models have seen (it ends at position "
                                   f"{head}; they were projected to {head + 2}, and its hash chain holds links to "
                                   f"position {head + 2})"), said
            assert "nothing was stored" in said and "`ledger verify` names what changed" in said
            assert "`ledger rebuild`" in said and "does not bring deleted events back" in said and "\n" not in said
            assert "writes stay refused after it" in said  # the rebuild would not lift this refusal: the chain's would follow
        assert lg.log_cut_short is False  # no read was asked: the refusal is the write's own
        assert lg.as_of(DAY).to_dict() == lg.replay(DAY).to_dict() and lg.log_cut_short


def test_the_writer_open_when_its_log_was_cut_short_refuses_its_next_append(written: Ledger, ledger_url: str) -> None:
    """Found at each write, not once at opening: the damage may be done while a ledger is open."""
    head = cut_short(written, ledger_url, 1)
    with pytest.raises(LogCutShort):
        written.append(NEW)
    assert written.head() == head and "after.the.damage" not in {f.event_id for f in written.facts()}


def test_a_load_command_on_a_log_cut_short_is_one_line_exit_2_and_stores_nothing(
        written: Ledger, ledger_url: str, tmp_path: Path) -> None:
    head = cut_short(written, ledger_url, 2)
    documents = tmp_path / "more.jsonl"
    documents.write_text(json.dumps(NEW) + "\n", encoding="utf-8")
    ran = run(ledger_url, "load", str(documents))
    assert ran.returncode == 2 and ran.stdout == "" and "Traceback" not in ran.stderr
    [line] = ran.stderr.splitlines()
    # The words of every damaged log: `ledger: damaged log: ...`, pointing to `ledger verify`.
    assert line.startswith("ledger: damaged log: the log holds fewer events than its read models have seen"), line
    assert "nothing was stored" in line and "`ledger verify`" in line
    with Ledger.open(ledger_url, read_only=True) as lg:
        assert lg.head() == head


# -- a read-model table dropped by hand ----------------------------------------------------------------------------

@pytest.mark.parametrize("table", DROPPED)
@pytest.mark.parametrize("read_only", [False, True])
def test_reads_with_a_read_model_table_dropped_are_folded_from_the_log_with_one_warning(
        written: Ledger, ledger_url: str, table: str, read_only: bool) -> None:
    expected = reads(written)
    written.close()
    sql(ledger_url, f"DROP TABLE {table}")
    url = read_only_form(ledger_url) if read_only else ledger_url
    with Ledger.open(url, read_only=read_only) as lg, logged() as logs:  # opening survives it
        assert reads(lg) == expected
        assert lg.read_models_missing == (table,) and not lg.log_cut_short
        assert lg.answered_from_log == f"read-model table {table} missing from the database"
    [warning] = [e for e in logs if e["log_level"] == "warning"]
    assert warning["tables"] == [table] and "`ledger rebuild`" in warning["event"]
    assert table not in present_tables(ledger_url)  # reading made nothing again, opened for writing or not


def test_reads_name_every_read_model_table_dropped(written: Ledger, ledger_url: str) -> None:
    written.close()
    sql(ledger_url, "DROP TABLE rm_drafts", "DROP TABLE rm_regimes")
    with Ledger.open(ledger_url) as lg:
        assert lg.as_of(DAY).to_dict() == lg.replay(DAY).to_dict()
        assert lg.read_models_missing == ("rm_regimes", "rm_drafts")
        assert lg.answered_from_log == "read-model tables rm_regimes, rm_drafts missing from the database"


@pytest.mark.parametrize("table", DROPPED)
def test_every_write_with_a_read_model_table_dropped_is_refused_naming_it(
        written: Ledger, ledger_url: str, tmp_path: Path, table: str) -> None:
    """Refused before anything is stored, whether or not the write would touch the table (a statement derives no
    panel): the read models take every write or none, and the one repair is the rebuild."""
    head = written.head()
    written.close()
    sql(ledger_url, f"DROP TABLE {table}")
    with Ledger.open(ledger_url) as lg:
        for name, write in writes(lg, tmp_path).items():
            with pytest.raises(StorageError) as refused:
                write()
            assert str(refused.value) == (
                f"the read-model table {table} is missing from the database (dropped behind the ledger's back); "
                "nothing was stored: `ledger rebuild` creates it again from the log"), name
            assert lg.head() == head
    assert table not in present_tables(ledger_url)


@pytest.mark.parametrize("table", DROPPED)
def test_the_commands_with_a_read_model_table_dropped(written: Ledger, ledger_url: str, tmp_path: Path, table: str) -> None:
    """Reads answer from the log with one note naming the table; a load is one line, exit 2; verify names the table
    missing (exit 1); the rebuild makes it again, after which the reads say nothing and loads store."""
    state = run(ledger_url, "state", "--as-of", DAY, "--json").stdout
    written.close()
    sql(ledger_url, f"DROP TABLE {table}")
    note = (f"ledger: note: answered from the log, not the read models (read-model table {table} missing from the "
            "database); `ledger rebuild` makes it again from the log")
    for args in (("state", "--as-of", DAY, "--json"), ("timeline", "--from", "2024-01-01"), ("history", "dprk-panel")):
        ran = run(ledger_url, *args)
        assert ran.returncode == 0 and ran.stderr.splitlines() == [note], (args, ran.stderr)
    assert run(ledger_url, "state", "--as-of", DAY, "--json").stdout == state
    documents = tmp_path / "more.jsonl"
    documents.write_text(json.dumps(NEW) + "\n", encoding="utf-8")
    loaded = run(ledger_url, "load", str(documents))
    assert loaded.returncode == 2 and "Traceback" not in loaded.stderr
    assert loaded.stderr.splitlines() == [f"ledger: database error: the read-model table {table} is missing from the "
                                          "database (dropped behind the ledger's back); nothing was stored: "
                                          "`ledger rebuild` creates it again from the log"]
    verified = run(ledger_url, "verify")
    assert verified.returncode == 1 and table in verified.stderr and "missing from the database" in verified.stderr
    rebuilt = run(ledger_url, "rebuild")
    assert rebuilt.returncode == 0, rebuilt.stderr
    assert run(ledger_url, "verify").returncode == 0
    again = run(ledger_url, "state", "--as-of", DAY, "--json")
    assert (again.returncode, again.stderr, again.stdout) == (0, "", state)
    assert run(ledger_url, "load", str(documents)).returncode == 0


# -- the read models' bookkeeping table dropped -------------------------------------------------------------------

def test_verify_names_a_dropped_generations_table_and_a_rebuild_makes_it_again_and_fills_it(
        written: Ledger, ledger_url: str) -> None:
    expected = reads(written)
    written.close()
    sql(ledger_url, "DROP TABLE rm_generations")
    with Ledger.open(ledger_url) as lg:
        result = lg.verify()
        assert not result.ok and result.broken is None and result.derived is not None
        [difference] = result.derived.differences
        assert (difference.table, difference.row) == ("rm_generations", "every row")
        assert "missing from the database" in difference.what and "`ledger rebuild`" in difference.what
        assert lg.rebuild() == lg.head()
        assert lg.verify().ok
        assert reads(lg) == expected and lg.answered_from_log is None  # read from the read models again
        # The rows the old generation left were cleared: the tables hold the new generation's alone.
        with lg.store.engine.connect() as connection:
            current = connection.execute(text("SELECT generation, position FROM rm_generations WHERE current")).all()
            assert current == [(current[0][0], lg.head())]
            for table in BITEMPORAL.values():
                held = connection.execute(text(f"SELECT DISTINCT generation FROM {table.name}")).scalars().all()
                assert held == [current[0][0]], table.name
        lg.append(NEW)  # projected as it is stored
        assert lg.verify().ok and lg.as_of(DAY).to_dict() == lg.replay(DAY).to_dict() and lg.answered_from_log is None


def test_a_generations_table_dropped_from_an_empty_ledger_is_made_again_by_a_rebuild(ledger_url: str) -> None:
    Ledger.open(ledger_url).close()
    sql(ledger_url, "DROP TABLE rm_generations")
    with Ledger.open(ledger_url) as lg:
        assert lg.rebuild() == 0
        lg.append({"type": "ActorRegistered", "id": "actor.x", "actor_id": "x", "name": "X", "kind": "person"})
        assert lg.verify().ok and lg.answered_from_log is None
