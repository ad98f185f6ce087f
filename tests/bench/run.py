"""`make bench`: speed and memory of the ledger, printed side by side, at several sizes.

    python -m tests.bench.run [--sizes 10000,100000,1000000] [--url-dir DIR]

Each size runs in a process of its own (so its peak memory is its own) on a fresh SQLite file.
Printed for each: how fast a bulk history is written; how fast the log reads and decodes; the
projector's first catch-up; a full rebuild, three times over (until readers switch to the new tables, and
until the old ones are deleted), each against the readings just before and after it, and its peak memory
(this process's, and its helper's);
how fast `verify` recomputes the hash chain;
`as_of(day).panel(id)` median and 95th percentile over 500 random days and panels (after 100
others); and the rate at which
documents are checked and appended (`append_many` in batches of 100, and one `append` at a time).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path
from typing import Any

YEARS = 20
REBUILDS = 3  # each compared with the readings around it


def measure(size: int, folder: Path) -> dict[str, Any]:
    from ledger import Ledger
    from ledger.projections.collector import collector_paused
    from tests.bench import synthetic

    regimes = max(1, round(size / (YEARS * synthetic.EVENTS_PER_REGIME_YEAR)))
    url = f"sqlite:///{folder / f'bench-{size}.db'}"
    result: dict[str, Any] = {"size": size}
    with Ledger.open(url, project=False) as lg:
        started = time.perf_counter()
        events = synthetic.write(lg.store, regimes, YEARS)
        result["events"] = events
        result["write_per_s"] = events / (time.perf_counter() - started)

        def read_and_decode() -> float:
            # Under the same conditions as a rebuild: cycle collector paused.
            started = time.perf_counter()
            with collector_paused():
                decoded = sum(1 for _ in lg.facts())
            return decoded / (time.perf_counter() - started)

        # This machine's speed drifts by a third within minutes, so each rebuild is compared with the
        # readings taken just before and just after it (the faster of the two, so each ratio errs
        # against the rebuild), three times over; the ratio printed is the median of the three.
        rates = [read_and_decode()]

        started = time.perf_counter()
        lg.catch_up()
        result["catch_up_per_s"] = events / (time.perf_counter() - started)

        rates.append(read_and_decode())
        rebuilds, rebuild_peaks = [], []
        for _ in range(REBUILDS):
            since = reset_peak()
            lg.rebuild()
            assert lg.last_rebuild is not None
            rebuilds.append(lg.last_rebuild)
            rebuild_peaks.append(peak_mib() if since else 0)
            rates.append(read_and_decode())
        # This process's peak from the start of each rebuild to its end (with what it held already), the largest.
        result["rebuild_peak_mib"] = max(rebuild_peaks)
        result["read_decode_per_s"] = max(rates)
        result["read_decode_spread"] = min(rates) / max(rates)
        # Until readers switch to the new tables; the old generation is deleted after that.
        switched = [events / times.switched_s for times in rebuilds]
        done = [events / times.done_s for times in rebuilds]
        paired = [max(rates[i + 1], rates[i + 2]) for i in range(REBUILDS)]  # the readings around each
        ratios = [rate / reading for rate, reading in zip(switched, paired, strict=False)]
        result["rebuild_per_s"] = statistics.median(switched)
        result["rebuild_ratio"] = statistics.median(ratios)
        result["rebuild_ratio_range"] = f"{min(ratios):.0%}-{max(ratios):.0%}"
        result["rebuild_ratio_fastest"] = result["rebuild_per_s"] / result["read_decode_per_s"]
        result["rebuild_total_per_s"] = statistics.median(done)
        result["rebuild_total_ratio"] = statistics.median(rate / reading for rate, reading in zip(done, paired, strict=False))

        started = time.perf_counter()
        verified = lg.verify(log_only=True)  # the chain alone: the read models are timed as rebuilds above
        assert verified.ok and verified.checked == events
        result["verify_per_s"] = events / (time.perf_counter() - started)

        # A warm-up of other questions first: `verify` just read the whole log through the page cache, and
        # the median is about a reader in steady use, not about the first reads after a full scan.
        for warm_up, count in ((True, 100), (False, 500)):
            rng = random.Random(11 if warm_up else 7)
            timings = []
            for _ in range(count):
                day = date(synthetic.START_YEAR, 1, 1) + timedelta(days=rng.randrange(YEARS * 365))
                panel = f"reg{rng.randrange(regimes)}-panel"
                started = time.perf_counter()
                found = lg.as_of(day).panel(panel)
                timings.append((time.perf_counter() - started) * 1000)
                assert found is not None or day.year == synthetic.START_YEAR
        timings.sort()
        result["panel_median_ms"] = statistics.median(timings)
        result["panel_p95_ms"] = timings[int(len(timings) * 0.95) - 1]

    # Checked appends: the documents of a small history through the rules, on a ledger of their own.
    docs = [d for year in synthetic.documents(4, 10) for d in year]
    with Ledger.open(f"sqlite:///{folder / f'load-{size}.db'}") as lg:
        started = time.perf_counter()
        for start in range(0, len(docs), 100):
            lg.append_many(docs[start : start + 100])
        result["load_batch_per_s"] = len(docs) / (time.perf_counter() - started)
    single = [d for year in synthetic.documents(1, 10) for d in year][:300]
    with Ledger.open(f"sqlite:///{folder / f'single-{size}.db'}") as lg:
        started = time.perf_counter()
        for document in single:
            lg.append(document)
        result["load_single_per_s"] = len(single) / (time.perf_counter() - started)

    result["peak_rss_mib"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    # As the rebuild's helper process measured itself, the largest of the three (none below 50,000 events).
    result["helper_peak_rss_mib"] = max(times.helper.get("peak_mib", 0) for times in rebuilds)
    return result


def reset_peak() -> bool:
    """Start this process's peak resident memory (`VmHWM`) again from what it holds now (Linux); whether it could."""
    try:
        with open("/proc/self/clear_refs", "w") as refs:
            refs.write("5")
        return True
    except OSError:
        return False


