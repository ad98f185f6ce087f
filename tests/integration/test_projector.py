"""The projector: exactly once, catching up after others and after a crash, rebuilt identically."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import event, select

from ledger import Ledger
from ledger.domain.facts import apply_fixes
from ledger.projections.derive import micros, timeline_row
from ledger.projections.tables import BITEMPORAL, generations
from ledger.projections.timeline import restored
from ledger.projections.writer import driver_day, lone_values, opened_values
from ledger.views import timeline_data
from tests.bench import synthetic
from tests.conftest import ARTICLE_SEEDS
from tests.integration.test_read_models import assert_each_batch_by_its_own_open_leaves_what_the_log_derives

# The article without the veto record: the synthetic history numbers its drafts S/YEAR/N, as the veto record does.
SEEDS = ARTICLE_SEEDS
NEBENZIA = "statement.nebenzia.2024-03-28"


def rows(lg: Ledger) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of the current generation, as comparable tuples (without row ids or generation)."""
    with lg.store.reading() as session:  # the test inspects the tables themselves
        current = session.execute(select(generations.c.generation).where(generations.c.current)).scalar_one()
        result = {}
        for name, table in BITEMPORAL.items():
            columns = [c for c in table.c if c.name not in ("row_id", "generation")]
            query = select(*columns).where(table.c.generation == current)
            result[name] = sorted(tuple(str(v) for v in row) for row in session.execute(query))
        return result


def test_a_rebuild_gives_the_tables_kept_incrementally(seeded: Ledger) -> None:
    seeded.append({"type": "FactCorrected", "id": "fix", "corrects": NEBENZIA, "changes": {"stance": "regrets"},
                   "reason": "x", "source": {"document": "S/PV.9591"}})
    seeded.append({"type": "FactRetracted", "id": "gone", "retracts": "statement.eu.2024-03-28", "reason": "x",
                   "source": {"document": "S/PV.9591"}})
    incremental = rows(seeded)
    assert sum(len(r) for r in incremental.values()) > 90
    assert seeded.rebuild() == seeded.head()
    assert rows(seeded) == incremental


def test_what_another_process_appends_is_read_on_the_next_view(ledger_url: str) -> None:
    with Ledger.open(ledger_url) as reader, Ledger.open(ledger_url) as writer:
        writer.load(*SEEDS)
        assert reader.as_of("2024-05-01").panel("dprk-panel").status == "expired"  # type: ignore[union-attr]


def test_a_new_panel_appended_by_a_later_process_is_projected_under_its_regime(ledger_url: str) -> None:
    """A projector that begins mid-log has not read the regime a new panel touches: it reads it then."""
    with Ledger.open(ledger_url) as first:
        first.load(*SEEDS)
    with Ledger.open(ledger_url) as later:
        later.append_many([
            {"type": "SourceRegistered", "id": "src.panel-notes", "source_id": "panel-notes", "title": "Notes",
             "published_on": "2025-01-01"},
            {"type": "PanelEstablished", "id": "panel.dprk-2024", "occurred_on": "2024-06-01",
             "source": {"document": "panel-notes"}, "panel_id": "dprk-panel-2024", "regime_id": "dprk-regime",
             "name": "A new panel", "resolution": "9999 (2024)", "mandate_ends_on": "2025-04-30"},
        ])
        regime = later.as_of("2024-06-01").regime("dprk-regime")
        assert regime is not None and regime.monitored and "dprk-panel-2024" in regime.panels
        assert later.as_of("2024-06-01").to_dict() == later.replay("2024-06-01").to_dict()


def test_appends_without_projection_are_projected_by_the_next_reader(ledger_url: str) -> None:
    with Ledger.open(ledger_url, project=False) as lg:
        lg.load(*SEEDS)
        assert lg.as_of("2024-03-28").draft("S/2024/255").vetoed_by == ["RUS"]  # type: ignore[union-attr]


