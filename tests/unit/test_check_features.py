"""`ledger check` reads the features before anything runs: a file that is not a feature, two scenarios of one
name, a table not of the columns its sentence reads, or a report it could not write, is a usage error on
standard error (exit 2) naming the file and line, and no scenario runs. The ledger is never opened here: every
refusal comes before it is."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from ledger.cli import main
from ledger.scenarios.runner import vocabulary
from ledger.scenarios.vocabulary import Table, plain, sentence

NEAREST_BEFORE_RUNNING = "(`ledger check --steps` lists the sentences, with their tables)"
P = "ledger: check: "  # every line of a problem begins so


def counted(count: int) -> str:
    return f"{P}{count} problem{'s' if count != 1 else ''} in the features, nothing ran {NEAREST_BEFORE_RUNNING}"


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
        P + 'audit.feature:5: the scenario "The panel" has the name of the one at audit.feature:2; names in a feature '
        "must differ (pytest-bdd would run only one)",
        P + 'audit.feature:17: the scenario "On a day" has the name of the one at audit.feature:9; names in a feature '
        "must differ (pytest-bdd would run only one)",
        counted(2)]


def test_the_steps_of_a_scenario_that_shares_a_name_are_checked_in_the_same_pass(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """pytest-bdd keeps one scenario of a name; the one it drops is still read, so its typos are said at once."""
    text = DUPLICATES.replace("expired\n\n  Scenario: The panel", "expird\n\n  Scenario: The panel")
    text = text.replace("| 2024-03-27 |", "| 2024-02-30 |")
    err = refused(tmp_path, capsys, text)
    assert err[-1] == counted(4), err
    assert any(line.startswith(P + "audit.feature:3: ") and "expird" in line for line in err), err
    assert any(line.startswith(P + "audit.feature:14: ") and "February 2024 has 29 days" in line for line in err), err


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
     [f'audit.feature:4: {ON_DAYS}: the table has an unknown column "Status" (did you mean status?); {DAYS}']),
    ("a misspelt column beside a bad day", """
    Then on these days the DPRK Panel of Experts was:
      | day        | Status |
      | 2024-04-31 | active |""",
     [f'audit.feature:4: {ON_DAYS}: the table has an unknown column "Status" (did you mean status?); {DAYS}',
      f"audit.feature:5: {ON_DAYS}: the column day: 2024-04-31 is not a day: April 2024 has 30 days"]),
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
     [f'audit.feature:4: {ON_DAYS}: the table has an unknown column "state" (did you mean status?); {DAYS}']),
]


@pytest.mark.parametrize(("steps", "said"), [case[1:] for case in TABLES], ids=[case[0] for case in TABLES])
def test_a_table_not_of_its_sentences_columns_is_refused_before_anything_runs(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], steps: str, said: list[str]) -> None:
    outline = "Scenario Outline" if "Examples:" in steps else "Scenario"
    err = refused(tmp_path, capsys, f"Feature: Tables\n  {outline}: A table{steps}\n")
    assert err == [*(P + line for line in said), counted(len(said))]


def test_the_step_reads_its_rows_through_the_same_columns_and_fails_on_others() -> None:
    """Run by pytest on its own (`-p ledger.scenarios.plugin`), with no check before, the step fails as the check would."""
    days = next(s for s in vocabulary() if s.template == "on these days {panel} was:").table
    assert days is not None
    assert days.rows([["status", "day"], ["active", "2024-04-30"]]) == [{"status": "active", "day": "2024-04-30"}]
    with pytest.raises(AssertionError, match=r'^the table has an unknown column "Status" \(did you mean status\?\); '
                                             r'its columns: day, status, and optionally mandate runs to$'):
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
def test_a_file_that_is_not_a_feature_is_refused_in_one_line_and_counted(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], text: str, said: str) -> None:
    assert refused(tmp_path, capsys, text) == [said, counted(1)]


def test_a_byte_order_mark_is_read_past(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """As Windows editors write it: the feature is read (here, up to its typo), not refused as not Gherkin."""
    text = "Feature: Saved on Windows\n  Scenario: One\n    Then the audit flags nothng\n"
    err = refused(tmp_path, capsys, b"\xef\xbb\xbf" + text.encode())
    assert err[0].startswith(P + 'audit.feature:3: no step matches "Then the audit flags nothng"'), err


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


# -- 7. values of a known form: days, a choice of words, JSON; read before anything runs --------------------

BAD_VALUES = """Feature: Bad values
  Scenario: Days and statuses
    Then on these days the DPRK Panel of Experts was:
      | day        | status  |
      | yesterday  | active  |
      | 2024-05-01 | expird  |
      | 2024-04-31 | expired |
    And as of 2024-02-30 the DPRK Panel of Experts is expired
    And as of 2023-13-01 the ledger holds these statements:
      | speakers       | day        | stance   |
      | Matthew Miller | 2024-03-28 | condemn  |
