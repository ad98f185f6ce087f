"""The log as rows for event-data researchers, each coded in CAMEO and PLOVER.

Researchers who code political events (ICEWS, GDELT, POLECAT and the like) compare sources through a
shared event ontology: CAMEO's numeric codes, or PLOVER, its successor's categories. Exporting the log
with both codes next to every fact lets them join the ledger's sourced facts to their own data without
re-coding by hand, while the full document and the source's words travel along for checking.

Only facts whose meaning a code clearly matches get one; everything else is left uncoded (None) rather
than guessed, since a wrong code would silently skew a count.

Who spoke, their stance and what about travel in columns of their own, so analysts need not parse the
document: speakers by name and state (`Matthew Miller (USA)`), and by id beside them so the rows still
join to other data. They come after the first columns, which keep their names and places for the
scripts that read them.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Callable, Iterable, Iterator, Mapping
from datetime import date, datetime
from itertools import islice
from typing import IO, TYPE_CHECKING, Any

from ledger.domain.catalogue import CODED_BY_TYPE, Coding
from ledger.domain.facts import Fact
from ledger.views.actors import Actors
from ledger.views.filters import speaker_ids

if TYPE_CHECKING:
    from ledger.service.application import Ledger

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
    "speakers",
    "speaker_ids",
    "stance",
    "subjects",
    "occurred_earliest",  # the days occurred_on allows (ISO days; the earliest is empty for an open start)
    "occurred_latest",
)

# The fields that say what a fact is about (who speaks or asks is `views.filters.speaker_ids`): a
# statement's subjects, what a proposal, a vote or a postponement concerns, the regime a request for relief
# is about.
SUBJECTS: dict[str, tuple[str, ...]] = {"SanctionsReliefSought": ("regime_id",)}
SUBJECT_FIELDS = ("about", "concerning")

# Several speakers or subjects share a cell of a CSV file, this between them.
SEPARATOR = "; "
# Facts read before the names of their speakers are looked up: a few queries per chunk, not per fact,
# while the export still streams.
CHUNK = 500

Names = Callable[[Iterable[str]], Actors]


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


def subjects(document: Mapping[str, Any]) -> list[str]:
    """What a document says something about, by id."""
    fields = SUBJECTS.get(str(document.get("type")), SUBJECT_FIELDS)
    return [i for name in fields for i in _ids(document.get(name))]


def ledger_rows(ledger: Ledger, known_at: datetime | None = None) -> Iterator[dict[str, Any]]:
    """The rows of a ledger's export: its facts known at a moment, speakers named as registered by then."""
    return export_rows(ledger.facts(known_at), lambda ids: ledger.actors(ids, known_at))


def export_rows(facts: Iterable[Fact], names: Names | None = None) -> Iterator[dict[str, Any]]:
    """One row per fact, in the order given (the log's, so positions and fixes read as recorded).

    `names` gives the names and states of some actors (`Ledger.actors`); without it speakers are shown by id.
    """
    labels: dict[str, str] = {}
    unread = iter(facts)
    while chunk := [(fact, speaker_ids(fact.document)) for fact in islice(unread, CHUNK)]:
        unseen = {i for _, speaking in chunk for i in speaking if i not in labels}
        if unseen:
            actors = names(unseen) if names is not None else None
            labels.update({i: actors.label(i) if actors is not None else i for i in unseen})
        for fact, speaking in chunk:
            yield _row(fact, speaking, labels)


def _row(fact: Fact, speaking: list[str], labels: Mapping[str, str]) -> dict[str, Any]:
    document = dict(fact.document)
    source = document.get("source") or {}
    codes = coding(document)
    occurred = fact.occurred
    return {
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
        "speakers": [labels[i] for i in speaking],
        "speaker_ids": speaking,
        "stance": document.get("stance"),
        "subjects": subjects(document),
        "occurred_earliest": _iso(occurred.earliest) if occurred is not None else None,
        "occurred_latest": _iso(occurred.latest) if occurred is not None else None,
    }


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day is not None else None


def _ids(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    return [v for v in value if isinstance(v, str)] if isinstance(value, list) else []


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


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")  # what a spreadsheet would run as a formula


def inert(value: Any) -> Any:
    """A text cell a spreadsheet would read as a formula (a quote or locator from a source, `=HYPERLINK(...)`),
    behind an apostrophe, which spreadsheets show as text and hide; the document column keeps it as written."""
    return "'" + value if isinstance(value, str) and value.startswith(FORMULA_STARTS) else value


def write_csv(rows: Iterable[Mapping[str, Any]], stream: IO[str]) -> int:
    """Writes a header and one line a row and returns how many rows.

    Open a file for it with newline="", as the csv module asks, or quotes spanning lines get blank ones.
    None is written as an empty cell; the document as compact JSON, so a spreadsheet keeps it in one cell;
    several speakers or subjects joined by "; " (a fact with none, an empty cell).
    """
    writer = csv.DictWriter(stream, fieldnames=COLUMNS)
    writer.writeheader()
    count = 0
    for row in rows:
        cells = _ordered(row)
        cells["document"] = json.dumps(cells["document"], ensure_ascii=False, separators=(",", ":"))
        for key in ("speakers", "speaker_ids", "subjects"):
            cells[key] = SEPARATOR.join(cells[key] or ())
        writer.writerow({key: inert(value) for key, value in cells.items()})
        count += 1
    return count
