"""Opening a SQLite ledger for writing while another writer holds it (a long `ledger load`, say): a current
ledger opens at once and only its appends wait; an open that must write waits as an append does, then is
a `Busy` (a `Conflict`) that changed nothing; any other database error is said as it is.

The other writer is a second connection's `BEGIN IMMEDIATE` on the file. The ledger's URL sets a busy
timeout of a few milliseconds (`?timeout=`), so that the eight attempts take a moment, not forty seconds.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import create_engine, text

from ledger import Busy, Conflict, Ledger, LedgerError, NoLedger
from ledger.cli import main
from ledger.projections import readmodels
from ledger.projections.generations import FORMAT
from ledger.storage.failures import ATTEMPTS
from ledger.storage.schema import head_revision
from tests.bench import statements
from tests.integration.test_migrations import migrate

SOURCE = {"type": "SourceRegistered", "id": "src.other", "source_id": "other", "title": "Other documents",
          "published_on": "2025-12-31"}
QUICK = "?timeout=0.01"  # seconds SQLite waits for a lock at each attempt (the driver's default: five)


@pytest.fixture
def file(tmp_path: Path) -> Path:
    """A ledger's file, closed: every test opens it again beside another writer."""
    path = tmp_path / "ledger.db"
    with Ledger.open(f"sqlite:///{path}"):
        pass
    return path


