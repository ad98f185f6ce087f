"""`ledger load` of files of several sizes: time and peak memory, each load in a process of its own.

    python -m tests.bench.load [--sizes 100000,200000] [--kind statements|mixed] [--dir DIR] [--verify]

`statements`: a source, a regime, a panel, then statements about the panel (issue 14's measurement);
`mixed`: the synthetic history of `tests.bench.synthetic` (regimes, panels, votes, reports, statements).
Each size is written as a .jsonl file and loaded by `ledger load` on a fresh SQLite file; the peak is
the process's VmHWM (its resident high-water mark). Peak memory that does not grow with the file shows
as the same peak at every size. With `--verify`, `ledger verify` runs after each load, and the ledger's
facts are read back: every id of the file held once, and nothing else.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

from tests.bench import statements, synthetic
from tests.bench.run import YEARS


def write_file(kind: str, size: int, path: Path) -> int:
    if kind == "statements":
        statements.write(path, size)
        return size
    regimes = max(1, round(size / (YEARS * synthetic.EVENTS_PER_REGIME_YEAR)))
    count = 0
    with path.open("w", encoding="utf-8") as out:
        for year in synthetic.documents(regimes, YEARS):
            for document in year:
                out.write(json.dumps(document) + "\n")
                count += 1
    return count


def ids_of(path: Path) -> Iterator[str]:
    with path.open(encoding="utf-8") as lines:
        for line in lines:
            yield json.loads(line)["id"]


def held(path: Path, url: str) -> str:
    """Whether the ledger holds every fact of the file once, and no other (a load of statements adds none)."""
    from ledger import Ledger

    wanted = set(ids_of(path))
    with Ledger.open(url, read_only=True) as lg:
        ids = [fact.event_id for fact in lg.facts()]
    stored = set(ids)
    if len(ids) == len(stored) == len(wanted) and stored == wanted:
        return f"every fact held once ({len(ids):,})"
    return (f"NOT every fact held once: {len(ids):,} stored, {len(stored):,} distinct, "
            f"{len(wanted - stored):,} of the file's {len(wanted):,} missing")


def one(path: str, url: str) -> None:
    """Load a file through the command line, in this process; print what it took."""
    from ledger.cli import main

    started = time.perf_counter()
    try:
        main(["--db", url, "load", path])
    except SystemExit as e:
        print(json.dumps({"exit": e.code}))
        return
    status = Path("/proc/self/status").read_text().splitlines()
    peak_kib = next(int(line.split()[1]) for line in status if line.startswith("VmHWM:"))
    print(json.dumps({"seconds": time.perf_counter() - started, "peak_mib": peak_kib / 1024}))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="100000,200000")
    parser.add_argument("--kind", choices=["statements", "mixed"], default="statements")
    parser.add_argument("--dir", default=None)
    parser.add_argument("--verify", action="store_true", help="run `ledger verify` after each load")
    parser.add_argument("--one", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        one(*args.one)
        return
    print(f"ledger load of {args.kind} files, a fresh SQLite file and a process each (peak: its VmHWM)", flush=True)
    with tempfile.TemporaryDirectory(prefix="ledger-load-", dir=args.dir) as folder:
        for size in [int(s) for s in args.sizes.split(",")]:
            path = Path(folder) / f"{args.kind}-{size}.jsonl"
            count = write_file(args.kind, size, path)
            url = f"sqlite:///{Path(folder) / f'load-{size}.db'}"
            run = subprocess.run([sys.executable, "-m", "tests.bench.load", "--one", str(path), url],
                                 capture_output=True, text=True, check=False)
            result = json.loads(run.stdout.strip().splitlines()[-1])
            if "exit" in result:
                print(f"{count:>10,} documents: refused ({run.stderr.strip().splitlines()[-1]})")
                continue
            line = (f"{count:>10,} documents ({path.stat().st_size / 2**20:,.0f} MiB): {result['seconds']:,.1f} s, "
                    f"{count / result['seconds']:,.0f}/s, peak {result['peak_mib']:,.0f} MiB")
            if args.verify:
                verified = subprocess.run([sys.executable, "-m", "ledger", "--db", url, "verify"],
                                          capture_output=True, text=True, check=False)
                said = verified.stdout.strip() or verified.stderr.strip()
                line += f"; verify {'passed' if verified.returncode == 0 else 'FAILED'} ({said}); {held(path, url)}"
            print(line, flush=True)
            path.unlink()


if __name__ == "__main__":
    main()
