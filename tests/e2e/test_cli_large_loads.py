"""`ledger load` of a large file: a progress bar on a terminal and nothing otherwise; a database failure in
one line; a load killed midway leaves the ledger as it was, and the same command then loads it all."""

from __future__ import annotations

import os
import pty
import re
import select
import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

from ledger.service.appending import CHUNK
from tests.bench import statements
from tests.e2e.test_cli import LEDGER, run

SIZE = 2 * CHUNK + 300
MOMENT = r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}\+00:00"  # when a load was recorded, as it says it


def test_a_load_off_a_terminal_prints_its_count_and_nothing_else(tmp_path: Path) -> None:
    result = run(tmp_path / "l.db", "load", str(statements.write(tmp_path / "large.jsonl", SIZE)))
    assert result.returncode == 0, result.stderr
    assert re.fullmatch(rf"{SIZE} documents: {SIZE} new, 0 already held; recorded at {MOMENT}\n", result.stdout)
    assert result.stderr == ""


def test_a_load_on_a_terminal_shows_its_progress(tmp_path: Path) -> None:
    path = statements.write(tmp_path / "large.jsonl", SIZE)
    leader, follower = pty.openpty()
    process = subprocess.Popen([*LEDGER, "--db", f"sqlite:///{tmp_path / 'l.db'}", "load", str(path)],
                               stdout=subprocess.PIPE, stderr=follower, text=True)
    os.close(follower)
    shown = b""
    while True:  # read the terminal while the command runs (it would wait on a full terminal otherwise)
        if select.select([leader], [], [], 120)[0]:
            try:
                chunk = os.read(leader, 65536)
            except OSError:  # the command closed the terminal: it is done
                break
            if not chunk:
                break
            shown += chunk
        else:
            break
    out, _ = process.communicate(timeout=120)
    os.close(leader)
    assert process.returncode == 0
    assert re.fullmatch(rf"{SIZE} documents: {SIZE} new, 0 already held; recorded at {MOMENT}\n", out)
    screen = shown.decode("utf-8", "replace")
    assert "loading" in screen and "100%" in screen and f"{SIZE:,} documents" in screen and "/s" in screen


def test_a_database_failure_is_one_line_and_exit_2(tmp_path: Path) -> None:
    db = tmp_path / "l.db"
    assert run(db, "init").returncode == 0
    with sqlite3.connect(db) as connection:
        connection.execute("DROP TABLE ledger_chain")  # the hash chain's table, gone behind the ledger's back
    result = run(db, "load", str(statements.write(tmp_path / "few.jsonl", 10)))
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert result.stderr.splitlines() == ["ledger: database error: no such table: ledger_chain; nothing was stored"]


def test_a_load_killed_midway_leaves_the_ledger_as_it_was_and_loads_all_when_run_again(tmp_path: Path) -> None:
    db, path = tmp_path / "l.db", statements.write(tmp_path / "large.jsonl", SIZE)
    few = statements.write(tmp_path / "few.jsonl", 5)
    assert run(db, "load", str(few)).returncode == 0
    before = run(db, "digest").stdout
    script = tmp_path / "killed.py"
    script.write_text(textwrap.dedent(f"""
        import os
        import signal

        import ledger.storage.eventstore
        from ledger import Ledger

        # A page cache of 100 KiB: SQLite writes the load's pages to the write-ahead log long before it
        # commits, as it does for any load larger than its cache (64 MiB).
        ledger.storage.eventstore._sqlite_cache = lambda connection, _: connection.execute("PRAGMA cache_size = -100")

        def progress(documents, read, size):
            if documents >= {2 * CHUNK}:  # two chunks saved in the load's transaction, not yet committed
                os.kill(os.getpid(), signal.SIGKILL)

        with Ledger.open({f"sqlite:///{db}"!r}) as lg:
            lg.load({str(path)!r}, progress=progress)
    """), encoding="utf-8")
    killed = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, timeout=120)
    assert killed.returncode == -9, killed.stderr
    assert (tmp_path / "l.db-wal").stat().st_size > 1_000_000  # the uncommitted pages: never read, written over next
    assert run(db, "digest").stdout == before
    assert run(db, "verify").stdout.startswith("verified 5 events")
    again = run(db, "load", str(path))
    assert re.fullmatch(rf"{SIZE} documents: {SIZE - 5} new, 5 already held; recorded at {MOMENT}\n", again.stdout)
    assert run(db, "verify").stdout.startswith(f"verified {SIZE} events")
