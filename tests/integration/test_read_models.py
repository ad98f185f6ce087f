"""The read models say exactly what the events say: on any day, as known at any moment."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager
from datetime import date, timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ledger import Ledger
from tests.histories import History, histories


def probe_days(history: History, rng_pick: list[int]) -> list[date]:
    days = sorted({d + timedelta(days=s) for d in history.dates for s in (-1, 0)} | {date(2029, 12, 31)})
    return [days[i % len(days)] for i in rng_pick] if len(days) > len(rng_pick) else days


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(history=histories(), picks=st.lists(st.integers(0, 10_000), min_size=8, max_size=8))
def test_random_histories_in_random_orders_read_the_same_as_a_replay(
    fresh_database: Callable[[], AbstractContextManager[str]], history: History, picks: list[int]
) -> None:
    with fresh_database() as url, Ledger.open(url) as lg:
        moments = []
        for batch in history.batches:
            moments.append(lg.append_many(batch)[0].recorded_at)
        known = [None, *[moments[i % len(moments)] for i in picks[:3]]]
        for day in probe_days(history, picks):
            for moment in known:
                assert lg.as_of(day, known_at=moment).to_dict() == lg.replay(day, known_at=moment).to_dict(), (day, moment)
