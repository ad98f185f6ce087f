"""`ledger timeline --csv` and `--text` as a researcher runs them, on SQLite and on PostgreSQL: the rows of
`--json` as a spreadsheet reads them, and the vetoes of a year on a topic the veto list names only in its words."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest

from tests.conftest import ARTICLE_SEEDS, SEEDS, postgres_schema
from tests.e2e.test_cli_bad_input import refused_in_one_line

HEADER = ["on", "type", "what", "draft", "speakers", "about", "source", "locator", "quote", "event_id", "recorded_at"]
SYRIA_2017 = ("timeline", "--type", "VetoCast", "--text", "Syria", "--from", "2017", "--to", "2017")


def ledger(url: str, *args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "LINES", "LEDGER_URL")}
    return subprocess.run([sys.executable, "-m", "ledger", "--db", url, *args], capture_output=True, text=True,
                          timeout=300, env=env)


def ok(result: subprocess.CompletedProcess[str]) -> str:
    assert result.returncode == 0, result.stderr
    return result.stdout


def rows(said: str) -> list[dict[str, str]]:
    reader = csv.DictReader(io.StringIO(said, newline=""))
    assert reader.fieldnames == HEADER
    return list(reader)


@pytest.fixture(scope="module", params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def url(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The article's facts, and the veto record imported from the list as the README imports it."""
    if request.param == "sqlite":
        yield from _filled(f"sqlite:///{tmp_path_factory.mktemp('timeline-csv') / 'ledger.db'}")
    else:
        with postgres_schema(request.getfixturevalue("postgres_url")) as url:
            yield from _filled(url)


def _filled(url: str) -> Iterator[str]:
    ok(ledger(url, "load", *map(str, ARTICLE_SEEDS)))
    ok(ledger(url, "import", "vetoes", str(SEEDS / "unsc_vetoes_1946_sept2022.csv")))
    yield url


def test_the_csv_has_a_row_for_each_row_of_the_json_in_its_order(url: str) -> None:
    table = rows(ok(ledger(url, "timeline", "--csv")))
    data = json.loads(ok(ledger(url, "timeline", "--json")))
    assert len(table) == len(data) > 400
    assert [r["event_id"] for r in table] == [d["event_id"] for d in data]
    assert [(r["on"], r["type"], r["source"], r["recorded_at"]) for r in table] == [
        (d["on"], d["type"], d["source"] or "", d["recorded_at"]) for d in data]
    assert all(datetime.fromisoformat(r["recorded_at"]).tzinfo is not None for r in table)


def test_a_veto_row_gives_its_draft_member_and_panel_and_a_statement_its_speakers_by_name(url: str) -> None:
    table = {r["event_id"]: r for r in rows(ok(ledger(url, "timeline", "--from", "2024-03", "--to", "2024-03", "--csv")))}
    veto = table["vote.S/2024/255/veto/RUS"]
    assert (veto["on"], veto["type"], veto["what"], veto["draft"], veto["speakers"], veto["about"]) == (
        "2024-03-28", "VetoCast", "RUS vetoes draft S/2024/255", "S/2024/255", "RUS", "dprk-panel")
    assert table["vote.S/2024/255"]["draft"] == "S/2024/255"
    miller = table["statement.miller.2024-03-28"]
    assert miller["what"].startswith("Matthew Miller (USA) condemns")  # as the terminal shows it
    assert (miller["draft"], miller["speakers"], miller["about"]) == ("", "matthew-miller", "S/2024/255; RUS; PRK")
    assert "Matthew Miller" in miller["quote"] and miller["source"] == "article-2024-03-29"


def test_the_vetoes_of_2017_on_syria_are_found_in_the_words_of_the_list(url: str) -> None:
    table = rows(ok(ledger(url, *SYRIA_2017, "--csv")))
    found = [(r["on"], r["draft"], r["speakers"]) for r in table]
    assert found[:2] == [("2017-02-28", "S/2017/172", "CHN"), ("2017-02-28", "S/2017/172", "RUS")]
    assert {draft for _, draft, _ in found} == {"S/2017/172", "S/2017/315", "S/2017/884", "S/2017/962", "S/2017/970"}
    assert all(on.startswith("2017-") and r["type"] == "VetoCast" for (on, _, _), r in zip(found, table, strict=True))
    every_2017 = rows(ok(ledger(url, "timeline", "--type", "VetoCast", "--from", "2017", "--to", "2017", "--csv")))
    assert "S/2017/1060" in {r["draft"] for r in every_2017}  # the veto on Jerusalem: not about Syria
    assert len(json.loads(ok(ledger(url, *SYRIA_2017, "--json")))) == len(table)


def test_several_texts_must_all_be_found(url: str) -> None:
    table = rows(ok(ledger(url, *SYRIA_2017, "--text", "chn", "--csv")))
    assert [(r["draft"], r["speakers"]) for r in table] == [("S/2017/172", "CHN")]


def test_nothing_found_is_a_header_alone_and_a_word_on_standard_error(url: str) -> None:
    result = ledger(url, *SYRIA_2017, "--text", "Narnia", "--csv")
    assert rows(ok(result)) == []
    assert result.stderr.startswith("the ledger holds no VetoCast between 2017-01-01 and 2017-12-31 containing 'Syria' and "
                                    "'Narnia': the facts held run from ")


def test_csv_to_a_file_as_export_writes_one(url: str, tmp_path: Path) -> None:
    out = tmp_path / "syria.csv"
    result = ledger(url, *SYRIA_2017, "--csv", "-o", str(out))
    assert (result.stdout, result.stderr) == ("", f"wrote 6 rows to {out}\n")
    assert rows(out.read_text(encoding="utf-8")) == rows(ok(ledger(url, *SYRIA_2017, "--csv")))
    missing = tmp_path / "missing" / "syria.csv"
    refused = ledger(url, *SYRIA_2017, "--csv", "-o", str(missing))
    assert refused_in_one_line(refused.stderr, refused.returncode) == f"ledger: cannot write: {missing}: No such file or directory"


@pytest.mark.parametrize(("args", "said"), [
    (("--csv", "--json"), "ledger: usage: --csv and --json print the rows in two ways: give one of them "
                          "(see ledger timeline --help)"),
    (("-o", "out.csv"), "ledger: usage: -o writes the rows as --csv or --json: give one of them (see ledger timeline --help)"),
    (("--text", "Syria", "--text", " "), "ledger: usage: --text: ' ' is no word to find: give the words rows must contain "
                                         "(see ledger timeline --help)"),
])
def test_bad_options_are_refused_in_one_line(tmp_path: Path, args: tuple[str, ...], said: str) -> None:
    result = ledger(f"sqlite:///{tmp_path / 'l.db'}", "timeline", *args)
    assert refused_in_one_line(result.stderr, result.returncode) == said
    assert list(tmp_path.iterdir()) == []  # refused before the ledger was opened: nothing created
