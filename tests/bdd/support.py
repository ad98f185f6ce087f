"""What the audit scenarios share: the article, the names a diplomat uses, and attempts to append.

Nothing here is a step: the steps live in conftest.py, view_steps.py and the test modules.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from ledger import Ledger, LedgerError

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


def cite(document: str, quote: str | None = None, locator: str | None = None) -> dict[str, str]:
    source = {"document": document}
    if quote is not None:
        source["quote"] = quote
    if locator is not None:
        source["locator"] = locator
    return source


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


def snapshot(lg: Ledger) -> tuple[dict[str, Any], int]:
    """The whole history as the ledger now tells it, and the number of rows of its timeline."""
    view = lg.as_of(ALL_TIME)
    return view.to_dict(), len(view.timeline)


def log_head(lg: Ledger) -> tuple[int, str]:
    """Where the log ends and the digest of everything in it: any event stored changes both."""
    return lg.head(), str(lg.digest())


@dataclass
class Attempt:
    """Someone tried to append documents: what the ledger looked like before, and what it answered."""

    documents: list[dict[str, Any]]
    before: dict[str, Any]
    rows_before: int
    head_before: tuple[int, str]  # the log's last position and the hash chain's digest
    error: LedgerError | None = None
    recordings: list[Any] = field(default_factory=list)

    @property
    def refused(self) -> LedgerError:
        assert self.error is not None, f"the ledger accepted {[d.get('id') for d in self.documents]}"
        return self.error


def attempt(lg: Ledger, documents: list[dict[str, Any]], action: Callable[[], Any] | None = None) -> Attempt:
    """Append one document (or a batch of several, atomically), keeping the refusal if there is one."""
    before, rows = snapshot(lg)
    tried = Attempt(documents, before, rows, log_head(lg))
    if action is None:
        action = (lambda: [lg.append(documents[0])]) if len(documents) == 1 else (lambda: lg.append_many(documents))
    try:
        tried.recordings = list(action())
    except LedgerError as e:
        tried.error = e
    return tried


@dataclass
class Scene:
    """What the scenario is looking at: the view, and the panel, draft or fact it last named."""

    seed: list[Any] = field(default_factory=list)
    view: Any = None
    panel: Any = None
    regime: Any = None
    draft: Any = None
    fact: Any = None
    attempt: Attempt | None = None
    moment: datetime | None = None
    fix: Any = None
    earlier: Any = None
