"""The log as rows for event-data researchers, each coded in CAMEO and PLOVER.

Researchers who code political events (ICEWS, GDELT, POLECAT and the like) compare sources through a
shared event ontology: CAMEO's numeric codes, or PLOVER, its successor's categories. Exporting the log
with both codes next to every fact lets them join the ledger's sourced facts to their own data without
re-coding by hand, while the full document and the source's words travel along for checking.

Only facts whose meaning a code clearly matches get one; everything else is left uncoded (None) rather
than guessed, since a wrong code would silently skew a count.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable, Iterator, Mapping
from typing import IO, Any

from ledger.domain.catalogue import CODED_BY_TYPE, Coding
from ledger.domain.facts import Fact

UNCODED = Coding()

# Facts coded by their type alone: the catalogue says which.
BY_TYPE: dict[str, Coding] = CODED_BY_TYPE

# Statements are coded by what they say, which their stance records.
BY_STANCE: dict[str, Coding] = {
    "condemns": Coding("111", "ACCUSE"),  # 111: criticize or denounce
    "supports": Coding("051", "SUPPORT"),  # 051: praise or endorse
    "regrets": Coding("012"),  # 012: make pessimistic comment
    "warns": Coding("010"),  # 010: make statement (CAMEO's 13x threats need a threatened act)
    "justifies": Coding("010"),  # 010: make statement
    "neutral": Coding("010"),  # 010: make statement
}

# The row's keys, in the order every export writes them.
COLUMNS: tuple[str, ...] = (
    "position",
    "event_id",
    "type",
    "occurred_on",
    "recorded_at",
    "source",
    "locator",
    "quote",
    "cameo",
    "plover",
    "document",
)


def coding(document: Mapping[str, Any]) -> Coding:
    """The codes of a stored document; a fix (FactCorrected, FactRetracted) is not an event, so uncoded."""
    kind = document.get("type")
    if kind == "StatementIssued":
        return BY_STANCE.get(str(document.get("stance")), UNCODED)
    return BY_TYPE.get(str(kind), UNCODED)


def cameo_code(document: Mapping[str, Any]) -> str | None:
    return coding(document).cameo


def plover_category(document: Mapping[str, Any]) -> str | None:
    return coding(document).plover


def export_rows(facts: Iterable[Fact]) -> Iterator[dict[str, Any]]:
    """One row per fact, in the order given (the log's, so positions and fixes read as recorded)."""
    for fact in facts:
        document = dict(fact.document)
        source = document.get("source") or {}
        codes = coding(document)
        yield {
            "position": fact.position,
            "event_id": fact.event_id,
            "type": fact.type,
            "occurred_on": document.get("occurred_on"),
            "recorded_at": fact.recorded_at.isoformat(),
            "source": source.get("document"),
            "locator": source.get("locator"),
            "quote": source.get("quote"),
            "cameo": codes.cameo,
            "plover": codes.plover,
            "document": document,
        }


def _ordered(row: Mapping[str, Any]) -> dict[str, Any]:
    # Rows built by hand may list their keys in any order; a reader diffing two exports should not.
    return {key: row.get(key) for key in COLUMNS}


def write_jsonl(rows: Iterable[Mapping[str, Any]], stream: IO[str]) -> int:
    """Writes one JSON object a line and returns how many; the quotes' own scripts are kept as they are."""
    count = 0
    for row in rows:
        stream.write(json.dumps(_ordered(row), ensure_ascii=False) + "\n")
        count += 1
    return count


def write_csv(rows: Iterable[Mapping[str, Any]], stream: IO[str]) -> int:
    """Writes a header and one line a row and returns how many rows.

    Open a file for it with newline="", as the csv module asks, or quotes spanning lines get blank ones.
    None is written as an empty cell; the document as compact JSON, so a spreadsheet keeps it in one cell.
    """
    writer = csv.DictWriter(stream, fieldnames=COLUMNS)
    writer.writeheader()
    count = 0
    for row in rows:
        cells = _ordered(row)
        cells["document"] = json.dumps(cells["document"], ensure_ascii=False, separators=(",", ":"))
        writer.writerow(cells)
        count += 1
    return count
