"""States named by a code ISO 3166 has withdrawn: a fact may name one up to the day its code was withdrawn.

The days are pycountry's (ISO 3166-3); the rule is `World.check_references`, fed here with facts in memory.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from ledger.domain.facts import Fact
from ledger.domain.world import World
from ledger.errors import RuleBroken
from ledger.states import is_state, withdrawal
from tests.unit.test_world import basics, cited, fact


def test_a_former_code_is_withdrawn_on_the_day_iso_3166_gives() -> None:
    ussr = withdrawal("SUN")
    assert ussr is not None
    assert (ussr.code, ussr.name, ussr.withdrawn, ussr.last) == (
        "SUN", "USSR, Union of Soviet Socialist Republics", "1992-08-30", date(1992, 8, 30))


def test_a_code_withdrawn_in_a_year_names_its_state_to_the_end_of_that_year() -> None:
    upper_volta = withdrawal("HVO")
    assert upper_volta is not None and (upper_volta.withdrawn, upper_volta.last) == ("1984", date(1984, 12, 31))


@pytest.mark.parametrize("code", ["RUS", "DEU", "ATF", "eu", "XXX"])
def test_a_current_code_and_what_is_not_a_code_are_never_withdrawn(code: str) -> None:
    """ATF, withdrawn once (1979), is a current code again: it names the territory of today."""
    assert withdrawal(code) is None


def world() -> World:
    return World(is_state, withdrawal).fold(basics())


def statement(on: str, **fields: Any) -> Fact:
    return fact("StatementIssued", "st", **{"occurred_on": on, "speakers": ["FRA"], "stance": "neutral",
                                             "source": cited("S/RES/9999"), **fields})


@pytest.mark.parametrize(
    ("new", "field", "code"),
    [
        (statement("2024-03-28", speakers=["SUN"]), "speakers.0", "SUN"),
        (statement("2024-03-28", speakers=["RUS", "SUN"]), "speakers.1", "SUN"),
        (statement("1994-01-01", about=["CSK"]), "about.0", "CSK"),
        (fact("MeetingHeld", "m", occurred_on="1991", participants=["RUS", "DDR"], source=cited("S/RES/9999")),
         "participants.1", "DDR"),
        (fact("ProposalMade", "p", occurred_on="2004-01-01", by="YUG", concerning="dprk", proposal="a review",
              source=cited("S/RES/9999")), "by", "YUG"),
        (fact("ProposalMade", "p", occurred_on="2004-01-01", by="RUS", concerning="dprk", proposal="a review",
              supported_by=["CHN", "YUG"], source=cited("S/RES/9999")), "supported_by.1", "YUG"),
        (fact("SanctionsReliefSought", "r", occurred_on="1998-01-01", regime_id="dprk", by=["ZAR"],
              source=cited("S/RES/9999")), "by.0", "ZAR"),
        (fact("SanctionsRegimeEstablished", "new-regime", occurred_on="2005-01-01", regime_id="fry", name="FRY",
              target="YUG", resolution="S/RES/1", measures=["arms embargo"], source=cited("S/RES/9999")),
         "target", "YUG"),
        (fact("DraftResolutionVoted", "vote", occurred_on="1993-01-05", draft_id="S/1993/1", in_favour=14,
              against=["SUN"], abstaining=0, source=cited("S/RES/9999")), "against.0", "SUN"),
    ],
)
def test_a_fact_after_the_withdrawal_cannot_name_the_state_in_any_field(new: Fact, field: str, code: str) -> None:
    error = world().apply(new, rules=True, references=True)
    assert isinstance(error, RuleBroken) and error.field == field, error
    found = withdrawal(code)
    assert found is not None
    assert error.reason.startswith(f"{code} ({found.name}) ceased to be a state's code on {found.withdrawn}"), error.reason


def test_every_former_state_a_fact_names_after_its_withdrawal_is_said_at_once() -> None:
    error = world().apply(statement("2000-01-01", speakers=["SUN", "FRA"], about=["CSK", "DDR"]), rules=True,
                          references=True)
    assert isinstance(error, RuleBroken) and error.field == "speakers.0", error
    assert error.reason.startswith("SUN (USSR, Union of Soviet Socialist Republics) ceased to be a state's code on "
                                   "1992-08-30"), error.reason
    assert error.reason.endswith("; also field 'about.0': CSK (Czechoslovakia, Czechoslovak Socialist Republic), "
                                 "withdrawn 1993-06-15; also field 'about.1': DDR (German Democratic Republic), "
                                 "withdrawn 1990-10-30"), error.reason


@pytest.mark.parametrize("on", ["1991-12-25", "1992-08-30", "1992", "1992-08", "../1992-09-02"])
def test_up_to_the_withdrawal_the_state_is_named_as_any_other(on: str) -> None:
    """A year or a month counts from its first day (as every rule reads it); an open start has no earliest
    day, so only the latest day it allows (checked by the batch) can be after the withdrawal."""
    assert world().apply(statement(on, speakers=["SUN"]), rules=True, references=True) is None


def test_a_registration_names_a_former_state_without_a_date() -> None:
    """An actor's affiliation is not dated: a Soviet diplomat is registered as of the USSR for good."""
    gromyko = fact("ActorRegistered", "a", actor_id="gromyko", name="Andrei Gromyko", kind="person", affiliation="SUN")
    assert world().apply(gromyko, rules=True, references=True) is None


def test_a_world_without_withdrawals_names_former_states_on_any_day() -> None:
    """Views fold what the log holds: a fact stored before the rule is shown, not refused."""
    assert World(is_state).fold(basics()).apply(statement("2024-03-28", speakers=["SUN"]), references=True) is None
