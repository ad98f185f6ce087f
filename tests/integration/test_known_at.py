"""`known_at` on every read path: what was recorded after the moment never shows in a view known at it.

After the seed, three facts are recorded: the DPRK regime terminated on 2024-04-10 (so its panel would
read `terminated` from then on), the vote on S/2024/255 corrected so that Russia abstained (no veto
then), and a new statement. A view known at the moment before them must show none of the three, on
every question it answers, whether read from the read models (`as_of`) or folded from the log (`replay`).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime
from typing import Any

import pytest

from ledger import Ledger
from ledger.views import View

DAY = "2024-04-15"  # after the termination, before the panel's mandate ends (2024-04-30)
RECORD = {"type": "SourceRegistered", "id": "src.S/PV.9999", "source_id": "S/PV.9999",
          "title": "Security Council, meeting record", "published_on": "2024-04-10"}
TERMINATION = {"type": "SanctionsRegimeTerminated", "id": "regime.dprk.terminated", "occurred_on": "2024-04-10",
               "source": {"document": "S/PV.9999"}, "regime_id": "dprk-regime"}
CORRECTION = {"type": "FactCorrected", "id": "fix.vote", "corrects": "vote.S/2024/255",
              "changes": {"against": [], "abstaining": ["CHN", "RUS"]}, "reason": "misread the record",
              "occurred_on": "2024-03-28", "source": {"document": "S/PV.9591"}}
STATEMENT = {"type": "StatementIssued", "id": "statement.later", "occurred_on": "2024-03-28", "speakers": ["FRA"],
             "stance": "regrets", "about": ["dprk-panel"], "source": {"document": "S/PV.9591"}}
LATER_IDS = {"regime.dprk.terminated", "fix.vote", "statement.later"}


@pytest.fixture
def moment(seeded: Ledger) -> datetime:
    """The moment before the three later facts were recorded."""
    before = datetime.now(UTC)
    seeded.append_many([RECORD, TERMINATION, CORRECTION, STATEMENT])
    return before


VIEWS: dict[str, Callable[[Ledger, str, datetime | None], View]] = {
    "read models": lambda lg, day, known_at: lg.as_of(day, known_at),
    "log": lambda lg, day, known_at: lg.replay(day, known_at),
}


@pytest.fixture(params=sorted(VIEWS))
def view_at(request: pytest.FixtureRequest) -> Callable[[Ledger, str, datetime | None], View]:
    return VIEWS[request.param]


def test_a_panel_known_at_a_moment_reads_its_regime_as_known_then(seeded: Ledger, moment: datetime, view_at: Any) -> None:
    then, now = view_at(seeded, DAY, moment), view_at(seeded, DAY, None)
    for view, status in ((then, "active"), (now, "terminated")):
        panel = view.panel("dprk-panel")
        assert panel is not None and panel.status == status
        assert [p.status for p in view.panels if p.panel_id == "dprk-panel"] == [status]


def test_a_regime_known_at_a_moment_is_as_it_was_known_then(seeded: Ledger, moment: datetime, view_at: Any) -> None:
    then = view_at(seeded, DAY, moment)
    for regime in (then.regime("dprk-regime"), next(r for r in then.regimes if r.regime_id == "dprk-regime")):
        assert (regime.status, regime.terminated_on, regime.monitored) == ("in_force", None, True)
        assert "regime.dprk.terminated" not in regime.evidence
    now = view_at(seeded, DAY, None).regime("dprk-regime")
    assert (now.status, now.terminated_on, now.monitored) == ("terminated", date(2024, 4, 10), False)


SEED_FIX = "fix.vote.S/2024/255.sources"  # the seed's own fix of the vote: it cites the meeting record


def test_a_draft_known_at_a_moment_has_its_vote_as_recorded_then(seeded: Ledger, moment: datetime, view_at: Any) -> None:
    then = view_at(seeded, DAY, moment)
    for draft in (then.draft("S/2024/255"), next(d for d in then.drafts if d.draft_id == "S/2024/255")):
        # As the seed left it: its one fix (the vote's sources set right), and not the recount that came later.
        assert (draft.outcome, draft.vetoed_by, draft.against_members) == ("vetoed", ["RUS"], ["RUS"])
        assert [c["event_id"] for c in draft.corrections] == [SEED_FIX]
    assert [(v.draft_id, v.member) for v in then.panel("dprk-panel").vetoes] == [("S/2024/255", "RUS")]
    now = view_at(seeded, DAY, None)
    assert (now.draft("S/2024/255").outcome, now.draft("S/2024/255").vetoed_by) == ("adopted", [])
    assert now.panel("dprk-panel").vetoes == []


def test_statements_timeline_and_evidence_known_at_a_moment_leave_out_what_came_later(
        seeded: Ledger, moment: datetime, view_at: Any) -> None:
    then, now = view_at(seeded, DAY, moment), view_at(seeded, DAY, None)
    assert "statement.later" not in {s.event_id for s in then.statements}
    assert "statement.later" in {s.event_id for s in now.statements}
    assert not LATER_IDS & {row.event_id for row in then.timeline}
    assert "vote.S/2024/255/veto/RUS" in {row.event_id for row in then.timeline}
    assert {"regime.dprk.terminated", "statement.later"} <= {row.event_id for row in now.timeline}
    assert "vote.S/2024/255/veto/RUS" not in {row.event_id for row in now.timeline}
    vote = next(row for row in then.timeline if row.event_id == "vote.S/2024/255")
    assert vote.corrected_by == [SEED_FIX] and vote.details["against"] == ["RUS"]
    evidence = [e.event_id for e in then.evidence(then.panel("dprk-panel"))]
    assert "vote.S/2024/255/veto/RUS" in evidence and not LATER_IDS & set(evidence)
    assert [r.report_id for r in then.reports] == [r.report_id for r in now.reports]


def test_the_two_read_paths_agree_known_at_a_moment_and_now(seeded: Ledger, moment: datetime) -> None:
    for known_at in (moment, None):
        for day in ("2024-03-28", DAY, "2024-05-01"):
            assert seeded.as_of(day, known_at).to_dict() == seeded.replay(day, known_at).to_dict(), (day, known_at)


def test_the_timeline_known_at_a_moment_leaves_out_what_came_later(seeded: Ledger, moment: datetime) -> None:
    then = {row.event_id for row in seeded.timeline("2024-03", "2024-04", known_at=moment)}
    now = {row.event_id for row in seeded.timeline("2024-03", "2024-04")}
    assert not LATER_IDS & then and "vote.S/2024/255/veto/RUS" in then
    assert {"regime.dprk.terminated", "statement.later"} <= now
