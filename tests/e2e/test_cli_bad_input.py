"""Bad files and bad places on the command line: exit 2, one readable line per problem, no traceback."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest

from ledger.documents.limits import MAX_QUOTE_CHARS, MAX_REPORTED
from tests.e2e.test_cli import LEDGER, run

SOURCE = {"type": "SourceRegistered", "id": "s", "source_id": "s", "title": "t", "published_on": "2024-01-01"}
STATEMENT = {"type": "StatementIssued", "id": "st", "occurred_on": "2024-01-02", "source": {"document": "s"},
             "speakers": ["USA"], "stance": "warns"}


def refused_in_one_line(result_stderr: str, returncode: int) -> str:
    assert returncode == 2, result_stderr
    assert "Traceback" not in result_stderr
    lines = result_stderr.strip().splitlines()
    assert len(lines) == 1, result_stderr
    return lines[0]


@pytest.mark.parametrize(
    ("name", "content", "words"),
    [
        ("latin1.jsonl", json.dumps({**SOURCE, "title": "Côte d'Ivoire"}, ensure_ascii=False).encode("latin-1") + b"\n",
         "latin1.jsonl line 1, document 0: is not UTF-8 text"),
        ("deep.json", b"[" * 100_000 + b"]" * 100_000, "deep.json: not a list of documents: JSON nested too deeply"),
        ("object.json", json.dumps(SOURCE).encode(), "object.json: holds one object, not a list"),
        ("huge.jsonl", b'{"type": "VotePostponed", "times": ' + b"9" * 5000 + b"}\n", "integers are at most 9,007,199,254,740,991"),
        ("quote.jsonl", (json.dumps(SOURCE) + "\n" + json.dumps({**STATEMENT, "source": {"document": "s", "quote": "q" * 20_000}})).encode(),
         f"field 'source.quote': is 20,000 characters long; a quote is at most {MAX_QUOTE_CHARS:,} characters"),
    ],
)
def test_a_bad_file_is_one_line_and_exit_2(tmp_path: Path, name: str, content: bytes, words: str) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    result = run(tmp_path / "l.db", "load", str(path))
    line = refused_in_one_line(result.stderr, result.returncode)
    assert line.startswith("ledger: invalid document: ") and words in line
    assert len(line) < 400  # a long quote is not printed back


@pytest.mark.parametrize(
    ("where", "words"),
    [("missing.jsonl", "missing.jsonl does not exist"), ("empty-folder", "holds no .json or .jsonl documents file")],
)
def test_a_bad_place_to_read_is_one_line_and_exit_2(tmp_path: Path, where: str, words: str) -> None:
    (tmp_path / "empty-folder").mkdir()
    result = run(tmp_path / "l.db", "load", str(tmp_path / where))
    line = refused_in_one_line(result.stderr, result.returncode)
    assert line.startswith("ledger: cannot read: ") and words in line


@pytest.mark.parametrize(("url", "hint"), [
    ("mine.db", "a database is given as a URL: sqlite:///mine.db for a file here (three slashes)"),
    ("sqlite://mine.db", "a SQLite file is sqlite:///mine.db (three slashes; four for an absolute path)"),
    ("postgres://someone@localhost/ledger", "write postgresql+psycopg://someone@localhost/ledger"),
])
def test_a_database_written_as_no_url_it_reads_says_how_to_write_it(tmp_path: Path, url: str, hint: str) -> None:
    import subprocess

    from tests.e2e.test_cli import LEDGER

    here = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])}  # this checkout's code, run elsewhere
    result = subprocess.run([*LEDGER, "--db", url, "state"], capture_output=True, text=True, timeout=120, cwd=tmp_path,
                            env=here)
    line = refused_in_one_line(result.stderr, result.returncode)
    assert line.startswith(f"ledger: refused: cannot open the ledger at {url}: ") and f"; {hint}" in line, line
    assert list(tmp_path.iterdir()) == []  # nothing created


def test_export_into_a_folder_that_does_not_exist_is_one_line_and_exit_2(tmp_path: Path) -> None:
    out = tmp_path / "missing" / "dir" / "file.jsonl"
    assert run(tmp_path / "l.db", "init").returncode == 0  # a read command creates no ledger
    result = run(tmp_path / "l.db", "export", "-o", str(out))
    line = refused_in_one_line(result.stderr, result.returncode)
    assert line == f"ledger: cannot write: {out}: No such file or directory"


def test_every_bad_document_of_a_file_gets_a_line_and_nothing_is_stored(tmp_path: Path) -> None:
    bad = [json.dumps(SOURCE)] + [json.dumps({**STATEMENT, "id": f"st{n}", "stance": "shrugs"}) for n in range(30)]
    path = tmp_path / "bad.jsonl"
    path.write_text("\n".join(bad) + "\n", encoding="utf-8")
    result = run(tmp_path / "l.db", "load", str(path))
    assert result.returncode == 2 and "Traceback" not in result.stderr
    first, *problems, rest = result.stderr.strip().splitlines()
    assert first == "ledger: invalid document: 30 of 31 documents refused; nothing was stored:"
    assert len(problems) == MAX_REPORTED
    assert problems[0] == f"  {path} line 2, document 1, id 'st0': field 'stance': must be one of: " \
                          "condemns, justifies, supports, regrets, warns, neutral"
    assert rest == f"  ... and {30 - MAX_REPORTED} more"
    assert run(tmp_path / "l.db", "timeline", "--json").stdout.strip() == "[]"


def test_an_id_the_ledger_does_not_hold_is_one_line_with_a_close_one_it_holds(tmp_path: Path, ledger_url: str) -> None:
    """On SQLite and on PostgreSQL: a misspelt id, one in other capitals, and one like nothing held."""
    def load(*documents: dict[str, object]) -> subprocess.CompletedProcess[str]:
        path = tmp_path / "documents.jsonl"
        path.write_text("".join(json.dumps(d) + "\n" for d in documents), encoding="utf-8")
        return subprocess.run([*LEDGER, "--db", ledger_url, "load", str(path)], capture_output=True, text=True, timeout=120)

    regime = {"type": "SanctionsRegimeEstablished", "id": "regime.dprk", "occurred_on": "2006-10-14", "source": {"document": "s"},
              "regime_id": "dprk-regime", "name": "DPRK sanctions", "target": "PRK", "resolution": "1718 (2006)",
              "measures": ["arms embargo"]}
    assert load({**SOURCE, "published_on": "2025-01-01"}, regime).returncode == 0
    reinforced = {"type": "SanctionsReinforced", "id": "more", "occurred_on": "2016-03-02", "source": {"document": "s"},
                  "resolution": "2270 (2016)", "measures": ["sectoral bans"]}
    for named, said in [("dprk-regmie", "; did you mean 'dprk-regime'?"), ("DPRK-Regime", "; did you mean 'dprk-regime'?"),
                        ("car-regime", "")]:
        result = load({**reinforced, "regime_id": named})
        line = refused_in_one_line(result.stderr, result.returncode)
        assert line.endswith(f"id 'more': field 'regime_id': the ledger holds no regime {named!r}{said}"), line


def test_a_year_typed_in_the_future_is_one_line_naming_the_document_and_the_field(tmp_path: Path) -> None:
    path = tmp_path / "typo.jsonl"
    path.write_text("\n".join(json.dumps(d) for d in (SOURCE, {**STATEMENT, "occurred_on": "2204-01-02"})) + "\n",
                    encoding="utf-8")
    result = run(tmp_path / "l.db", "load", str(path))
    line = refused_in_one_line(result.stderr, result.returncode)
    assert "typo.jsonl line 2" in line and "id 'st'" in line and "field 'occurred_on'" in line, line
    assert "2204-01-02 is after the day it is recorded" in line