"""


def test_a_digest_not_of_the_form_ledger_digest_prints_is_refused_before_anything_runs(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert refused(tmp_path, capsys, "Feature: A digest\n  Scenario: Kept\n    Then the ledger's log extends the digest 815:zz\n") == [
        f"""{P}audit.feature:3: "Then the ledger's log extends the digest 815:zz": its digest: a digest is POSITION:SHA256 """
        "as `ledger digest` prints it, not '815:zz'", counted(1)]


def test_every_bad_value_is_a_usage_error_naming_its_line_its_column_or_slot_and_why(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    on_days, holds = '"Then on these days the DPRK Panel of Experts was:"', '"And as of 2023-13-01 the ledger holds these statements:"'
    assert refused(tmp_path, capsys, BAD_VALUES) == [
        f"{P}audit.feature:5: {on_days}: the column day: yesterday is not a day (YYYY-MM-DD)",
        f"{P}audit.feature:6: {on_days}: the column status: expird is not one of active, expired, terminated "
        "(did you mean expired?)",
        f"{P}audit.feature:7: {on_days}: the column day: 2024-04-31 is not a day: April 2024 has 30 days",
        f'{P}audit.feature:8: "And as of 2024-02-30 the DPRK Panel of Experts is expired": its day: 2024-02-30 is not '
        "a day: February 2024 has 29 days",
        f"{P}audit.feature:9: {holds}: its day: 2023-13-01 is not a day: there is no month 13",
        f"{P}audit.feature:11: {holds}: the column stance: condemn is not one of condemns, justifies, supports, "
        "regrets, warns, neutral (did you mean condemns?)",
        counted(6)]


def test_a_table_read_without_the_check_fails_its_step_on_a_bad_value_in_words() -> None:
    days = next(s for s in vocabulary() if s.template == "on these days {panel} was:").table
    assert days is not None
    with pytest.raises(AssertionError, match=r"^row 2 of the table, column day: 2024-02-30 is not a day: February 2024 "
                                             r"has 29 days$"):
        days.rows([["day", "status"], ["2024-02-29", "active"], ["2024-02-30", "active"]])


OUTLINES = """Feature: Outlines
  Scenario Outline: No rows
    Then as of <day> the DPRK Panel of Experts is active

    Examples:
      | day |

  Scenario Outline: No column
    Then as of <day> the DPRK Panel of Experts is <status>

    Examples:
      | day        |
      | 2024-05-01 |

  Scenario Outline: Bad rows
    Then as of <day> the DPRK Panel of Experts is <status>
    And on these days the DPRK Panel of Experts was:
      | day   | status   |
      | <day> | <status> |

    Examples:
      | day        | status  |
      | yesterday  | active  |
      | 2024-05-01 | expird  |
      | 2024-04-30 | active  |
      | 2024-02-30 | expired |
"""


def test_an_outlines_examples_with_no_rows_no_column_a_step_uses_or_bad_values_are_said_so(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert refused(tmp_path, capsys, OUTLINES) == [
        f"{P}audit.feature:5: the Examples table has no rows (an outline runs once a row)",
        f"{P}audit.feature:11: the Examples table has no column status, which the step at audit.feature:9 uses",
        f"{P}audit.feature:23: the Examples' column day: yesterday is not a day (YYYY-MM-DD)",
        f"{P}audit.feature:24: the Examples' column status: expird is not one of active, expired, terminated "
        "(did you mean expired?)",
        f"{P}audit.feature:26: the Examples' column day: 2024-02-30 is not a day: February 2024 has 29 days",
        counted(5)]


MISSING_AND_BAD = """Feature: One round
  Scenario Outline: A column missing, another wrong
    Then as of <day> the DPRK Panel of Experts is <status>
    And on these days the DPRK Panel of Experts was:
      | day   | status   | mandate runs to |
      | <day> | <status> | <end>           |
    And the audit flags nothng

    Examples:
      | day        | end        |
      | 2024-02-30 | 2024-04-30 |
      | 2024-05-01 | 2024-04-31 |
