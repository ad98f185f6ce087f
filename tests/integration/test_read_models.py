"""The read models say exactly what the events say: on any day, as known at any moment."""

from __future__ import annotations

import tempfile
from collections.abc import Callable, Iterable, Iterator
from contextlib import AbstractContextManager, contextmanager
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ledger import Ledger
from tests.histories import History, charter_outcome, charter_panel_status, histories


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


@contextmanager
def lasting(url: str) -> Iterator[str]:
    """The database at `url`, on a file when it is SQLite in memory: a ledger opened again finds what an earlier
    one appended."""
    if url != "sqlite://":
        yield url
        return
    with tempfile.TemporaryDirectory() as folder:
        yield f"sqlite:///{Path(folder) / 'ledger.db'}"


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(history=histories(), picks=st.lists(st.integers(0, 10_000), min_size=8, max_size=8))
def test_random_histories_appended_by_a_process_a_batch_leave_the_read_models_as_the_log_derives_them(
    fresh_database: Callable[[], AbstractContextManager[str]], history: History, picks: list[int]
) -> None:
    """Each batch appended by a ledger opened for it, as `ledger load` runs are: its projector holds nothing of
    the streams earlier batches opened, and reads what it needs of them from the log and the tables. The tables
    are then those the log derives, and the views read from them are a replay's."""
    with fresh_database() as base, lasting(base) as url:
        assert_each_batch_by_its_own_open_leaves_what_the_log_derives(url, history.batches, probe_days(history, picks))


def assert_each_batch_by_its_own_open_leaves_what_the_log_derives(
        url: str, batches: Iterable[list[dict[str, Any]]], days: Iterable[date | str]) -> None:
    """Append each batch by a ledger opened for it, as `ledger load` runs are; then the fact index and read models
    are what the log derives, the timeline holds each event once, and a view on each day is a replay's."""
    for batch in batches:
        with Ledger.open(url) as lg:
            lg.append_many(batch)
    with Ledger.open(url) as lg:
        verification = lg.verify()
        assert verification.ok, verification.derived
        events = [entry.event_id for entry in lg.timeline()]
        assert len(events) == len(set(events)), events
        for day in days:
            assert lg.as_of(day).to_dict() == lg.replay(day).to_dict(), day


def as_they_stand(history: History) -> dict[str, dict[str, Any]]:
    """Each fact of a history as its fix leaves it (a history fixes a fact once at most); retracted ones gone."""
    facts = {d["id"]: d for d in history.documents if d["type"] not in ("FactCorrected", "FactRetracted")}
    for d in history.documents:
        if d["type"] == "FactRetracted":
            del facts[d["retracts"]]
        elif d["type"] == "FactCorrected":
            facts[d["corrects"]] = {**facts[d["corrects"]], **d["changes"]}
    return facts


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(history=histories())
def test_random_histories_read_as_a_person_works_them_out(
    fresh_database: Callable[[], AbstractContextManager[str]], history: History
) -> None:
    """Every vote as it stands has the outcome and the vetoes the Charter gives, on the timeline of its day too;
    every panel is active on the last day of its mandate as it stands and expired (or terminated) the day after;
    what was retracted is gone."""
    facts = as_they_stand(history)
    votes = [d for d in history.documents if d["type"] == "DraftResolutionVoted"]
    with fresh_database() as url, Ledger.open(url) as lg:
        for batch in history.batches:
            lg.append_many(batch)
        for read in (lg.as_of, lg.replay):
            for original in votes:
                ident, draft_id, day = original["id"], original["draft_id"], date.fromisoformat(original["occurred_on"])
                view = read(day)
                draft = view.draft(draft_id)
                if ident not in facts:
                    assert draft is None, ident
                    continue
                vote = facts[ident]
                in_favour = vote["in_favour"] if isinstance(vote["in_favour"], int) else len(vote["in_favour"])
                outcome, vetoed_by = charter_outcome(day, in_favour, vote["against"] if isinstance(vote["against"], list) else [])
                assert draft is not None and (draft.outcome, draft.vetoed_by) == (outcome, vetoed_by), (ident, read)
                on_timeline = sorted(r.event_id for r in view.timeline if r.type == "VetoCast" and r.event_id.startswith(f"{ident}/"))
                assert on_timeline == [f"{ident}/veto/{m}" for m in vetoed_by], (ident, read)
            for panel_id, drawn in history.panels.items():
                if f"{panel_id}.est" not in facts:
                    assert read(drawn.decided[0]).panel(panel_id) is None
                    continue
                mandate = [facts[f"{panel_id}.est"], *(facts[f"{panel_id}.ext{n}"] for n in range(len(drawn.ends) - 1))]
                last = max(date.fromisoformat(d["mandate_ends_on"]) for d in mandate)
                ended = facts.get(f"{drawn.regime}.end", {}).get("occurred_on")
                for day in (last, last + timedelta(days=1)):
                    panel = read(day).panel(panel_id)
                    expected = charter_panel_status(day, last, date.fromisoformat(ended) if ended else None)
                    assert panel is not None and (panel.status, panel.mandate_ends_on) == (expected, last.isoformat()), (
                        panel_id, day, read)
            for regime_id in {d["regime_id"] for d in history.documents if d["type"] == "SanctionsRegimeEstablished"}:
                assert (read(date(2029, 12, 31)).regime(regime_id) is None) == (f"{regime_id}.est" not in facts)
