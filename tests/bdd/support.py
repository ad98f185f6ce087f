"""What the suite's own steps share: the article, the names a diplomat uses, the seed's documents.

Nothing here is a step: the steps an auditor may use ship with the package (ledger/scenarios); the
suite's own (building ledgers, appending to them) live in conftest.py and the test modules.
"""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path
from typing import Any

from ledger.scenarios.scene import Attempt, Scene
from ledger.scenarios.whatifs import attempt, cite

__all__ = ["Attempt", "Scene", "attempt", "cite"]  # shipped, and used by the suite's own steps too

ROOT = Path(__file__).resolve().parents[2]
SEEDS = ROOT / "seeds"
ARTICLE = (SEEDS / "article-2024-03-29-dprk-panel-veto.txt").read_text(encoding="utf-8")
ARTICLE_ID = "article-2024-03-29"
ALL_TIME = date(9999, 12, 31)  # a day after everything: the view of the whole history

# The names a reader of the article uses, and the ids the ledger knows them by.
NAMES = {
    "Vladimir Putin": "putin",
    "Putin": "putin",
    "Kim Jong-un": "kim-jong-un",
    "Kim": "kim-jong-un",
    "Vasily Nebenzia": "nebenzia",
    "Dmytro Kuleba": "kuleba",
    "Matthew Miller": "matthew-miller",
    "China's foreign ministry": "china-mfa",
    "South Korea's foreign ministry": "kor-mfa",
    "Hwang Joon-kook": "hwang-joon-kook",
    "Barbara Woodward": "barbara-woodward",
    "European Union": "eu",
    "Russia": "RUS",
    "China": "CHN",
    "United States": "USA",
    "France": "FRA",
    "United Kingdom": "GBR",
    "Japan": "JPN",
    "South Korea": "KOR",
    "North Korea": "PRK",
    "Ukraine": "UKR",
    "Mali": "MLI",
    "USSR": "SUN",
    "Yugoslavia": "YUG",
    "Czechoslovakia": "CSK",
    "East Germany": "DDR",
    "Upper Volta": "HVO",
    "Republic of China": "TWN",
    "DPRK Panel of Experts": "dprk-panel",
    "Mali Panel of Experts": "mali-panel",
    "DPRK sanctions regime": "dprk-regime",
    "Mali sanctions regime": "mali-regime",
    "demo panel": "demo-panel",
    "demo sanctions regime": "demo-regime",
}


def one_id(name: str) -> str:
    """The id of one named thing: `the DPRK Panel of Experts` -> `dprk-panel`; ids pass as they are."""
    name = name.strip()
    name = name[4:] if name.startswith("the ") else name
    return NAMES.get(name, name)


def ids(names: str) -> list[str]:
    """Ids of a list written as prose: `the United States, France and Japan`; `nobody` is none."""
    if names.strip() in ("nobody", "nothing", "none"):
        return []
    return [one_id(n) for n in re.split(r",\s*|\s+and\s+", names.strip()) if n.strip()]


def seed_document(event_id: str) -> dict[str, Any]:
    """A document of the seed file, as it is written there."""
    for file in sorted(SEEDS.glob("*.jsonl")):
        for line in file.read_text(encoding="utf-8").splitlines():
            if line.strip() and (document := json.loads(line)).get("id") == event_id:
                return document
    raise AssertionError(f"the seed holds no document {event_id!r}")


def note(source_id: str, published_on: str) -> dict[str, Any]:
    """A UN document registered by its symbol, without its text (as the seed registers them)."""
    return {
        "type": "SourceRegistered",
        "id": f"src.{source_id}",
        "source_id": source_id,
        "title": f"United Nations note {source_id}",
        "published_on": published_on,
        "publisher": "United Nations Security Council",
    }
