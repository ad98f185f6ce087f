"""A mandate at its last day: a panel is active on it and expired the day after; it is extended on it, not after.

The days are drawn around the boundaries (the last day of a mandate, the day before and after it, the day
a regime was terminated) as often as anywhere else, and what should hold is worked out from the rules as
a person states them (`tests.histories.charter_panel_status`), not from the code under test.
"""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import event, example, given, settings
from hypothesis import strategies as st

from ledger.domain.entities import panel_status
from ledger.domain.world import World
from ledger.errors import RuleBroken
from ledger.states import is_state
from tests.histories import charter_panel_status
from tests.unit.test_world import basics, extension, problem

LAST_DAY = date(2010, 6, 12)  # of the panel of tests.unit.test_world's basics, established a year before


def around(day: date, within: int = 365) -> st.SearchStrategy[date]:
    """The day itself, the day before or the day after, as often as any other day within a year of it."""
    return st.one_of(st.sampled_from([0, -1, 1]), st.integers(-within, within)).map(lambda k: day + timedelta(days=k))


def side(day: date, of: date, name: str) -> str:
    return {-1: f"the day before {name}", 0: f"on {name}", 1: f"the day after {name}"}.get((day - of).days, f"away from {name}")


@settings(max_examples=300)
@given(last_day=st.dates(date(1990, 1, 1), date(2030, 1, 1)), data=st.data())
def test_a_panel_is_active_through_its_last_day_and_expired_or_terminated_after(last_day: date, data: st.DataObject) -> None:
    on = data.draw(around(last_day), label="on")
    ended = data.draw(st.one_of(st.none(), around(last_day), around(on, 3)), label="regime terminated on")
    event(f"asked {side(on, last_day, 'the last day')}")
    if ended is not None:
        event(f"regime terminated {side(ended, last_day, 'the last day')}, {side(ended, on, 'the day asked')}")
    assert panel_status(on, last_day, ended) == charter_panel_status(on, last_day, ended)


@settings(max_examples=200)
@given(decided=around(LAST_DAY), ends=around(LAST_DAY))
@example(decided=LAST_DAY, ends=LAST_DAY + timedelta(days=1))  # decided on the last day: taken
@example(decided=LAST_DAY + timedelta(days=1), ends=LAST_DAY + timedelta(days=365))  # the day after: lapsed
@example(decided=LAST_DAY, ends=LAST_DAY)  # to end on the last day it already has: refused
def test_a_mandate_is_extended_up_to_its_last_day_to_a_later_one(decided: date, ends: date) -> None:
    event(f"decided {side(decided, LAST_DAY, 'the last day')}, to end {side(ends, LAST_DAY, 'the last day')}")
    base = basics()  # made first, so that an extension decided the day the panel was established folds after it
    new = extension(ends.isoformat(), on=decided.isoformat())
    broken = {"occurred_on"} if decided > LAST_DAY else set()  # the mandate had lapsed: it takes a new panel
    broken |= {"mandate_ends_on"} if ends <= LAST_DAY else set()  # an extension ends later than the mandate
    found = problem(new)
    if broken:
        assert isinstance(found, RuleBroken) and found.field in broken, (found, broken)
        return
    assert found is None
    for day in (decided, LAST_DAY, LAST_DAY + timedelta(days=1), ends, ends + timedelta(days=1)):
        folded = World(is_state).fold([*base, new], until=day)
        panel = folded.panels["dprk-panel"]
        last = ends if decided <= day else LAST_DAY  # the extension counts from the day it was decided
        assert (panel.mandate_ends_on, panel.status(day, folded.regimes["dprk"])) == (
            last, charter_panel_status(day, last, None)), day
