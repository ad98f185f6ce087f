"""Read commands write nothing: on a read-only SQLite file, on a read-only PostgreSQL session, and where
there is no ledger at all (they create none). Real processes, as a user runs them."""

from __future__ import annotations

import hashlib
import io
import json
import shutil
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import create_engine, text

from ledger import Ledger
from ledger.projections.generations import FORMAT
from ledger.service.exports import ledger_rows, write_jsonl
from tests.conftest import SEEDS, postgres_schema

LEDGER = [sys.executable, "-m", "ledger.cli"]
FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
DAY = "2024-05-01"
READS = {
    "state": ("state", "--as-of", DAY, "--json"),
    "timeline": ("timeline", "--from", "2024-01-01", "--json"),
    "verify": ("verify",),
    "audit": ("audit", "--json"),
    "history": ("history", "dprk-panel", "--json"),
    "digest": ("digest",),
    "export": ("export",),
}


def run(url: str, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*LEDGER, "--db", url, *args], capture_output=True, text=True, timeout=120)


def plain(value: Any) -> Any:
    return json.loads(json.dumps(value))


def expected_answers(lg: Ledger) -> dict[str, Any]:
    """What each read command must print, from the API of a ledger opened for writing."""
    exported = io.StringIO()
    write_jsonl(ledger_rows(lg), exported)
    digest, derived = lg.digest(), lg.verify().derived
    return {
        "state": plain(lg.as_of(DAY).to_dict()),
        "timeline": plain([r.to_dict() for r in lg.timeline("2024-01-01")]),
        "verify": f"verified {digest.position} events; head {digest}\n{derived} ({derived.rows} rows compared)\n",
        "audit": plain([p.to_dict() for p in lg.audit()]),
        "history": plain([v.to_dict() for v in lg.history("dprk-panel")]),
        "digest": f"{digest}\n",
        "export": exported.getvalue(),
    }


def check_reads(url: str, expected: dict[str, Any], names: tuple[str, ...] = tuple(READS)) -> None:
    for name in names:
        result = run(url, *READS[name])
        assert result.returncode == 0, (name, result.stderr)
        said = json.loads(result.stdout) if "--json" in READS[name] else result.stdout
        assert said == expected[name], name


def fingerprint(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir())}


@pytest.fixture(scope="module")
def seeded_file(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, Any]]:
    db = tmp_path_factory.mktemp("ro") / "ledger.db"
    assert run(f"sqlite:///{db}", "load", str(SEEDS)).returncode == 0
    with Ledger.open(f"sqlite:///{db}") as lg:
        expected = expected_answers(lg)
    return db, expected


@pytest.fixture
def copy(seeded_file: tuple[Path, dict[str, Any]], tmp_path: Path) -> Path:
    db = tmp_path / "ledger.db"
    shutil.copyfile(seeded_file[0], db)
    return db


def test_every_read_command_runs_on_a_read_only_file_and_leaves_its_bytes(
        copy: Path, seeded_file: tuple[Path, dict[str, Any]]) -> None:
    before = fingerprint(copy.parent)
    assert list(before) == ["ledger.db"]
    check_reads(f"sqlite:///file:{copy}?mode=ro&uri=true", seeded_file[1])
    after = fingerprint(copy.parent)
    assert after["ledger.db"] == before["ledger.db"]
    # SQLite itself adds the two files a reader of a write-ahead log needs when none are there: no data.
    assert set(after) <= {"ledger.db", "ledger.db-shm", "ledger.db-wal"}
    assert not (copy.parent / "ledger.db-wal").exists() or (copy.parent / "ledger.db-wal").stat().st_size == 0
    refused = run(f"sqlite:///file:{copy}?mode=ro&uri=true", "load", str(SEEDS))
    assert refused.returncode == 2 and refused.stderr.count("\n") == 1 and "readonly database" in refused.stderr
    assert fingerprint(copy.parent)["ledger.db"] == before["ledger.db"]


@pytest.mark.parametrize("form", ["sqlite:///{db}", "sqlite:///file:{db}?immutable=1&uri=true"])
def test_read_commands_on_a_plain_or_immutable_url_leave_the_folder_as_it_was(
        copy: Path, seeded_file: tuple[Path, dict[str, Any]], form: str) -> None:
    before = fingerprint(copy.parent)
    check_reads(form.format(db=copy), seeded_file[1], ("state", "verify"))
    assert fingerprint(copy.parent) == before


@pytest.fixture(scope="module")
def seeded_postgres(postgres_url: str) -> Iterator[tuple[str, dict[str, Any]]]:
    with postgres_schema(postgres_url) as url:
        assert run(url, "load", str(SEEDS)).returncode == 0
        with Ledger.open(url) as lg:
            expected = expected_answers(lg)
        yield url, expected


