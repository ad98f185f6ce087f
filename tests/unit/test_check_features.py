"""`ledger check` reads the features before anything runs: a file that is not a feature, two scenarios of one
name, a table not of the columns its sentence reads, or a report it could not write, is a usage error on
standard error (exit 2) naming the file and line, and no scenario runs. The ledger is never opened here: every
refusal comes before it is."""

from __future__ import annotations

from pathlib import Path

import pytest

from ledger.cli import main
from ledger.scenarios.runner import vocabulary
from ledger.scenarios.vocabulary import Table, plain, sentence

NEAREST_BEFORE_RUNNING = "(`ledger check --steps` lists the sentences, with their tables)"


def check(tmp_path: Path, capsys: pytest.CaptureFixture[str], text: str | bytes, *more: str) -> tuple[int, str, list[str]]:
    """Run `ledger check` on a feature of this text, in tmp_path; the exit code, standard output, and the
    lines of standard error."""
    feature = tmp_path / "audit.feature"
    if isinstance(text, bytes):
        feature.write_bytes(text)
    else:
        feature.write_text(text, encoding="utf-8")
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(tmp_path)
        with pytest.raises(SystemExit) as exited:
            main(["check", "audit.feature", "--db", f"sqlite:///{tmp_path / 'none.db'}", *more])
    out, err = capsys.readouterr()
    assert not (tmp_path / "none.db").exists()
    return int(exited.value.code or 0), out, err.splitlines()


def refused(tmp_path: Path, capsys: pytest.CaptureFixture[str], text: str | bytes, *more: str) -> list[str]:
    code, out, err = check(tmp_path, capsys, text, *more)
    assert code == 2 and out == "", (code, out, err)
    assert not any("Traceback" in line or "Error:" in line for line in err), err
    return err


# -- 1. two scenarios of one name: pytest-bdd would run the last only ----------------------------------------

DUPLICATES = """Feature: Names
  Scenario: The panel
    Then as of 2024-05-01 the DPRK Panel of Experts is expired

  Scenario: The panel
    Then as of 2024-03-27 the DPRK Panel of Experts is active

  Rule: Before
    Scenario Outline: On a day
      Then as of <day> the DPRK Panel of Experts is active

      Examples:
        | day        |
        | 2024-03-27 |

  Rule: After
    Scenario: On a day
      Then as of 2024-05-01 the DPRK Panel of Experts is expired
"""


