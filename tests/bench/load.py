"""`ledger load` of files of several sizes: time and peak memory, each load in a process of its own.

    python -m tests.bench.load [--sizes 100000,200000] [--kind statements|mixed] [--dir DIR] [--verify]

`statements`: a source, a regime, a panel, then statements about the panel (issue 14's measurement);
`mixed`: the synthetic history of `tests.bench.synthetic` (regimes, panels, votes, reports, statements).
Each size is written as a .jsonl file and loaded by `ledger load` on a fresh SQLite file; the peak is
the process's VmHWM (its resident high-water mark). Peak memory that does not grow with the file shows
as the same peak at every size.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
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
                line += f"; {verified.stdout.strip() or verified.stderr.strip()}"
            print(line, flush=True)
            path.unlink()


if __name__ == "__main__":
    main()
