"""A good citizen in the caller's process: a plain script (no main guard) that uses the ledger prints
nothing unless it configures logging, never finds its garbage collector switched off by an append or a
read, and can rebuild with the helper process."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from tests.conftest import SEEDS

STATEMENT = """{"type": "StatementIssued", "id": "statement.example", "occurred_on": "2024-03-28",
               "source": {"document": "S/PV.9591", "locator": "p. 4"},
               "speakers": ["FRA"], "stance": "regrets", "about": ["S/2024/255"]}"""


def run_script(tmp_path: Path, body: str) -> subprocess.CompletedProcess[str]:
    """Run a script file as a user would (`python script.py`), from its own folder."""
    script = tmp_path / "script.py"
    script.write_text(textwrap.dedent(body), encoding="utf-8")
    return subprocess.run([sys.executable, str(script)], cwd=tmp_path, capture_output=True, text=True, timeout=300)


@pytest.mark.parametrize("collector", ["enabled", "disabled"])
def test_a_script_that_loads_appends_is_refused_and_reads_prints_nothing_and_keeps_its_collector(
    tmp_path: Path, collector: str
) -> None:
    result = run_script(tmp_path, f"""
        import gc
        import sys

        from ledger import Ledger, LedgerError

        if {collector == "disabled"}:
            gc.disable()
        wanted = gc.isenabled()
        switched = []

        def watch(frame, event, arg):
            # Every call of gc.enable or gc.disable, however briefly, by anyone.
            if event == "c_call" and arg in (gc.enable, gc.disable):
                switched.append(arg.__name__)

        sys.setprofile(watch)
        lg = Ledger.open("sqlite:///ledger.db")
        lg.load({str(SEEDS)!r})
        assert gc.isenabled() is wanted
        recording = lg.append({STATEMENT})
        assert gc.isenabled() is wanted
        try:
            lg.append({{**{STATEMENT}, "id": "statement.after-its-source", "occurred_on": "2024-05-01"}})
        except LedgerError:
            pass
        else:
            raise AssertionError("a statement said after its source was published was appended")
        assert gc.isenabled() is wanted
        view = lg.as_of("2024-05-01")
        assert view.panel("dprk-panel").status == "expired"
        assert any(s.event_id == "statement.example" for s in lg.as_of("2024-03-28").statements)
        lg.close()
        sys.setprofile(None)
        assert gc.isenabled() is wanted
        assert switched == [], switched
    """)
    assert result.returncode == 0, result.stderr
    assert (result.stdout, result.stderr) == ("", "")


def test_a_script_without_a_main_guard_rebuilds_with_the_helper_and_prints_nothing(tmp_path: Path) -> None:
    result = run_script(tmp_path, f"""
        import gc

        from ledger import Ledger

        with Ledger.open("sqlite:///ledger.db") as lg:
            lg.load({str(SEEDS)!r})
            before = lg.as_of("2024-05-01").to_dict()
            assert lg.rebuild(helper=True) == lg.head()
            assert lg.last_rebuild.helper["own_rows"] > 0  # the helper process did its share
            assert lg.as_of("2024-05-01").to_dict() == before
        assert gc.isenabled()  # paused by the rebuild, and on again after it
    """)
    assert result.returncode == 0, result.stderr
    assert (result.stdout, result.stderr) == ("", "")


def test_a_script_without_a_main_guard_opens_a_ledger_whose_read_models_are_stale(tmp_path: Path) -> None:
    """`Ledger.open` rebuilds read models written by older code, with the helper on a long log."""
    prepared = run_script(tmp_path, f"""
        from sqlalchemy import update

        from ledger import Ledger
        from ledger.projections.tables import generations

        with Ledger.open("sqlite:///ledger.db") as lg:
            lg.load({str(SEEDS)!r})
            with lg.store.engine.begin() as connection:  # as if written by older code
                connection.execute(update(generations).where(generations.c.current).values(format=1))
    """)
    assert prepared.returncode == 0, prepared.stderr
    result = run_script(tmp_path, """
        import ledger.projections.readmodels
        from ledger import Ledger

        ledger.projections.readmodels.HELPER_FROM = 1  # the seed is short: rebuild it as a long log would be

        with Ledger.open("sqlite:///ledger.db") as lg:
            assert lg.last_rebuild is not None and lg.last_rebuild.helper["own_rows"] > 0
            assert lg.as_of("2024-05-01").panel("dprk-panel").status == "expired"
    """)
    assert result.returncode == 0, result.stderr
    assert (result.stdout, result.stderr) == ("", "")


def test_an_application_that_configures_logging_sees_the_ledgers_lines(tmp_path: Path) -> None:
    result = run_script(tmp_path, f"""
        import logging

        import structlog

        from ledger import Ledger, LedgerError

        logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s %(message)s")
        with Ledger.open("sqlite:///ledger.db") as lg:
            lg.load({str(SEEDS)!r})
            lg.append({STATEMENT})
            try:
                lg.append({{**{STATEMENT}, "id": "statement.after-its-source", "occurred_on": "2024-05-01"}})
            except LedgerError:
                pass
        assert not structlog.is_configured()  # the application's structlog setup is its own
    """)
    assert result.returncode == 0, result.stderr
    lines = result.stderr.splitlines()
    assert any(line.startswith("INFO ledger appended type=StatementIssued id=statement.example position=") for line in lines)
    documents = sum(1 for file in SEEDS.glob("*.jsonl") for line in file.read_text(encoding="utf-8").splitlines() if line.strip())
    assert any(line.startswith("INFO ledger loaded ") and f"documents={documents}" in line for line in lines)
    rejected = [line for line in lines if line.startswith("INFO ledger rejected ")]
    assert len(rejected) == 1 and "id=statement.after-its-source" in rejected[0] and "field=occurred_on" in rejected[0]
    assert result.stdout == ""


def test_uncertain_dates_show_no_warnings_of_the_libraries_beneath(tmp_path: Path) -> None:
    # Python's own -W default shows every warning once: the EDTF grammar's diagnostics must not be among them,
    # nor may reading such a date leave the caller's warning filters changed.
    script = tmp_path / "script.py"
    script.write_text(textwrap.dedent("""
        import warnings

        from ledger.domain.dates import parse_occurrence

        before = list(warnings.filters)
        assert parse_occurrence("2024-03-28/2024-03-29").latest.isoformat() == "2024-03-29"
        assert warnings.filters == before
    """), encoding="utf-8")
    result = subprocess.run([sys.executable, "-W", "default", str(script)], cwd=tmp_path, capture_output=True,
                            text=True, timeout=300)
    assert (result.returncode, result.stdout, result.stderr) == (0, "", "")
