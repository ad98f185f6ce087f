"""A ledger written by the version 1 code still opens, replays and verifies under today's code.

`tests/fixtures/ledger-v1.db` was written before the hash chain existed and while `VetoCast` was at
class_version 1 (see tests/fixtures/README.md); it is copied, never changed in place.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text

from ledger import Ledger

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
VETO = "vote.S/2024/255/veto/RUS"


@pytest.fixture
def v1_ledger(tmp_path: Path) -> Path:
    copy = tmp_path / "ledger-v1.db"
    shutil.copyfile(FIXTURES / "ledger-v1.db", copy)
    return copy


def agrees(old: Any, new: Any) -> bool:
    """Whether today's data says everything the old data said (today's may add fields)."""
    if isinstance(old, dict):
        return isinstance(new, dict) and all(k in new and agrees(v, new[k]) for k, v in old.items())
    if isinstance(old, list):
        return isinstance(new, list) and len(old) == len(new) and all(agrees(o, n) for o, n in zip(old, new, strict=False))
    return bool(old == new)


def stored_state(lg: Ledger, event_id: str) -> dict[str, Any]:
    position = lg.store.lookup([event_id])[event_id].position
    with lg.store.engine.connect() as connection:
        state = connection.execute(text("SELECT state FROM ledger_events WHERE id = :p"), {"p": position}).scalar_one()
    return json.loads(bytes(state))  # type: ignore[no-any-return]


def test_the_version_1_ledger_opens_and_verifies(v1_ledger: Path) -> None:
    with Ledger.open(f"sqlite:///{v1_ledger}") as lg:
        result = lg.verify()
        assert result.ok and result.checked == 101 and result.head.position == 101


def test_the_version_1_ledger_replays_to_what_the_version_1_code_showed(v1_ledger: Path) -> None:
    then = json.loads((FIXTURES / "ledger-v1-view-2024-05-01.json").read_text())
    with Ledger.open(f"sqlite:///{v1_ledger}") as lg:
        replayed, read = lg.replay("2024-05-01").to_dict(), lg.as_of("2024-05-01").to_dict()
    assert agrees(then, replayed)
    assert replayed == read  # the read models written by the old code were rebuilt in today's format
    kuleba = next(s for s in replayed["statements"] if s["event_id"] == "statement.kuleba.2024-03-28")
    assert kuleba["stance"] == "warns" and kuleba["corrected_by"] == ["fix.kuleba.stance"]


def test_old_vetoes_are_upcast_to_name_their_vote_and_their_bytes_stay_as_written(v1_ledger: Path) -> None:
    with Ledger.open(f"sqlite:///{v1_ledger}") as lg:
        stored = stored_state(lg, VETO)
        assert "vote" not in stored["fact"] and stored.get("class_version", 1) == 1
        veto = next(t for t in lg.replay("2024-05-01").timeline if t.event_id == VETO)
        assert veto.details["vote"] == "vote.S/2024/255"


def test_new_vetoes_are_stored_at_version_2(seeded: Ledger) -> None:
    stored = stored_state(seeded, VETO)
    assert stored["class_version"] == 2 and stored["fact"]["vote"] == "vote.S/2024/255"


def test_the_version_1_ledger_takes_new_facts_and_still_verifies(v1_ledger: Path) -> None:
    with Ledger.open(f"sqlite:///{v1_ledger}") as lg:
        lg.append({"type": "StatementIssued", "id": "later", "occurred_on": "2024-03-28", "speakers": ["FRA"],
                   "stance": "regrets", "source": {"document": "S/PV.9591"}})
        assert lg.verify().ok and lg.verify().checked == 102
