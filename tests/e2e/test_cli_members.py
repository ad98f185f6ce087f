"""`ledger members`: the Council of a day, from the package's data, with the source of the list."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

LEDGER = [sys.executable, "-m", "ledger.cli"]


def run(db: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*LEDGER, "--db", f"sqlite:///{db}", "members", *args], capture_output=True, text=True, timeout=120)


def test_the_council_of_a_day_and_its_source(tmp_path: Path) -> None:
    result = run(tmp_path / "ledger.db", "--on", "1984-08-04")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "The Security Council on 1984-08-04: 15 members"
    codes = [line.split()[0] for line in lines[1:16]]
    assert codes[:5] == ["CHN", "FRA", "GBR", "SUN", "USA"] and "BFA" in codes and "HVO" not in codes
    assert lines[-1].startswith("source: United Nations Security Council, \"Countries Elected Members of the Security Council\"")
    assert not (tmp_path / "ledger.db").exists()  # package data: no ledger opened, none created


def test_as_json(tmp_path: Path) -> None:
    result = run(tmp_path / "ledger.db", "--on", "1965-11-12", "--json")
    data = json.loads(result.stdout)
    assert data["size"] == 11 and "TWN" in [m["code"] for m in data["members"]]
    assert data["source"].endswith("https://main.un.org/securitycouncil/en/content/countries-elected-members")


def test_a_day_that_is_not_one_is_refused_in_one_line(tmp_path: Path) -> None:
    result = run(tmp_path / "ledger.db", "--on", "2024-13-01")
    assert result.returncode == 2 and result.stdout == ""
    assert result.stderr.count("\n") == 1 and result.stderr.startswith("ledger: usage: --on:")
