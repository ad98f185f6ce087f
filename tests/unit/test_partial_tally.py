"""Votes whose tally the source does not give: what is known is checked, what is unknown is said so."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ledger.domain.council import outcome, permanent_members, tally_problems, unchecked_rules, vetoes, votes_needed
from ledger.domain.entities import tally_of

DAYS = st.dates(min_value=date(1946, 1, 1), max_value=date(2030, 12, 31))


def problems(on: date, **vote: Any) -> list[tuple[str, str]]:
    return tally_problems(tally_of(vote), on)


@given(DAYS, st.data())
def test_a_veto_named_by_the_source_is_derived_on_its_day_without_a_tally(on: date, data: st.DataObject) -> None:
    members = sorted(data.draw(st.sets(st.sampled_from(sorted(permanent_members(on))), min_size=1)))
    tally = tally_of({"vetoed_by": members})
    assert vetoes(tally, on) == tuple(members)
    assert outcome(tally, on) == "vetoed"
    assert tally_problems(tally, on) == []
    assert tally.unknown == ("in_favour", "against", "abstaining")
    assert any("the tally is unknown" in rule for rule in unchecked_rules(tally, on))


@pytest.mark.parametrize(("member", "on"), [("RUS", date(1985, 5, 2)), ("SUN", date(1993, 5, 11)),
                                            ("CHN", date(1955, 12, 13)), ("TWN", date(1972, 8, 25)),
                                            ("DEU", date(2000, 1, 1))])
def test_only_a_permanent_member_of_the_day_can_be_named_as_vetoing(member: str, on: date) -> None:
    found = problems(on, vetoed_by=[member])
    assert [field for field, _ in found] == ["vetoed_by"]
    assert f"{member} was not a permanent member on {on}" in found[0][1]


def test_what_the_source_gives_is_checked_against_the_veto_it_names() -> None:
    on = date(2024, 3, 28)
    # too few votes in favour for any veto
    assert any("the draft failed" in reason for _, reason in problems(on, in_favour=8, vetoed_by=["RUS"]))
    # the vetoing member listed on another side
    assert any("RUS votes both" in reason for _, reason in problems(on, abstaining=["RUS"], vetoed_by=["RUS"]))
    # a listed side against that leaves out the member said to have vetoed
    assert any("not among the members voting against" in reason
               for _, reason in problems(on, in_favour=13, against=["CHN"], vetoed_by=["RUS"]))
    # a full tally whose permanent member against is not named as vetoing
    assert any("vetoed_by does not name them" in reason
               for _, reason in problems(on, in_favour=13, against=["RUS", "CHN"], abstaining=0, vetoed_by=["RUS"]))
    # the known counts and the named members may not exceed the Council
    assert any("16 votes in all" in reason for _, reason in problems(on, in_favour=14, vetoed_by=["RUS", "CHN"]))


def test_a_vote_with_nothing_known_is_refused() -> None:
    assert [field for field, _ in problems(date(2024, 3, 28))] == ["in_favour"]


@given(DAYS, st.integers(0, 15), st.sampled_from(["against", "abstaining", None]))
def test_part_of_a_tally_gives_the_outcome_it_can_and_unknown_otherwise(on: date, favour: int, missing: str | None) -> None:
    vote: dict[str, Any] = {"in_favour": favour, "against": 0, "abstaining": 0}
    if missing:
        del vote[missing]
    tally = tally_of(vote)
    held = outcome(tally, on)
    if favour < votes_needed(on):
        assert held == "failed"
    else:
        assert held == ("unknown" if missing == "against" else "adopted")
    assert bool(unchecked_rules(tally, on)) == bool(missing)


def test_a_full_tally_leaves_no_rule_unchecked() -> None:
    tally = tally_of({"in_favour": 13, "against": ["RUS"], "abstaining": ["CHN"]})
    assert unchecked_rules(tally, date(2024, 3, 28)) == []
    assert vetoes(tally, date(2024, 3, 28)) == ("RUS",)
