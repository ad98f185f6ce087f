"""Which rows of a timeline an analyst asked for: of some types, said by someone, about something, saying
some words.

"About" follows a file as analysts keep one: a fact is about a panel when it names the panel or a draft
that concerns it (a vote, a veto, a postponement, a statement on the draft), or when it is something said
about the panel's regime (a statement, a proposal, a request for relief: China's statement on the DPRK
regime belongs to the file of the DPRK panel). A fact is about a regime when it names the regime, one of
its panels or a draft on either. Anything else (a draft, a state, an actor) is matched by its id alone.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from ledger.domain.catalogue import REFERENCES, STREAM_KEYS
from ledger.views.actors import Actors
from ledger.views.items import TimelineEntry
from ledger.views.view import View

# The fields that say who speaks or acts in a fact of someone saying or asking something, or, for a veto,
# casting it: "Russia's vetoes" are found by its speaker, and exported with it.
SPEAKING = ("speakers", "by", "member")

RowTest = Callable[[TimelineEntry], bool]


def speaker_ids(document: Mapping[str, Any]) -> list[str]:
    """Who speaks or acts in a document (or a row's details): a statement's speakers, a proposal's or a
    request's author, a veto's member, by id."""
    return [ident for name in SPEAKING for ident in _ids(document.get(name))]


def speakers_of(row: TimelineEntry) -> list[str]:
    """Who speaks or acts in a row: a statement's speakers, a proposal's or a request's author."""
    return speaker_ids(row.details)


def actors_named(row: TimelineEntry) -> list[str]:
    """Every actor or state a row names in a field that may name one (speakers, participants, supporters...)."""
    fields = [name for name, kinds in REFERENCES.get(row.type, {}).items() if "actor" in kinds or "state" in kinds]
    return [ident for name in fields for ident in _ids(row.details.get(name))]


def says_something(row: TimelineEntry) -> bool:
    return any(name in row.details for name in SPEAKING)


def names(row: TimelineEntry) -> set[str]:
    """The ids a row names: its references, the key of what it belongs to, and who speaks or acts in it (a
    veto's member, as its vote names the member among its sides)."""
    keys = {*STREAM_KEYS.values(), "draft_id"}  # the key of the stream it belongs to (a veto's draft too)
    fields = {*REFERENCES.get(row.type, {}), *(k for k in keys if k in row.details), *SPEAKING}
    return {ident for name in fields for ident in _ids(row.details.get(name))}


@dataclass(frozen=True)
class Subject:
    """What counts as about a thing: ids any fact may name, and ids only what is said may name."""

    ident: str
    named: frozenset[str]
    said: frozenset[str] = frozenset()

    def covers(self, row: TimelineEntry) -> bool:
        held = names(row)
        return bool(held & self.named) or (says_something(row) and bool(held & self.said))


def subject(view: View, ident: str) -> Subject:
    """The file of a panel or a regime, as the view holds it; anything else, its id alone."""
    drafts = view.drafts
    panel = view.panel(ident)
    if panel is not None:
        on_it = {d.draft_id for d in drafts if d.concerning == ident}
        return Subject(ident, frozenset({ident, *on_it}), frozenset({panel.regime_id}))
    regime = view.regime(ident)
    if regime is not None:
        under = {ident, *regime.panels}
        return Subject(ident, frozenset({*under, *(d.draft_id for d in drafts if d.concerning in under)}))
    return Subject(ident, frozenset({ident}))


def by_speaker(actors: Actors, who: str) -> RowTest:
    """Rows someone speaks or acts in: named by id, by name, or by their state (`USA` finds Matthew Miller)."""
    return lambda row: any(actors.is_of(s, who) for s in speakers_of(row))


def folded(text: str) -> str:
    """Text as `--text` compares it: case and accents aside (`Côte d'Ivoire` holds `cote d'ivoire`)."""
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c)).casefold()


def _cited(row: TimelineEntry) -> list[Mapping[str, Any]]:
    cited = row.details.get("also_cited")
    return [c for c in cited if isinstance(c, Mapping)] if isinstance(cited, list) else []


def quotes(row: TimelineEntry) -> list[str]:
    """The words a row's sources are quoted for: its own source's and those of `also_cited` (the line of a
    veto list that gives a vote's topic, which its vote and its vetoes both cite)."""
    return [q for q in (row.quote, *(c.get("quote") for c in _cited(row))) if isinstance(q, str)]


def searched(row: TimelineEntry, described: str, vote: TimelineEntry | None = None) -> str:
    """Everything `--text` looks in, folded: the row's line as stored and as shown (`described`, actors by
    name), its agenda item, its quotes, its id, the ids it names and the sources it cites. A veto is searched
    with its vote's agenda item too: the veto row does not repeat it."""
    sources = [row.source, *(c.get("document") for c in _cited(row))]
    agenda = [r.details.get("agenda_item") for r in (row, vote) if r is not None]
    held = [row.summary, described, *agenda, *quotes(row), row.event_id, *sorted(names(row)), *sources]
    return folded("\n".join(t for t in held if isinstance(t, str)))


def by_text(words: Sequence[str], described: Callable[[TimelineEntry], str],
            votes: Mapping[str, TimelineEntry]) -> RowTest:
    """Rows that hold every one of some words (case and accents aside). `votes` are the vetoes' votes by id."""
    wanted = [folded(w) for w in words]

    def holds(row: TimelineEntry) -> bool:
        vote = votes.get(str(row.details.get("vote"))) if row.type == "VetoCast" else None
        text = searched(row, described(row), vote)
        return all(w in text for w in wanted)

    return holds


def _ids(value: Any) -> Iterable[str]:
    if isinstance(value, str):
        return [value]
    return [v for v in value if isinstance(v, str)] if isinstance(value, list) else []
