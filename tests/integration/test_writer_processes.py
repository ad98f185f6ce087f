"""Four processes appending to one PostgreSQL ledger at once: every fact stored once, an idempotent repeat
of a fact another writer is storing stored once too, the hash chain whole, the read models as the log says.

The writers are `tests.bench.writers`' (one process each, started with spawn, released together from a
barrier); the benchmark runs the same at a larger size and prints the rates.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

import pytest

from ledger import Ledger
from tests.bench import statements
from tests.bench.writers import run_writers

pytestmark = pytest.mark.postgres

WRITERS, OWN = 4, 12


def inquiry(writer: int, n: int) -> dict[str, Any]:
    """A fact recorded into the panel's own stream: every writer changes the same stream and read model."""
    return {"type": "InquiryOpened", "id": f"inq.{writer}.{n}", "occurred_on": f"2009-{7 + n % 5:02d}-{1 + writer % 28:02d}",
            "source": {"document": "un"}, "panel_id": "panel", "subject": f"subject {writer}/{n}"}


def work() -> tuple[list[list[list[dict[str, Any]]]], list[dict[str, Any]]]:
    """Each writer's batches, and the facts every writer appends too (the same documents, the same ids)."""
    opening = len(statements.OPENING)
    said = list(statements.documents(opening + WRITERS * OWN + 4))[opening:]
    shared = [*said[WRITERS * OWN :], inquiry(99, 0)]
    batches = []
    for w in range(WRITERS):
        own = [*said[w * OWN : w * OWN + OWN // 2], *(inquiry(w, n) for n in range(OWN // 2))]
        singles = [[document] for document in own[2:]]
        # The shared facts in a batch at a different place for each writer, and one of them again alone.
        mixed = [*own[:2], *shared[w:], *shared[:w]]
        batches.append([*singles[:w], mixed, *singles[w:], [shared[w]]])
    return batches, shared


def test_four_writer_processes_store_every_fact_once(postgres_schema_url: str) -> None:
    url = postgres_schema_url
    with Ledger.open(url) as lg:
        lg.append_many(statements.OPENING)
    batches, shared = work()

    _, outcomes = run_writers(url, batches)

    failed = {w: o for w, o in outcomes.items() if isinstance(o, str)}
    assert not failed, failed
    wanted = {d["id"] for writer in batches for batch in writer for d in batch}
    recorded = [(event_id, repeated) for o in outcomes.values() for event_id, repeated in o]
    assert Counter(event_id for event_id, _ in recorded) == Counter(d["id"] for b in batches for batch in b for d in batch)
    stored_by = Counter(event_id for event_id, repeated in recorded if not repeated)
    assert stored_by == Counter(wanted)  # each fact stored by exactly one writer; every other was told it was held
    assert len(shared) == 5 and all(stored_by[d["id"]] == 1 for d in shared)

    with Ledger.open(url) as lg:
        in_log = Counter(fact.event_id for fact in lg.facts())
        assert in_log == Counter(wanted | {d["id"] for d in statements.OPENING})
        verified = lg.verify()
        assert verified.ok and verified.checked == lg.head() == sum(in_log.values())
        for day in ("2009-06-30", "2009-09-15", "2010-01-01"):
            assert lg.as_of(day).to_dict() == lg.replay(day).to_dict(), day
        panel = lg.as_of("2010-01-01").panel("panel")
        assert panel is not None
        assert len(panel.inquiries) == WRITERS * (OWN // 2) + 1
