"""A log cut short whose hash-chain links remain, on SQLite and PostgreSQL, through the API and the command:

- after `ledger rebuild` (the read models then agree with the log as it stands) every write is still refused,
  nothing stored, where SQLite used to report another writer's conflict (the next position's link taken) and
  PostgreSQL stored the append past the gap; the rebuild says so; reads keep working;
- a log cut while an append waits for the log's lock is found under the lock, not only before it.

Each damage is plain SQL through an engine of the test's own, as someone with the database password would do it.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from ledger import Ledger, LogCutShort
from ledger.storage.eventstore import EventStore
from tests.integration.test_damaged_read_models import NEW, refusals_of_every_write, run, sql
from tests.integration.test_read_only import DAY, cut_short, written

__all__ = ["written"]  # a fixture of the read-only tests: the seed and a correction

CHAIN_AHEAD = "the log ends before its hash chain (it ends at position {head}; the chain holds links to position {chained})"


def cut_and_rebuilt(lg: Ledger, url: str, count: int) -> int:
    """The log's newest events deleted by hand, their links kept, then the read models rebuilt to the log as it
    stands (what the refusal of a write to the log cut short used to lead to); the log's new head."""
    head = cut_short(lg, url, count)
    assert lg.rebuild() == head
    return head


@pytest.mark.parametrize("project", [True, False])
def test_every_write_to_a_log_cut_short_behind_its_chain_is_refused_after_a_rebuild(
        written: Ledger, ledger_url: str, tmp_path: Path, project: bool) -> None:
    head = cut_and_rebuilt(written, ledger_url, 2)
    expected = written.as_of(DAY).to_dict()
    with Ledger.open(ledger_url, project=project) as lg:
        for name, error in refusals_of_every_write(lg, tmp_path).items():
            assert (error.position, error.seen, error.chained) == (head, head, head + 2), name
            said = str(error)
            assert said.startswith(CHAIN_AHEAD.format(head=head, chained=head + 2) + ": its newest events were "
                                   "deleted behind the ledger's back, their links kept; nothing was stored. "
                                   "`ledger verify` names what changed; restore deleted events from a backup"), said
            assert "`ledger rebuild` does not bring them back" in said and "writes stay refused" in said, said
            assert "\n" not in said
        # Reads keep working, from the read models (they agree with the log as it stands).
        assert lg.as_of(DAY).to_dict() == expected == lg.replay(DAY).to_dict()
        assert lg.answered_from_log is None and not lg.log_cut_short
        assert lg.refusal() is not None and str(lg.refusal()) == said
    verified = run(ledger_url, "verify")
    assert verified.returncode == 1 and f"altered at position {head + 1} (deleted)" in verified.stderr


def test_a_log_cut_short_behind_its_read_models_and_its_chain_says_both_and_that_a_rebuild_does_not_lift_it(
        written: Ledger, ledger_url: str) -> None:
    head = cut_short(written, ledger_url, 2)
    with pytest.raises(LogCutShort) as refused:
        written.append(NEW)
    error = refused.value
    assert (error.position, error.seen, error.chained) == (head, head + 2, head + 2)
    said = str(error)
    assert said.startswith(f"the log holds fewer events than its read models have seen (it ends at position {head}; "
                           f"they were projected to {head + 2}, and its hash chain holds links to position "
                           f"{head + 2}): its newest events were deleted behind the ledger's back"), said
    assert ("`ledger rebuild` makes the read models agree with the log as it stands; it does not bring deleted "
            "events back, and writes stay refused after it while the hash chain runs past the log's end") in said
    assert written.head() == head


def test_a_log_cut_short_with_its_links_is_writable_again_after_a_rebuild(written: Ledger, ledger_url: str) -> None:
    """Links deleted with their events: the chain ends where the log does, a rebuild lifts the refusal (only a digest
    kept from before shows the cut), and the refusal before it does not say the rebuild leaves writes refused."""
    head = cut_short(written, ledger_url, 2)
    sql(ledger_url, f"DELETE FROM ledger_chain WHERE position > {head}")
    with pytest.raises(LogCutShort) as refused:
        written.append(NEW)
    assert refused.value.chained == head and "writes stay refused" not in str(refused.value)
    written.rebuild()
    assert written.refusal() is None
    assert written.append(NEW).position > head and written.verify(log_only=True).ok


def test_the_commands_on_a_log_cut_short_behind_its_chain(written: Ledger, ledger_url: str, tmp_path: Path) -> None:
    """`ledger rebuild` rebuilds (exit 0) and says on one line that writes stay refused; a load is one line, exit 2,
    storing nothing; reads answer from the read models with no note."""
    head = cut_short(written, ledger_url, 2)
    written.close()
    rebuilt = run(ledger_url, "rebuild")
    assert rebuilt.returncode == 0 and "Traceback" not in rebuilt.stderr, rebuilt.stderr
    assert rebuilt.stdout == f"rebuilt the read models to position {head}\n"
    [note] = rebuilt.stderr.splitlines()
    assert note.startswith("ledger: note: writes stay refused: " + CHAIN_AHEAD.format(head=head, chained=head + 2)), note
    documents = tmp_path / "more.jsonl"
    documents.write_text(json.dumps(NEW) + "\n", encoding="utf-8")
    loaded = run(ledger_url, "load", str(documents))
    assert loaded.returncode == 2 and loaded.stdout == "" and "Traceback" not in loaded.stderr
    [line] = loaded.stderr.splitlines()
    assert line.startswith("ledger: damaged log: " + CHAIN_AHEAD.format(head=head, chained=head + 2)), line
    assert "nothing was stored" in line and "`ledger verify`" in line and "writes stay refused" in line
    state = run(ledger_url, "state", "--as-of", DAY, "--json")
    assert state.returncode == 0 and state.stderr == "", state.stderr
    again = run(ledger_url, "rebuild")  # a second rebuild says the same: nothing it does lifts the refusal
    assert again.returncode == 0 and again.stderr.splitlines() == [note]
    with Ledger.open(ledger_url, read_only=True) as lg:
        assert lg.head() == head and "after.the.damage" not in {f.event_id for f in lg.facts()}


# -- a log cut while an append waits for the log's lock ---------------------------------------------------------

@pytest.mark.parametrize("links", ["kept", "deleted too"])
def test_a_log_cut_short_while_an_append_waits_for_the_lock_is_refused_under_it(
        written: Ledger, ledger_url: str, monkeypatch: pytest.MonkeyPatch, links: str) -> None:
    """The log is cut between the append's start and its lock: the check of the log's end runs under the lock, so
    it sees the cut. With the links deleted too the read models are still ahead; with them kept, the chain is."""
    written.append_many([{**NEW, "id": f"before.{i}"} for i in range(3)])
    head = written.head() - 2
    lock = EventStore.lock_log
    cuts: list[int] = []

    def cut_then_lock(store: EventStore, session: Any) -> None:
        if not cuts:  # someone else's cut, committed just before the lock is taken
            sql(ledger_url, f"DELETE FROM ledger_events WHERE id > {head}",
                *([f"DELETE FROM ledger_chain WHERE position > {head}"] if links == "deleted too" else []))
            cuts.append(head)
        lock(store, session)

    monkeypatch.setattr(EventStore, "lock_log", cut_then_lock)
    with pytest.raises(LogCutShort) as refused:
        written.append({**NEW, "id": "during.the.cut"})
    assert cuts == [head]
    assert (refused.value.position, refused.value.seen) == (head, head + 2)
    assert refused.value.chained == (head + 2 if links == "kept" else head)
    assert written.head() == head and "during.the.cut" not in {f.event_id for f in written.facts()}
