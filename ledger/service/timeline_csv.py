"""The timeline as a spreadsheet reads it: a header, then one line a row, in the columns a reader sorts and
filters by.

The cells are those of `ledger timeline --json`'s rows, flattened: the date as written, the line the terminal
shows (actors by name and state), the draft a vote or a veto is on, who speaks or acts and what about by id
("; " between several), the source and when the fact was recorded. Nothing is added that the row does not hold.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from typing import IO, Any

from ledger.service.exports import SEPARATOR, inert, subjects
from ledger.views.actors import Actors, summary_with_names
from ledger.views.filters import speakers_of
from ledger.views.items import TimelineEntry

COLUMNS: tuple[str, ...] = (
    "on", "type", "what", "draft", "speakers", "about", "source", "locator", "quote", "event_id", "recorded_at",
)


def cells(row: TimelineEntry, actors: Actors | None = None) -> dict[str, Any]:
    """A row's cells, by column; `actors` names the actors in `what` as the terminal does (else by id)."""
    draft = row.details.get("draft_id")  # a vote's, a veto's (and a proposal's), as their rows hold it
    return {
        "on": row.on.text,
        "type": row.type,
        "what": summary_with_names(row, actors) if actors is not None else row.summary,
        "draft": draft if isinstance(draft, str) else None,
        "speakers": SEPARATOR.join(speakers_of(row)),
        "about": SEPARATOR.join(subjects({**row.details, "type": row.type})),
        "source": row.source,
        "locator": row.locator,
        "quote": row.quote,
        "event_id": row.event_id,
        "recorded_at": row.recorded_at.isoformat(),
    }


def write_csv(rows: Iterable[TimelineEntry], stream: IO[str], actors: Actors | None = None) -> int:
    """Writes a header and one line a row (RFC 4180 quoting) and returns how many rows.

    Open a file for it with newline="", as the csv module asks. None is an empty cell; a cell a spreadsheet would
    run as a formula is kept as text behind an apostrophe, as `ledger export --format csv` keeps it.
    """
    writer = csv.DictWriter(stream, fieldnames=COLUMNS)
    writer.writeheader()
    count = 0
    for row in rows:
        writer.writerow({key: inert(value) for key, value in cells(row, actors).items()})
        count += 1
    return count