"""


def test_examples_without_a_column_have_their_other_columns_and_the_outlines_steps_checked_in_the_same_pass(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The missing column is said; what rests on it waits for it, but every other value and step is judged now."""
    err = refused(tmp_path, capsys, MISSING_AND_BAD)
    assert err[:-1] == [
        f'{P}audit.feature:7: no step matches "And the audit flags nothng"; nearest known: "Then the audit flags nothing", '
        '"Then the ledger is unchanged", "When I run the audit command"',
        f"{P}audit.feature:9: the Examples table has no column status, which the step at audit.feature:3 uses",
        f"{P}audit.feature:11: the Examples' column day: 2024-02-30 is not a day: February 2024 has 29 days",
        f"{P}audit.feature:12: the Examples' column end: 2024-04-31 is not a day: April 2024 has 30 days",
    ], err
    assert err[-1] == counted(4)
    assert not any("<status>" in line for line in err), err  # the missing column's place is not judged a value


def test_an_unwritable_report_is_said_with_the_features_problems_in_one_pass(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    report = tmp_path / "no" / "j.xml"
    err = refused(tmp_path, capsys, MISSING_AND_BAD, "--junit-xml", str(report))
    assert err[0] == f"{P}cannot write {report}: no such folder {report.parent}"
    assert err[1:] == refused(tmp_path, capsys, MISSING_AND_BAD) and err[-1] == counted(4)  # as without it, and counted so
    assert not (tmp_path / "no").exists()


def whatif(doc: str, sentence: str = "someone appends this document:") -> str:
    body = "\n".join(f"      {line}" for line in doc.splitlines())
    return (f'Feature: What-ifs\n  Scenario: One\n    Given a copy of the ledger\n    When {sentence}\n      """\n'
            f'{body}\n      """\n    Then the ledger refuses it as an invalid document\n')


@pytest.mark.parametrize(("doc", "sentence", "said"), [
    ('{"type": "StatementIssued",\n "id" "x"}', "someone appends this document:",
     'audit.feature:7: "When someone appends this document:": the doc string is not JSON: Expecting \':\' delimiter '
     "(line 2, column 7 of the doc string)"),
    ('[{"type": "StatementIssued"}]', "someone appends this document:",
     'audit.feature:6: "When someone appends this document:": the doc string is JSON but not one JSON object ({...})'),
    ('{"type": "StatementIssued"}', "someone appends these documents in one batch:",
     'audit.feature:6: "When someone appends these documents in one batch:": the doc string is JSON but not a JSON '
     "list ([...])"),
], ids=["not JSON", "a list for one document", "an object for a batch"])
def test_a_doc_string_that_is_not_the_json_its_sentence_reads_is_a_usage_error(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], doc: str, sentence: str, said: str) -> None:
    assert refused(tmp_path, capsys, whatif(doc, sentence)) == [P + said, counted(1)]


@pytest.mark.parametrize("doc", ['{"id": "x", "id": "y"}', '{"id": NaN}'], ids=["a key twice", "NaN"])
def test_what_the_ledger_refuses_of_a_file_is_left_to_the_ledger(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], doc: str) -> None:
    """The check goes on to the ledger (none here): the refusal is the ledger's, as a documents file's is."""
    code, _, err = check(tmp_path, capsys, whatif(doc))
    assert code == 2 and len(err) == 1 and err[0].startswith(f"{P}no ledger at "), err


def test_a_doc_string_read_without_the_check_fails_its_step_unless_the_ledger_would_refuse_it() -> None:
    from ledger.errors import InvalidDocument
    from ledger.scenarios.vocabulary import JSON_OBJECT
    from ledger.scenarios.whatifs import _read

    with pytest.raises(AssertionError, match=r"^the doc string is not JSON: Expecting ',' delimiter \(line 1, column 12"):
        _read('{"id": "x" "y"}', JSON_OBJECT)
    document, refusal = _read('{"id": "x", "id": "y"}', JSON_OBJECT)
    assert document is None and refusal is not None
    with pytest.raises(InvalidDocument, match="'id' twice"):
        refusal()


