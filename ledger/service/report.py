"""`Ledger.report`: one self-contained HTML page of the ledger on a day, as known at a moment.

This module gathers what the page shows (the view, actors' names, sources' titles, the log's digest) and
hands it, as values, to `ledger.report_html`, which renders the template. The timeline's geometry is
`ledger.views.report_layout`; which fact goes on which lane, `ledger.views.report_lanes`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ledger.domain.facts import apply_fixes
from ledger.domain.streams import stream_id
from ledger.errors import LedgerError, Unwritable
from ledger.service import arguments
from ledger.service.appending import log_rejection
from ledger.service.unrecorded import unrecorded
from ledger.storage.chain import Digest
from ledger.views import TimelineEntry, View
from ledger.views.actors import Actors, summary_with_names
from ledger.views.filters import actors_named
from ledger.views.report_lanes import how_precise, lanes
from ledger.views.report_layout import Timeline, close_up, layout
from ledger.views.report_tables import VoteMatrix, vote_matrix

if TYPE_CHECKING:
    from ledger.service.application import Ledger

Moment = datetime | date | str | None


@dataclass(frozen=True)
class Source:
    source_id: str
    title: str | None
    publisher: str | None
    published_on: str | None
    url: str | None  # shown as text, never linked: the page reaches no network

    @property
    def cited(self) -> str:
        said = ", ".join(filter(None, [self.title, self.publisher, self.published_on]))
        return f"{self.source_id}: {said}" if said else self.source_id


@dataclass(frozen=True)
class Page:
    """Everything the report shows, as values."""

    view: View
    known_at: datetime | None
    digest: Digest
    timeline: Timeline  # the whole history
    close_up: Timeline | None  # its last months, when the history is longer
    votes: VoteMatrix
    actors: Actors
    facts: dict[str, dict[str, Any]]  # by event id: what the details panel and the list of facts show
    unrecorded: str | None = None  # why the page is empty when nothing had been recorded by its moment


def report(ledger: Ledger, as_of: date | str | None = None, known_at: Moment = None) -> str:
    """The page as HTML text: the state on `as_of` (default: today) from the facts recorded by `known_at`."""
    from ledger.report_html import render

    return render(page(ledger, as_of, known_at))


def write_report(ledger: Ledger, path: str | Path, as_of: date | str | None = None, known_at: Moment = None) -> Path:
    """Write the page to a file (UTF-8); the path written."""
    html = report(ledger, as_of, known_at)
    target = Path(path)
    try:
        target.write_text(html, encoding="utf-8")
    except OSError as e:  # no such folder, no permission, a full disk: said in one line
        raise Unwritable(f"{target}: {e.strerror or e}") from None
    return target


def page(ledger: Ledger, as_of: date | str | None, known_at: Moment) -> Page:
    try:
        day = arguments.asked_day(as_of, "as_of") if as_of is not None else date.today()
        moment = arguments.asked_moment(known_at)
    except LedgerError as e:
        log_rejection(e)
        raise
    view = ledger.as_of(day, moment)
    # Read after the view: the log up to this digest holds every fact the page shows. As known at a moment,
    # the digest the log had then (its link at the last fact recorded by it), not today's head.
    digest = ledger.digest(moment)
    rows = view.timeline
    named = {a for row in rows for a in actors_named(row)} | {
        m for d in view.drafts for m in (*d.in_favour_members, *d.against_members, *d.abstaining_members)
    }
    actors = ledger.actors(named, moment)
    said = {row.event_id: summary_with_names(row, actors) for row in rows}
    facts = _facts(ledger, rows, said, moment)
    placed = lanes(view, lambda row: said[row.event_id], actors.state)
    window = close_up(placed)
    return Page(
        view,
        moment,
        digest,
        layout(placed, view.as_of),
        layout(placed, view.as_of, window=window) if window is not None else None,
        # Member by member, only the votes whose tally the source gives: the veto record's name the vetoes alone.
        vote_matrix([d for d in view.drafts if not d.unknown], actors.label),
        actors,
        facts,
        unrecorded(ledger, moment).on_page(view.as_of) if not (view.panels and view.regimes and view.drafts) else None,
    )


def _facts(ledger: Ledger, rows: list[TimelineEntry], said: dict[str, str], moment: datetime | None) -> dict[str, dict[str, Any]]:
    """What the details panel and the list of facts show of each fact: what it says, its quote, its sources
    (by title, as registered by the moment) and its locators."""
    cited = {row.event_id: [c for c in row.details.get("also_cited") or () if isinstance(c, dict)] for row in rows}
    ids = {row.source for row in rows if row.source} | {c["document"] for cs in cited.values() for c in cs}
    sources = read_sources(ledger, ids, moment)
    return {
        row.event_id: {
            "event_id": row.event_id,
            "type": row.type,
            "on": row.on.text,
            "precision": how_precise(row),
            "fact": said[row.event_id],
            "quote": row.quote,
            "locator": row.locator,
            "source": _cite(sources, row.source),
            "url": sources[row.source].url if row.source in sources else None,
            "also_cited": [
                {"source": _cite(sources, c["document"]), "quote": c.get("quote"), "locator": c.get("locator")}
                for c in cited[row.event_id]
            ],
            "corrected_by": list(row.corrected_by),
        }
        for row in rows
    }


def _cite(sources: dict[str, Source], source_id: str | None) -> str | None:
    return sources[source_id].cited if source_id in sources else source_id


def read_sources(ledger: Ledger, ids: Iterable[str], known_at: datetime | None) -> dict[str, Source]:
    """The registrations of some sources as known at a moment: their streams are read, not the whole log."""
    wanted = sorted(set(ids))
    found = ledger.store.stream_facts([stream_id("source", i) for i in wanted], upto=ledger.head())
    known = apply_fixes(f for fs in found.values() for f in fs if known_at is None or f.recorded_at <= known_at)
    sources = {}
    for fact in known:
        if fact.type == "SourceRegistered":
            d = fact.document
            sources[d["source_id"]] = Source(
                d["source_id"], d.get("title"), d.get("publisher"), d.get("published_on"), d.get("url")
            )
    return sources