def peak_mib() -> int:
    """This process's peak resident memory since it started, or since `reset_peak`."""
    from ledger.projections.helper_process import peak_memory_mib

    return peak_memory_mib()


ROWS = [
    ("events", "events in the log", "{:,.0f}"),
    ("write_per_s", "bulk write, events/s", "{:,.0f}"),
    ("read_decode_per_s", "read + decode, events/s", "{:,.0f}"),
    ("read_decode_spread", "  slowest of 5 readings / fastest", "{:.0%}"),
    ("catch_up_per_s", "first catch-up, events/s", "{:,.0f}"),
    ("rebuild_per_s", "rebuild until readers switch, ev/s", "{:,.0f}"),
    ("rebuild_ratio", "  rebuild / read+decode around it", "{:.0%}"),
    ("rebuild_ratio_range", "  lowest-highest of the 3 rebuilds", "{}"),
    ("rebuild_ratio_fastest", "  rebuild / fastest reading of the run", "{:.0%}"),
    ("rebuild_total_per_s", "rebuild with old tables deleted, ev/s", "{:,.0f}"),
    ("rebuild_total_ratio", "  with deletion / read+decode around it", "{:.0%}"),
    ("verify_per_s", "verify hash chain, events/s", "{:,.0f}"),
    ("panel_median_ms", "as_of().panel() median, ms", "{:.2f}"),
    ("panel_p95_ms", "as_of().panel() p95, ms", "{:.2f}"),
    ("load_batch_per_s", "checked append_many, facts/s", "{:,.0f}"),
    ("load_single_per_s", "checked append, facts/s", "{:,.0f}"),
    ("peak_rss_mib", "peak memory, MiB", "{:,.0f}"),
    ("rebuild_peak_mib", "  during a rebuild, MiB", "{:,.0f}"),
    ("helper_peak_rss_mib", "  rebuild helper's peak, MiB", "{:,.0f}"),
]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="10000,100000,1000000")
    parser.add_argument("--size", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--dir", default=None)
    args = parser.parse_args()
    if args.size:
        print(json.dumps(measure(args.size, Path(args.dir))))
        return
    with tempfile.TemporaryDirectory(prefix="ledger-bench-", dir=args.dir) as folder:
        report(args.sizes, Path(folder))


def report(sizes: str, folder: Path) -> None:
    results = []
    for size in [int(s) for s in sizes.split(",")]:
        run = subprocess.run([sys.executable, "-m", "tests.bench.run", "--size", str(size), "--dir", str(folder)],
                             capture_output=True, text=True, check=True, env={**os.environ, "PYTHONPATH": "."})
        results.append(json.loads(run.stdout.strip().splitlines()[-1]))
        print(f"  measured {size:,} events", file=sys.stderr)
    print(f"ledger benchmark, {date.today()}, {platform.node()}, {os.cpu_count()} cores, Python {platform.python_version()}, SQLite")
    width = max(len(label) for _, label, _ in ROWS)
    print(f"{'':{width}}" + "".join(f"{r['size']:>14,}" for r in results))
    for key, label, fmt in ROWS:
        print(f"{label:{width}}" + "".join(f"{fmt.format(r[key]):>14}" for r in results))
    small, large = results[0], results[-1]
    print(f"median at {large['size']:,} / median at {small['size']:,}: "
          f"{large['panel_median_ms'] / small['panel_median_ms']:.2f} (target: within 2x; median under 5 ms)")


if __name__ == "__main__":
    main()