@pytest.mark.postgres
def test_every_read_command_runs_on_a_read_only_postgresql_session(seeded_postgres: tuple[str, dict[str, Any]]) -> None:
    url, expected = seeded_postgres
    read_only = url + "%20-cdefault_transaction_read_only%3Don"
    check_reads(read_only, expected)
    refused = run(read_only, "load", str(SEEDS))
    assert refused.returncode == 2 and refused.stderr.count("\n") == 1 and "read-only transaction" in refused.stderr


def test_a_read_where_there_is_no_ledger_exits_2_and_creates_nothing(tmp_path: Path) -> None:
    missing = tmp_path / "mistyped.db"
    for name, args in READS.items():
        result = run(f"sqlite:///{missing}", *args)
        assert result.returncode == 2, (name, result.stderr)
        assert result.stderr == (f"ledger: not found: no ledger at sqlite:///{missing}; "
                                 "`ledger load` or `ledger init` creates one\n"), name
        assert result.stdout == ""
    assert list(tmp_path.iterdir()) == []


@pytest.mark.postgres
def test_a_read_on_an_empty_postgresql_schema_exits_2_and_creates_no_table(postgres_url: str) -> None:
    with postgres_schema(postgres_url) as url:
        result = run(url, "state")
        assert result.returncode == 2 and result.stderr.count("\n") == 1 and "no ledger at" in result.stderr
        engine = create_engine(url)
        with engine.connect() as connection:
            assert connection.execute(text("SELECT count(*) FROM information_schema.tables "
                                           "WHERE table_schema = current_schema()")).scalar_one() == 0
        engine.dispose()


def test_init_creates_or_upgrades_and_says_which(tmp_path: Path) -> None:
    new = f"sqlite:///{tmp_path / 'new.db'}"
    created = run(new, "init")
    assert created.returncode == 0 and created.stdout.startswith("created a new ledger (schema revision ")
    again = run(new, "init")
    assert again.returncode == 0 and "nothing to do" in again.stdout
    assert json.loads(run(new, "state", "--json").stdout)["panels"] == []

    old = tmp_path / "ledger-v1.db"
    shutil.copyfile(FIXTURES / "ledger-v1.db", old)
    refused = run(f"sqlite:///{old}", "state")
    assert refused.returncode == 2 and "schema behind" in refused.stderr and "`ledger init`" in refused.stderr
    assert old.read_bytes() == (FIXTURES / "ledger-v1.db").read_bytes()
    upgraded = run(f"sqlite:///{old}", "init")
    assert upgraded.returncode == 0, upgraded.stderr
    assert upgraded.stdout.startswith("upgraded the ledger's schema from revision 0002 to ")
    assert "rebuilt its read models" in upgraded.stdout


def test_stale_read_models_are_answered_from_the_log(copy: Path, seeded_file: tuple[Path, dict[str, Any]]) -> None:
    with sqlite3.connect(copy) as connection:  # as if written by older code
        connection.execute("UPDATE rm_generations SET format = 2 WHERE current")
    connection.close()
    before = fingerprint(copy.parent)
    url = f"sqlite:///file:{copy}?mode=ro&uri=true"
    with Ledger.open(url, read_only=True) as lg:
        assert plain(lg.replay(DAY).to_dict()) == seeded_file[1]["state"]
    check_reads(url, seeded_file[1], ("state", "timeline", "history"))
    said = run(url, "state", "--as-of", DAY).stderr.splitlines()
    assert said == ["ledger: note: answered from the log, not the read models (read models written in format 2, "
                    f"this code reads format {FORMAT}); `ledger rebuild` brings them up to date"]
    assert run(f"sqlite:///{copy}", "verify").stderr == ""  # verify reads the log alone: nothing to note
    assert fingerprint(copy.parent)["ledger.db"] == before["ledger.db"]
    with sqlite3.connect(f"file:{copy}?mode=ro", uri=True) as connection:
        assert connection.execute("SELECT format FROM rm_generations WHERE current").fetchone() == (2,)
    connection.close()


def test_a_log_cut_short_behind_its_read_models_is_noted_once_pointing_to_verify(copy: Path) -> None:
    """The newest events deleted by hand: the read models hold what they derived, past the log's end."""
    with sqlite3.connect(copy) as connection:
        head = connection.execute("SELECT max(id) FROM ledger_events").fetchone()[0]
        connection.execute("DELETE FROM ledger_events WHERE id > ?", (head - 2,))
    connection.close()
    url = f"sqlite:///{copy}"
    for args in (("state", "--as-of", DAY), ("timeline", "--from", "2024-01-01", "--json"), ("history", "dprk-panel")):
        ran = run(url, *args)
        assert ran.returncode == 0, ran.stderr
        assert ran.stderr.splitlines() == [
            "ledger: note: answered from the log, not the read models (read models 2 events ahead of the log); "
            "the log was cut short behind them, or they were edited: `ledger verify` names what changed"], args
    assert run(url, "verify").returncode == 1