def test_two_scenarios_of_one_name_are_refused_naming_both(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert refused(tmp_path, capsys, DUPLICATES) == [
        'audit.feature:5: the scenario "The panel" has the name of the one at audit.feature:2; names in a feature '
        "must differ (pytest-bdd would run only one)",
        'audit.feature:17: the scenario "On a day" has the name of the one at audit.feature:9; names in a feature '
        "must differ (pytest-bdd would run only one)",
        f"ledger: check: 2 problems in the scenarios, nothing ran {NEAREST_BEFORE_RUNNING}"]


# -- 2. tables are of the columns their sentence reads ------------------------------------------------------

DAYS = "its columns: day, status, and optionally mandate runs to"
STATEMENTS = "its columns: speakers, day, stance, and optionally about"
ON_DAYS = '"Then on these days the DPRK Panel of Experts was:"'
HOLDS = '"Then as of 2024-03-29 the ledger holds these statements:"'

TABLES = [
    ("a misspelt column", """
    Then on these days the DPRK Panel of Experts was:
      | day        | Status | mandate runs to |
      | 2024-04-30 | active | 2024-04-30      |""",
     [f'audit.feature:4: {ON_DAYS}: the table has an unknown column "Status"; {DAYS}',
      f'audit.feature:4: {ON_DAYS}: the table has no column "status"; {DAYS}']),
    ("a header and no rows", """
    Then on these days the DPRK Panel of Experts was:
      | day | status |""",
     [f"audit.feature:4: {ON_DAYS}: the table has a header but no rows; {DAYS}"]),
    ("a required column missing", """
    Then as of 2024-03-29 the ledger holds these statements:
      | day        | stance   |
      | 2024-03-28 | condemns |""",
     [f'audit.feature:4: {HOLDS}: the table has no column "speakers"; {STATEMENTS}']),
    ("a column twice", """
    Then as of 2024-03-29 the ledger holds these statements:
      | speakers       | day        | stance   | day        |
      | Matthew Miller | 2024-03-28 | condemns | 2024-03-28 |""",
     [f'audit.feature:4: {HOLDS}: the table has the column "day" twice; {STATEMENTS}']),
    ("no table", """
    Then as of 2024-03-29 the ledger holds these statements:
    And the audit flags nothing""",
     [f"audit.feature:3: {HOLDS}: it needs a table under it; {STATEMENTS}"]),
    ("kind for type in a history", """
    Then the history of the DPRK Panel of Experts lists these versions:
      | occurred_on | kind                 |
      | 2024-03-28  | DraftResolutionVoted |""",
     ['audit.feature:4: "Then the history of the DPRK Panel of Experts lists these versions:": the table has an '
      'unknown column "kind"; its columns: any of occurred_on, recorded_at, event_id, type, source, locator, quote, '
      "reason"]),
    ("a table on a sentence that reads none", """
    Then the audit flags nothing
      | flags |
      | none  |""",
     ['audit.feature:3: "Then the audit flags nothing": it takes no table']),
    ("no doc string", """
    Given a copy of the ledger
    When someone appends this document:
    Then the ledger is unchanged""",
     ['audit.feature:4: "When someone appends this document:": it needs a doc string under it, between lines of """']),
    ("an outline's header, once its examples are in", """
    Then on these days the DPRK Panel of Experts was:
      | day        | <column> |
      | 2024-04-30 | active   |

    Examples:
      | column |
      | state  |
      | status |""",
     [f'audit.feature:4: {ON_DAYS}: the table has an unknown column "state"; {DAYS}',
      f'audit.feature:4: {ON_DAYS}: the table has no column "status"; {DAYS}']),
]


@pytest.mark.parametrize(("steps", "said"), [case[1:] for case in TABLES], ids=[case[0] for case in TABLES])
def test_a_table_not_of_its_sentences_columns_is_refused_before_anything_runs(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], steps: str, said: list[str]) -> None:
    outline = "Scenario Outline" if "Examples:" in steps else "Scenario"
    err = refused(tmp_path, capsys, f"Feature: Tables\n  {outline}: A table{steps}\n")
    assert err == [*said, f"ledger: check: {len(said)} problem{'s' if len(said) > 1 else ''} in the scenarios, "
                          f"nothing ran {NEAREST_BEFORE_RUNNING}"]


def test_the_step_reads_its_rows_through_the_same_columns_and_fails_on_others() -> None:
    """Run by pytest on its own (`-p ledger.scenarios.plugin`), with no check before, the step fails as the check would."""
    days = next(s for s in vocabulary() if s.template == "on these days {panel} was:").table
    assert days is not None
    assert days.rows([["status", "day"], ["active", "2024-04-30"]]) == [{"status": "active", "day": "2024-04-30"}]
    with pytest.raises(AssertionError, match=r'^the table has an unknown column "Status"; .*; the table has no column '
                                             r'"status"; its columns: day, status, and optionally mandate runs to$'):
        days.rows([["day", "Status"], ["2024-04-30", "active"]])
    with pytest.raises(AssertionError, match="the table has a header but no rows"):
        Table(("finding",)).rows([["finding"]])


def test_every_sentence_that_reads_a_table_shows_one_of_its_columns_and_declares_them() -> None:
    for s in vocabulary():
        lines = [line.strip() for line in s.more.splitlines()]
        if s.table is None:
            assert not lines or lines[0] == '"""', s.template
            continue
        header, *rows = [[cell.strip() for cell in line.strip("|").split("|")] for line in lines]
        assert rows and s.table.problems(header, len(rows)) == [], s.template


