"""The Ledger: append facts, load files of them, and look at any day as known at any moment."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import replace
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any
from uuid import UUID

from ledger.documents.files import read_paths
from ledger.documents.parse import Located
from ledger.domain.allowance import date_flags
from ledger.domain.facts import Fact, apply_fixes
from ledger.domain.membership import Council, council_on
from ledger.domain.provenance import Provenance, audit
from ledger.domain.streams import stream_id
from ledger.domain.world import World
from ledger.errors import (
    Closed,
    DamagedLog,
    InvalidArgument,
    LedgerError,
    LogCutShort,
    ReadOnly,
    StorageError,
    UnknownReference,
)
from ledger.log import logger
from ledger.projections.readmodels import Progress, ReadModels, RebuildTimes, Unusable, tables_missing
from ledger.service import arguments, diffs, timelines
from ledger.service.appending import Recording, Recordings, append_batch, log_rejection
from ledger.service.history import Version, drafts_concerning, entity_capture, event_capture, history
from ledger.service.recordings import RecordingList
from ledger.service.suggestions import id_meant, stored_ids
from ledger.states import is_state, withdrawal
from ledger.storage.chain import Break, Digest, Verification
from ledger.storage.eventstore import EventStore
from ledger.storage.opening import database_url, open_store, opening_write, refusing_in_one_line, safe_url
from ledger.storage.schema import head_revision
from ledger.views import ReplayView, TimelineEntry, View
from ledger.views.actors import Actors
from ledger.views.diff import Diff

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

LoadProgress = Callable[[int, int, int], None]  # documents read, bytes read, bytes of every file


class Ledger:
    def __init__(self, store: EventStore, url: str, *, project: bool = True, read_only: bool = False) -> None:
        self._store = store
        self.url = url
        self.read_only = read_only
        self._projecting = project and not read_only
        self._read_models = ReadModels(store, url)
        self._noticed: Unusable | None = None  # why the read models could not answer, as last logged
        # The schema's revision before this open (None: the open created the ledger) and after it.
        self.schema_was: str | None = None
        self.schema: str | None = None

    @classmethod
    def open(cls, url: str | None = None, *, upgrade: bool = True, project: bool = True,
             read_only: bool = False) -> Ledger:
        """Open (and if needed create or upgrade) the ledger at a SQLAlchemy URL.

        With `project=False` appends leave the read models to whoever reads next (or `ledger rebuild`).

        With `read_only=True` opening writes nothing and creates nothing: no ledger there is a `NoLedger`,
        a schema behind this code's a `SchemaBehind`; every connection refuses writes (SQLite `query_only`,
        PostgreSQL `READ ONLY`), so a read-only file or a hot standby will do. Read models that are stale,
        behind the log or missing are not brought up to date: views and histories are then folded from
        the log (as `replay` does), with a warning in the log. Appending, loading and rebuilding raise
        `ReadOnly`.
        """
        url = database_url(url)
        store, before = open_store(url, read_only=read_only, upgrade=upgrade)
        ledger = cls(store, url, project=project, read_only=read_only)
        ledger.schema_was, ledger.schema = before, head_revision()
        if project and not read_only:
            # Each writes only if a read says it must: a current ledger opens beside another writer at once.
            # A write it does need waits for that writer as an append does, then is a `Conflict`.
            with refusing_in_one_line(url, lambda: store):  # a read-only database says so here, in one line
                opening_write(url, ledger._read_models.stamp_empty)
                opening_write(url, ledger._read_models.rebuild_if_stale)
        logger().debug("opened", url=safe_url(url), schema_was=before, read_only=read_only)
        return ledger

    @property
    def store(self) -> EventStore:
        """The event store beneath this ledger: the log, its fact index and its hash chain.

        Public on purpose, for tools and tests that look at storage itself (the benchmark writes synthetic
        events through it; the tamper tests edit rows behind the ledger's back and find them). Writing
        through it passes by every rule and leaves the read models behind: the ledger's own writes are
        `append`, `append_many` and `load`.
        """
        return self._store

    def close(self) -> None:
        """Release the database: its connections are closed, and the ledger reads and writes nothing more
        (any use of it then raises `Closed`). Closing again does nothing."""
        if isinstance(self._store, _Gone):
            return
        self._store.close()
        # Every read and write goes through these two: a closed ledger that still held them would open a
        # new connection, and write through it, at its next use.
        self._store = self._read_models = _Gone()  # type: ignore[assignment]

    def copy_to(self, path: str | Path) -> str:
        """Copy this ledger into a new SQLite file, reading this one only; the copy's URL (to open and change)."""
        from ledger.service.copies import copy_ledger

        return copy_ledger(self._store, Path(path))

    def __enter__(self) -> Ledger:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    # -- appending -------------------------------------------------------------------------

    def append(self, document: dict[str, Any]) -> Recording:
        """Append one fact; an idempotent repeat returns the first recording."""
        return self._append([Located(document)], indexed=False)[0]

    def append_many(self, documents: Iterable[dict[str, Any]]) -> RecordingList:
        """Append facts atomically: all of them, or (on any refusal) none. The answer is a list of
        recordings, in the documents' order, that also counts the `new` and the `repeated`."""
        if isinstance(documents, (Mapping, str, bytes)) or not isinstance(documents, Iterable):
            what = ("one document: `append` takes one" if isinstance(documents, Mapping) else
                    "None" if documents is None else f"a {type(documents).__name__}")
            raise InvalidArgument(f"takes a list of documents, not {what}", field="documents")
        return RecordingList(self._append([Located(d) for d in documents], indexed=True))

    def load(self, *paths: str | Path, progress: LoadProgress | None = None) -> Recordings:
        """Append every document of files or folders (.json lists, .jsonl), all in one atomic batch.

        The files are read as they are checked, a chunk of documents at a time, so a load of any size
        takes the memory of a chunk (and its answer a few tens of bytes a document). `progress`, if given,
        is called after each chunk with the documents read so far, and the bytes read of all the files'."""
        self._writable("load documents")
        # `load(["a.jsonl", "b.jsonl"])` means what `load("a.jsonl", "b.jsonl")` does
        named = [p for given in paths for p in (given if isinstance(given, (list, tuple)) else [given])]
        if not named:  # a job whose file pattern matched nothing must not report a load of nothing as done
            raise InvalidArgument("give at least one file or folder to load", field="paths")
        started = time.perf_counter()
        try:
            documents = read_paths(named)
        except LedgerError as e:
            log_rejection(e)
            raise
        counted = None if progress is None else lambda done: progress(done, documents.read, documents.size)
        recordings = self._append(documents, indexed=True, progress=counted)
        logger().info("loaded", paths=[str(p) for p in paths], documents=len(recordings), new=recordings.new,
                      repeated=recordings.repeated, duration_ms=round((time.perf_counter() - started) * 1000, 1))
        return recordings

    def _append(self, documents: Iterable[Located], *, indexed: bool,
                progress: Callable[[int], None] | None = None) -> Recordings:
        self._writable("append")
        # Inline projection, in the same transaction as the log, of the facts just stored (not read back).
        models = self._read_models
        project = (lambda saved: models.catch_up(given=saved)) if self._projecting else None
        # The log's end is checked under its lock, before any document is checked against it (`_refusal`).
        return append_batch(self._store, documents, indexed=indexed, then=project, progress=progress,
                            guard=self._refusal)

    # -- reading ---------------------------------------------------------------------------

    def head(self) -> int:
        """The position of the last event in the log (0 for an empty ledger)."""
        return self._store.head()

    def as_of(self, day: date | str, known_at: datetime | date | str | None = None) -> View:
        """The state of every panel, regime and draft on a day, from the facts recorded by `known_at`.

        `day` is a date or its text YYYY-MM-DD. `known_at` is a date-time (UTC unless it says otherwise),
        or a day, meaning the end of that day (UTC).

        Read from the read models, brought up to the end of the log first (read-only: folded from the
        log when the read models are not up to date).
        """
        on, moment = self._view_arguments(day, known_at)
        if not self._read_models_answer():
            return self.replay(on, moment)
        return self._read_models.view(on, moment)

    @property
    def answered_from_log(self) -> str | None:
        """Why the last view or history was folded from the log instead of read from the read models
        (a read-only ledger whose read models are stale, behind or missing; or, opened either way, read
        models ahead of the log: see `log_cut_short`, or a table of theirs dropped: see `read_models_missing`);
        None when they answered."""
        return self._noticed.why if self._noticed is not None else None

    @property
    def log_cut_short(self) -> bool:
        """Whether the last view or history was folded from the log because the read models were projected
        past its end: its newest events were deleted behind the ledger's back, or the read models edited
        (`verify` names which). A rebuild would make them agree with the log as it is, not mend it."""
        return self._noticed is not None and self._noticed.cut_short

    @property
    def read_models_missing(self) -> tuple[str, ...]:
        """The read-model tables whose absence made the last view or history be folded from the log (dropped
        behind the ledger's back: `ledger rebuild` makes them again); empty when none was missing."""
        return self._noticed.missing if self._noticed is not None else ()

    def refusal(self) -> LedgerError | None:
        """Why a write would be refused as the database stands, before any document is read: a read-model table
        missing (a `StorageError`: `rebuild` makes it again), or the log cut short (a `LogCutShort`: its read
        models projected past its end, or its hash chain holding links past it, which no rebuild mends); None
        when a write may go ahead. Each write asks it again, holding the log's lock."""
        return self._refusal()

    def _refusal(self, writing: Session | None = None) -> LedgerError | None:
        """`refusal`, asked in a write's session holding the log's lock if given: a log cut while the write waited
        for the lock is seen. One cheap statement while no table is missing."""
        standing = self._read_models.standing(writing, chained=True)
        if standing.missing:
            missing = standing.missing
            many = len(missing) > 1
            return StorageError(
                f"the read-model table{'s' if many else ''} {', '.join(missing)} {'are' if many else 'is'} missing from "
                f"the database (dropped behind the ledger's back); nothing was stored: `ledger rebuild` creates "
                f"{'them' if many else 'it'} again from the log")
        if standing.lag < 0 or standing.chain_past > 0:
            # The read models or the chain reach past the log's end: an append would take the deleted positions
            # (SQLite), or go on past them (PostgreSQL), and hide the damage.
            head = self._store.head()
            return LogCutShort(position=head, seen=head - standing.lag, chained=head + standing.chain_past)
        return None

    def _read_models_answer(self) -> bool:
        """Whether the read models can answer for the whole log: brought up to date if they are behind;
        a read-only ledger, which may not, says why they cannot (once, until they can again). Read models
        ahead of the log (it was cut short behind them) answer for neither: the log, the record, is folded."""
        if self.read_only:
            why = self._read_models.unusable()
        else:
            standing = self._read_models.standing()
            missing, lag = standing.missing, standing.lag
            if missing:  # dropped by hand: no catch-up until a rebuild makes them again
                why = tables_missing(missing)
            else:
                if lag > 0:  # another process appended, or appends ran unprojected
                    self.catch_up()
                why = self._read_models.ahead(lag)
        if why is not None and self._noticed is None:
            if why.missing:
                logger().warning("read-model tables missing from the database: answering from the log; "
                                 "`ledger rebuild` makes them again", why=why.why, tables=list(why.missing))
            elif why.cut_short:
                logger().warning("read models ahead of the log, which was cut short behind them (or they were "
                                 "edited): answering from the log; `ledger verify` names what changed", why=why.why)
            else:
                logger().warning("read models not up to date: answering from the log (opened read-only)", why=why.why)
        self._noticed = why
        return why is None

    def replay(self, day: date | str, known_at: datetime | date | str | None = None) -> View:
        """The same view folded from the log itself, without the read models: the reference."""
        on, moment = self._view_arguments(day, known_at)
        facts = apply_fixes(self._store.facts(recorded_until=moment))
        return ReplayView(World(is_state).fold(facts, until=on), on, moment)

    def _view_arguments(self, day: date | str, known_at: datetime | date | str | None) -> tuple[date, datetime | None]:
        try:
            return arguments.asked_day(day), arguments.asked_moment(known_at)
        except LedgerError as e:
            log_rejection(e)
            raise

    # -- read models -------------------------------------------------------------------------

    @property
    def last_rebuild(self) -> RebuildTimes | None:
        """How long the last rebuild of this ledger took, phase by phase (None before any)."""
        return self._read_models.last_rebuild

    def catch_up(self, progress: Progress | None = None) -> int:
        """Bring the read models to the end of the log (the events of other processes too)."""
        self._writable("bring the read models up to date")
        return self._read_models.catch_up(progress)

    def rebuild(self, progress: Progress | None = None, *, helper: bool | None = None) -> int:
        """Rebuild every read model from the log into a new generation, then switch readers to it.

        A long log is projected with a helper process beside this one; `helper` forces the choice, which
        otherwise goes by the log's length. It pauses Python's cycle collector until readers switch to the
        new tables (the only call that does), then leaves it as it found it.
        """
        self._writable("rebuild the read models")
        return self._read_models.rebuild(progress, helper=helper)

    def _writable(self, doing: str) -> None:
        if isinstance(self._store, _Gone):  # said before any file is read: closed is what is wrong
            raise Closed(CLOSED)
        if self.read_only:
            raise ReadOnly(f"the ledger at {safe_url(self.url)} was opened read-only: it cannot {doing}")

    # -- audit -------------------------------------------------------------------------------

    def digest(self, known_at: datetime | date | str | None = None) -> Digest:
        """The head of the hash chain (position and link): keep it elsewhere, check it later with `verify`.

        With `known_at`, the digest the log had then: the chain's link at the last fact recorded by that
        moment (`Digest(0, GENESIS)` if none was), which the log still extends unless it was altered."""
        if known_at is None:
            return self._store.digest()
        try:
            moment = arguments.asked_moment(known_at)
        except LedgerError as e:
            log_rejection(e)
            raise
        return self._store.digest() if moment is None else self._store.digest_at(moment)

    def verify(self, digest: Digest | str | None = None, *, log_only: bool = False) -> Verification:
        """Recompute the hash chain over every stored event; with a digest, check the log still extends it.

        Then (unless `log_only`, and only when the log checks out) compare the tables read beside the log,
        the fact index and the read models, with what the log derives (`ledger.service.derived`): the result's
        `derived` says how they compare, and `ok` is false if one differs. Read models that have not yet
        projected the last events are "behind" (`derived.behind`), not altered."""
        try:
            against = Digest.parse(digest) if isinstance(digest, str) else digest
        except ValueError as e:
            raise InvalidArgument(str(e), field="digest") from None
        started = time.perf_counter()
        result = self._store.verify(against)
        chained = time.perf_counter()
        if not log_only and result.broken is None and result.extends is not False:
            from ledger.service.derived import check_derived

            try:
                result = replace(result, derived=check_derived(self._store))
            except DamagedLog as e:  # the chain vouches for bytes the ledger could not have stored
                result = replace(result, checked=self._store.events_before(e.position), broken=Break(
                    e.position, "unreadable",
                    f"{e.event_id + ' ' if e.event_id else ''}cannot be read as the ledger stored it: {e.reason}; "
                    "its link checks out, so the chain was rewritten after it (a digest kept from before shows it)"))
        derived = result.derived
        logger().info("verified", ok=result.ok, checked=result.checked, position=result.head.position,
                      broken_at=result.broken.position if result.broken else None,
                      derived_ok=derived.ok if derived is not None else None,
                      behind=derived.behind if derived is not None else None,
                      chain_ms=round((chained - started) * 1000, 1),
                      duration_ms=round((time.perf_counter() - started) * 1000, 1))
        return result

    def facts(self, known_at: datetime | date | str | None = None) -> Iterator[Fact]:
        """Every stored event, as recorded (fixes as themselves), in log order; those known at a moment."""
        return self._store.facts(recorded_until=arguments.asked_moment(known_at))

    def recorded_range(self) -> tuple[datetime, datetime] | None:
        """When the first and the last event were recorded (UTC); None for a ledger that holds none."""
        return self._store.recorded_range()

    def history(self, ident: str) -> list[Version]:
        """Every version of a panel, regime or draft (by its id) or of one event (by its event id, a
        statement say; a correction's or retraction's id gives the history of the fact it fixes), with the
        day it holds from, the moment it was recorded, its event and source."""
        stored = self._read_models_answer()
        head, store = self.head(), self._store
        for kind in ("panel", "regime", "draft"):
            own = store.stream_facts([stream_id(kind, ident)], upto=head).get(stream_id(kind, ident))
            if own:
                related = self._related_streams(kind, ident, own, stored)
                facts = [f for fs in store.stream_facts(related, upto=head).values() for f in fs]
                return history([*own, *facts], entity_capture(kind, ident))
        entry = store.lookup([ident]).get(ident)
        if entry is None:
            held = {*stored_ids(store, ("panel", "regime", "draft")), *store.event_ids()}  # asked only on the way out
            meant = id_meant(ident, held)
            raise UnknownReference(f"no panel, regime, draft or event has the id {ident!r}"
                                   + (f"; did you mean {meant!r}?" if meant else ""), field="id")
        facts = store.stream_facts([entry.stream_id], upto=head).get(entry.stream_id, [])
        fix = next((f for f in facts if f.event_id == ident and f.is_fix), None)
        if fix is not None:  # a correction or retraction is a version of the fact it fixes: that fact's history
            ident = fix.fixes or ident
        mine = [f for f in facts if f.event_id == ident or f.fixes == ident]
        return history(mine, event_capture(ident))

    def _related_streams(self, kind: str, ident: str, own: list[Fact], stored: bool) -> list[UUID]:
        """The streams whose facts can change a panel (its regime, the drafts about it) or a regime (its panels).

        The drafts about a panel are found in the read models, or (`stored` false) in the log itself."""
        if kind == "panel":
            regime = next(f.document["regime_id"] for f in own if f.type == "PanelEstablished")
            if stored:
                drafts = self._read_models.drafts_concerning(ident)
            else:
                drafts = [stream_id("draft", d) for d in drafts_concerning(self._store.facts(), ident)]
            return [stream_id("regime", regime), *drafts]
        if kind == "regime":
            return self._store.panel_streams_of([ident])
        return []

    def audit(self, event_ids: Iterable[str] | None = None) -> list[Provenance]:
        """Every fact in log order with its source, locator and quote; flagged where the quote is not in
        its source's text, or where its date allows a day on which it breaks a rule (checked again over
        the log as stored). `event_ids`: only those facts' entries, in log order (still checked against every
        fact, as a date's rules read the others); an id the audit does not list is an `InvalidArgument`."""
        started = time.perf_counter()
        facts = list(self._store.facts())
        found = audit(facts, date_flags(facts, is_state, withdrawal))
        if event_ids is not None:
            from ledger.service.suggestions import id_meant

            wanted, listed = set(event_ids), {p.event_id for p in found}
            for unknown in (e for e in dict.fromkeys(event_ids) if e not in listed):
                meant = id_meant(unknown, listed)
                raise InvalidArgument(f"the ledger holds no event {unknown!r}"
                                      + (f"; did you mean {meant!r}?" if meant else ""), field="event_ids")
            found = [p for p in found if p.event_id in wanted]
        logger().info("audited", facts=len(found), flagged=sum(p.flagged for p in found),
                      duration_ms=round((time.perf_counter() - started) * 1000, 1))
        return found

    def timeline(self, since: diffs.Day = None, until: diffs.Day = None, known_at: diffs.Moment = None, *,
                 types: Iterable[str] | str | None = None, speaker: str | None = None,
                 about: str | None = None, text: Iterable[str] | str | None = None) -> list[TimelineEntry]:
        """Every fact between two days, both included (a month or a year from its first day, to its last), in valid-time
        order; filtered by `types`, `speaker`, `about` and `text`, words each row must contain, case and accents
        aside (`ledger.views.filters` says what each takes in)."""
        return timelines.read(self, since, until, known_at, types, speaker, about, text)

    def actors(self, ids: Iterable[str], known_at: diffs.Moment = None) -> Actors:
        """The names of some actors and their states, as registered by a moment (`Matthew Miller (USA)`)."""
        return timelines.actors(self, ids, arguments.asked_moment(known_at))

    def members(self, on: date | str | None = None) -> Council:
        """The Security Council on a day (default: today): its permanent and elected members, with the source
        of the elected members' terms. The same for every ledger: it is package data, not facts recorded."""
        return council_on(date.today() if on is None else arguments.asked_day(on, "on"))

    def diff(self, first: diffs.Day = None, second: diffs.Day = None, *, as_of: diffs.Day = None,
             known_at: diffs.Moment | Sequence[diffs.Moment] = None) -> Diff:
        """What changed between two days as known at a moment, or on one day (`as_of`) between two moments
        (`known_at=(T1, T2)`), field by field, with the facts behind each change (`ledger.views.diff`)."""
        return diffs.compare(self, first, second, as_of, known_at)

    def report(self, as_of: diffs.Day = None, known_at: diffs.Moment = None) -> str:
        """One self-contained HTML page of the ledger on a day (default: today) as known at a moment: a timeline
        drawn as SVG (a lane per regime), the vote matrix, the state's tables, every fact with its quote and
        source, and the log's digest (`ledger.service.report`). It reaches no network."""
        from ledger.service.report import report

        return report(self, as_of, known_at)

    def write_report(self, path: str | Path, as_of: diffs.Day = None, known_at: diffs.Moment = None) -> Path:
        """Write `report(as_of, known_at)` to a file (UTF-8); the path written."""
        from ledger.service.report import write_report

        return write_report(self, path, as_of, known_at)


class _Gone:
    """What a closed ledger holds in place of its store and read models: anything asked of it is refused."""

    def __getattr__(self, name: str) -> Any:
        raise Closed(CLOSED)


CLOSED = "this ledger was closed; open it again with Ledger.open(url) to read or write"
