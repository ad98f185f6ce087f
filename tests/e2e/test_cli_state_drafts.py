"""`ledger state` for people: the drafts voted by the day, each with its vote, its veto and the panel it
concerned; and who sought relief from a regime by name and state, where the ledger registered them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import SEEDS
from tests.e2e.test_cli_answers import ledger

# China's foreign ministry asking for relief: an actor, not a state, so the table names it and its state.
RELIEF_BY_AN_ACTOR = {
    "type": "SanctionsReliefSought", "id": "regime.dprk.relief-sought.china-mfa", "occurred_on": "2024-03-28",
    "source": {"document": "S/PV.9591"}, "regime_id": "dprk-regime", "by": ["china-mfa"],
}


@pytest.fixture(scope="module")
def seeded_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("drafts")
    db = folder / "ledger.db"
    result = ledger(db, "load", str(SEEDS))
    assert result.returncode == 0, result.stderr
    (folder / "relief.jsonl").write_text(json.dumps(RELIEF_BY_AN_ACTOR) + "\n", encoding="utf-8")
    result = ledger(db, "load", str(folder / "relief.jsonl"))
    assert result.returncode == 0, result.stderr
    return db


def cells(output: str, first: str) -> list[str]:
    """The cells of the table row that starts with `first`."""
    line = next(line for line in output.splitlines() if line.startswith(f"│ {first} "))
    return [cell.strip() for cell in line.split("│")[1:-1]]


def test_state_lists_each_draft_with_its_vote_veto_and_panel(seeded_db: Path) -> None:
    result = ledger(seeded_db, "state", "--as-of", "2024-05-01", columns=80)
    assert result.returncode == 0, result.stderr
    assert "Draft resolutions voted" in result.stdout
    header = next(line for line in result.stdout.splitlines() if line.startswith("┃ draft "))
    assert [c.strip() for c in header.split("┃")[1:-1]] == [
        "draft", "voted on", "for", "against", "abstained", "vetoed by", "concerning"]
    assert cells(result.stdout, "S/2024/255") == ["S/2024/255", "2024-03-28", "13", "1 (RUS)", "1 (CHN)", "RUS", "dprk-panel"]
    assert cells(result.stdout, "S/2023/638") == ["S/2023/638", "2023-08-30", "13", "1 (RUS)", "1 (CHN)", "RUS", "mali-panel"]
    assert max(len(line) for line in result.stdout.splitlines()) <= 80


def test_a_draft_appears_from_the_day_it_was_voted(seeded_db: Path) -> None:
    before = ledger(seeded_db, "state", "--as-of", "2024-03-27", columns=80).stdout
    assert "S/2023/638" in before and "S/2024/255" not in before


def test_state_wide_adds_each_drafts_outcome_and_penholders(seeded_db: Path) -> None:
    result = ledger(seeded_db, "state", "--as-of", "2024-05-01", "--wide", columns=132)
    assert cells(result.stdout, "S/2024/255")[-2:] == ["vetoed", "USA"]
    assert cells(result.stdout, "S/2023/638")[-2:] == ["vetoed", "FRA, ARE"]


def test_relief_sought_by_an_actor_is_shown_by_name_and_state(seeded_db: Path) -> None:
    result = ledger(seeded_db, "state", "--as-of", "2024-05-01", "--wide", columns=200)
    assert result.returncode == 0, result.stderr
    assert cells(result.stdout, "dprk-regime")[-1] == (
        "RUS, CHN, Ministry of Foreign Affairs of the People's Republic of China (CHN)")
    # the view for programs keeps the ids
    view = json.loads(ledger(seeded_db, "state", "--as-of", "2024-05-01", "--json").stdout)
    assert view["regimes"][0]["relief_sought_by"] == ["RUS", "CHN", "china-mfa"]


def test_drafts_on_no_panel_or_regime_are_counted_and_listed_when_asked(seeded_db: Path) -> None:
    plain = ledger(seeded_db, "state", "--as-of", "2024-05-01", columns=80).stdout
    assert "pv-23-1" not in plain and "214 more drafts voted by then, on no panel or regime (--all-drafts)" in plain
    every = ledger(seeded_db, "state", "--as-of", "2024-05-01", "--all-drafts", columns=80).stdout
    # The against column is as wide as its header: `? (SUN)` on one line (no longer squeezed onto two)
    assert cells(every, "pv-23-1") == ["pv-23-1", "1946-02-16", "?", "? (SUN)", "?", "SUN", "-"]
    assert "?: unknown, the source does not give the count" in every
    assert cells(every, "S/2024/255")[2] == "13" and "more drafts" not in every


def test_all_drafts_are_listed_by_the_day_of_their_vote_in_the_table_and_as_json(seeded_db: Path) -> None:
    table = ledger(seeded_db, "state", "--as-of", "2024-05-01", "--all-drafts", "--wide", columns=200).stdout
    rows = [line.split("│")[1].strip() for line in table.splitlines() if line.startswith("│ pv-") or line.startswith("│ S/")]
    assert rows[0] == "pv-23-1" and rows[-1] == "S/2024/255"
    assert rows.index("S/1048") < rows.index("S/10416")
    drafts = json.loads(ledger(seeded_db, "state", "--as-of", "2024-05-01", "--all-drafts", "--json").stdout)["drafts"]
    assert [d["draft_id"] for d in drafts] == rows


def test_every_draft_fits_80_columns_without_a_word_of_a_header_or_an_id_cut(seeded_db: Path) -> None:
    # rich narrowed the widest columns under their headers once `S/552:preliminary` widened the first:
    # `agains`/`t`, `abstai`/`ned`. A header now wraps only between its words, and only the id too long folds.
    result = ledger(seeded_db, "state", "--as-of", "2024-05-01", "--all-drafts", columns=80)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert max(len(line) for line in lines) <= 80
    table = lines.index(next(line for line in lines if "Draft resolutions voted" in line))
    header = [line for line in lines[table:] if line.startswith("┃")]
    words = [" ".join(c.strip() for c in column if c.strip())
             for column in zip(*([c for c in line.split("┃")[1:-1]] for line in header), strict=True)]
    assert words == ["draft", "voted on", "for", "against", "abstained", "vetoed by", "concerning"]
    assert cells(result.stdout, "S/10446/Rev.1")[:2] == ["S/10446/Rev.1", "1971-12-13"]  # ids whole where they fit
    at = lines.index(next(line for line in lines if line.startswith("│ S/552: ")))
    assert [cells(line, line.split("│")[1].strip())[0] for line in lines[at:at + 2]] == ["S/552:", "preliminary"]


def test_a_table_that_fits_is_laid_out_as_before(seeded_db: Path) -> None:
    wide = ledger(seeded_db, "state", "--as-of", "2024-05-01", "--all-drafts", columns=120)
    assert cells(wide.stdout, "S/552:preliminary")[:2] == ["S/552:preliminary", "1947-09-15"]
    assert cells(wide.stdout, "S/11543")[3] == "? (FRA, GBR, USA)"
