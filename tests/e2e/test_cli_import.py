"""`ledger import vetoes FILE.csv`: the rows it interpreted, each with its line; nothing new the second time;
a bad list refused in one line; what the list leaves unknown shown as unknown."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from ledger.errors import Unreadable
from ledger.service.imports import read_vetoes
from tests.conftest import SEEDS
from tests.e2e.test_cli import run
from tests.e2e.test_cli_answers import ledger
from tests.e2e.test_cli_bad_input import refused_in_one_line

LIST = SEEDS / "unsc_vetoes_1946_sept2022.csv"


@pytest.fixture(scope="module")
def imported(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    db = tmp_path_factory.mktemp("import") / "ledger.db"
    result = run(db, "import", "vetoes", str(LIST))
    assert result.returncode == 0, result.stderr
    return db, result.stdout


def test_the_import_reports_each_row_it_interpreted_with_its_line(imported: tuple[Path, str]) -> None:
    _, out = imported
    lines = out.splitlines()
    assert "line 25, draft 'S/PV.3038': S/PV.3038 is a meeting held decades after the vote's own (S/PV.303)" in out
    assert any(line.startswith("line 209, meeting_record 'S/2020/661 / S/2020/657': no meeting record") for line in lines)
    assert lines[-1].startswith("214 rows: 214 votes on vetoed drafts, 188 sources; 67 rows interpreted by a rule")
    assert lines[-1].endswith("402 documents new, 0 left out (their source or draft already held)")


def test_importing_again_stores_nothing_new(imported: tuple[Path, str]) -> None:
    db, _ = imported
    result = run(db, "import", "vetoes", str(LIST))
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[-1].endswith("0 documents new, 402 left out (their source or draft already held)")


def test_to_a_file_it_writes_the_documents_and_touches_no_ledger(tmp_path: Path) -> None:
    out = tmp_path / "vetoes.jsonl"
    result = run(tmp_path / "none.db", "import", "vetoes", str(LIST), "--to", str(out))
    assert result.returncode == 0, result.stderr
    assert not (tmp_path / "none.db").exists()
    assert out.read_text(encoding="utf-8") == (SEEDS / "vetoes-1946-2022.jsonl").read_text(encoding="utf-8")
    to_stdout = run(tmp_path / "none.db", "import", "vetoes", str(LIST), "--to", "-")
    assert [json.loads(line)["id"] for line in to_stdout.stdout.splitlines()][:2] == [
        "src.veto-list-2022-07-08", "src.S/PV.23"]
    assert "line 25, draft" in to_stdout.stderr  # the report goes beside the documents, not among them


@pytest.mark.parametrize(("content", "words"), [
    ("year,date,month,symbol\n1946,2/16/1946,2,S/PV.23\n", "line 1: the header has no column 'draft'"),
    (LIST.read_text(encoding="utf-8-sig").replace("9/20/1946", "9/31/1946"), "line 10: date '9/31/1946' is not a day of the calendar (read as month/day/year: month 9, day 31)"),
    (LIST.read_text(encoding="utf-8-sig").replace(",USSR,,,1,0,0,0,0,1", ",Soviets,,,1,0,0,0,0,1", 1),
     "line 2: member_veto1 'Soviets' is not the name of a permanent member"),
    (LIST.read_text(encoding="utf-8-sig").rstrip("\n") + "2022,9/30/2022,9,S/2022/720,S/PV.9143,Ukraine,Ukraine,Europe,"
                                                          "Russia,,,1,0,0,0,1,0,0,0,0,0,0,0,0\n",
     "line 218: the row has 47 fields and the header 24: 23 fields in no column (a row missing its newline"),
])
def test_a_list_no_rule_reads_is_refused_in_one_line_with_exit_2(tmp_path: Path, content: str, words: str) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text(content, encoding="utf-8")
    result = run(tmp_path / "ledger.db", "import", "vetoes", str(bad))
    line = refused_in_one_line(result.stderr, result.returncode)
    assert line.startswith(f"ledger: cannot import: {bad}: ") and words in line, line
    assert not (tmp_path / "ledger.db").exists()  # a list it cannot read creates no ledger


def test_a_mistyped_path_or_a_file_that_is_not_text_says_so_as_load_says_it(tmp_path: Path) -> None:
    latin = tmp_path / "latin.csv"
    latin.write_bytes("year,date\n1946,Sécurité\n".encode("latin-1"))
    for path, words in ((tmp_path / "vetoes.cvs", f"{tmp_path / 'vetoes.cvs'} does not exist"),
                        (latin, f"{latin}: cannot read the veto list: it is not UTF-8 text (byte 16 is 0xe9)")):
        # as `ledger load` words a path it cannot read: "cannot read", the path, the reason
        result = run(tmp_path / "ledger.db", "import", "vetoes", str(path))
        line = refused_in_one_line(result.stderr, result.returncode)
        assert line == f"ledger: cannot read: {words}", line
        assert "Errno" not in line and not (tmp_path / "ledger.db").exists()
    with pytest.raises(Unreadable, match="is a folder, not the veto list's CSV file"):  # the command line's own check says it first
        read_vetoes(tmp_path)


def test_the_state_and_the_audit_say_what_the_list_leaves_unknown(imported: tuple[Path, str]) -> None:
    db, _ = imported
    state = ledger(db, "state", "--as-of", "1946-02-16", "--all-drafts", columns=100).stdout
    row = next(line for line in state.splitlines() if line.startswith("│ pv-23-1 "))
    assert [c.strip() for c in row.split("│")[1:-1]] == ["pv-23-1", "1946-02-16", "?", "? (SUN)", "?", "SUN", "-"]
    assert "?: unknown, the source does not give the count" in state
    audit = ledger(db, "audit").stdout
    entry = audit.split("#")[[i for i, part in enumerate(audit.split("#")) if " vote.pv-23-1 " in part][0]]
    assert "rules not all checked: the tally is unknown (in favour, against, abstaining)" in entry
    assert "also cited: veto-list-2022-07-08, line 2 [quote found in its text]" in entry
    assert audit.splitlines()[-2] == ("214 facts whose rules could not all be checked: their source leaves part of "
                                      "them unknown")


def test_the_report_page_says_unknown_where_the_list_gives_no_tally(imported: tuple[Path, str], tmp_path: Path) -> None:
    db, _ = imported
    page = tmp_path / "report.html"
    assert run(db, "report", "--as-of", "1946-12-31", "-o", str(page)).returncode == 0
    html = page.read_text(encoding="utf-8")
    row = html[html.index('<tr data-draft="pv-23-1">'):]
    row = row[:row.index("</tr>")]
    assert row.count("<td>unknown</td>") == 3 and "None" not in html


def test_a_source_id_the_ledger_holds_for_another_document_is_refused_in_one_line(tmp_path: Path) -> None:
    db, later = tmp_path / "ledger.db", tmp_path / "later.csv"
    later.write_text(LIST.read_text(encoding="utf-8-sig").rstrip("\n") + "\n2022,9/30/2022,9,S/2022/720,S/PV.9143,"
                     "Ukraine,Ukraine,Europe,Russia,,,1,0,0,0,1,0,0,0,0,0,0,0,0\n", encoding="utf-8")
    assert run(db, "load", str(SEEDS / "dprk-panel-veto.jsonl")).returncode == 0
    before = run(db, "digest").stdout
    result = run(db, "import", "vetoes", str(later), "--source-id", "S/PV.9591", "--published-on", "2024-09-30")
    line = refused_in_one_line(result.stderr, result.returncode)
    assert line.startswith(f"ledger: conflict: {later}: field 'source_id': the ledger already holds 'S/PV.9591' as "
                           "another document than this list, \"Security Council, 9591st meeting"), line
    assert line.endswith("nothing was stored (give the list a source id the ledger does not hold)") and not result.stdout
    assert run(db, "digest").stdout == before


def test_loading_a_csv_points_to_the_import_command(tmp_path: Path) -> None:
    # `ledger load` reads documents; a .csv is most likely the veto list, which `ledger import vetoes` reads.
    db = tmp_path / "ledger.db"
    result = ledger(db, "load", str(LIST))
    assert result.returncode == 2
    assert result.stderr == (f"ledger: cannot read: {LIST} is not a .json or .jsonl documents file; a veto list .csv is "
                             f"imported with `ledger import vetoes {LIST}`\n")
    assert not db.exists()
    other = tmp_path / "notes.txt"
    other.write_text("not documents\n", encoding="utf-8")
    assert ledger(db, "load", str(other)).stderr == f"ledger: cannot read: {other} is not a .json or .jsonl documents file\n"
