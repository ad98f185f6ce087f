"""A batch of documents on its way into the log: each one checked, then all staged together.

Checking a document loads only the streams it names (and the regime of a panel it names), folds
their facts in valid time with the new fact in its place, and compares what the rules say with
and without it: the new fact must keep every rule as of its own date, and must not make any fact
already held break one. Nothing reaches the store until the whole batch has passed.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any
from uuid import UUID

from ledger.documents import SCHEMAS, fingerprint
from ledger.domain.allowance import judge, on_latest
from ledger.domain.catalogue import BY_LEDGER, FIXES, OPENERS, REFERENCES, REGISTRATIONS, STREAM_KEYS, named_streams
from ledger.domain.council import vetoes
from ledger.domain.entities import SourceState, tally_of
from ledger.domain.facts import Fact, apply_fixes, in_valid_order, occurrence_of
from ledger.domain.hindsight import not_yet_happened
from ledger.domain.provenance import check_citation, citations
from ledger.domain.streams import JOINS, KIND_OF, OPENS, Regime, Stream, id_of, joined_stream_id, open_stream, stream_id
from ledger.domain.withdrawals import Withdrawals
from ledger.domain.world import World, source_of
from ledger.errors import Conflict, LedgerError, RuleBroken, UnknownReference
from ledger.service.fixing import check_fix
from ledger.service.suggestions import stored_ids, with_id_meant, with_state_meant
from ledger.storage.eventstore import EventStore
from ledger.storage.records import IndexEntry

# Reference kinds that live in streams of their own (states do not).


# How a refusal for a rule a held fact would break begins: it names that fact, not the new one.
BREAKS_ANOTHER = "it would make "


@dataclass(frozen=True)
class Held:
    """An event id the ledger already has: in a stream, saying something (its fingerprint)."""

    stream_id: UUID
    fingerprint: str
    stored: IndexEntry | None  # None while it is only staged in this batch


@dataclass(frozen=True)
class Staged:
    """A document accepted into the batch: new (to be stored), or a repeat of a stored one."""

    event_id: str
    type: str
    repeat_of: IndexEntry | None = None
    flag: str | None = None  # accepted, though its date allows a day on which it breaks a rule


class Batch:
    def __init__(self, store: EventStore, is_state: Callable[[str], bool], recorded_at: datetime,
                 withdrawn: Withdrawals) -> None:
        self.store = store
        self.is_state = is_state
        self.withdrawn = withdrawn  # when the code of each state that no longer exists was withdrawn
        self.recorded_at = recorded_at
        self.streams: dict[UUID, Stream | None] = {}
        self.entries: dict[str, dict[str, Any]] = {}  # new event id -> its index row
        self.stored: dict[str, IndexEntry | None] = {}  # event id -> its stored index row, if any
        self.staged: list[Staged] = []
        self.seq = 0
        self.problems_held: dict[tuple[tuple[UUID, int | None], ...], dict[str, LedgerError]] = {}

    # -- loading ---------------------------------------------------------------------------

    def stream(self, sid: UUID) -> Stream | None:
        return self.load([sid]).get(sid)

    def load(self, sids: Iterable[UUID]) -> dict[UUID, Stream]:
        """Streams by id, each read from the store at most once per batch (in one query)."""
        missing = [sid for sid in dict.fromkeys(sids) if sid not in self.streams]
        if missing:
            found = self.store.streams(missing)
            for sid in missing:
                self.streams[sid] = found.get(sid)
        return {sid: s for sid in sids if (s := self.streams.get(sid)) is not None}

    def prefetch(self, documents: Iterable[Mapping[str, Any]]) -> None:
        """Read what checking some documents will read, a query for each kind, not one per document:
        the index rows of their ids and of the facts they fix, then every stream they open, join or
        name, then the regimes of the panels among those."""
        documents = list(documents)
        wanted = [d["id"] for d in documents] + [d.get("corrects") or d["retracts"] for d in documents
                                                 if d["type"] in FIXES]
        wanted = [i for i in dict.fromkeys(wanted) if i not in self.stored]
        found = self.store.lookup(wanted)
        self.stored.update({i: found.get(i) for i in wanted})
        read = [sid for document in documents for sid in self._streams_read(document)]
        # A panel's regime never changes (its regime_id is locked), so once known it is read in the same query.
        regime_of = self.store.regime_of_panel
        self.load([*read, *(regime_of[sid] for sid in read if sid in regime_of)])
        panels = [s for s in self.streams.values() if s is not None and s.facts and s.facts[0].type == "PanelEstablished"]
        for panel in panels:
            regime_of[panel.id] = stream_id("regime", panel.facts[0].document["regime_id"])
        self.load(regime_of[panel.id] for panel in panels)

    def _streams_read(self, document: Mapping[str, Any]) -> list[UUID]:
        kind = document["type"]
        named = [stream_id(k, key) for k, key in named_streams(document)]
        if kind in FIXES:
            target = self.stored.get(document.get("corrects") or document["retracts"])
            return [target.stream_id, *named] if target is not None else named
        if kind in OPENS:
            cls, key = OPENS[kind]
            return [id_of(cls, document[key]), *named]
        return [joined_stream_id(dict(document)), *named]

    def entry(self, event_id: str) -> Held | None:
        """Where an event id lives: staged in this batch, stored before, or nowhere."""
        if event_id in self.entries:
            row = self.entries[event_id]
            return Held(row["stream_id"], row["fingerprint"], None)
        if event_id not in self.stored:
            self.stored[event_id] = self.store.lookup([event_id]).get(event_id)
        stored = self.stored[event_id]
        return Held(stored.stream_id, stored.fingerprint, stored) if stored else None

    def held_ids(self, kinds: tuple[str, ...]) -> set[str]:
        """Every id of some kinds the ledger holds, stored or staged in this batch: `event` for the facts a fix may
        name, else `panel`, `regime`, `draft`, `source`, `actor` for the streams their registrations open. A read of
        the whole fact index (and of those registrations), so asked only to guess what a refused id meant."""
        ids: set[str] = set()
        if "event" in kinds:  # a fix or a veto is no fact a fix may name
            unfixable = {*FIXES, *BY_LEDGER}
            ids.update(self.store.event_ids(excluding=sorted(unfixable)))
            ids.update(i for i, row in self.entries.items() if row["type"] not in unfixable)
        openers = [name for name, (kind, _) in OPENERS.items() if kind in kinds]
        if openers:  # the streams this batch read or staged, and those the store holds
            opened = [s.facts[0] for s in self.streams.values() if s is not None and s.facts]
            ids.update(fact.document[OPENERS[fact.type][1]] for fact in opened if fact.type in openers)
            ids.update(stored_ids(self.store, kinds))
        return ids

    # -- adding ----------------------------------------------------------------------------

    def add(self, document: dict[str, Any], index: int | None = None, given_id: str | None = None) -> Staged:
        """Stage a document that `parse_documents` has checked; `given_id` is the id it came with, if any."""
        try:
            staged = self._add(document)
        except LedgerError as e:
            said = e.reason
            e = with_state_meant(e, document)
            if e.reason == said:  # no state it likely means: a held id of its kind, perhaps
                e = with_id_meant(e, self.held_ids)
            raise e.located(index=index, event_id=given_id, doc_type=None if given_id else document["type"]) from None
        self.staged.append(staged)
        return staged

    def _add(self, document: dict[str, Any]) -> Staged:
        event_id, kind = document["id"], document["type"]
        found = self.entry(event_id)
        if found is not None:
            if found.fingerprint != fingerprint(document):
                if found.stored is None:  # staged by an earlier document of this batch, not stored before
                    raise Conflict(f"an earlier document of this batch says a different fact under id {event_id!r}; "
                                   "an id names one fact", field="id")
                raise Conflict(
                    f"the ledger already holds a different fact under id {event_id!r}; "
                    "an id names one fact forever (append a FactCorrected to change it)",
                    field="id",
                )
            return Staged(event_id, kind, found.stored)
        if kind in FIXES:
            return self._add_fix(document)
        if (ahead := not_yet_happened(document, self.recorded_at.date())) is not None:
            raise ahead
        if kind in OPENS:
            cls, key = OPENS[kind]
            sid = id_of(cls, document[key])
            if (existing := self.stream(sid)) is not None:
                raise Conflict(_taken(key, document[key], existing), field=key)
            stream = None
        else:
            sid = joined_stream_id(document)
            stream = self.stream(sid)
            if stream is None:
                key = STREAM_KEYS[kind]
                raise UnknownReference(f"the ledger holds no {KIND_OF[JOINS[kind]]} {document[key]!r}", field=key,
                                       unheld=(document[key], (KIND_OF[JOINS[kind]],)))
        new = Fact(document, self.recorded_at, self._next_seq())
        flag = self._check(new, subject=event_id, context=self._context(document, stream))
        self._stage(sid, stream, document, new.seq)
        if kind == "DraftResolutionVoted":
            self._record_vetoes(sid, document)
        return Staged(event_id, kind, flag=flag)

    def _add_fix(self, fix: dict[str, Any]) -> Staged:
        target_id: str = fix.get("corrects") or fix["retracts"]  # its schema requires one of them
        field = "corrects" if "corrects" in fix else "retracts"
        found = self.entry(target_id)
        if found is None:
            raise UnknownReference(f"the ledger holds no event {target_id!r}", field=field, unheld=(target_id, ("event",)))
        sid = found.stream_id
        stream = self.stream(sid)
        assert stream is not None
        held = {f.event_id: f for f in stream.facts}
        target = held[target_id]
        check_fix(fix, field, target, held)
        if fix["type"] == "FactCorrected" and (ahead := not_yet_happened(fix["changes"], self.recorded_at.date(),
                                                                        field_prefix="changes.")) is not None:
            raise ahead
        new = Fact(fix, self.recorded_at, self._next_seq())
        self._check_own_source(new)
        corrected = apply_fixes([*stream.facts, new])
        subject = next((f for f in corrected if f.event_id == target_id), None)
        context = self._context(subject.document if subject else target.document, stream)
        try:
            flag = self._check(new, subject=target_id, context=context, corrected=subject)
            self._check_naming(new, target, stream)
        except LedgerError as e:
            raise _fix_refusal(e, fix, subject) from None
        if subject is not None and subject.type == "SourceRegistered" and SOURCE_BEARS & set(fix["changes"]):
            self._check_citations(current_source(stream.facts), subject)
        self._stage(sid, stream, fix, new.seq)
        if subject is not None and subject.type == "DraftResolutionVoted":
            # A recount may give the vote a veto it did not hold: recorded now, as it would have been then.
            self._record_vetoes(sid, dict(subject.document))
        return Staged(fix["id"], fix["type"], flag=flag)

    def _check_own_source(self, fix: Fact) -> None:
        """A fix is folded into the fact it names, so its own citations (`source` and `also_cited`) are checked
        on their own."""
        sources = [self.stream(stream_id(kind, key)) for kind, key in named_streams(fix.document) if kind == "source"]
        World(self.is_state).fold([f for s in sources if s for f in s.facts]).check_references(fix)

    # -- checking --------------------------------------------------------------------------

    def _check_citations(self, before: Fact, after: Fact) -> None:
        """A source corrected must still bear out every fact held that cites it (in `source` or `also_cited`, its
        own or a correction's): none may have happened after its new publication day, and, its text held, every
        quote must stand in it. A fact the source bore out before and not after is named, as a backdated fact names
        the fact it would make break a rule; what it broke already (stored before the rule) is not held against
        the correction."""
        was, now = source_of(before), source_of(after)
        if now.published_on >= was.published_on and now.text == was.text:
            return  # a later publication day, the same text: nothing that stood on the source falls
        source_id = now.source_id
        old, new = {source_id: was}, {source_id: now}
        citing = self.load([*self.store.streams_mentioning(source_id), *(s.id for s in self.pending())])
        current = [f for stream in citing.values() for f in apply_fixes(stream.facts)]
        fixes = [f for stream in citing.values() for f in stream.facts if f.is_fix]
        for fact in [*in_valid_order(f for f in current if f.type not in REGISTRATIONS and f.type != "VetoCast"),
                     *sorted(fixes, key=Fact.recording_order)]:  # a veto cites what its vote does; a fix, its own
            for field, cited in citations(fact.document):
                if cited.get("document") != source_id:
                    continue
                problem = _citation_problem(fact, cited, field, new)
                if problem is not None and _citation_problem(fact, cited, field, old) is None:
                    on = f" of {fact.occurred}" if fact.occurred is not None else ""
                    changed = "published_on" if problem.field == "occurred_on" else "text"
                    raise type(problem)(f"{BREAKS_ANOTHER}{fact.type} {fact.event_id!r}{on} break a rule: {problem.reason}",
                                        field=f"changes.{changed}")

    def _check_naming(self, fix: Fact, target: Fact, own: Stream) -> None:
        """A fix must leave every fact of another stream that names the regime, panel or draft it fixes as an append
        of that fact would now leave it: not refused. Each is judged as its append was: a fact whose date is an
        EDTF span breaks a rule only if it does on its first and on its last day (on one alone it is flagged, as
        the audit shows); what it broke already is not held against the fix. The first it would break is named."""
        naming, named = self._naming_elsewhere(fix.document, target, own)
        if not named:
            return
        held = [fact for stream in {own.id: own, **{s.id: s for s in naming}}.values() for fact in stream.facts]
        was, now = self._named_problems(held, named), self._named_problems([*held, fix], named)
        for fact in in_valid_order(f for f in apply_fixes([*held, fix]) if f.event_id in named):
            if (verdict := now.get(fact.event_id)) is not None and was.get(fact.event_id) is None:
                raise RuleBroken(f"{BREAKS_ANOTHER}{fact.type} {fact.event_id!r} of {fact.occurred} break a rule: "
                                 f"{verdict.reason}", field=verdict.field)

    def _named_problems(self, facts: list[Fact], named: frozenset[str]) -> dict[str, LedgerError]:
        """What each fact of `named` breaks on every day its date allows (its first and, for a span, its last)."""
        current = apply_fixes(facts)
        early = self._problems(current, subject=None, named=named)
        moved = {f.event_id: latest for f in current if f.event_id in named and (latest := on_latest(f)) is not None}
        late = self._problems([moved.get(f.event_id, f) for f in current], subject=None, named=named) if moved else {}
        broken: dict[str, LedgerError] = {}
        for fact in current:
            if fact.event_id not in named or (problem := early.get(fact.event_id)) is None:
                continue
            if fact.event_id not in moved:
                broken[fact.event_id] = problem
            elif (refusal := judge(fact, problem, late.get(fact.event_id)).refusal) is not None:
                broken[fact.event_id] = refusal
        return broken

    def _naming_elsewhere(self, fix: Mapping[str, Any], target: Fact, own: Stream) -> tuple[list[Stream], frozenset[str]]:
        """The facts of other streams that name the regime, panel or draft a fix would remove or move (its opening
        fact retracted, or corrected in a field they rely on), with what checking them needs: the streams they
        live in and the streams they name. Each is checked as of its own day, as its append was; none when the fix
        cannot strand them. A scan of the log, as a source's correction reads what cites it: fixes are rare."""
        opened = OPENERS.get(target.type)
        if (opened is None or opened[0] not in _referable() or own.facts[0].event_id != target.event_id
                or (fix["type"] == "FactCorrected" and not ENTITY_BEARS & set(fix["changes"]))):
            return [], frozenset()
        kind, key = opened[0], target.document[opened[1]]
        found = self.load([*self.store.streams_mentioning(key), *(s.id for s in self.pending())])
        streams: dict[UUID, Stream] = {}
        named: set[str] = set()
        for other in found.values():
            if other.id == own.id:
                continue  # its own stream is checked already
            naming = [f for f in apply_fixes(other.facts) if (kind, key) in named_streams(f.document)]
            if naming:
                named.update(f.event_id for f in naming)
                streams.update((s.id, s) for f in naming for s in self._context(f.document, other))
        return list(streams.values()), frozenset(named)

    def _context(self, document: Mapping[str, Any], own: Stream | None) -> list[Stream]:
        """The streams a document names, its own stream, and the regime of any panel among them."""
        named = [stream_id(kind, key) for kind, key in named_streams(document)]
        found = self.load(named)
        if own is not None:
            found[own.id] = own
        regimes = [
            stream_id("regime", fact.document["regime_id"])
            for stream in found.values()
            for fact in stream.facts
            if fact.type == "PanelEstablished"
        ]
        found.update(self.load(regimes))
        if isinstance(own, Regime):
            # A fact about a regime (a termination, above all) must not strand its panels' later facts.
            found.update(self.load(self._panel_streams_of(own.facts[0].document["regime_id"])))
        return list(found.values())

    def _panel_streams_of(self, regime_id: str) -> list[UUID]:
        staged = [
            row["stream_id"] for row in self.entries.values()
            if row["type"] == "PanelEstablished" and row["regime_id"] == regime_id
        ]
        return [*self.store.panel_streams_of([regime_id]), *staged]

    def _check(self, new: Fact, *, subject: str, context: Iterable[Stream], corrected: Fact | None = None) -> str | None:
        """Raise what the new fact breaks; a fact whose date is an EDTF span is checked on its first and
        last days, refused if it breaks a rule on both, and flagged (the flag returned) if on one only. A
        correction is judged as an append of the fact it leaves (`corrected`) would be: when that fact's date
        is a span, the correction is checked again as if it also moved the fact to the span's last day."""
        context = list(context)
        held = [fact for stream in context for fact in stream.facts]
        # What the held facts break does not change until one of their streams does: statements about
        # one panel share the answer.
        key = tuple((stream.id, stream.version) for stream in context)
        before = self.problems_held.get(key)
        if before is None:
            before = self.problems_held[key] = self._problems(held, subject=None)
        early = self._broken(held, before, new, subject)
        judged = corrected if new.is_fix else new
        late_fact = _on_latest(new, corrected) if new.is_fix else on_latest(new)
        if judged is None or late_fact is None:  # a retraction, or a date of one day to check
            if early is not None:
                raise early
            return None
        verdict = judge(judged, early, self._broken(held, before, late_fact, subject))
        if verdict.refusal is not None:
            raise verdict.refusal
        return verdict.flag

    def _broken(self, held: list[Fact], before: Mapping[str, LedgerError], new: Fact, subject: str) -> LedgerError | None:
        """What the new fact breaks, or makes a held fact break, folded in its place."""
        after = self._problems([*held, new], subject=subject)
        if subject in after:
            return after[subject]
        for event_id, problem in after.items():
            if event_id not in before:
                fact = next(f for f in apply_fixes(held) if f.event_id == event_id)  # named as it now stands
                return RuleBroken(
                    f"{BREAKS_ANOTHER}{fact.type} {event_id!r} of {fact.occurred} break a rule: {problem.reason}",
                    field=problem.field,
                )
        return None

    def _problems(self, facts: list[Fact], subject: str | None,
                  named: frozenset[str] = frozenset()) -> dict[str, LedgerError]:
        """What each fact breaks, folded in valid order: the rules of every fact; the references of the subject
        and of the facts `named` (a held fact's were checked when it was appended, so are checked again only
        where a fix may have taken away what they name)."""
        world = World(self.is_state, self.withdrawn)
        problems: dict[str, LedgerError] = {}
        for fact in in_valid_order(apply_fixes(facts)):
            event_id = fact.event_id
            problem = world.apply(fact, rules=True, references=event_id == subject or event_id in named)
            if problem is not None:
                problems[event_id] = problem
        return problems

    # -- staging ---------------------------------------------------------------------------

    def _next_seq(self) -> int:
        self.seq += 1
        return self.seq

    def _stage(self, sid: UUID, stream: Stream | None, document: dict[str, Any], seq: int) -> None:
        if stream is None:
            stream = open_stream(document, seq, self.recorded_at)
            self.streams[sid] = stream
        else:
            stream.record(document, seq, self.recorded_at)
        self.entries[document["id"]] = {
            "event_id": document["id"],
            "stream_id": sid,
            "version": stream.version,
            "type": document["type"],
            "fingerprint": fingerprint(document),
            "recorded_at": self.recorded_at,
            "regime_id": document["regime_id"] if document["type"] == "PanelEstablished" else None,
        }

    def _record_vetoes(self, sid: UUID, vote: dict[str, Any]) -> None:
        """The ledger records a VetoCast for each veto the vote contains and has no record of, in the same save."""
        on = occurrence_of(vote).start  # type: ignore[union-attr]
        stream = self.stream(sid)
        recorded = {f.event_id for f in stream.facts} if stream is not None else set()
        for member in vetoes(tally_of(vote), on):
            if f"{vote['id']}/veto/{member}" in recorded:
                continue
            veto = {
                "type": "VetoCast",
                "id": f"{vote['id']}/veto/{member}",
                "vote": vote["id"],
                "occurred_on": vote["occurred_on"],
                "source": vote["source"],
                "draft_id": vote["draft_id"],
                "member": member,
                "concerning": vote.get("concerning"),
            }
            if vote.get("also_cited"):  # a veto cites what its vote cites
                veto["also_cited"] = vote["also_cited"]
            self._stage(sid, self.stream(sid), veto, self._next_seq())

    def pending(self) -> list[Stream]:
        return [s for s in self.streams.values() if s is not None and s.pending_events]


# The fields of a source that facts citing it rely on: its publication day and its text.
SOURCE_BEARS = frozenset({"published_on", "text"})
# The field of a regime's, panel's or draft's opening fact that facts naming it elsewhere rely on: its day (a
# reference is checked as of the day of the fact that makes it). Its other fields are no other fact's concern.
ENTITY_BEARS = frozenset({"occurred_on"})


def _referable() -> set[str]:
    """The kinds of stream that facts of other streams name in their references, as the catalogue now says (a
    source is cited, not named: `_check_citations` checks what cites it; an actor's registration has no day and
    cannot be retracted, so no fix of it strands what names it)."""
    return {kind for fields in REFERENCES.values() for kinds in fields.values() for kind in kinds} - {"state"}


def current_source(facts: Iterable[Fact]) -> Fact:
    """A source's registration as its corrections so far leave it."""
    return next(f for f in apply_fixes(facts) if f.type == "SourceRegistered")


def _citation_problem(fact: Fact, cited: Mapping[str, Any], field: str,
                      sources: Mapping[str, SourceState]) -> LedgerError | None:
    try:
        check_citation(fact, cited, field, sources)
    except LedgerError as e:
        return e
    return None


def _on_latest(fix: Fact, corrected: Fact | None) -> Fact | None:
    """A correction as if it also moved the fact it corrects to the latest day the corrected date allows, when
    that date is an EDTF span (None otherwise, and for a retraction): the correction's half of `on_latest`."""
    moved = on_latest(corrected) if corrected is not None and fix.type == "FactCorrected" else None
    if moved is None:
        return None
    changes = {**fix.document["changes"], "occurred_on": moved.document["occurred_on"]}
    return replace(fix, document={**fix.document, "changes": changes})


def _fix_refusal(error: LedgerError, fix: dict[str, Any], corrected: Fact | None) -> LedgerError:
    """A rule the corrected fact would break, said of the correction: the field it changes (`changes.<field>`),
    or, for a field it leaves as it was, the fact it corrects, as corrected, on its day."""
    changes = fix.get("changes") or {}
    if corrected is None:  # a retraction: what another fact would break, it breaks by what it retracts
        return _restated(error, error.reason, "retracts") if error.reason.startswith(BREAKS_ANOTHER) else error
    if error.reason.startswith(BREAKS_ANOTHER):  # another fact's rule: the change that makes it break is the field
        if not changes or (error.field or "").startswith("changes."):
            return error
        return _restated(error, error.reason, f"changes.{next(iter(changes))}" if len(changes) == 1 else "changes")
    if error.field is not None and error.field.split(".")[0] in changes:  # `speakers.0` is of the change to `speakers`
        return _restated(error, error.reason, f"changes.{error.field}")
    own = f"its field {error.field!r}: " if error.field else ""
    return _restated(error, f"{corrected.type} {corrected.event_id!r} as corrected, of {corrected.occurred}, would "
                            f"break a rule: {own}{error.reason}", "changes" if changes else None)


def _restated(error: LedgerError, reason: str, field: str | None) -> LedgerError:
    """A refusal said again in other words or of another field, still naming the id it did not find, if any."""
    restated = type(error)(reason, field=field)
    if isinstance(error, UnknownReference) and isinstance(restated, UnknownReference):
        restated.unheld = error.unheld
    return restated


def _taken(key: str, value: str, existing: Stream) -> str:
    first = existing.facts[0]
    what = key.removesuffix("_id")
    return f"{what} {value!r} already exists (registered by event {first.event_id!r}); ids are never reused"


assert set(SCHEMAS) <= set(OPENS) | set(JOINS) | set(FIXES)
