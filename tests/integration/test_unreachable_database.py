"""A database the ledger cannot reach: said as a connection error, in one line, with the database's own
reason and without the URL's password; not as a refusal, which is the ledger's word for a document."""

from __future__ import annotations

import socket
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from sqlalchemy.engine import make_url

from ledger import Ledger, LedgerError, Unreachable

PASSWORD = "s3cret-pw"
FEATURES = Path(__file__).resolve().parents[2] / "features" / "seed"  # features `ledger check` can run


def nothing_listens() -> int:
    """A port of this machine where nothing listens (one the system just gave out and took back)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def command(url: str, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "ledger.cli", "--db", url, *args], capture_output=True, text=True,
                          timeout=120)


def no_such_database(postgres_url: str) -> str:
    return make_url(postgres_url).set(database=f"ledger_missing_{uuid.uuid4().hex[:8]}", password=PASSWORD) \
        .render_as_string(hide_password=False)


@pytest.mark.parametrize("read_only", [False, True])
def test_a_postgresql_port_where_nothing_listens_is_unreachable_with_the_reason(read_only: bool) -> None:
    url = f"postgresql+psycopg://postgres:{PASSWORD}@127.0.0.1:{nothing_listens()}/test"
    with pytest.raises(Unreachable) as raised:
        Ledger.open(url, read_only=read_only)
    error = raised.value
    assert isinstance(error, LedgerError) and error.kind == "database unreachable"
    message = str(error)
    assert message.startswith(f"cannot connect to the database at {url.replace(PASSWORD, '***')}: "), message
    assert "Connection refused" in message and PASSWORD not in message and "\n" not in message


def test_the_command_line_says_an_unreachable_database_in_one_line_without_its_password() -> None:
    url = f"postgresql+psycopg://postgres:{PASSWORD}@127.0.0.1:{nothing_listens()}/test"
    for args in (("state",), ("init",), ("verify",), ("check", str(FEATURES))):
        ran = command(url, *args)
        assert ran.returncode == 2 and ran.stdout == "", ran.stderr
        [line] = ran.stderr.splitlines()
        assert line.startswith("ledger: database unreachable: cannot connect to the database at postgresql+psycopg://postgres:***@"), line
        assert "Connection refused" in line and PASSWORD not in line and "refused:" not in line


@pytest.mark.postgres
@pytest.mark.parametrize("read_only", [False, True])
def test_a_postgresql_database_that_does_not_exist_is_unreachable_with_the_reason(
        postgres_url: str, read_only: bool) -> None:
    url = no_such_database(postgres_url)
    missing = make_url(url).database
    with pytest.raises(Unreachable) as raised:
        Ledger.open(url, read_only=read_only)
    message = str(raised.value)
    assert f'database "{missing}" does not exist' in message and PASSWORD not in message, message
    assert "FATAL" not in message and "\n" not in message
    for args in (("state",), ("check", str(FEATURES))):
        ran = command(url, *args)
        assert ran.returncode == 2 and ran.stderr.startswith("ledger: database unreachable: "), ran.stderr
        assert f'database "{missing}" does not exist' in ran.stderr and PASSWORD not in ran.stderr
        assert len(ran.stderr.splitlines()) == 1


def test_a_sqlite_file_in_a_folder_that_does_not_exist_cannot_be_opened_and_the_folder_is_named(tmp_path: Path) -> None:
    # SQLite's own reason, "unable to open database file", did not say which part of the path was missing.
    folder = tmp_path / "no-such-folder"
    url = f"sqlite:///{folder / 'ledger.db'}"
    with pytest.raises(Unreachable, match=f"the folder {folder} does not exist"):
        Ledger.open(url)
    seed = Path(__file__).parents[2] / "seeds" / "dprk-panel-veto.jsonl"
    for args in (("init",), ("load", str(seed))):  # every command that creates the file
        ran = command(url, *args)
        assert ran.returncode == 2
        assert ran.stderr == (f"ledger: database unreachable: cannot create a ledger at {url}: the folder {folder} does "
                              "not exist (SQLite creates the file, not its folder: create it first)\n")
    read = command(url, "state")  # a reading command says the same, not that `ledger init` would create it there
    assert read.returncode == 2 and read.stderr == (
        f"ledger: not found: no ledger at {url}: the folder {folder} does not exist (create it, then `ledger load` or "
        "`ledger init` creates the ledger in it)\n")
    assert not folder.exists()
