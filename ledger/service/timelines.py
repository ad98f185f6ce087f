"""The timeline as analysts ask for it: between two days, of some types, said by someone, about something,
saying some words; and the names of the actors it names, as known at a moment."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, datetime
from typing import TYPE_CHECKING
from uuid import UUID

from ledger.domain.catalogue import CATALOGUE
from ledger.domain.facts import Fact, apply_fixes
from ledger.domain.streams import stream_id
from ledger.errors import InvalidArgument, LedgerError
from ledger.service import arguments
from ledger.service.appending import log_rejection
from ledger.service.suggestions import id_meant, stored_ids
from ledger.states import is_state, state_meant, state_named
from ledger.views.actors import DEPTH, Actors, affiliations, summary_with_names
from ledger.views.filters import actors_named, by_speaker, by_text, subject
from ledger.views.items import TimelineEntry

if TYPE_CHECKING:
    from ledger.service.application import Ledger

Moment = datetime | date | str | None


def day_range(since: date | str | None, until: date | str | None) -> tuple[date, date]:
    """The days of a timeline, read as the API reads them; a `since` after `until` is refused."""
    start = arguments.asked_day(since, "since", arguments.first_day) if since is not None else date.min
    end = arguments.asked_day(until, "until", arguments.last_day) if until is not None else date.max
    if start > end:
        raise InvalidArgument(f"{start} is after until {end}: no day is in that range", field="since")
    return start, end


def known_types(types: Iterable[str] | str | None) -> list[str] | None:
    """The types asked for, each one the catalogue knows (None: all of them)."""
    if types is None:
        return None
    asked = [types] if isinstance(types, str) else list(types)
    unknown = [t for t in asked if t not in CATALOGUE]
    if unknown:
        raise InvalidArgument(f"unknown type {unknown[0]!r}; known types: {', '.join(CATALOGUE)}", field="types")
    return asked


def read(ledger: Ledger, since: date | str | None, until: date | str | None, known_at: Moment,
         types: Iterable[str] | str | None, speaker: str | None, about: str | None,
         text: Iterable[str] | str | None = None) -> list[TimelineEntry]:
    """The rows of `Ledger.timeline`: bad days, a range the wrong way round, an unknown type or a blank word are
    refused."""
    try:
        (start, end), asked, moment = day_range(since, until), known_types(types), arguments.asked_moment(known_at)
        words = arguments.asked_words(text)
    except LedgerError as e:
        log_rejection(e)
        raise
    return timeline(ledger, start, end, moment, asked, speaker, about, words)


SUBJECT_KINDS = ("panel", "regime", "draft", "actor")  # what `about` may name, beside states


def timeline(ledger: Ledger, start: date, end: date, known_at: datetime | None, types: Sequence[str] | None,
             speaker: str | None, about: str | None, words: Sequence[str] | None = None) -> list[TimelineEntry]:
    view = ledger.as_of(end, known_at)
    rows = [row for row in view.timeline if row.on >= start and (types is None or row.type in types)]
    if about is not None:
        about = state_about(ledger, about) or about
        covers = subject(view, about).covers
        rows = [row for row in rows if covers(row)]
        if not rows and not names_a_subject(ledger, about):
            raise InvalidArgument(f"the ledger holds no panel, regime, draft, actor or state {about!r}"
                                  + subject_meant(ledger, about), field="about")
    if speaker is not None:
        named = actors(ledger, {a for row in rows for a in actors_named(row)}, known_at)
        said = [row for row in rows if by_speaker(named, speaker)(row)]
        # Nothing said by that id, name or code: a state named as people name it (`Russia` is RUS), unless an
        # actor bears that name. Asked only then: knowing every actor reads their registrations.
        known = bool(said) or is_known(ledger, speaker, known_at)
        if not known and (code := state_named(speaker)) is not None:
            speaker, known = code, True
            said = [row for row in rows if by_speaker(named, speaker)(row)]
        if not known:
            meant = state_meant(speaker)
            raise InvalidArgument(
                f"no actor or state {speaker!r}" + (f" (did you mean {meant}?)" if meant else "")
                + ": give a registered actor's id or name, or a state's ISO code or English name",
                field="speaker",
            )
        rows = said
    if words:  # last: the rows left are the fewest whose actors' names must be read
        rows = saying(ledger, view.timeline, rows, words, known_at)
    return rows


def saying(ledger: Ledger, every: Sequence[TimelineEntry], rows: Sequence[TimelineEntry], words: Sequence[str],
           known_at: datetime | None) -> list[TimelineEntry]:
    """The rows that hold every word, in their line as the terminal shows it (actors by name) or in what
    `filters.searched` lists; a veto also in its vote's agenda item, found among `every` row of the view."""
    named = actors(ledger, {a for row in rows for a in actors_named(row)}, known_at)
    wanted = {row.details.get("vote") for row in rows if row.type == "VetoCast"}
    votes = {row.event_id: row for row in every if row.event_id in wanted}
    holds = by_text(words, lambda row: summary_with_names(row, named), votes)
    return [row for row in rows if holds(row)]


