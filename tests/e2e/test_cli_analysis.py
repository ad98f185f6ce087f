"""`ledger diff` and `ledger timeline`'s filters as a user runs them: real processes, a real SQLite file."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from tests.e2e.test_cli import run


@pytest.fixture(scope="module")
def seeded_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("analysis") / "ledger.db"
    from tests.conftest import SEEDS

    assert run(db, "load", str(SEEDS)).returncode == 0
    return db


def ok(result: subprocess.CompletedProcess[str]) -> str:
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_diff_across_the_veto_shows_the_panel_expire_and_names_the_veto(seeded_db: Path) -> None:
    said = ok(run(seeded_db, "diff", "2024-03-27", "2024-05-01"))
    lines = said.splitlines()
    assert lines[0] == "Changes from 2024-03-27 to 2024-05-01"
    status = next(i for i, line in enumerate(lines) if "status: active → expired" in line)
    until = next(i for i, line in enumerate(lines) if "vetoes: +S/2024/255" in line)  # the panel's next change
    because = " ".join(" ".join(line.split("│")[3] for line in lines[status:until] if line.count("│") == 4).split())
    assert "RUS vetoes draft S/2024/255" in because and "vote.S/2024/255/veto/RUS" in because and "VetoCast" in because
    statements = " ".join(line.split("│")[1].strip() for line in lines if line.count("│") == 4)
    assert "Matthew Miller (USA) condemns" in statements  # a statement that appeared, its speaker by name and state


def test_diff_as_json_is_the_same_as_data(seeded_db: Path) -> None:
    data = json.loads(ok(run(seeded_db, "diff", "2024-03-27", "2024-05-01", "--json")))
    panel = next(c for c in data["changes"] if c["kind"] == "panel" and c["id"] == "dprk-panel")
    status = next(f for f in panel["fields"] if f["field"] == "status")
    assert (status["before"], status["after"]) == ("active", "expired")
    veto = next(c for c in status["causes"] if c["type"] == "VetoCast")
    assert (veto["event_id"], veto["on"], veto["source"], veto["how"]) == (
        "vote.S/2024/255/veto/RUS", "2024-03-28", "S/PV.9591", "new")  # cited as its vote now is


def test_diff_of_one_day_between_two_moments(seeded_db: Path) -> None:
    data = json.loads(ok(run(seeded_db, "diff", "--as-of", "2024-05-01", "--known-at", "2000-01-01", "2999-01-01",
                             "--json")))
    assert data["before"]["known_at"].startswith("2000-01-01T23:59:59") and data["after"]["as_of"] == "2024-05-01"
    assert {c["what"] for c in data["changes"]} == {"appeared"}  # nothing was known in 2000
    assert "nothing changed" in ok(run(seeded_db, "diff", "2024-05-01", "2024-05-01"))


def test_an_empty_diff_says_why(seeded_db: Path) -> None:
    before_the_facts = ok(run(seeded_db, "diff", "1900-01-01", "1901-01-01")).splitlines()
    assert before_the_facts[1:] == ["nothing changed: the facts held run from 1946-02-16 to 2024-03-29"]
    before_anything_known = ok(run(seeded_db, "diff", "2024-03-27", "2024-05-01", "--known-at", "1999-01-01"))
    assert "nothing was recorded by 1999-01-01T23:59:59.999999Z: the first recording is " in before_anything_known
    beside_json = run(seeded_db, "diff", "1900-01-01", "1901-01-01", "--json")
    assert json.loads(ok(beside_json))["changes"] == []
    assert beside_json.stderr == "nothing changed: the facts held run from 1946-02-16 to 2024-03-29\n"


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (("2024-05-01", "2024-03-27"), "D1 2024-05-01 is after D2 2024-03-27: give the earlier day first"),
        (("2024-03-27",), "give two days to compare, D1 D2 (got 1)"),
        (("2024-13-01", "2024-05-01"), "D1: '2024-13-01' is not a day (YYYY-MM-DD): there is no month 13"),
        (("--as-of", "2024-05-01", "--known-at", "2024-06-01"), "--as-of compares one day as known at two moments"),
        (("--as-of", "2024-05-01", "--known-at", "2024-06-02", "2024-06-01"), "--known-at 2024-06-02 is after 2024-06-01"),
        (("--as-of", "2024-05", "--known-at", "2024-06-01", "2024-06-02"), "--as-of: '2024-05' is a month, not a day"),
    ],
)
def test_a_bad_diff_is_refused_in_one_line_before_anything_is_opened(tmp_path: Path, args: tuple[str, ...], said: str) -> None:
    db = tmp_path / "never.db"
    result = run(db, "diff", *args)
    assert result.returncode == 2 and result.stdout == ""
    assert result.stderr.startswith("ledger: usage: ") and said in result.stderr
    assert len(result.stderr.splitlines()) == 1 and not db.exists()


def test_timeline_about_the_panel_lists_every_statement_with_speaker_and_quote(seeded_db: Path) -> None:
    said = ok(run(seeded_db, "timeline", "--about", "dprk-panel", "--quotes"))
    flat = " ".join(" ".join(line.strip("│ ") for line in said.splitlines()).split())
    for words in ("Matthew Miller (USA) condemns", "Vasily Nebenzia (RUS) justifies", "Barbara Woodward (GBR) condemns",
                  "Ministry of Foreign Affairs of the People's Republic of China (CHN) condemns",
                  "“\"What Russia did today undermines world peace and security",
                  "the imposition of blind sanctions cannot solve the problem",
                  # the quote is the source's words: what a correction changed since is said under it
                  "corrected by fix.china-mfa.stance: stance → condemns",
                  "corrected by fix.vote.S/2024/255.sources: its sources"):
        assert words in flat, words
    rows = json.loads(ok(run(seeded_db, "timeline", "--about", "dprk-panel", "--type", "StatementIssued", "--json")))
    assert len(rows) == 14 and all(r["type"] == "StatementIssued" and r["quote"] for r in rows)


def test_timeline_by_speaker_and_a_bad_type(seeded_db: Path) -> None:
    rows = json.loads(ok(run(seeded_db, "timeline", "--speaker", "Matthew Miller", "--json")))
    assert [r["event_id"] for r in rows] == ["statement.miller.2024-03-28"]
    result = run(seeded_db, "timeline", "--type", "Veto")
    assert result.returncode == 2 and "--type: 'Veto' is not one of 'SourceRegistered'" in result.stderr
    nothing = run(seeded_db, "timeline", "--speaker", "Matthew Miller", "--to", "2023")
    assert nothing.returncode == 0 and "the ledger holds no fact up to 2023-12-31 by Matthew Miller: " in nothing.stdout
    unknown = run(seeded_db, "timeline", "--speaker", "nobody")
    assert unknown.returncode == 2 and unknown.stderr.strip().splitlines() == [
        "ledger: invalid argument: speaker: no actor or state 'nobody': give a registered actor's id or name, "
        "or a state's ISO code or English name"]


@pytest.mark.parametrize(
    ("about", "meant"),
    [("DPRK-panel", "'dprk-panel'"), ("dprk-regim", "'dprk-regime'"), ("s/2024/255", "'S/2024/255'"), ("Rusia", "RUS")],
)
def test_timeline_about_an_id_the_ledger_does_not_hold_guesses_the_one_it_likely_means(
        seeded_db: Path, about: str, meant: str) -> None:
    result = run(seeded_db, "timeline", "--about", about)
    assert result.returncode == 2 and result.stdout == ""
    assert result.stderr.startswith(f"ledger: invalid argument: about: the ledger holds no panel, regime, draft, actor or "
                                    f"state {about!r}; did you mean {meant}")
    assert len(result.stderr.splitlines()) == 1
    far = run(seeded_db, "timeline", "--about", "zzz")
    assert far.stderr == "ledger: invalid argument: about: the ledger holds no panel, regime, draft, actor or state 'zzz'\n"


def test_an_empty_timeline_about_a_state_says_what_was_searched_and_how_votes_name_states(seeded_db: Path) -> None:
    # The veto record's votes name their topic only as text (agenda item "Middle East"): "no veto about Syria
    # happened" would be false. The answer says what was searched, and how a vote names a state.
    result = run(seeded_db, "timeline", "--type", "VetoCast", "--about", "Syria")
    assert result.returncode == 0 and result.stderr == ""
    assert result.stdout.splitlines() == [
        "the ledger holds no VetoCast naming SYR (Syria) among those it is about, who spoke or who voted: the facts "
        "held run from 1946-02-16 to 2024-03-29",
        "a vote or a veto names a state only as a member voting or a speaker; its topic is text",
        "(its agenda item, the veto list's line), which `--type DraftResolutionVoted --json` shows",
    ]
    said = run(seeded_db, "timeline", "--type", "StatementIssued", "--about", "SYR", "--json")
    assert said.stdout == "[]\n" and said.stderr.splitlines() == [
        "the ledger holds no StatementIssued naming SYR (Syria) among those it is about, who spoke or who voted: the "
        "facts held run from 1946-02-16 to 2024-03-29"]  # no vote among the types: no word on votes
    panel = run(seeded_db, "timeline", "--type", "VetoCast", "--about", "dprk-panel", "--to", "2000")
    assert panel.stdout == "the ledger holds no VetoCast up to 2000-12-31 about dprk-panel: the facts held run from 1946-02-16 to 2024-03-29\n"
