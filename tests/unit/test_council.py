"""The Council's voting rules: what makes a veto, an adoption, a failure, an impossible tally."""

from __future__ import annotations

from datetime import date

from hypothesis import event, example, given, settings
from hypothesis import strategies as st

from ledger.domain.council import Tally, outcome, permanent_members, tally_problems, vetoes, votes_needed
from ledger.domain.entities import tally_of
from tests.histories import ELECTED, Vote
from tests.histories import council_votes as boundary_votes

P5_2024 = ["CHN", "FRA", "GBR", "RUS", "USA"]
ELECTED_2024 = ["DZA", "ECU", "GUY", "JPN", "KOR", "MLT", "MOZ", "SLE", "SVN", "CHE"]


def test_the_seats_of_china_and_russia_changed_hands() -> None:
    assert permanent_members(date(1971, 10, 24)) == {"TWN", "SUN", "FRA", "GBR", "USA"}
    assert permanent_members(date(1971, 10, 25)) == {"CHN", "SUN", "FRA", "GBR", "USA"}
    assert permanent_members(date(1991, 12, 24)) == set(P5_2024)


@st.composite
def council_votes(draw: st.DrawFn) -> tuple[Tally, date]:
    on = draw(st.dates(min_value=date(1992, 1, 1), max_value=date(2030, 12, 31)))
    members = P5_2024 + ELECTED_2024
    sides = draw(st.lists(st.sampled_from(["for", "against", "abstain", "absent"]), min_size=15, max_size=15))
    pick = lambda side: tuple(m for m, s in zip(members, sides, strict=False) if s == side)  # noqa: E731
    f, a, b = pick("for"), pick("against"), pick("abstain")
    return Tally(len(f), len(a), len(b), f, a, b), on


@given(council_votes())
def test_a_listed_vote_of_the_council_is_possible_and_has_one_outcome(vote: tuple[Tally, date]) -> None:
    tally, on = vote
    assert tally_problems(tally, on) == []
    result = outcome(tally, on)
    permanent_against = set(tally.against_members) & set(P5_2024)
    if tally.in_favour < 9:
        assert result == "failed" and vetoes(tally, on) == ()
    elif permanent_against:
        assert result == "vetoed" and set(vetoes(tally, on)) == permanent_against
    else:
        assert result == "adopted"


@given(st.integers(min_value=0, max_value=20), st.integers(min_value=0, max_value=20), st.integers(min_value=0, max_value=20))
def test_counts_above_the_councils_size_are_impossible(f: int, a: int, b: int) -> None:
    on = date(2024, 3, 28)
    problems = [field for field, _ in tally_problems(Tally(f, a, b), on)]
    assert ("in_favour" in problems) == (f + a + b > 15)
    assert ("against" in problems) == (f >= 9 and a > 0)


def test_seven_votes_were_enough_before_1966() -> None:
    assert votes_needed(date(1965, 12, 31)) == 7 and votes_needed(date(1966, 1, 1)) == 9
    assert [field for field, _ in tally_problems(Tally(7, 4, 0), date(1960, 1, 1))] == ["against"]
    assert tally_problems(Tally(7, 4, 0), date(1970, 1, 1)) == []
    assert tally_problems(Tally(8, 2, 2), date(1960, 1, 1))[0][0] == "in_favour"


def test_a_member_cannot_vote_twice() -> None:
    problems = tally_problems(Tally(1, 1, 0, ("USA",), ("USA",)), date(2024, 1, 1))
    assert problems == [("against", "USA votes both in_favour and against")]


NINE, EIGHT = tuple(ELECTED[:9]), tuple(ELECTED[:8])


@settings(max_examples=500)
@given(vote=boundary_votes(), counted=st.booleans())
@example(vote=Vote(date(2024, 6, 1), NINE, ("FRA",), ()), counted=False)  # nine and a veto
@example(vote=Vote(date(2024, 6, 1), EIGHT, ("FRA",), ()), counted=False)  # eight: a permanent member's no is no veto
@example(vote=Vote(date(1971, 10, 24), NINE, ("TWN",), ("CHN",)), counted=False)  # the ROC's last day
@example(vote=Vote(date(1971, 10, 25), NINE, ("TWN",), ("CHN",)), counted=False)  # the ROC no longer sits
@example(vote=Vote(date(1991, 12, 23), NINE, ("SUN",), ("RUS",)), counted=False)  # the USSR's last day
@example(vote=Vote(date(1991, 12, 24), NINE, ("RUS",), ("SUN",)), counted=False)  # the Russian Federation's first
def test_on_the_boundaries_a_vote_has_the_outcome_the_charter_gives(vote: Vote, counted: bool) -> None:
    """Nine in favour or eight, a permanent member against or not, on the days around a change of seat:
    the outcome and the vetoes are those a person works out (tests.histories.charter_outcome)."""
    for boundary in vote.boundaries():
        event(boundary)
    tally = tally_of(vote.sides(counted))
    assert tally_problems(tally, vote.on) == []
    assert (outcome(tally, vote.on), list(vetoes(tally, vote.on))) == vote.expected()
