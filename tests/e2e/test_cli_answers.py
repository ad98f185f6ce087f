"""The command line's options and answers say what they mean: a bad option is named as typed, an empty
answer says why, tables fit a terminal of 80 columns without cutting an id or a date, and asking for help
loads none of the ledger's machinery."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from importlib.metadata import version
from pathlib import Path

import pytest

from tests.conftest import ARTICLE_SEEDS  # the article without the veto record: these answers are about its days


def ledger(db: Path | None, *args: str, columns: int | None = None, python: tuple[str, ...] = ()) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "LINES", "LEDGER_URL")}
    if columns is not None:
        env["COLUMNS"] = str(columns)
    where = ("--db", f"sqlite:///{db}") if db is not None else ()
    return subprocess.run([sys.executable, *python, "-m", "ledger", *where, *args], capture_output=True, text=True,
                          timeout=120, env=env)


@pytest.fixture(scope="module")
def seeded_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("answers") / "ledger.db"
    result = ledger(db, "load", *map(str, ARTICLE_SEEDS))
    assert result.returncode == 0, result.stderr
    return db


def test_version_is_the_installed_distributions() -> None:
    result = ledger(None, "--version")
    assert (result.returncode, result.stdout) == (0, f"ledger {version('diplomatic-ledger')}\n")


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (("state", "--as-of", "notadate"), "--as-of: 'notadate' is not a day (YYYY-MM-DD)"),
        (("state", "--as-of", "2024-03"), "--as-of: '2024-03' is a month, not a day (YYYY-MM-DD)"),
        (("state", "--known-at", "soon"), "--known-at: 'soon' is not a moment: an ISO date-time such as"),
        (("timeline", "--from", "2024-13-01"), "--from: '2024-13-01' is not a day (YYYY-MM-DD): there is no month 13"),
        (("timeline", "--to", "2024-02-30"), "--to: '2024-02-30' is not a day (YYYY-MM-DD): February 2024 has 29 days"),
        (("timeline", "--from", "2024-04", "--to", "2024-03"), "--from 2024-04-01 is after --to 2024-03-31"),
        (("export", "--known-at", "2024-06"), "--known-at: '2024-06' is not a moment"),
        (("export", "--format", "xml"), "--format: 'xml' is not one of 'jsonl', 'csv' (see"),
        (("history",), "Missing argument 'ID' (see"),
        (("timeline", "--from"), "Option '--from' requires an argument (see"),
    ],
)
def test_a_bad_option_is_named_as_typed_and_refused_before_anything_is_opened(
        tmp_path: Path, args: tuple[str, ...], said: str) -> None:
    db = tmp_path / "never.db"
    result = ledger(db, *args)
    assert result.returncode == 2 and result.stdout == ""
    [line] = result.stderr.splitlines()
    assert line.startswith(f"ledger: usage: {said}"), line
    assert line.endswith(f"(see ledger {args[0]} --help)") and "invalid document" not in line
    assert not db.exists()


def test_a_timeline_takes_a_month_or_a_year_for_its_bounds(seeded_db: Path) -> None:
    def days(*bounds: str) -> list[tuple[str, str]]:
        result = ledger(seeded_db, "timeline", *bounds, "--json")
        assert result.returncode == 0, result.stderr
        # The day each counts from: its earliest, or the day a fact known only as on or before it happened by.
        return [(row["event_id"], row["earliest"] or row["latest"]) for row in json.loads(result.stdout)]

    march = days("--from", "2024-03", "--to", "2024-03")
    assert march == days("--from", "2024-03-01", "--to", "2024-03-31")
    assert march and all(on.startswith("2024-03") for _, on in march)
    assert set(march) <= set(days("--from", "2024", "--to", "2024"))
    year = days("--from", "2023", "--to", "2023")
    assert year and all(on.startswith("2023") for _, on in year)


def test_a_view_known_before_the_first_recording_says_so(seeded_db: Path) -> None:
    recorded = [row["recorded_at"] for row in json.loads(ledger(seeded_db, "timeline", "--json").stdout)]
    # said to the microsecond, as --known-at takes it back (no trailing zeros, no fraction when there is none)
    first, last = (re.sub(r"(?:(\.\d*[1-9])0*|\.0+)?\+00:00$", lambda m: (m[1] or "") + "Z", t) for t in (min(recorded), max(recorded)))
    result = ledger(seeded_db, "state", "--as-of", "2024-03-28", "--known-at", "2024-06-01")
    assert result.returncode == 0, result.stderr
    assert "Expert panels" not in result.stdout  # no empty tables: a word instead
    assert (f"nothing was recorded by 2024-06-01T23:59:59.999999Z: the first recording is {first}, the last {last}"
            in result.stdout)


def test_a_regime_before_any_panel_is_shown_with_a_word_instead_of_an_empty_panels_table(seeded_db: Path) -> None:
    result = ledger(seeded_db, "state", "--as-of", "2009-06-11", columns=80)  # the DPRK panel: 2009-06-12
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[1] == "no expert panel had been established by 2009-06-11"
    assert "Expert panels" not in result.stdout and "Sanctions regimes" in result.stdout
    assert any(line.startswith("│ dprk-regime ") for line in lines)


def test_a_view_before_the_first_fact_says_which_days_the_facts_span(seeded_db: Path) -> None:
    result = ledger(seeded_db, "state", "--as-of", "1990-01-01")
    assert result.returncode == 0, result.stderr
    assert "no panel or regime had been established by 1990-01-01: the facts held run from 2006-10-14 to " in result.stdout


def test_an_empty_timeline_says_which_days_the_facts_span(seeded_db: Path) -> None:
    result = ledger(seeded_db, "timeline", "--from", "2030")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("the ledger holds no fact from 2030-01-01 on: the facts held run from 2006-10-14 to ")


def test_beside_json_the_word_goes_to_standard_error(seeded_db: Path) -> None:
    result = ledger(seeded_db, "state", "--as-of", "2024-05-01", "--known-at", "2000-01-01T00:00:00Z", "--json")
    assert json.loads(result.stdout)["panels"] == []
    assert result.stderr.startswith("nothing was recorded by 2000-01-01T00:00:00Z: the first recording is ")


@pytest.mark.parametrize("command", [("state",), ("timeline",), ("timeline", "--json")])
def test_an_empty_ledger_says_it_holds_no_facts(tmp_path: Path, command: tuple[str, ...]) -> None:
    assert ledger(tmp_path / "empty.db", "init").returncode == 0  # a ledger that holds nothing
    result = ledger(tmp_path / "empty.db", *command)
    assert result.returncode == 0, result.stderr
    assert "the ledger holds no facts" in result.stdout + result.stderr


def _whole(text: str) -> set[str]:
    """Every word of the output, as a reader reads it off a line (borders and brackets aside)."""
    return {word.strip("(),") for word in re.split(r"[\s│┃|·]+", text)}


@pytest.mark.parametrize("columns", [40, 80, 100])
@pytest.mark.parametrize("day", ["2024-03-27", "2024-05-01"])
def test_state_fits_the_terminal_and_cuts_no_id_or_date(seeded_db: Path, columns: int, day: str) -> None:
    view = json.loads(ledger(seeded_db, "state", "--as-of", day, "--json").stdout)
    result = ledger(seeded_db, "state", "--as-of", day, columns=columns)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    # Narrower than 80, the lines are 80 long and the terminal wraps them: an id is never cut to fit.
    assert max(len(line) for line in lines) <= max(columns, 80) and "…" not in result.stdout
    wanted = {day}
    for p in view["panels"]:
        wanted |= {p["panel_id"], p["established_on"], p["mandate_ends_on"], *(v["draft_id"] for v in p["vetoes"]),
                   *(v["on"] for v in p["vetoes"])}
    for r in view["regimes"]:
        wanted |= {r["regime_id"], r["established_on"], *r["panels"], *([r["terminated_on"]] if r["terminated_on"] else [])}
    for d in view["drafts"]:
        wanted |= {d["draft_id"], d["voted_on"], *([d["concerning"]] if d["concerning"] else [])}
    assert wanted - _whole(result.stdout) == set()


def test_state_wide_shows_every_column_whole_on_a_wide_terminal(seeded_db: Path) -> None:
    result = ledger(seeded_db, "state", "--as-of", "2024-05-01", "--wide", columns=132)
    assert "…" not in result.stdout
    assert {"regime", "reports", "target", "resolutions", "dprk-regime", "PRK", "2023-09-01", "2024-03-28"} <= _whole(result.stdout)


@pytest.mark.parametrize("columns", [80, 100])
def test_the_timeline_fits_the_terminal_and_cuts_no_id_or_date(seeded_db: Path, columns: int) -> None:
    rows = json.loads(ledger(seeded_db, "timeline", "--json").stdout)
    result = ledger(seeded_db, "timeline", columns=columns)
    assert result.returncode == 0, result.stderr
    assert max(len(line) for line in result.stdout.splitlines()) <= columns and "…" not in result.stdout
    assert {r["event_id"] for r in rows} | {r["on"] for r in rows} <= _whole(result.stdout)


@pytest.mark.parametrize("command", [(), ("state",), ("timeline",), ("export",), ("verify",), ("load",)])
def test_help_imports_none_of_the_ledgers_machinery(command: tuple[str, ...]) -> None:
    result = ledger(None, *command, "--help", python=("-X", "importtime"))
    assert result.returncode == 0 and result.stdout.startswith(f"Usage: ledger {' '.join(command)}".rstrip())
    imported = {line.split("|")[-1].strip() for line in result.stderr.splitlines() if line.startswith("import time:")}
    heavy = {m for m in imported if m.split(".")[0] in ("sqlalchemy", "eventsourcing", "rich", "structlog", "alembic")}
    assert heavy == set() and "ledger.service.application" not in imported and "ledger.cli" in imported


@pytest.mark.parametrize("columns", [80, 132])
def test_state_wide_on_a_narrow_terminal_still_cuts_no_id_or_date(seeded_db: Path, columns: int) -> None:
    result = ledger(seeded_db, "state", "--as-of", "2024-03-28", "--wide", columns=columns)
    assert result.returncode == 0, result.stderr
    assert max(len(line) for line in result.stdout.splitlines()) <= 132 and "…" not in result.stdout
    assert {"dprk-panel", "dprk-regime", "2024-03-28", "2009-06-12", "S/2024/255"} <= _whole(result.stdout)


def test_an_unknown_log_level_is_refused() -> None:
    result = ledger(None, "--log-level", "loud", "digest")
    assert result.returncode == 2
    assert result.stderr.startswith("ledger: usage: --log-level: 'loud' is not one of 'debug', 'info', 'warning', 'error'")
    from_env = subprocess.run([sys.executable, "-m", "ledger", "digest"], capture_output=True, text=True, timeout=120,
                              env={**os.environ, "LEDGER_LOG_LEVEL": "loud"})
    assert from_env.returncode == 2 and from_env.stderr.count("\n") == 1  # the variable is named: no option was typed
    assert from_env.stderr.startswith("ledger: usage: $LEDGER_LOG_LEVEL (read for --log-level): 'loud' is not one of")


def test_an_empty_export_says_why_on_standard_error(seeded_db: Path) -> None:
    result = ledger(seeded_db, "export", "--known-at", "2000-01-01")
    assert (result.returncode, result.stdout) == (0, "")
    assert result.stderr.startswith("nothing was recorded by 2000-01-01T23:59:59.999999Z: the first recording is ")


def test_a_reader_that_stops_early_ends_the_command_quietly(seeded_db: Path) -> None:
    """`ledger audit | head -1`: no traceback, and not exit 1, which would say a quote was flagged."""
    command = f"{sys.executable} -m ledger --db sqlite:///{seeded_db} audit | head -1; echo \"status=${{PIPESTATUS[0]}}\""
    result = subprocess.run(["bash", "-c", command], capture_output=True, text=True, timeout=120)
    assert "Traceback" not in result.stderr and "Error" not in result.stderr, result.stderr
    assert result.stdout.splitlines()[-1] in ("status=0", "status=141")  # done, or ended by SIGPIPE as `cat` is
