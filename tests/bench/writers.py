"""Several writers at once against one: the aggregate rate of four processes appending distinct facts, beside
the rate of one process appending the same number alone.

    python -m tests.bench.writers [--url URL] [--writers 4] [--single N] [--facts N] [--also-postgres]

Statements with their own ids about one panel, on a ledger holding a source, a regime and a panel (as in
`tests.bench.writes`): `append` one at a time (`--single` facts in all), then `append_many` in batches of
`BATCH` (`--facts` in all). The same facts are split between the writers; each writer is a process of its
own (started with `spawn`), opens the ledger, waits at a barrier, and the clock runs from the barrier to the
last writer's end. Every measurement runs on a fresh database, one writer and four interleaved, twice over;
the best of the two is printed. The integration test `tests/integration/test_writer_processes.py` runs the same
writers at a small size and checks what they stored.
"""

from __future__ import annotations

import argparse
import multiprocessing
import tempfile
import threading
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from tests.bench import statements
from tests.bench.writes import measured_urls, server_version
from tests.conftest import postgres_schema

BATCH = 100
ROUNDS = 2
Outcome = list[tuple[str, bool]] | str  # each append's event id and whether it was a repeat; or what went wrong


def write(url: str, batches: Sequence[Sequence[dict[str, Any]]], start: Any, outcomes: Any, writer: int) -> None:
    """One writer's process: open the ledger, wait for the others, append each batch (`append` when a
    batch holds one document, else `append_many`), and put what was stored (or the error) on `outcomes`."""
    from ledger import Ledger

    outcome: Outcome
    try:
        try:
            lg = Ledger.open(url)
        except BaseException:
            start.abort()  # the others, and the parent, stop waiting for this writer
            raise
        with lg:
            start.wait()
            done: list[tuple[str, bool]] = []
            for batch in batches:
                recordings = [lg.append(batch[0])] if len(batch) == 1 else lg.append_many(batch)
                done.extend((r.event_id, r.repeated) for r in recordings)
            outcome = done
    except Exception as e:  # noqa: BLE001 - the parent reports it, whatever it is
        outcome = f"{type(e).__name__}: {e}"
    outcomes.put((writer, outcome))


def run_writers(url: str, work: Sequence[Sequence[Sequence[dict[str, Any]]]]) -> tuple[float, dict[int, Outcome]]:
    """Writers appending at once, one process each, `work[i]` the batches of writer i: the seconds from
    when all had opened the ledger to when the last one finished, and each writer's outcome."""
    context = multiprocessing.get_context("spawn")
    start = context.Barrier(len(work) + 1)
    outcomes = context.Queue()
    processes = [context.Process(target=write, args=(url, batches, start, outcomes, i)) for i, batches in enumerate(work)]
    for process in processes:
        process.start()
    try:
        try:
            start.wait(timeout=120)
        except threading.BrokenBarrierError:
            said = [outcomes.get(timeout=60) for _ in processes]
            raise RuntimeError(f"a writer could not start: {said}") from None
        started = time.perf_counter()
        found = dict(outcomes.get(timeout=600) for _ in processes)
        seconds = time.perf_counter() - started
    finally:
        for process in processes:
            process.join(timeout=60)
            if process.is_alive():
                process.kill()
    return seconds, found


def split(documents: Sequence[dict[str, Any]], writers: int, size: int) -> list[list[list[dict[str, Any]]]]:
    """The documents dealt to the writers in turn, a batch of `size` at a time: distinct facts for each."""
    batches = [list(documents[i : i + size]) for i in range(0, len(documents), size)]
    return [batches[w::writers] for w in range(writers)]


@contextmanager
def fresh(url: str, folder: Path, name: str) -> Iterator[str]:
    """An empty database holding the opening documents: a SQLite file, or a PostgreSQL schema of its own."""
    from ledger import Ledger

    if url.startswith("postgresql"):
        with postgres_schema(url) as schema_url:
            with Ledger.open(schema_url) as lg:
                lg.append_many(statements.OPENING)
            yield schema_url
        return
    path = folder / f"{name}-{time.monotonic_ns()}.db"
    with Ledger.open(f"sqlite:///{path}") as lg:
        lg.append_many(statements.OPENING)
    yield f"sqlite:///{path}"


def measure(url: str, folder: Path, writers: int, single: int, batched: int) -> dict[str, float]:
    opening = len(statements.OPENING)
    docs = list(statements.documents(opening + max(single, batched)))[opening:]
    best: dict[str, float] = {}
    for _ in range(ROUNDS):
        for shape, count, size in (("one", single, 1), ("batch", batched, BATCH)):
            for n in (1, writers):
                with fresh(url, folder, f"{shape}-{n}") as db:
                    seconds, outcomes = run_writers(db, split(docs[:count], n, size))
                failed = [o for o in outcomes.values() if isinstance(o, str)]
                if failed:
                    raise SystemExit(f"{n} writers, {shape}: {failed[0]}")
                stored = sum(not repeated for o in outcomes.values() for _, repeated in o)
                assert stored == count, (stored, count)
                key = f"{shape}.{n}"
                best[key] = max(best.get(key, 0.0), count / seconds)
    return best


def table(name: str, best: dict[str, float], writers: int, single: int, batched: int) -> str:
    lines = [f"{'writers at once, ' + name:<40}{'one writer':>12}{f'{writers} writers':>12}{'ratio':>8}"]
    for shape, label in (("one", f"append one at a time ({single:,}), facts/s"),
                         ("batch", f"append_many of {BATCH} ({batched:,}), facts/s")):
        one, many = best[f"{shape}.1"], best[f"{shape}.{writers}"]
        lines.append(f"{label:<40}{one:>12,.0f}{many:>12,.0f}{many / one:>8.2f}")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--url", default="sqlite://", help="where to measure (default: SQLite files)")
    parser.add_argument("--writers", type=int, default=4)
    parser.add_argument("--single", type=int, default=400, help="facts appended one at a time, in all")
    parser.add_argument("--facts", type=int, default=4000, help=f"facts appended in batches of {BATCH}, in all")
    parser.add_argument("--also-postgres", action="store_true", help="PostgreSQL too, if one answers")
    args = parser.parse_args()
    urls = measured_urls(args.url, args.also_postgres)
    for url in urls:
        with tempfile.TemporaryDirectory(prefix="ledger-writers-") as folder:
            name = "PostgreSQL" if url.startswith("postgresql") else "SQLite files"
            started = time.perf_counter()
            best = measure(url, Path(folder), args.writers, args.single, args.facts)
            print(table(name, best, args.writers, args.single, args.facts))
            print(f"({name} {server_version(url)}, best of {ROUNDS} interleaved rounds, a fresh database each, "
                  f"measured in {time.perf_counter() - started:.0f} s)\n", flush=True)


if __name__ == "__main__":
    main()