def test_a_what_ifs_answer_is_said_in_english() -> None:
    from types import SimpleNamespace

    from ledger.errors import InvalidDocument, RuleBroken
    from ledger.scenarios.scene import Attempt
    from ledger.scenarios.whatifs import accepted, refused_as

    tried = Attempt(None, [{"id": "statement.x"}], {}, 0, (0, ""), error=InvalidDocument("gives 'stance' twice"))
    scene: Any = SimpleNamespace(attempt=tried)
    with pytest.raises(AssertionError) as said:
        accepted(scene)
    assert str(said.value) == ("expected the ledger to accept it (statement.x); it refused it as an invalid document: "
                               "gives 'stance' twice")
    with pytest.raises(AssertionError) as said:
        refused_as(scene, "a broken rule")
    assert str(said.value) == ("expected the ledger to refuse it (statement.x) as a broken rule; it refused it as an "
                               "invalid document: gives 'stance' twice")
    scene.attempt = Attempt(None, [{"id": "a"}, {"id": "b"}], {}, 0, (0, ""), error=RuleBroken("no such panel"),
                            batch=True)
    with pytest.raises(AssertionError, match=r"^expected the ledger to accept them \(a, b\); it refused them as a "
                                             r"broken rule: no such panel$"):
        accepted(scene)
    scene.attempt = Attempt(None, [], {}, 0, (0, ""), error=InvalidDocument("gives 'stance' twice"))  # not read
    with pytest.raises(AssertionError, match=r"^expected the ledger to accept it; it refused it as an invalid document"):
        accepted(scene)


def test_a_step_the_ledger_refuses_to_answer_fails_in_words_not_a_class_name(capsys: pytest.CaptureFixture[str]) -> None:
    from types import SimpleNamespace

    from ledger.errors import InvalidArgument
    from ledger.scenarios.report import Report

    report, node = Report(), SimpleNamespace(nodeid="n")
    step = SimpleNamespace(line_number=3, keyword="Then", name="as of 2024-02-30 the DPRK Panel of Experts is expired")
    report.pytest_bdd_step_error(SimpleNamespace(node=node), step,  # type: ignore[arg-type]
                                 InvalidArgument("'2024-02-30' is not a day (YYYY-MM-DD)", field="as_of"))
    said = report.scenarios["n"]["said"]
    assert "InvalidArgument" not in said and said.startswith("the ledger refused what the step asked (invalid argument): ")


# -- 8. the steps list, the count, the options ---------------------------------------------------------------

def test_the_steps_list_shows_every_sentence_the_vocabulary_knows(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["check", "--steps"])
    out = capsys.readouterr().out
    assert exited.value.code == 0
    listed = out.splitlines()
    for s in vocabulary():
        assert f"  {'/'.join(k.capitalize() for k in s.kinds)} {s.shown}" in listed, s.template
        assert f"      e.g. {s.kinds[0].capitalize()} {s.example}" in listed, s.template
    assert "  When I compare the ledger as of {day} with the ledger as of {day}" not in listed  # slots by their names
    assert "  When I compare the ledger as of {first} with the ledger as of {second}" in listed


def test_problems_of_several_files_are_each_one_line_and_counted_right(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "typo.feature").write_text("Feature: T\n  Scenario: S\n    Then the audit flags nothng\n", encoding="utf-8")
    (tmp_path / "syntax.feature").write_text("Feature: S\n  Scenario: S\n    Then the audit flags nothing\n  Rules\n",
                                             encoding="utf-8")
    (tmp_path / "empty.feature").write_text("", encoding="utf-8")
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(tmp_path)
        with pytest.raises(SystemExit) as exited:
            main(["check", "typo.feature", "syntax.feature", "empty.feature", "--db", f"sqlite:///{tmp_path / 'no.db'}"])
    err = capsys.readouterr().err.splitlines()
    assert exited.value.code == 2 and len(err) == 4 and err[-1] == counted(3), err
    assert all(line.startswith(P) for line in err), err
    assert [line.split(":")[2].strip() for line in err[:3]] == ["typo.feature", "syntax.feature", "empty.feature"]