def test_a_panel_on_a_day_reads_only_that_panels_rows(seeded: Ledger) -> None:
    view = seeded.as_of("2024-03-28")
    statements: list[str] = []
    engine = seeded.store.engine
    listener = lambda *args: statements.append(args[2])  # noqa: E731
    event.listen(engine, "before_cursor_execute", listener)
    try:
        panel = view.panel("dprk-panel")
    finally:
        event.remove(engine, "before_cursor_execute", listener)
    assert panel is not None and panel.status == "active"
    assert len(statements) == 1  # one indexed statement: the panel's row and its regime's
    assert "rm_panels" in statements[0] and "rm_regimes" in statements[0]
    assert "rm_timeline" not in statements[0] and "ledger_events" not in statements[0]


def test_readers_during_a_rebuild_see_the_old_tables_or_the_new(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'ledger.db'}"
    with Ledger.open(url) as lg:
        lg.load(*SEEDS)
        expected = lg.as_of("2024-05-01").to_dict()
    seen: list[bool] = []
    stop = threading.Event()

    def read() -> None:
        with Ledger.open(url) as reader:
            while not stop.is_set():
                seen.append(reader.as_of("2024-05-01").to_dict() == expected)

    thread = threading.Thread(target=read)
    thread.start()
    try:
        with Ledger.open(url) as lg:
            for _ in range(3):
                lg.rebuild()
    finally:
        stop.set()
        thread.join()
    assert seen and all(seen)


KILLED_CATCH_UP = """
import sys
from ledger import Ledger
with Ledger.open(sys.argv[1]) as lg:
    print("started", flush=True)
    lg.catch_up()
"""


def test_a_projector_killed_while_catching_up_resumes_to_a_clean_rebuild(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'ledger.db'}"
    with Ledger.open(url, project=False) as lg:
        lg.load(*SEEDS)
        synthetic.write(lg.store, regimes=60, years=12, chunk=500)
        head = lg.head()
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])}
    child = subprocess.Popen([sys.executable, "-c", KILLED_CATCH_UP, url], stdout=subprocess.PIPE, env=env)
    assert child.stdout is not None and child.stdout.readline().strip() == b"started"
    position = 0
    deadline = time.monotonic() + 60
    while position == 0 and time.monotonic() < deadline:
        time.sleep(0.05)
        position = _tracked(url)
    child.send_signal(signal.SIGKILL)
    child.wait()
    assert 0 < _tracked(url) < head, "the projector was to be killed in the middle of catching up"
    with Ledger.open(url) as lg:
        lg.catch_up()
        resumed = rows(lg)
        lg.rebuild()
        assert rows(lg) == resumed
        assert lg.as_of("2010-06-01").to_dict() == lg.replay("2010-06-01").to_dict()


def _tracked(url: str) -> int:
    with Ledger.open(url, project=False) as lg, lg.store.reading() as session:
        return int(session.execute(select(generations.c.position).where(generations.c.current)).scalar_one())


def test_known_at_reads_the_tables_as_they_were(seeded: Ledger) -> None:
    before = datetime.now(UTC)
    seeded.append({"type": "FactCorrected", "id": "fix", "corrects": NEBENZIA, "changes": {"stance": "regrets"},
                   "reason": "x", "source": {"document": "S/PV.9591"}})
    then = seeded.as_of("2024-03-28", known_at=before)
    assert next(s for s in then.statements if s.event_id == NEBENZIA).stance == "justifies"
    assert then.to_dict() == seeded.replay("2024-03-28", known_at=before).to_dict()


def test_a_timeline_row_stores_less_than_it_reads_back(seeded: Ledger) -> None:
    # Every fact of the seed, corrections merged: the stored row restores exactly what a replay shows.
    seeded.append({"type": "FactCorrected", "id": "fix.stance", "corrects": NEBENZIA, "changes": {"stance": "warns"},
                   "reason": "misread the source", "occurred_on": "2024-03-28", "source": {"document": "S/PV.9591"}})
    facts = apply_fixes(seeded.facts())
    assert any(f.corrections for f in facts) and any(f.document["source"].get("quote") for f in facts if f.occurred)
    for fact in facts:
        if fact.occurred is None:
            continue  # registrations have no row on the timeline
        row = timeline_row(fact)
        full = timeline_data(fact)
        assert restored(row.key, fact.type, dict(row.extra)["recorded_us"], json.loads(row.data_json)) == full
        assert len(row.data_json) < len(json.dumps(full, ensure_ascii=False, separators=(",", ":")))


