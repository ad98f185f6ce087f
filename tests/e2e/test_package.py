"""The package as `pip install .` builds it: the wheel holds the code, the migrations, the type marker and
the list of the Council's members, and the code in it finds its migrations from any folder (no source tree
behind it)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile
from email.parser import Parser
from pathlib import Path

import pytest

from ledger import Ledger, LedgerError
from tests.conftest import ROOT, SEEDS

MIGRATIONS = ROOT / "migrations"


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A wheel built from a copy of what a clone holds (setuptools keeps a build/ folder in the tree it
    builds, and a stale one would add files the sources no longer have)."""
    work = tmp_path_factory.mktemp("package")
    source = work / "source"
    source.mkdir()
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(ROOT / name, source / name)
    for folder in ("ledger", "migrations"):
        shutil.copytree(ROOT / folder, source / folder, ignore=shutil.ignore_patterns("__pycache__"))
    built = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "--quiet",
         "--wheel-dir", str(work / "dist"), str(source)],
        capture_output=True, text=True, timeout=300,
    )
    assert built.returncode == 0, built.stderr
    [wheel] = (work / "dist").glob("diplomatic_ledger-*.whl")
    return wheel


def names(wheel: Path) -> set[str]:
    with zipfile.ZipFile(wheel) as archive:
        return set(archive.namelist())


def test_the_wheel_holds_every_module_the_migrations_and_the_type_marker(wheel: Path) -> None:
    held = names(wheel)
    modules = {path.relative_to(ROOT).as_posix() for path in (ROOT / "ledger").rglob("*.py")}
    assert modules - held == set()
    migrations = {"alembic.ini", "env.py", "script.py.mako"} | {
        f"versions/{path.name}" for path in (MIGRATIONS / "versions").glob("*.py")
    }
    assert len(migrations) > 3
    assert {f"ledger/_migrations/{name}" for name in migrations} - held == set()
    assert "ledger/py.typed" in held
    # who sat on the Council: the rule on votes reads it, `ledger members` prints it
    assert {"ledger/domain/council_members.csv", "ledger/domain/council_members.md"} <= held
    assert {path.relative_to(ROOT).as_posix() for path in (ROOT / "ledger" / "templates").glob("*.j2")} - held == set()
    assert not {name for name in held if name.startswith(("migrations/", "tests/", "seeds/"))}


def test_the_wheel_installs_the_command_and_leaves_the_postgresql_driver_to_an_extra(wheel: Path) -> None:
    with zipfile.ZipFile(wheel) as archive:
        info = next(name for name in archive.namelist() if name.endswith(".dist-info/METADATA"))
        metadata = Parser().parsestr(archive.read(info).decode())
        entry_points = archive.read(info.replace("METADATA", "entry_points.txt")).decode()
    assert "ledger = ledger.cli:main" in entry_points
    requires = metadata.get_all("Requires-Dist") or []
    driver = [r for r in requires if r.lower().startswith("psycopg")]
    assert driver and all('extra == "postgres"' in r for r in driver)
    assert "postgres" in (metadata.get_all("Provides-Extra") or [])
    # the migrations import sqlalchemy_utils: a dependency of the ledger's own, not a transitive one
    assert any(r.lower().startswith("sqlalchemy-utils") for r in requires)


def test_the_code_of_the_wheel_loads_and_answers_from_another_folder(wheel: Path, tmp_path: Path) -> None:
    unpacked = tmp_path / "site"
    with zipfile.ZipFile(wheel) as archive:
        archive.extractall(unpacked)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = {**os.environ, "PYTHONPATH": str(unpacked)}
    env.pop("LEDGER_URL", None)

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        # -P: the current folder is not put on sys.path, so `ledger` can only come from the wheel
        return subprocess.run([sys.executable, "-P", *args], cwd=elsewhere, env=env,
                              capture_output=True, text=True, timeout=120)

    where = run("-c", "import ledger.storage.schema as s; print(s.__file__); print(s.migrations())")
    assert where.returncode == 0, where.stderr
    module, migrations = where.stdout.split()
    assert Path(module).is_relative_to(unpacked) and Path(migrations) == unpacked / "ledger" / "_migrations"

    loaded = run("-m", "ledger.cli", "--db", "sqlite:///x.db", "load", str(SEEDS))
    assert loaded.returncode == 0, loaded.stderr
    state = run("-m", "ledger.cli", "--db", "sqlite:///x.db", "state", "--as-of", "2024-05-01")
    assert state.returncode == 0, state.stderr
    assert "dprk-panel" in state.stdout
    assert (elsewhere / "x.db").is_file()
    members = run("-m", "ledger.cli", "members", "--on", "2024-03-28")
    assert members.returncode == 0 and "SLE" in members.stdout and "Countries Elected Members" in members.stdout
    report = run("-m", "ledger.cli", "--db", "sqlite:///x.db", "report", "--as-of", "2024-05-01", "-o", "report.html")
    assert report.returncode == 0, report.stderr  # its template comes from the wheel
    assert 'data-panel="dprk-panel"' in (elsewhere / "report.html").read_text(encoding="utf-8")


def test_a_postgresql_url_without_the_driver_says_to_install_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "psycopg", None)  # what `import psycopg` meets when it is not installed
    with pytest.raises(LedgerError) as caught:
        Ledger.open("postgresql+psycopg://nobody@127.0.0.1:9/none")
    message = str(caught.value)
    assert "pip install 'diplomatic-ledger[postgres]'" in message and "\n" not in message