def test_the_steps_list_shows_each_table_and_its_columns(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["check", "--steps"])
    out = capsys.readouterr().out
    assert exited.value.code == 0
    assert ("  Then on these days {panel} was:\n      e.g. Then on these days the DPRK Panel of Experts was:\n"
            "             | day        | status  | mandate runs to |\n") in out
    assert "      its table's columns: day, status, and optionally mandate runs to\n" in out


# -- 3. files that are not features -----------------------------------------------------------------------

@pytest.mark.parametrize(("text", "said"), [
    ("", 'ledger: check: audit.feature: holds no feature (a feature file begins with "Feature:")'),
    ("# only a comment\n", 'ledger: check: audit.feature: holds no feature (a feature file begins with "Feature:")'),
    ("Feature: Nothing yet\n  Some words about it\n", "ledger: check: audit.feature: holds no scenario"),
    ("Feature: Broken\n  Scenario: One\n    Then the audit flags nothing\n  Rules are rules\n",
     "ledger: check: audit.feature:4: not Gherkin: expected one of: the end of the file, a table row, a doc string "
     '("""), a step, a @tag, Examples:, Scenario:, Rule:, a # comment, an empty line, got \'Rules are rules\''),
], ids=["empty", "a comment", "no scenario", "a syntax error"])
def test_a_file_that_is_not_a_feature_is_refused_in_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                             text: str, said: str) -> None:
    assert refused(tmp_path, capsys, text) == [said]


def test_a_byte_order_mark_is_read_past(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """As Windows editors write it: the feature is read (here, up to its typo), not refused as not Gherkin."""
    text = "Feature: Saved on Windows\n  Scenario: One\n    Then the audit flags nothng\n"
    err = refused(tmp_path, capsys, b"\xef\xbb\xbf" + text.encode())
    assert err[0].startswith('audit.feature:3: no step matches "Then the audit flags nothng"'), err


# -- 5. the JUnit report is written where asked, or the check is refused before it runs ---------------------

PASSING = "Feature: One\n  Scenario: One\n    Then the audit flags nothing\n"


def test_a_report_in_a_folder_that_does_not_exist_is_refused_and_no_folder_made(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    report = tmp_path / "no" / "such" / "j.xml"
    assert refused(tmp_path, capsys, PASSING, "--junit-xml", str(report)) == [
        f"ledger: check: cannot write {report}: no such folder {report.parent}"]
    assert not (tmp_path / "no").exists()


@pytest.mark.parametrize("where", ["/proc/j.xml", "."], ids=["a folder no file can be made in", "a folder"])
def test_a_report_that_cannot_be_written_is_refused_with_the_reason(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], where: str) -> None:
    err = refused(tmp_path, capsys, PASSING, "--junit-xml", where)
    assert len(err) == 1 and err[0].startswith(f"ledger: check: cannot write {where}: "), err
    assert not Path("/proc/j.xml").exists()


def test_a_report_file_already_there_is_left_as_it_was_by_the_check_before_running(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    report = tmp_path / "j.xml"
    report.write_text("the last run's report", encoding="utf-8")
    code, out, err = check(tmp_path, capsys, PASSING, "--junit-xml", str(report))
    assert code == 2 and err == [f"ledger: check: no ledger at sqlite:///{tmp_path / 'none.db'}; "
                                 "`ledger load` or `ledger init` creates one"]
    assert report.read_text(encoding="utf-8") == "the last run's report"


# -- 6. a typographic apostrophe --------------------------------------------------------------------------

def test_a_typographic_apostrophe_in_a_step_reads_as_a_plain_one() -> None:
    vocabulary()
    typed = "Russia\u2019s veto of S/2024/255 cites the source article-2024-03-29"
    meant = sentence("then", typed.replace("\u2019", "'"))
    assert plain(typed) == typed.replace("\u2019", "'") and meant is not None and sentence("then", typed) == meant
    assert sentence("then", "Matthew Miller\u2018s statement of 2024-03-28 was never corrected") is not None