def test_a_record_alone_gives_the_row_its_timeline_row_gives(seeded: Ledger) -> None:
    # The short way a rebuild makes most of its rows (`lone_values`) writes what the long way writes.
    for dialect in ("sqlite", "postgresql"):
        day = driver_day(type("Dialect", (), {"name": dialect})())  # type: ignore[arg-type]
        for fact in seeded.facts():
            if fact.occurred is None:
                continue
            long_way = opened_values(timeline_row(fact), 7, "stream", micros(fact.recorded_at), day)
            assert lone_values(fact, 7, "stream", day) == long_way



def test_a_panel_established_after_a_reopen_under_an_earlier_regime_is_projected(ledger_url: str) -> None:
    """A projector that starts from a position (not from the start) reads a regime it does not hold when a new
    panel touches it."""
    opening = [{"type": "SourceRegistered", "id": "src.un", "source_id": "un", "title": "UN documents",
                "published_on": "2025-12-31"},
               {"type": "SanctionsRegimeEstablished", "id": "regime.est", "occurred_on": "2006-10-14",
                "source": {"document": "un"}, "regime_id": "regime", "name": "A regime", "target": "PRK",
                "resolution": "1718 (2006)", "measures": ["arms embargo"]}]
    with Ledger.open(ledger_url) as lg:
        lg.append_many(opening)
    with Ledger.open(ledger_url) as lg:
        lg.append({"type": "PanelEstablished", "id": "panel.est", "occurred_on": "2009-06-12", "source": {"document": "un"},
                   "panel_id": "panel", "regime_id": "regime", "name": "A panel", "resolution": "1874 (2009)",
                   "mandate_ends_on": "2010-06-12"})
        assert lg.as_of("2009-07-01").to_dict() == lg.replay("2009-07-01").to_dict()
        assert lg.as_of("2009-07-01").regime("regime").monitored  # type: ignore[union-attr]


# -- a stream derived again in a later process for another stream's fact ------------------------------------
# A regime is derived again for its panels' facts and a panel for the votes on drafts about it; when the stream
# still holds its opening fact alone, it was opened by an earlier load all the same, and its rows are to be
# closed, not written beside those it had (a later process holds none of them in memory).

UN = {"document": "un"}
OPENING = [
    {"type": "SourceRegistered", "id": "src.un", "source_id": "un", "title": "UN documents", "published_on": "2025-12-31"},
    {"type": "SanctionsRegimeEstablished", "id": "regime.est", "occurred_on": "2010-01-01", "source": UN,
     "regime_id": "regime", "name": "A regime", "target": "PRK", "resolution": "1 (2010)", "measures": ["arms embargo"]},
]
PANEL = {"type": "PanelEstablished", "id": "panel.est", "occurred_on": "2010-02-01", "source": UN, "panel_id": "panel",
         "regime_id": "regime", "name": "A panel", "resolution": "1 (2010)", "mandate_ends_on": "2011-02-01"}
EXTENSION = {"type": "PanelMandateExtended", "id": "panel.ext", "occurred_on": "2011-01-10", "source": UN,
             "panel_id": "panel", "resolution": "2 (2011)", "mandate_ends_on": "2012-02-01"}
STATEMENT = {"type": "StatementIssued", "id": "statement", "occurred_on": "2010-03-01", "source": UN, "speakers": ["FRA"],
             "stance": "condemns", "about": ["panel", "regime"]}
VOTE = {"type": "DraftResolutionVoted", "id": "vote", "occurred_on": "2010-03-01", "source": UN, "draft_id": "S/2010/1",
        "concerning": "panel", "in_favour": 9, "against": 0, "abstaining": 6}


def corrected(ident: str, target: str, **changes: Any) -> dict[str, Any]:
    return {"type": "FactCorrected", "id": ident, "corrects": target, "changes": changes, "reason": "misread",
            "source": UN}


def retracted(ident: str, target: str) -> dict[str, Any]:
    return {"type": "FactRetracted", "id": ident, "retracts": target, "reason": "misread", "source": UN}


