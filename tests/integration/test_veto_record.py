"""The veto record since 1946 in a real ledger: the vetoes per member the list names, each on its day; the
seed as the importer writes it; an import twice stores nothing new; what is unknown is said so."""

from __future__ import annotations

import csv
import json
from collections import Counter
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from ledger import Ledger
from ledger.errors import Conflict, InvalidArgument
from ledger.service.imports import import_vetoes, read_vetoes
from tests.conftest import SEEDS

LIST = SEEDS / "unsc_vetoes_1946_sept2022.csv"
SEED = SEEDS / "vetoes-1946-2022.jsonl"
FIRST, LAST = date(1946, 1, 1), date(2022, 7, 8)


def listed_vetoes() -> Counter[tuple[str, str]]:
    """(member, day) of every veto the list names, read from its columns here, without the importer: the
    names in member_veto1-3, the day in the date column, each seat's holder by its date."""
    found: Counter[tuple[str, str]] = Counter()
    with LIST.open(encoding="utf-8-sig", newline="") as f:
        for row in csv.DictReader(f):
            month, day, year = map(int, row["date"].split("/"))
            on = date(year, month, day)
            for name in (row[f"member_veto{n}"].strip() for n in (1, 2, 3)):
                if name:
                    code = {"USSR": "SUN", "Russia": "RUS", "USA": "USA", "UK": "GBR", "France": "FRA",
                            "China": "CHN" if on >= date(1971, 10, 25) else "TWN"}[name]
                    if code in ("SUN", "RUS"):
                        code = "RUS" if on >= date(1991, 12, 24) else "SUN"
                    found[code, on.isoformat()] += 1
    return found


@pytest.fixture(scope="module")
def whole_seed(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Ledger]:
    path = tmp_path_factory.mktemp("vetoes") / "ledger.db"
    with Ledger.open(f"sqlite:///{path}") as lg:
        lg.load(SEEDS)
        yield lg


def test_the_ledger_derives_as_many_vetoes_per_member_as_the_list_names_each_on_its_day(whole_seed: Ledger) -> None:
    view = whole_seed.as_of(LAST)
    derived = Counter((r.details["member"], r.on.text) for r in view.timeline
                      if r.type == "VetoCast" and FIRST.isoformat() <= r.on.text <= LAST.isoformat())
    assert derived == listed_vetoes()
    per_member = Counter(member for member, _ in derived.elements())
    assert per_member == Counter(member for member, _ in listed_vetoes().elements())
    assert set(per_member) == {"SUN", "RUS", "USA", "GBR", "FRA", "CHN"}


def test_every_vote_of_the_list_is_vetoed_with_its_tally_unknown(whole_seed: Ledger) -> None:
    drafts = [d for d in whole_seed.as_of(LAST).drafts if d.draft_id not in ("S/2023/638", "S/2024/255")]
    with LIST.open(encoding="utf-8-sig", newline="") as f:
        assert len(drafts) == sum(1 for _ in csv.DictReader(f))
    assert {d.outcome for d in drafts} == {"vetoed"}
    assert all(d.in_favour is None and d.against is None and d.abstaining is None for d in drafts)
    assert all(d.unknown == ["in_favour", "against", "abstaining"] for d in drafts)
    first = whole_seed.as_of(LAST).draft("pv-23-1")
    assert first is not None and first.to_dict()["in_favour"] is None and first.against_members == ["SUN"]


def test_the_audit_lists_the_votes_whose_rules_could_not_all_be_checked(whole_seed: Ledger) -> None:
    found = whole_seed.audit()
    unchecked = {p.event_id for p in found if p.unchecked}
    votes = {p.event_id for p in found if p.type == "DraftResolutionVoted"}
    # the two votes of the article give their tally; every vote of the list does not
    assert unchecked == votes - {"vote.S/2023/638", "vote.S/2024/255"}
    assert all(any("the tally is unknown" in rule for rule in p.unchecked) for p in found if p.unchecked)
    # each row the votes quote is found in the list's text
    quoting = [c for p in found if p.event_id in unchecked for c in p.also_cited if c.source == "veto-list-2022-07-08"]
    assert len(quoting) == len(unchecked) and all(c.checked and c.problem is None for c in quoting)


def test_the_seed_is_what_the_importer_writes_from_the_list_beside_it() -> None:
    written = [json.loads(line) for line in SEED.read_text(encoding="utf-8").splitlines()]
    assert written == read_vetoes(LIST).documents


def test_importing_the_list_twice_stores_nothing_new(ledger: Ledger) -> None:
    first = import_vetoes(ledger, LIST)
    head = ledger.head()
    again = import_vetoes(ledger, LIST)
    assert first.new == len(first.documents) and again.new == 0 and ledger.head() == head
    assert len(again.held) == len(again.documents)
    # the seed's documents are the same facts under the same ids: loading them stores nothing either
    assert ledger.load(SEED).new == 0 and ledger.head() == head


def later_list(folder: Path, name: str = "later.csv") -> Path:
    """The list with one veto of 2022 more, as an updated list would give it."""
    later = folder / name
    later.write_text(LIST.read_text(encoding="utf-8-sig").rstrip("\n") + "\n2022,9/30/2022,9,S/2022/720,S/PV.9143,"
                     "Ukraine,Ukraine,Europe,Russia,,,1,0,0,0,1,0,0,0,0,0,0,0,0\n", encoding="utf-8")
    return later


