"""The outcome of real and edge votes, as a person works it out from the Charter, not from the code.

Article 27(3): a draft needs nine affirmative votes of fifteen (seven of eleven before the Council grew
on 1966-01-01), and no permanent member voting against; an abstention is no veto. A permanent member's
vote against a draft that lacks the votes it needs is no veto either: the draft failed. The permanent
seats of China and Russia changed hands on 1971-10-25 (the PRC for the ROC) and 1991-12-24 (the Russian
Federation for the USSR).

The real votes are from the Council's records (the members as listed in the meeting records); the
rest are made up to sit on each boundary. Every vote goes in through the public API, in one batch, and
the outcome is read from `view.draft(...)`, from the read models and from the log.
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager
from datetime import date, timedelta
from typing import Any

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from ledger import Ledger
from tests.histories import Vote, council_votes, vote_days

SOURCE = {"type": "SourceRegistered", "id": "src.records", "source_id": "records",
          "title": "Security Council meeting records", "published_on": "2025-01-01"}

# draft id: (day, in favour, against, abstaining, outcome, vetoed by). A side is a list of members, or a count.
VOTES: dict[str, tuple[str, Any, Any, Any, str, list[str]]] = {
    # -- real votes
    "S/2024/255": ("2024-03-28",  # renewal of the DPRK Panel of Experts
                   ["CHE", "DZA", "ECU", "FRA", "GBR", "GUY", "JPN", "KOR", "MLT", "MOZ", "SLE", "SVN", "USA"],
                   ["RUS"], ["CHN"], "vetoed", ["RUS"]),
    "S/2023/970": ("2023-12-08",  # Gaza: immediate humanitarian ceasefire
                   ["ALB", "ARE", "BRA", "CHE", "CHN", "ECU", "FRA", "GAB", "GHA", "JPN", "MLT", "MOZ", "RUS"],
                   ["USA"], ["GBR"], "vetoed", ["USA"]),
    "S/2022/155": ("2022-02-25",  # Ukraine
                   ["ALB", "BRA", "FRA", "GAB", "GBR", "GHA", "IRL", "KEN", "MEX", "NOR", "USA"],
                   ["RUS"], ["ARE", "CHN", "IND"], "vetoed", ["RUS"]),
    "S/2017/172": ("2017-02-28",  # Syria, chemical weapons: nine in favour exactly, two permanent members against
                   ["FRA", "GBR", "ITA", "JPN", "SEN", "SWE", "UKR", "URY", "USA"],
                   ["BOL", "CHN", "RUS"], ["EGY", "ETH", "KAZ"], "vetoed", ["CHN", "RUS"]),
    "S/2016/847": ("2016-10-08",  # Aleppo, Russia's draft: three permanent members against, too few in favour
                   ["CHN", "EGY", "RUS", "VEN"],
                   ["ESP", "FRA", "GBR", "JPN", "MYS", "NZL", "SEN", "UKR", "USA"], ["AGO", "URY"], "failed", []),
    "S/RES/1973": ("2011-03-17",  # Libya: two permanent members abstain, adopted
                   ["BIH", "COL", "FRA", "GAB", "GBR", "LBN", "NGA", "PRT", "USA", "ZAF"],
                   [], ["BRA", "CHN", "DEU", "IND", "RUS"], "adopted", []),
    "S/RES/216": ("1965-11-12",  # Southern Rhodesia: eleven members, China's seat held by the ROC
                  ["BOL", "CIV", "GBR", "JOR", "MYS", "NLD", "SUN", "TWN", "URY", "USA"],
                  [], ["FRA"], "adopted", []),
    "S/3730/Rev.1": ("1956-11-04",  # Hungary: the USSR against nine
                     ["AUS", "BEL", "CUB", "FRA", "GBR", "IRN", "PER", "TWN", "USA"],
                     ["SUN"], ["YUG"], "vetoed", ["SUN"]),
    # -- the nine-vote boundary
    "nine-and-p5-against": ("2024-06-01", 9, ["FRA"], 5, "vetoed", ["FRA"]),
    "eight-and-p5-against": ("2024-06-01", 8, ["FRA"], 6, "failed", []),
    "eight-and-count-against": ("2024-06-01", 8, 7, 0, "failed", []),
    "nine-and-elected-against": ("2024-06-01", 9, ["DZA", "MOZ"], 4, "adopted", []),
    "nine-and-p5-abstaining": ("2024-06-01", 9, [], ["CHN", "FRA", "GBR", "RUS", "USA"], "adopted", []),
    "nine-nothing-else": ("2024-06-01", 9, 0, 0, "adopted", []),
    "fifteen": ("2024-06-01", 15, 0, 0, "adopted", []),
    "ten-and-all-p5-against": ("2024-06-01", 10, ["CHN", "FRA", "GBR", "RUS", "USA"], 0, "vetoed",
                               ["CHN", "FRA", "GBR", "RUS", "USA"]),
    # -- seven of eleven, until the end of 1965
    "1965-seven-and-p5-against": ("1965-12-31", 7, ["FRA"], 3, "vetoed", ["FRA"]),
    "1965-six-and-p5-against": ("1965-12-31", 6, ["FRA"], 4, "failed", []),
    "1966-seven-and-p5-against": ("1966-01-01", 7, ["FRA"], 7, "failed", []),
    "1966-seven-alone": ("1966-01-01", 7, 0, 8, "failed", []),
    # -- the seats that changed hands (the former holder sits no more: a vote naming it is refused, see
    #    tests/integration/test_votes_by_members.py)
    "1971-10-24-twn": ("1971-10-24", 9, ["TWN"], 5, "vetoed", ["TWN"]),
    "1971-10-25-chn": ("1971-10-25", 9, ["CHN"], 5, "vetoed", ["CHN"]),
    "1991-12-23-sun": ("1991-12-23", 9, ["SUN"], 5, "vetoed", ["SUN"]),
    "1991-12-24-rus": ("1991-12-24", 9, ["RUS"], 5, "vetoed", ["RUS"]),
}


def document(draft_id: str) -> dict[str, Any]:
    day, in_favour, against, abstaining, _, _ = VOTES[draft_id]
    return {"type": "DraftResolutionVoted", "id": f"vote.{draft_id}", "occurred_on": day,
            "source": {"document": "records"}, "draft_id": draft_id,
            "in_favour": in_favour, "against": against, "abstaining": abstaining}


@pytest.fixture
def voted(ledger: Ledger) -> Ledger:
    ledger.append_many([SOURCE, *(document(d) for d in VOTES)])
    return ledger


@pytest.mark.parametrize("read", ["as_of", "replay"])
def test_every_vote_has_the_outcome_a_person_works_out(voted: Ledger, read: str) -> None:
    found = {}
    for draft_id, (day, *_) in VOTES.items():
        draft = getattr(voted, read)(day).draft(draft_id)
        assert draft is not None, draft_id
        found[draft_id] = (draft.outcome, draft.vetoed_by)
    assert found == {d: (outcome, vetoed_by) for d, (*_, outcome, vetoed_by) in VOTES.items()}


def test_every_veto_is_on_the_timeline_of_its_day_and_no_other(voted: Ledger) -> None:
    rows = [row for row in voted.as_of("2100-01-01").timeline if row.type == "VetoCast"]
    assert sorted((row.event_id, row.on) for row in rows) == sorted(
        (f"vote.{d}/veto/{m}", day) for d, (day, *_, vetoed_by) in VOTES.items() for m in vetoed_by)


def test_the_vote_counts_are_kept_as_recorded(voted: Ledger) -> None:
    draft = voted.as_of("2017-02-28").draft("S/2017/172")
    assert draft is not None
    assert (draft.in_favour, draft.against, draft.abstaining) == (9, 3, 3)
    assert draft.against_members == ["BOL", "CHN", "RUS"]


@st.composite
def recorded_votes(draw: st.DrawFn) -> tuple[Vote, bool, Vote | None, bool]:
    """A vote as first recorded (its sides named, or counted where the Charter lets them be) and, as often as
    not, a recount of it (on the same day, as likely as the vote to sit on the nine-vote boundary)."""
    vote = draw(council_votes(days=vote_days(latest=date(2024, 12, 31))))
    recount = draw(st.one_of(st.none(), council_votes(days=st.just(vote.on))))
    return vote, draw(st.booleans()), recount, draw(st.booleans())


def vetoes_on_the_timeline(view: Any, vote_id: str) -> list[str]:
    return sorted(r.event_id for r in view.timeline if r.type == "VetoCast" and r.event_id.startswith(f"{vote_id}/"))


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(votes=st.lists(recorded_votes(), min_size=1, max_size=6))
def test_random_votes_on_the_boundaries_have_the_outcome_a_person_works_out(
    fresh_database: Callable[[], AbstractContextManager[str]], votes: list[tuple[Vote, bool, Vote | None, bool]]
) -> None:
    """Nine in favour or eight, a permanent member against or not, around the changes of seat (counted or
    named), then recounted: each draft's outcome and vetoes, and its vetoes on the timeline of its day and not
    before, first as recorded (as known before the recounts) then as recounted."""
    with fresh_database() as url, Ledger.open(url) as lg:
        lg.append_many([SOURCE, *({"type": "DraftResolutionVoted", "id": f"vote.{n}", "occurred_on": vote.on.isoformat(),
                                   "source": {"document": "records"}, "draft_id": f"D{n}", **vote.sides(counted)}
                                  for n, (vote, counted, _, _) in enumerate(votes))])
        recounts = [{"type": "FactCorrected", "id": f"recount.{n}", "corrects": f"vote.{n}", "reason": "recount",
                     "changes": recount.sides(counted), "source": {"document": "records"}}
                    for n, (_, _, recount, counted) in enumerate(votes) if recount is not None]
        recorded = lg.append_many(recounts) if recounts else []
        before = recorded[0].recorded_at - timedelta(microseconds=1) if recorded else None
        for n, (vote, _, recount, _) in enumerate(votes):
            for boundary in vote.boundaries():
                event(boundary)
            if recount is not None:
                event(f"recounted: {vote.expected()[0]} to {recount.expected()[0]}")
            for read in (lg.as_of, lg.replay):
                for known_at, stands in ((before, vote), (None, recount or vote)):
                    outcome, vetoed_by = stands.expected()
                    view = read(vote.on.isoformat(), known_at=known_at)
                    draft = view.draft(f"D{n}")
                    assert draft is not None and (draft.outcome, draft.vetoed_by) == (outcome, vetoed_by), (stands, read)
                    assert vetoes_on_the_timeline(view, f"vote.{n}") == [f"vote.{n}/veto/{m}" for m in vetoed_by]
                    assert read((vote.on - timedelta(days=1)).isoformat(), known_at=known_at).draft(f"D{n}") is None
