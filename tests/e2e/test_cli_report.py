"""`ledger report` as a user runs it: a real process writes the page of a real SQLite file."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from tests.conftest import SEEDS
from tests.e2e.test_cli import run
from tests.pages import find


@pytest.fixture(scope="module")
def seeded_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("report") / "ledger.db"
    assert run(db, "load", str(SEEDS)).returncode == 0
    return db


def test_report_writes_the_page_and_says_where(seeded_db: Path, tmp_path: Path) -> None:
    target = tmp_path / "report.html"
    done = run(seeded_db, "report", "--as-of", "2024-05-01", "-o", str(target))
    assert done.returncode == 0, done.stderr
    assert done.stdout == "" and str(target) in done.stderr
    html = target.read_text(encoding="utf-8")
    assert {b.attrs["data-end"] for b in find(html, "rect", "mandate", data_panel="dprk-panel")} == {"2024-04-30"}
    [digest] = find(html, "span", data_field="digest")
    assert run(seeded_db, "verify", "--digest", digest.content).returncode == 0


def test_report_to_standard_output_is_the_page_itself(seeded_db: Path, tmp_path: Path) -> None:
    done = run(seeded_db, "report", "--as-of", "2024-05-01", "--known-at", "2100-01-01", "-o", "-")
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("<!DOCTYPE html>") and done.stdout.rstrip().endswith("</html>")
    [known] = find(done.stdout, "dd", data_field="known-at")
    assert known.content.startswith("2100-01-01T23:59:59")


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (["--as-of", "2024-02-30", "-o", "x.html"], "--as-of"),
        (["--known-at", "yesterday", "-o", "x.html"], "--known-at"),
        ([], "-o"),
    ],
)
def test_bad_options_are_refused_in_one_line(seeded_db: Path, args: list[str], said: str) -> None:
    done = run(seeded_db, "report", *args)
    assert done.returncode == 2
    assert len(done.stderr.strip().splitlines()) == 1 and said in done.stderr, done.stderr


def test_a_folder_that_does_not_exist_is_refused_in_one_line(seeded_db: Path, tmp_path: Path) -> None:
    target = tmp_path / "no" / "such" / "report.html"
    done = run(seeded_db, "report", "-o", str(target))
    assert done.returncode == 2 and str(target) in done.stderr and len(done.stderr.strip().splitlines()) == 1
    assert not target.exists()


def test_report_as_known_between_two_loads_prints_the_digest_the_log_had_then(tmp_path: Path) -> None:
    db = tmp_path / "ledger.db"
    first, *rest = sorted(SEEDS.glob("*.jsonl"))
    assert run(db, "load", str(first)).returncode == 0
    then = run(db, "digest").stdout.strip()
    moment = datetime.now(UTC).isoformat()
    for path in rest:
        assert run(db, "load", str(path)).returncode == 0
    now = run(db, "digest").stdout.strip()
    assert then != now
    target = tmp_path / "early.html"
    assert run(db, "report", "--as-of", "2024-05-01", "--known-at", moment, "-o", str(target)).returncode == 0
    html = target.read_text(encoding="utf-8")
    [digest] = find(html, "span", data_field="digest")
    assert digest.content == then
    [said] = find(html, "span", data_field="digest-moment")
    assert said.content.startswith(f"(log digest as known at {moment}: the hash chain's link at position {then.split(':')[0]}")
    assert run(db, "verify", "--digest", digest.content).returncode == 0
    [head] = find(run(db, "report", "--as-of", "2024-05-01", "-o", "-").stdout, "span", data_field="digest")
    assert head.content == now
