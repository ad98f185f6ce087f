"""`ledger check`: the project's own features, run as an auditor runs them against a ledger loaded with the
seed (as `make run` leaves it), on SQLite and PostgreSQL, leave the audited database as it was."""

from __future__ import annotations

import hashlib
import re
import subprocess
import sys
import xml.etree.ElementTree as ElementTree
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from sqlalchemy import create_engine, make_url, text

from ledger.documents.files import document_files
from tests.conftest import ROOT, SEEDS, postgres_schema

LEDGER = [sys.executable, "-m", "ledger.cli"]
FEATURES = ["features/seed", "features/audit"]
SCENARIOS = 75  # features/seed and features/audit, each example of an outline a scenario of its own


def ledger(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*LEDGER, *args], capture_output=True, text=True, timeout=600, cwd=cwd)


def sqlite_bytes(path: Path) -> Callable[[], str]:
    """The database file's digest, and the files beside it (a reader leaves none behind)."""
    return lambda: hashlib.sha256(path.read_bytes()).hexdigest() + " " + ",".join(sorted(p.name for p in path.parent.iterdir()))


def postgres_rows(url: str) -> Callable[[], str]:
    """Every table of the ledger's schema: its rows counted, and digested in an order of their own."""
    schema = make_url(url).query["options"].split("=")[-1]

    def digest() -> str:
        engine = create_engine(url)
        try:
            with engine.connect() as connection:
                tables = connection.execute(text("SELECT table_name FROM information_schema.tables "
                                                 "WHERE table_schema = :s ORDER BY table_name"), {"s": schema}).scalars().all()
                assert "ledger_events" in tables
                return ";".join(
                    f"{t}:" + ":".join(str(v) for v in connection.execute(text(
                        f'SELECT COUNT(*), md5(coalesce(string_agg(md5(r::text), \'\' ORDER BY md5(r::text)), \'\')) '
                        f'FROM "{schema}"."{t}" r')).one())
                    for t in tables)
        finally:
            engine.dispose()

    return digest


@dataclass
class Checked:
    url: str
    before: str
    after: str = ""
    runs: dict[str, subprocess.CompletedProcess[str]] = field(default_factory=dict)
    junit: Path | None = None


def false_feature(folder: Path) -> Path:
    """features/seed/panel.feature with one expected value made false: the panel active on 2024-05-01."""
    feature = (ROOT / "features/seed/panel.feature").read_text(encoding="utf-8")
    wrong = feature.replace("| 2024-05-01 | expired |", "| 2024-05-01 | active  |")
    assert wrong != feature
    (folder / "panel.feature").write_text(wrong, encoding="utf-8")
    return folder / "panel.feature"


UNKNOWN = """Feature: A typo
  Scenario: The panel after its mandate
    Given the ledger holds the seed article
    When I look at the ledger as of 2024-05-01
    Then the DPRK Panel of Experts is expird
"""


# As a Windows editor saves it (a byte-order mark first) and macOS autocorrect types it (’ for ').
TYPOGRAPHIC = """\ufeffFeature: Typed on a phone
  Rule: The veto
    Scenario: Russia’s veto, cited
      Then Russia’s veto of S/2024/255 cites the source article-2024-03-29

  Rule: The statement
    Scenario: Matthew Miller’s statement, as it stands
      Then Matthew Miller’s statement of 2024-03-28 was never corrected
"""


# A moment before anything was recorded (written with a space, as `--known-at` takes it too).
EARLY = """Feature: Too early
  Scenario: Known before the first recording
    When I look at the ledger as of 2024-03-28 as known at 2020-01-01 00:00
    Then the ledger holds a statement by Matthew Miller of 2024-03-28
"""