@pytest.mark.parametrize(("args", "said"), [
    (["audit.feature", "--junit-xml", ""], "--junit-xml needs a file name"),
    (["--steps", "audit.feature"], "--steps lists the sentences and runs nothing: give it no feature (audit.feature)"),
], ids=["an empty report name", "a feature with --steps"])
def test_options_that_would_be_ignored_are_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                   args: list[str], said: str) -> None:
    (tmp_path / "audit.feature").write_text(PASSING, encoding="utf-8")
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(tmp_path)
        with pytest.raises(SystemExit) as exited:
            main(["check", *args, "--db", f"sqlite:///{tmp_path / 'no.db'}"])
    out, err = capsys.readouterr()
    assert exited.value.code == 2 and out == "" and said in err, err


# -- 9. typographic quotes --------------------------------------------------------------------------------

def test_a_typographic_apostrophe_in_a_cell_and_curly_double_quotes_in_a_step_read_as_plain_ones() -> None:
    statements = next(s for s in vocabulary() if s.template == "as of {day:day} the ledger holds these statements:").table
    assert statements is not None
    assert statements.rows([["speakers", "day", "stance"], ["China\u2019s foreign ministry", "2024-03-29", "condemns"]]) == [
        {"speakers": "China's foreign ministry", "day": "2024-03-29", "stance": "condemns"}]
    typed = "the refusal names \u201c2024-04-30\u201d"
    assert sentence("then", typed) is not None and sentence("then", typed) == sentence("then", 'the refusal names "2024-04-30"')


# -- 10. a fact named by its date, as its occurred_on may be written ------------------------------------------

LOOSE_DATES = """Feature: Loose dates
  Scenario: Named by the dates their sources give
    When I look at the ledger as of 2024-05-01
    Then the ledger holds a statement by France of 1992-08-30?
    And France's statement of 2024-03-28/2024-03-29 was never corrected
    And as of 2024-05-01 the ledger holds these statements:
      | speakers | day           | stance |
      | Japan    | ../2024-03-28 | warns  |
      | China    | 2024-03~      | warns  |

  Scenario Outline: And in Examples
    Then as of 2024-05-01 France's statement of <on> regrets and is about Russia

    Examples:
      | on          |
      | 2024-03-28% |
"""


