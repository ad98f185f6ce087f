"""A long rebuild with its helper process gives exactly the tables a catch-up keeps, or fails cleanly."""

from __future__ import annotations

import itertools
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings

from ledger import Ledger
from ledger.projections import helper as helper_module
from ledger.projections.generations import start_generation, switch_to
from ledger.projections.helper import HelperFailed, RebuildHelper
from ledger.projections.projector import Projector
from ledger.storage import eventstore
from tests.bench import synthetic
from tests.conftest import SEEDS
from tests.histories import History, histories
from tests.integration.test_projector import rows

SOURCE = {"document": "un"}  # registered by the synthetic history


def corrections() -> list[dict[str, Any]]:
    """A correction and a retraction of lone statements (the helper's kind of event, now extended), and
    a correction of a panel's extension."""
    return [
        {"type": "FactCorrected", "id": "fix.statement", "corrects": "S/2003/1.statement.4",
         "changes": {"stance": "regrets"}, "reason": "misheard", "source": SOURCE},
        {"type": "FactRetracted", "id": "fix.gone", "retracts": "S/2004/2.statement.7", "reason": "not said",
         "source": SOURCE},
        {"type": "FactCorrected", "id": "fix.panel", "corrects": "reg1-panel.ext.2002",
         "changes": {"mandate_ends_on": "2003-03-01"}, "reason": "typo", "source": SOURCE},
    ]


@pytest.mark.parametrize("listed", [True, False], ids=["fixed streams listed", "fixed streams probed"])
def test_a_rebuild_with_its_helper_gives_the_tables_kept_incrementally(
    ledger_url: str, listed: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    if not listed:  # this process finds the fixed streams by probing the index; the helper still lists them
        monkeypatch.setattr(eventstore, "MANY", 0)
    with Ledger.open(ledger_url, project=False) as lg:
        lg.load(SEEDS)
        synthetic.write(lg.store, regimes=4, years=6, chunk=300)
        lg.append_many(corrections())
        lg.append({"type": "StatementIssued", "id": "late.statement", "occurred_on": "2003-05-01",
                   "source": SOURCE, "speakers": ["FRA"], "stance": "supports", "about": ["reg1-panel"]})
        lg.catch_up()
        incremental = rows(lg)
        assert lg.rebuild(helper=True) == lg.head()
        assert rows(lg) == incremental
        assert lg.rebuild(helper=False) == lg.head()
        assert rows(lg) == incremental


def test_the_helper_takes_the_lone_records_and_nothing_else(tmp_path: Path) -> None:
    with Ledger.open(f"sqlite:///{tmp_path / 'ledger.db'}", project=False) as lg:
        synthetic.write(lg.store, regimes=2, years=4, chunk=100)
        lg.append_many(corrections()[:1])
        store = lg.store
        everything = store.log_page(0, 100_000, lg.head())
        every_lone = store.log_page(0, 100_000, lg.head(), helper_module.lone_records(store, lg.head()))
    lone = {"StatementIssued", "MeetingHeld", "ProposalMade", "VotePostponed"}
    corrected = "S/2003/1.statement.4"  # no longer lone
    assert [f for f, _ in every_lone] == [f for f, _ in everything if f.type in lone and f.event_id != corrected]


def test_the_rebuild_takes_back_chunks_the_helper_has_not_started_and_every_row_is_written_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(helper_module, "CHUNK", 300)  # many chunks in a small log (asked by this process only)
    url = f"sqlite:///{tmp_path / 'ledger.db'}"
    with Ledger.open(url, project=False) as lg:
        synthetic.write(lg.store, regimes=20, years=10, chunk=300)
        lg.append_many(corrections())
        lg.catch_up()
        incremental = rows(lg)
        store = lg.store
        projector = Projector(store, start_generation(store))
        helper = RebuildHelper(url, projector.generation, lg.head())
        try:
            # Asked before it has begun, the helper gives back its last chunk, then the one before, until it
            # has started the one asked for; the first chunk is always its own.
            taken = helper.take_over(store, projector.generation, projector.day)
            projector.fill(helper)
        finally:
            helper.abandon()
        with store.recorder.transaction(commit=True) as session:  # type: ignore[attr-defined]
            switch_to(session, projector.generation)
        assert taken > 0 and projector.helped["own_rows"] > 0
        assert projector.helped["peak_mib"] > 0  # its own memory, as the benchmark prints it
        assert rows(lg) == incremental


def test_a_helper_that_dies_fails_the_rebuild_and_readers_keep_the_old_tables(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    url = f"sqlite:///{tmp_path / 'ledger.db'}"
    original = RebuildHelper.write

    def die_first(self: RebuildHelper, *args: Any) -> None:
        self._process.kill()  # noqa: SLF001 - the helper dies while the rebuild still sends it rows
        self._process.wait()  # noqa: SLF001
        original(self, *args)

    with Ledger.open(url) as lg:
        lg.load(SEEDS)
        synthetic.write(lg.store, regimes=6, years=8, chunk=200)
        lg.catch_up()
        before = rows(lg)
        with monkeypatch.context() as patched:
            patched.setattr(RebuildHelper, "write", die_first)
            with pytest.raises(HelperFailed, match="helper process stopped"):
                lg.rebuild(helper=True)
        assert rows(lg) == before
        assert lg.as_of("2003-06-01").to_dict() == lg.replay("2003-06-01").to_dict()
        assert lg.rebuild(helper=True) == lg.head()
        assert rows(lg) == before


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(history=histories())
def test_random_histories_rebuild_with_a_helper_to_the_tables_kept_incrementally(
    tmp_path: Path, history: History
) -> None:
    url = f"sqlite:///{tmp_path / f'ledger-{next(_numbers)}.db'}"
    with Ledger.open(url) as lg:
        for batch in history.batches:
            lg.append_many(batch)
        incremental = rows(lg)
        lg.rebuild(helper=True)
        assert rows(lg) == incremental


_numbers = itertools.count()


def test_a_helper_that_cannot_start_says_why_and_readers_keep_the_old_tables(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with Ledger.open(f"sqlite:///{tmp_path / 'ledger.db'}") as lg:
        lg.load(SEEDS)
        before = rows(lg)
        monkeypatch.setattr(helper_module, "START", "import ledger_helper_not_installed")
        with pytest.raises(HelperFailed, match="No module named 'ledger_helper_not_installed'"):
            lg.rebuild(helper=True)
        assert rows(lg) == before
        monkeypatch.setattr(helper_module.sys, "executable", str(tmp_path / "no-python-here"))
        with pytest.raises(HelperFailed, match="did not start"):
            lg.rebuild(helper=True)
        assert rows(lg) == before