@pytest.fixture(scope="module", params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def checked(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Checked]:
    """A ledger loaded with the seed, checked with the project's features, with one false, and with a typo."""
    folder = tmp_path_factory.mktemp("check")
    if request.param == "sqlite":
        path = tmp_path_factory.mktemp("audited") / "ledger.db"
        yield from _check(f"sqlite:///{path}", sqlite_bytes(path), folder)
    else:
        with postgres_schema(request.getfixturevalue("postgres_url")) as url:
            yield from _check(url, postgres_rows(url), folder)


def _check(url: str, digest: Callable[[], str], folder: Path) -> Iterator[Checked]:
    # File by file, as the seed's history was written (its facts, then their fixes), as features/seed asks.
    loads = [ledger("--db", url, "load", str(file)) for file in document_files(SEEDS)]
    loaded = next((run for run in loads if run.returncode != 0), loads[-1])
    assert loaded.returncode == 0, loaded.stderr
    done = Checked(url, digest(), junit=folder / "junit.xml")
    done.runs["features"] = ledger("--db", url, "check", *FEATURES, "--junit-xml", str(done.junit))
    done.runs["example"] = ledger("--db", url, "check", "examples/audit")
    done.runs["false"] = ledger("check", "panel.feature", "--db", url, "--junit-xml", "false.xml",
                                cwd=false_feature(folder).parent)
    (folder / "typo.feature").write_text(UNKNOWN, encoding="utf-8")
    done.runs["unknown"] = ledger("--db", url, "check", "typo.feature", cwd=folder)
    (folder / "typographic.feature").write_text(TYPOGRAPHIC, encoding="utf-8")
    done.runs["typographic"] = ledger("--db", url, "check", "typographic.feature", cwd=folder)
    (folder / "early.feature").write_text(EARLY, encoding="utf-8")
    done.runs["early"] = ledger("--db", url, "check", "early.feature", cwd=folder)
    if url.startswith("sqlite"):  # the examples `--steps` prints, once (they are the same on every database)
        (folder / "examples.feature").write_text(examples_feature(), encoding="utf-8")
        done.runs["examples"] = ledger("--db", url, "check", "examples.feature", cwd=folder)
    done.after = digest()
    yield done


def examples_feature() -> str:
    """A scenario an example of `ledger check --steps` that says what is so ("Then ..."), each after a look at
    the seeded ledger as of 2024-05-01, as `--steps` prints it (with its table)."""
    from ledger.scenarios.runner import vocabulary

    scenarios = []
    for at, s in enumerate(vocabulary()):
        if s.kinds[0] == "then":
            more = "".join(f"      {line}\n" for line in s.more.splitlines())
            # A moment it needs noted is noted first (what it is noted before is the step's to say).
            notes = "".join(f"    When I note the time as {need}\n" for need in s.needs if need.startswith('"'))
            scenarios.append(f"  Scenario: {at} {s.template}\n    Given the ledger holds the seed article\n"
                             f"    When I look at the ledger as of 2024-05-01\n{notes}    Then {s.example}\n{more}")
    return "Feature: The examples of the steps list\n" + "\n".join(scenarios)


# The examples that say something true of the seeded ledger only after a step before them that is not a look
# at a day: a what-if, a fix, a list, an audit, a comparison, or a moment noted; alone, each is false.
IN_CONTEXT = {
    "the timeline shows that a vote on {panel} was postponed in {on:date}, to the {precision:year|month|day}",  # before the seed's fixes
    "the vote on {draft} is not yet on record",  # as of a day before the vote
    "there is no statement by {speakers}",  # after a retraction
    "the audit lists every fact the ledger holds, in the order and at the moment they were recorded",  # after an audit
    "nothing is flagged",  # after an audit
    'the audit shows {fact} citing the article at "{locator:text}" in the words "{words:text}"',  # after an audit
    '{fact} was corrected because "{reason:text}"',  # after a what-if correction
    'before its last correction, {fact} had the stance "{stance:text}"',  # after a what-if correction
    "the audit still lists {fact} as first recorded, quoting the article, unflagged",  # after a what-if correction noted before
    "the history of {thing} lists these versions:",  # its example lists a version of a draft's history only
    "the verify command, given the digest I kept, succeeds and says the log extends it",  # after a digest kept
    "the ledger's log has grown since the digest I kept",  # after a digest kept and an append
    "the ledger's log extends the digest {digest:digest}",  # a digest kept of the ledger audited
    "the list holds {count:int} statements",  # after a list
    "the list holds {speakers}'s statement of {on:date}, quoting \"{words:text}\"",  # after a list
    'the list names {speaker} as "{label:text}"',  # after a list
}


def test_every_example_the_steps_list_gives_is_true_of_the_seeded_ledger_or_needs_a_step_before_it(
        checked: Checked) -> None:
    """Run alone after a look at 2024-05-01, an example either holds, or fails for want of what a step before it
    would give (no audit, no list, nothing appended: not a false expectation), or is one of IN_CONTEXT."""
    if "examples" not in checked.runs:
        pytest.skip("run on SQLite only")
    run = checked.runs["examples"]
    false = re.findall(r"^FAILED  examples\.feature:\d+: \d+ (.+)\n        line \d+: .*\n        expected ", run.stdout, flags=re.M)
    assert set(false) <= IN_CONTEXT, sorted(set(false) - IN_CONTEXT)
    passed = re.findall(r"^passed  examples\.feature:\d+: \d+ (.+)$", run.stdout, flags=re.M)
    assert "{regime:name} is terminated since {day:day}" in passed
    assert "the timeline shows that {regime} was terminated on {on:date}" in passed


def test_the_projects_features_pass_against_the_seeded_ledger(checked: Checked) -> None:
    run = checked.runs["features"]
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-2000:]
    lines = run.stdout.splitlines()
    assert lines[-1] == f"{SCENARIOS} scenarios: {SCENARIOS} passed, 0 failed"
    assert len([line for line in lines if line.startswith("passed  features/")]) == SCENARIOS
    assert "passed  features/audit/tamper.feature:" in run.stdout and "Traceback" not in run.stderr


