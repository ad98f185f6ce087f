"""Where a batched fact's time goes, and what `append_many` would reach without its checks.

    python -m tests.bench.phases [--facts N] [--rounds N]

The statements of `tests.bench.writes` (own ids, about one panel), appended in batches of 1,000 to a fresh
SQLite file, beside a bare `eventsourcing` application's batched save of the same documents. First the
phases, timed by wrapping the ledger's own functions in this process (so they add a little time of their
own): the documents' check (marshmallow), reading what a chunk names, the rules' verdict, staging the events,
storing them with their index rows and chain links, and the rest (projection, recordings). Then the same
appends with the check, and then the rules' verdict too, replaced by nothing: an experiment that no user
can run, to show how far the ratio is from 1.0 before anything the ledger is for is removed.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from typing import Any

from ledger import Ledger
from ledger.documents import parse
from ledger.service import batch
from ledger.storage import eventstore
from tests.bench import statements
from tests.bench.writes import BATCH, bare_env, library_rate

PHASES = (
    ("the documents' check (marshmallow)", parse.Shapes, "check"),
    ("reading what a chunk names", batch.Batch, "prefetch"),
    ("reading what a fact names", batch.Batch, "_context"),
    ("the rules' verdict", batch.Batch, "_check"),
    ("staging its event", batch.Batch, "_stage"),
    ("storing: events, index rows, chain", eventstore.EventStore, "save_batch"),
)


@contextmanager
def replaced(owner: Any, name: str, by: Callable[..., Any]) -> Iterator[None]:
    original = getattr(owner, name)
    setattr(owner, name, by)
    try:
        yield
    finally:
        setattr(owner, name, original)


def timed(owner: Any, name: str, label: str, spent: Counter[str]) -> Callable[..., Any]:
    original = getattr(owner, name)

    def run(*args: Any, **kwargs: Any) -> Any:
        started = time.perf_counter()
        try:
            return original(*args, **kwargs)
        finally:
            spent[label] += time.perf_counter() - started
    return run


def unchecked(shapes: parse.Shapes, item: parse.Located) -> dict[str, Any]:
    """The document as given, counted as the check counts it: the what-if without marshmallow."""
    shapes.seen += 1
    shapes.index += 1
    return dict(item.document)


def appended(docs: list[dict[str, Any]]) -> float:
    """Seconds to append the documents in batches of `BATCH` to a fresh ledger holding the opening ones."""
    with tempfile.TemporaryDirectory(prefix="ledger-phases-") as folder, Ledger.open(f"sqlite:///{folder}/l.db") as lg:
        lg.append_many(statements.OPENING)
        started = time.perf_counter()
        for start in range(0, len(docs), BATCH):
            lg.append_many(docs[start : start + BATCH])
        return time.perf_counter() - started


def bare(docs: list[dict[str, Any]]) -> float:
    with tempfile.TemporaryDirectory(prefix="ledger-phases-") as folder:
        return len(docs) / library_rate(bare_env(f"sqlite:///{folder}/b.db"), docs, BATCH)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--facts", type=int, default=10 * BATCH)
    parser.add_argument("--rounds", type=int, default=2, help="the best of this many is printed")
    args = parser.parse_args()
    opening = len(statements.OPENING)
    docs = list(statements.documents(opening + args.facts))[opening:]
    per_fact = 1e6 / len(docs)
    best: dict[str, float] = {}
    spent: Counter[str] = Counter()

    def keep(cell: str, seconds: float) -> None:
        best[cell] = min(best.get(cell, seconds), seconds)

    for _ in range(args.rounds):  # the contenders interleaved, as the machine's speed drifts
        keep("bare", bare(docs))
        keep("ledger", appended(docs))
        with ExitStack() as stack:
            round_spent: Counter[str] = Counter()
            for label, owner, name in PHASES:
                stack.enter_context(replaced(owner, name, timed(owner, name, label, round_spent)))
            seconds = appended(docs)
        if seconds < best.get("timed", seconds + 1):  # the phases of the fastest timed round
            best["timed"], spent = seconds, round_spent
        with replaced(parse.Shapes, "check", unchecked):
            keep("unchecked", appended(docs))
            with replaced(batch.Batch, "_check", lambda *_, **__: None):
                keep("no rules", appended(docs))
    print(f"where a batched fact's time goes ({len(docs):,} statements in batches of {BATCH:,}, SQLite, "
          f"best of {args.rounds}), µs a fact")
    print(f"{'bare eventsourcing batched save':<56}{best['bare'] * per_fact:>8.0f}")
    print(f"{'ledger append_many':<56}{best['ledger'] * per_fact:>8.0f}")
    print(f"{'  timed phase by phase':<56}{best['timed'] * per_fact:>8.0f}")
    for label, _, _ in PHASES:
        print(f"{'    ' + label:<56}{spent[label] * per_fact:>8.0f}")
    rest = best["timed"] - sum(spent.values())  # none of the timed phases runs inside another
    print(f"{'    the rest (projection, recordings, ids)':<56}{rest * per_fact:>8.0f}")
    for cell, label in (("ledger", "ledger"), ("unchecked", "what-if: no marshmallow check"),
                        ("no rules", "what-if: no check and no rules' verdict")):
        print(f"{'ratio to bare, ' + label:<56}{best['bare'] / best[cell]:>8.2f}")


if __name__ == "__main__":
    main()
