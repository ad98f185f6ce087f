"""A panel around the last day of its mandate, through the public API: the extensions the ledger takes and
refuses, and the status the read models and the replay give, as a person works them out.

The rules as a person states them: a mandate may be extended on any day up to and including its last day,
to a later last day, and not once it lapsed; nothing may be done to a terminated regime's panels; a panel is
active through its last day, expired from the next, and terminated from the day its regime was, if the
regime was terminated while the mandate still ran (`tests.histories.charter_panel_status`).
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager
from datetime import date, timedelta

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from ledger import Ledger
from ledger.errors import RuleBroken
from tests.histories import charter_panel_status
from tests.unit.test_mandates import around, side

SOURCE = {"type": "SourceRegistered", "id": "src", "source_id": "un", "title": "UN documents", "published_on": "2026-06-30"}
CITED = {"source": {"document": "un"}}
ESTABLISHED = date(2015, 1, 1)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(last=st.dates(date(2015, 6, 1), date(2017, 1, 1)), data=st.data())
def test_a_panel_around_its_last_day_is_extended_and_reads_as_a_person_works_it_out(
    fresh_database: Callable[[], AbstractContextManager[str]], last: date, data: st.DataObject
) -> None:
    # Decided on the last day, the day before or after as often as on any other, most often before the last day;
    # to end the day after the last day or on it as often as on any other day, most often later.
    decided = data.draw(st.one_of(st.sampled_from([0, -1, 1]), st.integers(-150, 30)).map(lambda k: last + timedelta(days=k)),
                        label="extension decided on")
    ends = data.draw(st.one_of(st.sampled_from([1, 0]), st.integers(-30, 400)).map(lambda k: last + timedelta(days=k)),
                     label="extension ends on")
    ended = data.draw(st.one_of(st.none(), around(last, 100), around(decided, 2)), label="regime terminated on")
    ended = ended and max(ended, ESTABLISHED)  # a regime is not terminated before its panel was established
    event(f"extension decided {side(decided, last, 'the last day')}, to end {side(ends, last, 'the last day')}")
    if ended is not None:
        event(f"regime terminated {side(ended, last, 'the last day')}")
    extended = decided <= last < ends
    event("extension taken" if extended else "extension refused")
    with fresh_database() as url, Ledger.open(url) as lg:
        lg.append_many([
            SOURCE,
            {"type": "SanctionsRegimeEstablished", "id": "r.est", "occurred_on": "2014-01-01", **CITED, "regime_id": "r",
             "name": "Regime", "target": "PRK", "resolution": "1", "measures": ["arms embargo"]},
            {"type": "PanelEstablished", "id": "p.est", "occurred_on": ESTABLISHED.isoformat(), **CITED, "panel_id": "p",
             "regime_id": "r", "name": "Panel", "resolution": "2", "mandate_ends_on": last.isoformat()},
        ])
        extension = {"type": "PanelMandateExtended", "id": "p.ext", "occurred_on": decided.isoformat(), **CITED,
                     "panel_id": "p", "resolution": "3", "mandate_ends_on": ends.isoformat()}
        if extended:
            lg.append(extension)
        else:
            with pytest.raises(RuleBroken):
                lg.append(extension)
        if ended is not None:
            termination = {"type": "SanctionsRegimeTerminated", "id": "r.end", "occurred_on": ended.isoformat(), **CITED,
                           "regime_id": "r"}
            if extended and ended < decided:  # it would leave an extension decided after the regime ended
                with pytest.raises(RuleBroken):
                    lg.append(termination)
                ended = None
            else:
                lg.append(termination)
        final = ends if extended else last
        probes = {last, last + timedelta(days=1), final, final + timedelta(days=1), decided, *([ended] if ended else [])}
        for day in sorted(probes):
            mandate = ends if extended and decided <= day else last  # an extension counts from the day it was decided
            status = charter_panel_status(day, mandate, ended if ended is not None and ended <= day else None)
            for read in (lg.as_of, lg.replay):
                view = read(day.isoformat())
                panel, regime = view.panel("p"), view.regime("r")
                assert panel is not None and regime is not None
                assert (panel.status, panel.mandate_ends_on, regime.monitored) == (
                    status, mandate.isoformat(), status == "active"), (day, read)