def test_an_updated_list_adds_only_its_new_vetoes(ledger: Ledger, tmp_path: Path) -> None:
    """A later list repeats the old vetoes: the ledger keeps them as first recorded and adds the new one."""
    later = later_list(tmp_path)
    ledger.load(SEED)
    found = import_vetoes(ledger, later)
    # the later list (a new source), the new meeting record and the new vote; its veto comes with it
    assert found.new == 3
    assert ledger.as_of("2022-09-30").draft("S/2022/720").vetoed_by == ["RUS"]  # type: ignore[union-attr]


def test_a_list_that_gives_a_held_drafts_vetoes_otherwise_is_said_to_disagree(ledger: Ledger, tmp_path: Path) -> None:
    """The ledger keeps what it holds (a correction, not a list, changes a fact), and says where the list differs."""
    ledger.load(SEED)
    text = later_list(tmp_path).read_text(encoding="utf-8")
    old_row = "2022,7/8/2022,7,S/2022/538,S/PV.9087,The situation in the Middle East,Syria,Middle East,Russia,,,1,0,0,0,1,0,0,0,0,0,0,0,0"
    assert old_row in text
    other = tmp_path / "other.csv"  # the same veto given to the United States
    other.write_text(text.replace(old_row, old_row.replace("Middle East,Russia,,,1,0,0,0,1,0,0,0,0",
                                                           "Middle East,USA,,,1,0,0,0,0,0,1,0,0")), encoding="utf-8")
    found = import_vetoes(ledger, other)
    assert found.disagree == [("S/2022/538", ("USA",), ("RUS",))]
    assert ledger.as_of("2022-07-08").draft("S/2022/538").vetoed_by == ["RUS"]  # type: ignore[union-attr]
    assert found.new == 3  # the list itself, and the vote it adds (with its meeting record)


def test_a_source_id_the_ledger_holds_for_another_document_is_refused_with_nothing_stored(
        ledger: Ledger, tmp_path: Path) -> None:
    """The list under a meeting record's id: its votes would cite a record that does not quote them, and the
    list itself would go unregistered."""
    ledger.load(SEEDS / "dprk-panel-veto.jsonl")  # registers S/PV.9591, the record of the 9591st meeting
    head, later = ledger.head(), later_list(tmp_path)
    with pytest.raises(Conflict) as refused:
        import_vetoes(ledger, later, source_id="S/PV.9591", published_on=date(2024, 9, 30))
    assert (refused.value.field, refused.value.document) == ("source_id", str(later))
    assert refused.value.reason.startswith("the ledger already holds 'S/PV.9591' as another document than this "
                                           "list, \"Security Council, 9591st meeting: Non-proliferation")
    assert "nothing was stored" in refused.value.reason
    assert ledger.head() == head and ledger.as_of("2022-09-30").draft("S/2022/720") is None


def test_the_same_list_again_under_its_source_id_stores_nothing_new_whatever_its_file_is_called(
        ledger: Ledger, tmp_path: Path) -> None:
    first = import_vetoes(ledger, later_list(tmp_path), source_id="veto-list-2024", published_on=date(2024, 9, 30))
    head = ledger.head()
    again = import_vetoes(ledger, later_list(tmp_path, "copy.csv"), source_id="veto-list-2024",
                          published_on=date(2024, 9, 30))
    assert first.new == len(first.documents) and again.new == 0 and ledger.head() == head
    assert len(again.held) == len(again.documents)


def test_the_same_list_said_otherwise_under_its_source_id_is_refused(ledger: Ledger, tmp_path: Path) -> None:
    import_vetoes(ledger, later_list(tmp_path), source_id="veto-list-2024", published_on=date(2024, 9, 30))
    head = ledger.head()
    with pytest.raises(Conflict, match=r"holds this list as source 'veto-list-2024', with published_on "
                                       r"'2024-09-30', not '2022-09-30'; nothing was stored"):
        import_vetoes(ledger, later_list(tmp_path), source_id="veto-list-2024")
    assert ledger.head() == head


def test_a_source_id_the_list_itself_cites_is_refused_before_the_ledger_is_touched(tmp_path: Path) -> None:
    with pytest.raises(InvalidArgument, match=r"S/PV.9143 is a document the list cites \(line 219\), not the list"):
        read_vetoes(later_list(tmp_path), source_id="S/PV.9143")


def test_the_readme_gives_the_importers_report_of_every_row_it_interpreted() -> None:
    readme = (SEEDS.parent / "README.md").read_text(encoding="utf-8")
    notes = [str(n) for n in read_vetoes(LIST).notes]
    assert len(notes) > 0 and [n for n in notes if n not in readme] == []


def test_drafts_are_listed_by_the_day_of_their_vote_then_by_id(whole_seed: Ledger) -> None:
    # By id as text, S/10416 (1971) came before S/1048 (1948) and the 1946 drafts `pv-*` came last.
    for view in (whole_seed.as_of("2024-05-01"), whole_seed.replay("2024-05-01")):
        ids = [d.draft_id for d in view.drafts]
        assert ids[:3] == ["pv-23-1", "pv-45-1", "pv-49-1"]
        assert ids.index("S/1048") < ids.index("S/10416")
        assert ids[-1] == "S/2024/255"
        days = [(d.voted_on.isoformat(), d.draft_id) for d in view.drafts]
        assert days == sorted(days)