def state_about(ledger: Ledger, about: str) -> str | None:
    """The state an `about` names, by its code: its code in any case, as --speaker takes it (`deu` is DEU), or its
    name (Germany), unless the ledger holds a panel, regime, draft or actor of that id; None if it names none."""
    if is_state(about):
        return about
    if (code := state_named(about)) is not None and not holds_subject(ledger, about):
        return code
    return None


def subject_meant(ledger: Ledger, about: str) -> str:
    """`; did you mean 'dprk-panel'?` after an `about` the ledger does not hold: a held panel, regime, draft or
    actor id close to it, else the state it likely names (`; did you mean RUS?`); nothing if none is close."""
    if (meant := id_meant(about, stored_ids(ledger.store, SUBJECT_KINDS))) is not None:
        return f"; did you mean {meant!r}?"
    return f"; did you mean {code}?" if (code := state_meant(about)) is not None else ""


def names_a_subject(ledger: Ledger, ident: str) -> bool:
    """Whether facts can be about `ident`: a state, or a panel, regime, draft or actor the ledger holds (a
    misspelt subject is an error, not an empty answer)."""
    return is_state(ident) or holds_subject(ledger, ident)


def holds_subject(ledger: Ledger, ident: str) -> bool:
    return bool(ledger.store.streams([stream_id(kind, ident) for kind in SUBJECT_KINDS]))


def is_known(ledger: Ledger, who: str, known_at: datetime | None) -> bool:
    """Whether `who` names a state or an actor registered by a moment (by its id or its name, in any case):
    a misspelt speaker is an error, not an empty answer."""
    if is_state(who.upper()):
        return True
    wanted = who.casefold()
    return any(
        wanted in (f.document["actor_id"].casefold(), f.document["name"].casefold())
        for f in _registrations(ledger, ledger.store.streams_opened_by("ActorRegistered"), known_at, ledger.head())
        if f.type == "ActorRegistered"
    )


def _registrations(ledger: Ledger, streams: Sequence[UUID], known_at: datetime | None, head: int) -> list[Fact]:
    """The facts of some actors' streams recorded by a moment, as their fixes then left them."""
    found = ledger.store.stream_facts(streams, upto=head)
    return apply_fixes(f for fs in found.values() for f in fs if known_at is None or f.recorded_at <= known_at)


def actors(ledger: Ledger, ids: Iterable[str], known_at: datetime | None = None) -> Actors:
    """The names and states of some actors as registered by a moment: their streams and their affiliations'
    are read, not the whole log."""
    head, wanted, facts = ledger.head(), {i for i in ids if not is_state(i)}, []
    for _ in range(DEPTH):
        if not wanted:
            break
        read = _registrations(ledger, [stream_id("actor", i) for i in sorted(wanted)], known_at, head)
        facts.extend(read)
        held = {f.document["actor_id"] for f in facts if f.type == "ActorRegistered"}
        wanted = {a for a in affiliations(read) if not is_state(a) and a not in held}
    return Actors(facts, is_state)
