"""A file of statements to load: a source, a regime, its panel, then statements about the panel, each with
its own id (the shape of issue 14's `ledger load` measurements).

    python -m tests.bench.statements COUNT PATH [--bad-at N]

`--bad-at N` makes the document at index N malformed (a stance no schema accepts).
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import Any

SPEAKERS = ["CHN", "FRA", "GBR", "RUS", "USA", "DZA", "ECU", "GUY", "JPN", "KOR", "MLT", "MOZ", "SLE", "SVN", "CHE"]
STANCES = ["condemns", "justifies", "supports", "regrets", "warns", "neutral"]
OPENING = [
    {"type": "SourceRegistered", "id": "src.un", "source_id": "un", "title": "UN documents", "published_on": "2025-12-31"},
    {"type": "SanctionsRegimeEstablished", "id": "regime.est", "occurred_on": "2006-10-14", "source": {"document": "un"},
     "regime_id": "regime", "name": "A regime", "target": "PRK", "resolution": "1718 (2006)", "measures": ["arms embargo"]},
    {"type": "PanelEstablished", "id": "panel.est", "occurred_on": "2009-06-12", "source": {"document": "un"},
     "panel_id": "panel", "regime_id": "regime", "name": "A panel", "resolution": "1874 (2009)",
     "mandate_ends_on": "2010-06-12"},
]


def documents(count: int, *, bad_at: int | None = None) -> Iterator[dict[str, Any]]:
    """`count` documents: the three that open a panel, then statements about it."""
    first = date(2009, 7, 1)
    for index in range(count):
        if index < len(OPENING):
            yield OPENING[index]
            continue
        n = index - len(OPENING)
        statement = {"type": "StatementIssued", "id": f"st.{n}", "occurred_on": (first + timedelta(days=n % 5000)).isoformat(),
                     "source": {"document": "un"}, "speakers": [SPEAKERS[n % len(SPEAKERS)]],
                     "stance": STANCES[n % len(STANCES)], "about": ["panel"]}
        if index == bad_at:
            statement["stance"] = "shrugs"
        yield statement


def write(path: Path, count: int, *, bad_at: int | None = None) -> Path:
    with path.open("w", encoding="utf-8") as out:
        for document in documents(count, bad_at=bad_at):
            out.write(json.dumps(document) + "\n")
    return path


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("count", type=int)
    parser.add_argument("path", type=Path)
    parser.add_argument("--bad-at", type=int, default=None)
    args = parser.parse_args()
    write(args.path, args.count, bad_at=args.bad_at)


if __name__ == "__main__":
    main()
