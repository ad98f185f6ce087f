"""The README stands alone: each Python example runs on its own, its field reference is current, and
it names no file outside the repository."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from ledger import Ledger
from scripts.readme import BEGIN, END, splice
from tests.conftest import ROOT, SEEDS

README = ROOT / "README.md"
TEXT = README.read_text(encoding="utf-8")
# (line of the block's first line of code, code)
BLOCKS = [(TEXT.count("\n", 0, m.start(1)) + 1, m.group(1))
          for m in re.finditer(r"^```python\n(.*?)^```", TEXT, re.S | re.M)]


def run_alone(line: int, code: str, folder: Path) -> subprocess.CompletedProcess[str]:
    """The block as a script of its own, in a fresh folder holding the seeds as `seeds/`, no $LEDGER_URL."""
    os.symlink(SEEDS, folder / "seeds")
    script = folder / "example.py"
    script.write_text("\n" * (line - 1) + code, encoding="utf-8")  # tracebacks give the README's line numbers
    env = {k: v for k, v in os.environ.items() if k != "LEDGER_URL"}
    return subprocess.run([sys.executable, str(script)], cwd=folder, env=env, capture_output=True, text=True,
                          timeout=300)


def test_the_readme_has_python_examples() -> None:
    assert len(BLOCKS) >= 3


@pytest.mark.parametrize(("line", "code"), BLOCKS, ids=[f"README.md:{line}" for line, _ in BLOCKS])
def test_each_python_example_runs_on_its_own(line: int, code: str, tmp_path: Path) -> None:
    result = run_alone(line, code, tmp_path)
    assert result.returncode == 0, result.stderr[-4000:]


def test_the_correction_example_corrects_the_statement_from_the_moment_it_was_recorded(tmp_path: Path) -> None:
    line, code = next((line, code) for line, code in BLOCKS if '"FactCorrected"' in code)
    assert run_alone(line, code, tmp_path).returncode == 0
    with Ledger.open(f"sqlite:///{tmp_path / 'ledger.db'}") as lg:
        said = next(f for f in lg.facts() if f.event_id == "statement.example")
        now = next(s for s in lg.as_of("2024-03-28").statements if s.event_id == "statement.example")
        then = next(s for s in lg.as_of("2024-03-28", known_at=said.recorded_at).statements
                    if s.event_id == "statement.example")
    assert now.stance == "condemns" and now.corrected_by == ["fix.1"]
    assert then.stance == "regrets"


# (command, the lines the README shows of its output): the blocks of `ledger diff` and `ledger timeline`
SHOWN = [(m.group(1).split(), [line.rstrip() for line in m.group(2).splitlines() if line != "..."])
         for m in re.finditer(r"^```\n\$ ledger ((?:diff|timeline) [^\n]*)\n(.*?)^```", TEXT, re.S | re.M)]


@pytest.fixture(scope="module")
def seeded_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("readme") / "ledger.db"
    with Ledger.open(f"sqlite:///{db}") as lg:
        lg.load(SEEDS)
    return db


@pytest.mark.parametrize(("command", "shown"), SHOWN, ids=[" ".join(c) for c, _ in SHOWN])
def test_each_printed_example_is_what_the_command_prints(seeded_db: Path, command: list[str], shown: list[str]) -> None:
    """The lines a block shows are a run of the command's output lines (its "..." stand for the others)."""
    printed = subprocess.run([sys.executable, "-m", "ledger.cli", "--db", f"sqlite:///{seeded_db}", *command],
                             capture_output=True, text=True, timeout=120)
    assert printed.returncode == 0, printed.stderr
    lines = [line.rstrip() for line in printed.stdout.splitlines()]
    assert any(lines[at : at + len(shown)] == shown for at in range(len(lines))), printed.stdout


def test_the_readme_shows_printed_examples() -> None:
    assert len(SHOWN) >= 2


def test_the_field_reference_is_what_ledger_types_prints() -> None:
    printed = subprocess.run([sys.executable, "-m", "ledger.cli", "types", "--markdown"], capture_output=True,
                             text=True, timeout=120)
    assert printed.returncode == 0, printed.stderr
    assert BEGIN in TEXT and END in TEXT
    assert splice(TEXT, printed.stdout) == TEXT, "the README's field reference is stale: run `make readme`"


def test_the_readme_names_no_file_outside_the_repository() -> None:
    # `../2024-03-29` is a date (on or before that day), not a path out of the repository.
    assert not re.search(r"DESIGN|\.\./(?![0-9]{4})|shared/|/work/", TEXT)
    top = {p.name for p in ROOT.iterdir()}
    paths = {p for p in re.findall(r"`([^`\s]+)`", TEXT) if "/" in p and p.split("/")[0] in top}
    assert paths, "no repository path found: the pattern is wrong"
    assert not [p for p in paths if not (ROOT / p).exists()]


def test_the_seed_loaded_file_by_file_answers_as_known_before_its_fixes_as_the_readme_shows(tmp_path: Path) -> None:
    """The README's commands, run as written (T1 the moment the first load printed): the statement as first
    recorded, then as its fix left it. Loaded as one folder, no moment would come between them."""
    block = next(m.group(1) for m in re.finditer(r"^```sh\n(.*?)^```", TEXT, re.S | re.M)
                 if "ledger load seeds/dprk-panel-veto.jsonl" in m.group(1))
    commands = [line.split("  #")[0].split() for line in block.splitlines()]
    comments = [line.partition("  #")[2] for line in block.splitlines()]
    os.symlink(SEEDS, tmp_path / "seeds")
    env = {k: v for k, v in os.environ.items() if k not in ("LEDGER_URL", "COLUMNS")}
    env["LEDGER_URL"] = f"sqlite:///{tmp_path / 'ledger.db'}"
    moment = None
    for command, comment in zip(commands, comments, strict=True):
        assert command[0] == "ledger"
        args = [moment if a == "T1" else a for a in command[1:]]
        printed = subprocess.run([sys.executable, "-m", "ledger", *args], cwd=tmp_path, env=env, capture_output=True,
                                 text=True, timeout=300)
        assert printed.returncode == 0, printed.stderr
        if moment is None:
            moment = printed.stdout.rsplit("recorded at ", 1)[1].strip()
        if command[1] == "timeline":
            said = comment.rsplit("... ", 1)[1].split()[0]  # `justifies`, `condemns`
            assert said in printed.stdout and ("justifies" if said == "condemns" else "condemns") not in printed.stdout