LATER_LOADS = {
    "the end of a panel's first mandate corrected": [[*OPENING, PANEL], [corrected("fix", "panel.est", mandate_ends_on="2011-01-15")]],
    "a panel's name corrected": [[*OPENING, PANEL], [corrected("fix", "panel.est", name="The panel")]],
    "a regime's name corrected, under its panel": [[*OPENING, PANEL], [corrected("fix", "regime.est", name="The regime")]],
    "a panel's extension corrected": [[*OPENING, PANEL, EXTENSION], [corrected("fix", "panel.ext", mandate_ends_on="2012-03-01")]],
    "a panel's extension retracted": [[*OPENING, PANEL, EXTENSION], [retracted("fix", "panel.ext")]],
    "a panel retracted": [[*OPENING, PANEL], [retracted("fix", "panel.est")]],
    "a panel corrected in a second and a third load": [
        [*OPENING, PANEL], [corrected("fix", "panel.est", name="The panel")],
        [corrected("fix.again", "panel.est", mandate_ends_on="2011-01-20")]],
    "a statement about a panel corrected": [[*OPENING, PANEL, STATEMENT], [corrected("fix", "statement", stance="regrets")]],
    "a panel established under a regime loaded before": [OPENING, [PANEL]],
    "a vote on a draft about a panel loaded before": [[*OPENING, PANEL], [VOTE]],
    "a vote on a draft about a panel recounted": [[*OPENING, PANEL, VOTE], [corrected("fix", "vote", in_favour=8)]],
}


@pytest.mark.parametrize("loads", LATER_LOADS.values(), ids=LATER_LOADS.keys())
def test_a_fix_in_a_later_load_leaves_the_read_models_as_the_log_derives_them(
    ledger_url: str, loads: list[list[dict[str, Any]]]
) -> None:
    assert_each_batch_by_its_own_open_leaves_what_the_log_derives(
        ledger_url, loads, ("2010-01-01", "2010-02-01", "2010-03-01", "2011-01-16", "2011-02-01", "2012-02-15"))


def test_a_mandate_corrected_in_a_later_load_leaves_the_regime_once_on_the_timeline(ledger_url: str) -> None:
    """As a user found it: a regime, its panel, then in a second `ledger load` the end of the panel's mandate
    corrected. `ledger verify` said the regimes and the timeline were altered, and the regime's establishment
    showed twice on the timeline."""
    source = {"document": "S/RES/2653"}
    with Ledger.open(ledger_url) as lg:
        lg.append_many([
            {"type": "SourceRegistered", "id": "src.S/RES/2653", "source_id": "S/RES/2653", "published_on": "2022-10-21",
             "title": "Security Council resolution 2653 (2022): The question concerning Haiti"},
            {"type": "SanctionsRegimeEstablished", "id": "regime.haiti.established", "occurred_on": "2022-10-21",
             "source": {**source, "locator": "paras 5-15"}, "regime_id": "haiti-regime", "target": "HTI",
             "name": "Sanctions regime on Haiti (resolution 2653 (2022))", "resolution": "2653 (2022)",
             "measures": ["asset freeze", "travel ban", "targeted arms embargo"]},
            {"type": "PanelEstablished", "id": "panel.haiti.established", "occurred_on": "2022-10-21",
             "source": {**source, "locator": "para 21"}, "panel_id": "haiti-panel", "regime_id": "haiti-regime",
             "name": "Panel of Experts on Haiti", "resolution": "2653 (2022)", "mandate_ends_on": "2023-11-21"},
        ])
    with Ledger.open(ledger_url) as lg:
        lg.append({"type": "FactCorrected", "id": "fix.est.end", "corrects": "panel.haiti.established",
                   "changes": {"mandate_ends_on": "2023-11-15"}, "reason": "misread", "source": source})
    with Ledger.open(ledger_url) as lg:
        verification = lg.verify()
        assert verification.ok, verification.derived
        assert [e.event_id for e in lg.timeline()] == ["regime.haiti.established", "panel.haiti.established"]
        panel = lg.as_of("2023-11-16").panel("haiti-panel")
        assert panel is not None and (panel.status, panel.mandate_ends_on) == ("expired", "2023-11-15")