def test_each_example_of_an_outline_is_named_by_its_row(checked: Checked) -> None:
    """The row is read from pytest-bdd's private parameter (`ledger.scenarios.report.EXAMPLE`): a pytest-bdd
    that moves it fails here, rather than leaving the rows of an outline told apart by nothing."""
    lines = checked.runs["features"].stdout.splitlines()
    assert ("passed  features/seed/panel.feature:9: The panel on the days around the veto [day 2024-03-27, status "
            "active, vetoes nothing, monitored monitored]") in lines
    assert ("passed  features/seed/panel.feature:9: The panel on the days around the veto [day 2024-05-01, status "
            "expired, vetoes Russia's veto of S/2024/255, monitored not monitored]") in lines


def test_the_auditors_example_passes(checked: Checked) -> None:
    run = checked.runs["example"]
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-2000:]
    assert run.stdout.splitlines()[-1] == "9 scenarios: 9 passed, 0 failed"


def test_the_junit_report_holds_a_testcase_per_scenario(checked: Checked) -> None:
    assert checked.junit is not None
    report = checked.junit.read_text(encoding="utf-8")
    assert len(re.findall(r"<testcase ", report)) == SCENARIOS
    assert 'failures="0"' in report and 'errors="0"' in report


def test_the_junit_report_names_each_scenario_by_its_feature_and_says_a_failure_as_the_console_does(
        checked: Checked) -> None:
    """Read by a JUnit XML parser: a testcase's classname is its feature file (as the console shows it), its name
    the scenario's with its Examples row; a failure says the step and what it said, in the console's words only."""
    assert checked.junit is not None
    suites = ElementTree.parse(checked.junit.parent / "false.xml").getroot()
    assert suites.tag == "testsuites" and [s.tag for s in suites] == ["testsuite"]
    cases = list(suites.iter("testcase"))
    assert len(cases) == int(suites[0].get("tests", "")) == 7
    assert {c.get("classname") for c in cases} == {"panel.feature"}
    names = [c.get("name") for c in cases]
    assert "The day before the vote, no vote had been held" in names
    failing = "The panel on the days around the veto [day 2024-05-01, status active, vetoes Russia's veto of S/2024/255, monitored not monitored]"
    assert failing in names
    failures = [(c, f) for c in cases for f in c.iter("failure")]
    assert len(failures) == 1 and suites[0].get("failures") == "1"
    case, failure = failures[0]
    assert case.get("name") == failing
    # Still of the JUnit family pytest writes (xunit2): a testcase has no attributes but these.
    assert all(set(c.attrib) <= {"classname", "name", "time"} for c in cases), [c.attrib for c in cases]
    console = checked.runs["false"].stdout.splitlines()
    told = console[console.index(f"FAILED  panel.feature:9: {failing}") + 1:][:2]
    assert failure.text == "\n".join(line.strip() for line in told)
    assert failure.get("message") == told[1].strip()
    report = ElementTree.parse(checked.junit).getroot()
    assert all(c.get("classname", "").startswith(("features/seed/", "features/audit/")) for c in report.iter("testcase"))