@contextmanager
def another_writer(file: Path) -> Iterator[sqlite3.Connection]:
    """Another process's write transaction on the file, held until the test commits it (or is done)."""
    other = sqlite3.connect(file, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    try:
        yield other
    finally:
        other.close()


def sql(file: Path, statement: str) -> Any:
    engine = create_engine(f"sqlite:///{file}")
    try:
        with engine.begin() as connection:
            result = connection.execute(text(statement))
            return result.scalar() if result.returns_rows else None
    finally:
        engine.dispose()


def unstamp(file: Path) -> None:
    """Make the empty generation look written by older code: opening for writing stamps it (a write)."""
    sql(file, f"UPDATE rm_generations SET format = {FORMAT - 1} WHERE position = 0")


def counted_stamps(monkeypatch: pytest.MonkeyPatch, then: Callable[[int], None] = lambda _: None) -> list[int]:
    """How many times opening tried to stamp the read models; `then(attempt)` runs before each try."""
    tries: list[int] = []
    real = readmodels.stamp_empty

    def counted(store: Any) -> bool:
        tries.append(len(tries) + 1)
        then(len(tries))
        return real(store)

    monkeypatch.setattr(readmodels, "stamp_empty", counted)
    return tries


def test_a_current_ledger_opens_beside_another_writer_and_only_its_append_waits(file: Path) -> None:
    with another_writer(file) as other_writer, Ledger.open(f"sqlite:///{file}{QUICK}") as lg:  # reads alone
        with pytest.raises(Busy, match="another writer held the ledger through 8 attempts; nothing was stored"):
            lg.append(SOURCE)
        other_writer.execute("COMMIT")
        assert lg.append(SOURCE).position == 1


def test_an_open_that_must_write_waits_for_the_other_writer(file: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    unstamp(file)
    with another_writer(file) as other_writer:

        def released_at_the_third(attempt: int) -> None:
            if attempt == 3:
                other_writer.execute("COMMIT")

        tries = counted_stamps(monkeypatch, released_at_the_third)
        with Ledger.open(f"sqlite:///{file}{QUICK}") as lg:
            assert lg.append(SOURCE).position == 1
    assert tries == [1, 2, 3]
    assert sql(file, "SELECT format FROM rm_generations WHERE current") == FORMAT


def test_an_open_that_must_write_is_a_conflict_while_the_other_writer_keeps_the_ledger(
    file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    unstamp(file)
    tries = counted_stamps(monkeypatch)
    with another_writer(file), pytest.raises(Busy) as refused:
        Ledger.open(f"sqlite:///{file}{QUICK}")
    assert str(refused.value) == (
        f"cannot open the ledger at sqlite:///{file}{QUICK}: another writer holds the ledger and kept it through "
        f"{ATTEMPTS} attempts; nothing was changed (database is locked)")
    assert tries == list(range(1, ATTEMPTS + 1))
    assert sql(file, "SELECT format FROM rm_generations WHERE current") == FORMAT - 1  # nothing was changed


def test_the_command_line_says_so_in_one_line(file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    unstamp(file)
    documents = statements.write(tmp_path / "small.jsonl", 3)
    with another_writer(file), pytest.raises(SystemExit) as exited:
        main(["--db", f"sqlite:///{file}{QUICK}", "load", str(documents)])
    assert exited.value.code == 2
    said = capsys.readouterr().err.strip().splitlines()
    assert len(said) == 1 and said[0].startswith(f"ledger: conflict: cannot open the ledger at sqlite:///{file}")
    assert said[0].endswith("nothing was changed (database is locked)")


def test_read_models_to_rebuild_wait_for_the_other_writer_then_are_a_conflict(file: Path) -> None:
    with Ledger.open(f"sqlite:///{file}") as lg:
        lg.append(SOURCE)
    sql(file, f"UPDATE rm_generations SET format = {FORMAT - 1} WHERE current")  # written by older code
    with another_writer(file), pytest.raises(Busy, match="another writer holds the ledger"):
        Ledger.open(f"sqlite:///{file}{QUICK}")
    assert sql(file, "SELECT count(*) FROM rm_generations") == 1  # no new generation begun
    assert sql(file, "SELECT format FROM rm_generations WHERE current") == FORMAT - 1
    with Ledger.open(f"sqlite:///{file}{QUICK}") as lg:  # once the other writer is done, they are rebuilt
        assert lg.as_of("2024-01-01").to_dict() == lg.replay("2024-01-01").to_dict()
    assert sql(file, "SELECT format FROM rm_generations WHERE current") == FORMAT


def test_a_schema_to_upgrade_waits_for_the_other_writer_then_is_a_conflict(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    migrate(f"sqlite:///{path}", "0005")  # one revision behind the head: opening upgrades it, a write
    with another_writer(path), pytest.raises(Busy, match="another writer holds the ledger"):
        Ledger.open(f"sqlite:///{path}{QUICK}")
    assert sql(path, "SELECT version_num FROM alembic_version") == "0005"
    with Ledger.open(f"sqlite:///{path}{QUICK}") as lg:  # once the other writer is done, it is upgraded
        assert lg.schema_was == "0005" and lg.schema == head_revision()


def test_a_database_error_at_open_that_is_not_another_writer_is_said_as_it_is_at_once(
    file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    unstamp(file)
    tries = counted_stamps(monkeypatch)
    with pytest.raises(LedgerError) as refused:  # a file the database itself will not write: its stamp fails
        Ledger.open(f"sqlite:///file:{file}?mode=ro&uri=true")
    assert not isinstance(refused.value, Conflict)
    assert str(refused.value) == f"cannot open the ledger at sqlite:///file:{file}?mode=ro&uri=true: " \
                                 "attempt to write a readonly database"
    assert tries == [1]


def test_processes_creating_the_same_new_ledger_at_once_take_turns(tmp_path: Path) -> None:
    import subprocess
    import sys

    for round_ in range(3):  # a race: before, most rounds failed with "table ... already exists"
        url = f"sqlite:///{tmp_path / f'new-{round_}.db'}"
        started = [subprocess.Popen([sys.executable, "-m", "ledger.cli", "--db", url, "init"], stdout=subprocess.PIPE,
                                    stderr=subprocess.PIPE, text=True) for _ in range(4)]
        said = [process.communicate(timeout=120) for process in started]
        assert [process.returncode for process in started] == [0, 0, 0, 0], [err for _, err in said]
        with Ledger.open(url, upgrade=False) as lg:  # at the head: created once, by whichever came first
            assert lg.head() == 0


@pytest.mark.postgres
def test_a_search_path_naming_no_schema_says_to_create_it(postgres_url: str) -> None:
    sep = "&" if "?" in postgres_url else "?"
    with pytest.raises(LedgerError) as refused:
        Ledger.open(f"{postgres_url}{sep}options=-csearch_path%3Dno_such_schema_anywhere")
    assert "no schema has been selected to create in" in str(refused.value)
    assert "create it first (CREATE SCHEMA name)" in str(refused.value) and "\n" not in str(refused.value)
    # Opened to read, the same misspelt schema is said so, not "no ledger here: load one"
    with pytest.raises(NoLedger) as none:
        Ledger.open(f"{postgres_url}{sep}options=-csearch_path%3Dno_such_schema_anywhere", read_only=True)
    assert "the URL's search_path names no schema this database holds" in str(none.value), none.value
    assert "`ledger load`" not in str(none.value)
