"""`Ledger.copy_to`: a scratch copy of a ledger in a new SQLite file, the original only read."""

from __future__ import annotations

from pathlib import Path

import pytest

from ledger import Ledger, Unwritable


def test_a_copy_holds_the_same_log_chain_and_answers(seeded: Ledger, tmp_path: Path) -> None:
    fix = seeded.append({"type": "FactCorrected", "id": "fix.1", "corrects": "statement.miller.2024-03-28",
                         "changes": {"stance": "regrets"}, "reason": "a test", "source": {"document": "S/PV.9591"}})
    head, digest = seeded.head(), seeded.digest()
    with Ledger.open(seeded.copy_to(tmp_path / "copy.db")) as copy:
        assert (copy.head(), copy.digest()) == (head, digest) and copy.verify().ok
        assert [(f.event_id, f.position, f.recorded_at) for f in copy.facts()] == [
            (f.event_id, f.position, f.recorded_at) for f in seeded.facts()]
        for known_at in (None, fix.recorded_at.replace(microsecond=0)):
            assert copy.as_of("2024-05-01", known_at).to_dict() == seeded.as_of("2024-05-01", known_at).to_dict()
        copy.append({"type": "FactRetracted", "id": "fix.2", "retracts": "statement.miller.2024-03-28",
                     "reason": "a test", "source": {"document": "S/PV.9591"}})
        assert copy.head() == head + 1
    assert (seeded.head(), seeded.digest()) == (head, digest)


def test_a_read_only_ledger_can_be_copied_and_the_copy_written(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'ledger.db'}"
    with Ledger.open(url) as lg:
        lg.load(Path(__file__).resolve().parents[2] / "seeds")
    before = (tmp_path / "ledger.db").read_bytes()
    with Ledger.open(url, read_only=True) as audited, Ledger.open(audited.copy_to(tmp_path / "copy.db")) as copy:
        assert copy.verify().ok and copy.head() == audited.head()
    assert (tmp_path / "ledger.db").read_bytes() == before


def test_a_copy_goes_into_a_new_file_only(seeded: Ledger, tmp_path: Path) -> None:
    (tmp_path / "taken.db").write_bytes(b"")
    with pytest.raises(Unwritable, match="already exists"):
        seeded.copy_to(tmp_path / "taken.db")