def test_one_false_expectation_fails_naming_what_the_ledger_holds(checked: Checked) -> None:
    run = checked.runs["false"]
    assert run.returncode == 1, run.stdout[-3000:] + run.stderr[-2000:]
    assert run.stdout.count("FAILED  ") == 1 and run.stdout.splitlines()[-1] == "7 scenarios: 6 passed, 1 failed"
    assert "line 11: Then the DPRK Panel of Experts is active" in run.stdout
    assert ("expected the DPRK Panel of Experts to be active as of 2024-05-01; the ledger holds it expired since its "
            "mandate ended on 2024-04-30 (mandate to 2024-04-30 of S/RES/2680, event panel.dprk.extended.2680; "
            "veto of S/2024/255 by RUS, event vote.S/2024/255/veto/RUS)") in run.stdout


def test_a_moment_before_the_first_recording_is_said_so_as_ledger_state_says_it(checked: Checked) -> None:
    run = checked.runs["early"]
    assert run.returncode == 1, run.stdout[-3000:] + run.stderr[-2000:]
    said = run.stdout.splitlines()[2]
    assert said.endswith("; the ledger holds 0; their statements: none (nothing was recorded by 2020-01-01T00:00:00Z: "
                         "the first recording is " + said.split("the first recording is ")[-1]), said
    state = ledger("--db", checked.url, "state", "--known-at", "2020-01-01 00:00")
    told = re.search(r"nothing was recorded by .*", state.stdout + state.stderr)
    assert told is not None and f"({told[0]})" in said, (said, state.stdout, state.stderr)


def test_an_unknown_step_is_a_usage_error_naming_its_line_and_the_nearest_sentence(checked: Checked) -> None:
    run = checked.runs["unknown"]
    assert run.returncode == 2
    assert run.stderr.startswith('ledger: check: typo.feature:5: no step matches "Then the DPRK Panel of Experts is expird"; '
                                 'nearest known: "Then the DPRK Panel of Experts is expired"'), run.stderr
    assert run.stdout == "" and "Traceback" not in run.stderr


def test_a_byte_order_mark_is_read_past_and_a_typographic_apostrophe_read_as_a_plain_one(checked: Checked) -> None:
    run = checked.runs["typographic"]
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-2000:]
    assert run.stdout.splitlines() == ["passed  typographic.feature:3: Russia’s veto, cited",
                                       "passed  typographic.feature:7: Matthew Miller’s statement, as it stands",
                                       "2 scenarios: 2 passed, 0 failed"]


def test_the_audited_database_is_unchanged_by_every_run_what_ifs_included(checked: Checked) -> None:
    ran = checked.runs["features"].stdout
    # The runs included what-ifs: corrections appended, rows edited, deleted and swapped, a forgery stored.
    assert ran.count("passed  features/audit/corrections.feature:") == 3
    assert ran.count("passed  features/audit/tamper.feature:") == 6
    assert ran.count("passed  features/audit/whatifs.feature:") == 6
    assert checked.after == checked.before


def test_a_database_with_no_ledger_is_a_usage_error_in_one_line(tmp_path: Path) -> None:
    run = ledger("check", "features/seed", "--db", f"sqlite:///{tmp_path / 'none.db'}")
    assert run.returncode == 2 and run.stdout == ""
    assert run.stderr.strip().splitlines() == [f"ledger: check: no ledger at sqlite:///{tmp_path / 'none.db'}; "
                                               "`ledger load` or `ledger init` creates one"]
    assert not (tmp_path / "none.db").exists()


def test_the_vocabulary_lists_twenty_sentences_or_more_each_with_an_example() -> None:
    run = ledger("check", "--steps")
    assert run.returncode == 0, run.stderr
    sentences = re.findall(r"^  (?:Given|When|Then)\S* (.+)$", run.stdout, flags=re.M)
    examples = re.findall(r"^      e\.g\. (?:Given|When|Then) (.+)$", run.stdout, flags=re.M)
    assert len(sentences) == len(examples) >= 20
    assert "Then {panel} is active|expired|terminated" in run.stdout
    assert "e.g. Given a copy of the ledger" in run.stdout