def test_a_fact_named_by_any_date_the_ledger_takes_passes_the_check_before_running(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Nothing wrong in the features: the check goes on to open the ledger (there is none here)."""
    assert refused(tmp_path, capsys, LOOSE_DATES) == [
        f"{P}no ledger at sqlite:///{tmp_path / 'none.db'}; `ledger load` or `ledger init` creates one"]


def test_a_date_the_ledger_would_refuse_is_a_usage_error_at_its_line_in_a_step_a_table_or_examples(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = (LOOSE_DATES.replace("1992-08-30?", "1992-02-30?").replace("| ../2024-03-28 |", "| 2024-03-28/.. |")
           .replace("2024-03-28%", "2024-03-28?~"))
    holds = '"And as of 2024-05-01 the ledger holds these statements:"'
    assert refused(tmp_path, capsys, bad) == [
        f'{P}audit.feature:4: "Then the ledger holds a statement by France of 1992-02-30?": its on: 1992-02-30 is not a day: '
        "February 1992 has 29 days",
        f"{P}audit.feature:8: {holds}: the column day: 2024-03-28/.. has no end: a fact must have happened by some day "
        "for its source to report it; write D1/D2 with the source's publication day as D2",
        f"{P}audit.feature:16: the Examples' column on: 2024-03-28?~ is not a date: write YYYY, YYYY-MM or YYYY-MM-DD, "
        "or an EDTF level 1 form: an interval D1/D2, ../D (on or before D), D? (uncertain), D~ (approximate) or D% (both)",
        counted(3)]


# -- 11. a step that reads what no step before it gave: a day to look at, a moment noted ----------------------

UNMET = """Feature: Needs
  Background:
    Given I note the time as "in the background"

  Scenario: No day looked at
    Then the Mali sanctions regime is terminated since 2023-09-01

  Scenario: A moment never noted
    When I look at the ledger as of 2024-03-28 as known before "never noted"
    Then the DPRK Panel of Experts is active

  Scenario: A day looked at after the step that needs it
    Then the DPRK Panel of Experts is active
    When I look at the ledger as of 2024-03-28

  Scenario Outline: Noted in the Background, or in the scenario, or not
    When I note the time as "noted here"
    And I look at the ledger as of 2024-03-28 as known before "<label>"
    Then the DPRK Panel of Experts is active

    Examples:
      | label             |
      | in the background |
      | noted here        |
      | noted later       |
"""
NO_DAY = 'no day to look at: say "When I look at the ledger as of DAY" before it, in its scenario or the Background'


def test_a_step_that_needs_a_day_or_a_moment_no_step_before_it_gave_is_refused_before_anything_runs(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert refused(tmp_path, capsys, UNMET) == [
        f'{P}audit.feature:6: "Then the Mali sanctions regime is terminated since 2023-09-01": {NO_DAY}',
        f'{P}audit.feature:9: "When I look at the ledger as of 2024-03-28 as known before "never noted"": no step before '
        'it notes the moment "never noted": say "When I note the time as "never noted"" (or "When I note the time the '
        'ledger recorded "EVENT" as "never noted"") before it, in its scenario or the Background',
        f'{P}audit.feature:13: "Then the DPRK Panel of Experts is active": {NO_DAY}',
        f'{P}audit.feature:18: "And I look at the ledger as of 2024-03-28 as known before "noted later"": no step before '
        'it notes the moment "noted later": say "When I note the time as "noted later"" (or "When I note the time the '
        'ledger recorded "EVENT" as "noted later"") before it, in its scenario or the Background',
        counted(4)]


def test_every_step_that_reads_the_day_looked_at_or_a_moment_noted_declares_it() -> None:
    """A step that calls `looking` (the day looked at) or `noted` (a moment noted), itself or through a function
    of its module, declares what it needs; one that sets the day or notes a moment declares what it gives."""
    import ast
    import importlib

    def calls(f: ast.FunctionDef, functions: dict[str, ast.FunctionDef], seen: frozenset[str] = frozenset()) -> set[str]:
        """The names a function calls, and those its module's undecorated functions that it calls call."""
        called = {c.func.id for c in ast.walk(f) if isinstance(c, ast.Call) and isinstance(c.func, ast.Name)}
        return called | {n for c in called - seen if c in functions and not functions[c].decorator_list
                         for n in calls(functions[c], functions, seen | called)}

    for s in vocabulary():
        module = importlib.import_module(f"ledger.scenarios.{s.topic}")
        tree = ast.parse(Path(module.__file__ or "").read_text(encoding="utf-8"))
        functions = {f.name: f for f in tree.body if isinstance(f, ast.FunctionDef)}
        function = functions[s.function]
        called = calls(function, functions)
        assert ("looking" in called) == ("a day" in s.needs), s.template
        assert ("noted" in called) == any(n != "a day" for n in s.needs), s.template
        source = ast.unparse(function)
        assert ("scene.view =" in source) == ("a day" in s.gives), s.template
        assert ("scene.moments[label] =" in source) == ("{label}" in s.gives), s.template


# -- 12. problems in the order of their lines ------------------------------------------------------------------

def test_the_problems_of_a_file_are_said_in_the_order_of_their_lines(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A table's column problem (line 6) was found before the step under it (line 5) once: read top down now."""
    text = ("Feature: Order\n  Scenario: S\n    When I look at the ledger as of 2024-05-01\n"
            "    Then the DPRK Panel of Experts is expird\n    Then on these days the DPRK Panel of Experts was:\n"
            "      | Day        | status  |\n      | 2024-05-01 | expired |\n  Scenario: S\n    Then the audit flags nothing\n")
    err = refused(tmp_path, capsys, text)
    lines = [int(line.split(":")[3]) for line in err[:-1]]
    assert lines == sorted(lines) and len(lines) >= 3, err


# -- 13. a moment as `--known-at` takes it ---------------------------------------------------------------------

def test_a_moment_with_a_space_between_its_date_and_time_is_read_as_known_at_reads_it(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Nothing wrong in the feature: the check goes on to open the ledger (there is none here)."""
    text = ("Feature: M\n  Scenario: S\n    When I look at the ledger as of 2024-03-28 as known at 2024-06-01 12:00\n"
            "    Then the DPRK Panel of Experts is active\n")
    assert refused(tmp_path, capsys, text) == [
        f"{P}no ledger at sqlite:///{tmp_path / 'none.db'}; `ledger load` or `ledger init` creates one"]
    look = sentence("when", "I look at the ledger as of 2024-03-28 as known at 2024-06-01 12:00")
    assert look is not None and look.arguments("when", "I look at the ledger as of 2024-03-28 as known at "
                                                "2024-06-01 12:00") == {"day": "2024-03-28", "moment": "2024-06-01 12:00"}
