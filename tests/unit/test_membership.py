"""Who sat on the Council: the data of the elected members (its counts, its terms, its codes) and the rule that
only members vote."""

from __future__ import annotations

from datetime import date, timedelta

import pycountry
from hypothesis import given
from hypothesis import strategies as st

from ledger.domain.council import Tally, permanent_members
from ledger.domain.membership import (
    FIRST_MEETING,
    PERMANENT_NAMES,
    council_on,
    elected_terms,
    is_member,
    listed_until,
    members_on,
    membership_problems,
)
from ledger.states import is_state
from tests.histories import TENURES, elected_on, sits_permanently

TERMS = elected_terms()
LAST = listed_until()
# Every day the elected members change: the first day of a term, its last, the day after its last.
CHANGES = sorted({d for t in TERMS for d in (t.first, t.last, t.last + timedelta(days=1))  # type: ignore[operator]
                  if FIRST_MEETING <= d <= LAST})


def elected(day: date) -> list[str]:
    return [t.code for t in TERMS if t.holds(day)]


def test_six_members_were_elected_until_1965_and_ten_since_1966() -> None:
    wrong = {d: elected(d) for d in CHANGES if len(elected(d)) != (6 if d < date(1966, 1, 1) else 10)}
    assert wrong == {}
    assert len(CHANGES) > 150  # every year from 1946 to the end of the list, and the split seats' turns


def test_the_list_covers_every_year_since_1946_and_at_least_2026() -> None:
    assert LAST >= date(2026, 12, 31)
    assert {d.year for d in CHANGES} >= set(range(1946, LAST.year + 1))


def test_no_state_sits_twice_on_a_day_and_no_permanent_member_is_elected() -> None:
    for day in CHANGES:
        codes = elected(day)
        assert len(set(codes)) == len(codes), day
        assert not set(codes) & permanent_members(day), day
    assert not {t.code for t in TERMS} & set(PERMANENT_NAMES)


def test_a_term_is_two_years_from_the_first_of_january_but_where_the_un_lists_otherwise() -> None:
    def standard(t: object) -> bool:
        first, last = t.first, t.last  # type: ignore[attr-defined]
        return (first.month, first.day, last.month, last.day, last.year - first.year) == (1, 1, 12, 31, 1)

    odd = {(t.code, t.first.isoformat(), t.last.isoformat()) for t in TERMS if not standard(t)}  # type: ignore[union-attr]
    one_year = {(c, f"{y}-01-01", f"{y}-12-31") for c, y in [
        ("EGY", 1946), ("MEX", 1946), ("NLD", 1946),  # the first election: three for one year
        ("NZL", 1966), ("UGA", 1966),  # the enlarged Council's first year
        ("YUG", 1956), ("PHL", 1957), ("POL", 1960), ("TUR", 1961), ("LBR", 1961), ("IRL", 1962),  # split seats
        ("ROU", 1962), ("PHL", 1963), ("CSK", 1964), ("MYS", 1965), ("ITA", 2017), ("NLD", 2018)]}
    renamed = {("HVO", "1984-01-01", "1984-08-03"), ("BFA", "1984-08-04", "1985-12-31")}  # Upper Volta, Burkina Faso
    assert odd == one_year | renamed
    assert all(t.note for t in TERMS if not standard(t))  # each says why


def test_every_member_is_named_by_a_code_the_ledger_knows_as_a_state() -> None:
    codes = {t.code for t in TERMS} | set(PERMANENT_NAMES)
    assert [c for c in sorted(codes) if not is_state(c)] == []
    # States that no longer exist are named by their ISO 3166-3 code, while they sat.
    historic = {c for c in codes if pycountry.historic_countries.get(alpha_3=c) and not pycountry.countries.get(alpha_3=c)}
    assert historic == {"SUN", "BYS", "CSK", "YUG", "DDR", "ZAR", "HVO"}
    assert all(t.last is not None and t.last.year < 1998 for t in TERMS if t.code in historic)


def test_the_states_that_no_longer_exist_sat_under_their_names_of_the_day() -> None:
    assert is_member("SUN", date(1991, 12, 23)) and not is_member("SUN", date(1991, 12, 24))
    assert is_member("BYS", date(1975, 6, 1)) and not is_member("BLR", date(1975, 6, 1))
    assert is_member("ZAR", date(1990, 6, 1)) and not is_member("COD", date(1990, 6, 1))
    assert is_member("DDR", date(1980, 6, 1)) and is_member("DEU", date(1978, 6, 1))
    assert is_member("HVO", date(1984, 8, 3)) and is_member("BFA", date(1984, 8, 4))


@given(st.dates(FIRST_MEETING, LAST))
def test_the_council_of_a_day_is_the_permanent_members_and_the_elected_of_the_data(day: date) -> None:
    """Against the list read as a table (tests.histories) and the Charter's seats as a person states them."""
    permanent = {m for m in TENURES if sits_permanently(m, day)}
    assert members_on(day) == permanent | set(elected_on(day))
    assert len(members_on(day)) == (11 if day < date(1966, 1, 1) else 15)
    assert council_on(day).members[:5] == sorted(permanent)


SIDES = ("in_favour", "against", "abstaining")


@st.composite
def named_votes(draw: st.DrawFn) -> tuple[date, dict[str, list[str]]]:
    """A day the Council sat, and some of its members on each side of a vote."""
    day = draw(st.dates(FIRST_MEETING, LAST))
    members = draw(st.permutations(sorted(members_on(day))))
    cuts = sorted(draw(st.lists(st.integers(0, len(members)), min_size=2, max_size=2)))
    return day, dict(zip(SIDES, (members[: cuts[0]], members[cuts[0] : cuts[1]], members[cuts[1] :]), strict=True))


def tally(sides: dict[str, list[str]]) -> Tally:
    lists = [tuple(sides[s]) for s in SIDES]
    return Tally(*(len(x) for x in lists), *lists)


STATES = sorted({c.alpha_3 for c in pycountry.countries} | {c.alpha_3 for c in pycountry.historic_countries})


@given(named_votes())
def test_a_vote_naming_members_of_its_day_passes(vote: tuple[date, dict[str, list[str]]]) -> None:
    day, sides = vote
    assert membership_problems(tally(sides), day) == []


@given(named_votes(), st.sampled_from(STATES), st.sampled_from(SIDES))
def test_a_vote_naming_a_state_that_did_not_sit_that_day_fails(
    vote: tuple[date, dict[str, list[str]]], stranger: str, side: str
) -> None:
    day, sides = vote
    if stranger in members_on(day):
        return  # not a stranger that day
    sides = {**sides, side: [*sides[side], stranger]}
    problems = membership_problems(tally(sides), day)
    assert [field for field, _ in problems] == [side]
    assert problems[0][1].startswith(f"{stranger} was not a member of the Security Council on {day}")


def test_no_vote_before_the_council_first_met() -> None:
    assert membership_problems(Tally(0, 0, 0), date(1946, 1, 16)) == [
        ("occurred_on", "the Security Council first met on 1946-01-17: there was no vote on 1946-01-16")]
    assert membership_problems(Tally(0, 0, 0), FIRST_MEETING) == []
    assert council_on(date(1946, 1, 16)).members == []


def test_after_the_list_ends_only_the_permanent_seats_are_checked() -> None:
    after = LAST + timedelta(days=1)
    assert membership_problems(Tally(1, 0, 1, ("DEU",), (), ("RUS",)), after) == []
    assert [f for f, _ in membership_problems(Tally(0, 1, 0, (), ("SUN",)), after)] == ["against"]
    assert not council_on(after).listed and council_on(LAST).listed
