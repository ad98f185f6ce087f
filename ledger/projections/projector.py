"""The projector: follows the log from its tracked position and keeps the read models, exactly once.

It pulls (SQLite has no push subscription in `eventsourcing`), a page of events at a time. Each page
ends on a recording boundary (the events of one append share a recording time) and is applied in one
transaction together with the generation's new position, updated only if no other projector moved it
first: a page is applied once or not at all. After a crash it resumes from the position it committed.

Each recording re-derives the streams it touched (a panel, its regime, the drafts that name it...)
and writes only the difference: rows that no longer hold are closed in transaction time, new rows are
opened, so every earlier moment stays answerable.

A rebuild of a long log fills its new generation with `fill` instead: the same derivations, recording
by recording, in one pass beside a helper process (`ledger.projections.helper`) that writes the rows.
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from itertools import groupby
from typing import Any, cast
from uuid import UUID

from sqlalchemy import not_, select, update
from sqlalchemy.engine import CursorResult, FrozenResult, Result
from sqlalchemy.orm import Session

from ledger.domain.catalogue import REGISTRATIONS
from ledger.domain.facts import Fact, apply_fixes
from ledger.domain.streams import OPENS, Draft, Panel, Record, Regime, stream_id
from ledger.projections.bookkeeping import UNKNOWN, Caches, Changes, Derived, Moved, StreamState
from ledger.projections.collector import collector_paused
from ledger.projections.derive import (
    Folded,
    History,
    Joined,
    Row,
    draft_rows,
    micros,
    panel_history,
    regime_history,
    timeline_row,
    timeline_rows,
)
from ledger.projections.helper import RebuildHelper, lone_rows
from ledger.projections.tables import BITEMPORAL, generations
from ledger.projections.writer import EXTRA_COLUMNS, InTransaction, RowWriter, driver_day, lone_values, opened_values
from ledger.storage.eventstore import EventStore
from ledger.storage.tables import facts as fact_index

PAGE = 2000
KINDS = {Regime: "regime", Panel: "panel", Draft: "draft", Record: "record"}
TABLES_OF = {"regime": ("regimes", "timeline"), "panel": ("panels", "timeline"), "draft": ("drafts", "timeline"),
             "record": ("timeline",)}  # the tables a stream of each kind has rows in
Progress = Callable[[int, int], None]


class Projector:
    def __init__(self, store: EventStore, generation: int) -> None:
        self.store = store
        self.generation = generation
        self.position: int | None = None
        self.caches = Caches()
        self.writer: RowWriter = InTransaction(store.engine.dialect)
        self.day = driver_day(store.engine.dialect)
        self.helped: dict[str, Any] = {}  # what a rebuild's helper reported, when it had one

    # -- following the log -------------------------------------------------------------------

    def catch_up(self, progress: Progress | None = None, *, until: int | None = None) -> int:
        """Apply every event after the tracked position (up to `until`); return the new position."""
        head = until if until is not None else self.store.head()
        while True:
            try:
                with self.store.transaction(commit=True) as session:
                    done = self._apply_page(session, head)
            except Moved:
                self.caches, self.position = Caches(), None
                continue
            except BaseException:
                # The page was rolled back: what the caches learned from it is not in the tables.
                self.caches, self.position = Caches(), None
                raise
            if progress is not None and self.position is not None:
                progress(self.position, head)
            if done:
                return self.position or 0

    def fill(self, helper: RebuildHelper, progress: Progress | None = None) -> int:
        """Project the log up to the helper's head into this new, empty generation, in one pass.

        The same derivations as a catch-up, recording by recording, but without a transaction per page:
        no reader uses this generation yet, and a rebuild that fails leaves it to be cleared. The helper
        projects its share of the lone records and writes every row; this process reads everything
        else. The position is set once, when every row is written.
        """
        head, own_writer = helper.head, self.writer
        self.caches, self.position, self.writer = Caches(complete=True), 0, helper
        reads = _ReadsAfterFlush(self.store, helper)
        theirs = helper.theirs(self.store)
        last, reported = 0, 0
        try:
            with collector_paused():
                for recorded_at, group in groupby(self._log(head, not_(theirs)), key=lambda pair: pair[0].recorded_at):
                    events = list(group)
                    self.position = events[0][0].position - 1  # type: ignore[operator]
                    self._apply_recording(reads, events, micros(recorded_at))  # type: ignore[arg-type]
                    last = events[-1][0].position  # type: ignore[assignment]
                    if progress is not None and last - reported >= PAGE:
                        progress(last, head)
                        reported = last
                # Done with everything else: take back the chunks the helper has not started, so both end together.
                started = time.perf_counter()
                taken = self._take_over(helper, theirs)
                taking = time.perf_counter() - started
                self.helped = {**helper.finish(), "taken_over": taken, "taking_s": round(taking, 3)}
        finally:
            self.writer = own_writer
        with self.store.transaction(commit=True) as session:
            session.execute(update(generations).where(generations.c.generation == self.generation).values(position=head))
        self.position = head
        if progress is not None:
            progress(head, head)
        return head

    def _take_over(self, helper: RebuildHelper, theirs: Any) -> int:
        """Project the records of the helper's share it has not reached, as it would: a chunk at a time
        from the end, until the helper has started every chunk left. How many were taken."""
        taken = 0
        while chunk := helper.take():
            for page in self._pages(*chunk, theirs):
                helper.insert({"timeline": lone_rows(page, self.generation, self.day)})
                taken += len(page)
        return taken

    def _log(self, head: int, where: Any) -> Iterator[tuple[Fact, UUID]]:
        for page in self._pages(0, head, where):
            yield from page

    def _pages(self, after: int, head: int, where: Any) -> Iterator[list[tuple[Fact, UUID]]]:
        while after < head and (page := self.store.log_page(after, PAGE, head, where)):
            yield page
            after = page[-1][0].position  # type: ignore[assignment]

    def tracked(self, session: Session) -> int:
        # FOR UPDATE: while this transaction lasts, no other projector can move the generation.
        row = session.execute(
            select(generations.c.position).where(generations.c.generation == self.generation).with_for_update()
        ).scalar_one()
        return int(row)

    def _apply_page(self, session: Session, head: int) -> bool:
        position = self.tracked(session)
        if position != self.position:  # someone else projected, or we start: forget what we knew
            self.caches = Caches(complete=position == 0)
            self.position = position
        if position >= head:
            return True
        events = self._page(position, head)
        for recorded_at, group in groupby(events, key=lambda pair: pair[0].recorded_at):
            self._apply_recording(session, list(group), micros(recorded_at))
        last = events[-1][0].position
        assert last is not None  # facts read from the log carry their positions
        # An UPDATE's result is a CursorResult (with its rowcount); Session.execute is typed for any statement.
        moved = cast(CursorResult[Any], session.execute(
            update(generations)
            .where(generations.c.generation == self.generation, generations.c.position == position)
            .values(position=last)
        ))
        if moved.rowcount != 1:
            raise Moved()
        self.position = last
        return last >= head

    def _page(self, after: int, head: int) -> list[tuple[Fact, UUID]]:
        """The next events, ending on a recording boundary (an append is never split across pages)."""
        events: list[tuple[Fact, UUID]] = []
        start = after
        while True:
            page = self.store.log_page(start, PAGE, head)
            events.extend(page)
            if len(page) < PAGE or not events:
                return events
            start = page[-1][0].position  # type: ignore[assignment]
            last = events[-1][0].recorded_at
            cut = next((i for i in range(len(events) - 1, -1, -1) if events[i][0].recorded_at != last), None)
            if cut is not None:
                return events[: cut + 1]

    # -- one recording -----------------------------------------------------------------------

    def _apply_recording(self, session: Session, events: list[tuple[Fact, UUID]], known: int) -> None:
        changes = Changes()
        touches = Counter(sid for _, sid in events)
        alone: list[tuple[Any, ...]] = []  # the rows of records opened alone, ready to insert
        for fact, sid in events:
            if touches[sid] == 1 and OPENS.get(fact.type, (None,))[0] is Record:
                # A statement, meeting or proposal opened alone in its recording: its one timeline row is
                # all it derives, nothing else reads it, and nothing was open before (most of any log).
                alone.append(lone_values(fact, self.generation, str(sid), self.day))
                continue
            state = self._stream(session, sid, fact)
            if not state.kind:
                continue
            changes.add(sid, fact)
            if state.kind == "panel" and (fact.type == "PanelEstablished" or fact.is_fix):
                regime_id = state.facts[0].document["regime_id"]
                self._panels_of(session, regime_id).add(sid)
                changes.touch(stream_id("regime", regime_id), fact)
        rows: dict[UUID, Derived] = {}
        for sid in [s for s in changes.dirty if self.caches.streams[s].kind == "draft"]:
            rows[sid] = self._derive_draft(session, sid, changes)
        for sid in changes.dirty:
            state = self.caches.streams.get(sid) or self._stream(session, sid, None)
            if state.kind == "panel":
                rows[sid] = self._derive_panel(session, sid, state, changes)
            elif state.kind == "regime":
                rows[sid] = self._derive_regime(session, sid, state, changes)
            elif state.kind == "record":
                rows[sid] = self._timeline(session, sid, state, changes)
        self._write(session, rows, known, alone)
        for sid in changes.dirty:
            if self.caches.streams[sid].kind == "record":  # statements are many and rarely fixed
                del self.caches.streams[sid]

    def _stream(self, session: Session, sid: UUID, fact: Fact | None) -> StreamState:
        state = self.caches.streams.get(sid)
        if state is None:
            # An opening fact is always its stream's first event: uuid5 keys make a second one collide.
            if fact is not None and fact.type in OPENS:
                facts: list[Fact] = []
            else:
                upto = (fact.position - 1) if fact is not None and fact.position else (self.position or 0)
                facts = self.store.stream_facts([sid], upto=upto).get(sid, [])
            first = facts[0] if facts else fact
            assert first is not None
            cls, key_field = OPENS[first.type]
            state = StreamState(KINDS.get(cls, ""), first.document[key_field], facts)
            self.caches.streams[sid] = state
        if fact is not None:
            state.append(fact)
        return state

    # -- derivations -------------------------------------------------------------------------

    def _derive_draft(self, session: Session, sid: UUID, changes: Changes) -> Derived:
        state = self.caches.streams[sid]
        rows, timeline = draft_rows(state.key, state.facts)
        concerning = dict(rows[-1].extra)["concerning"] if rows else None
        before = self.caches.concerning.get(sid, UNKNOWN)
        if before is UNKNOWN:
            before = self._stored_concerning(session, sid)
        for panel_id in {before, concerning} - {None}:
            drafts = self._drafts_of(session, panel_id)
            panel = stream_id("panel", panel_id)
            panel_state = self.caches.streams.get(panel)
            if panel_id == concerning and sid not in drafts:
                drafts.add(sid)
                if panel_state is not None and panel_state.inputs is not None:
                    panel_state.inputs.parts.append(state.facts)
            elif panel_id != concerning and sid in drafts:
                drafts.discard(sid)
                if panel_state is not None:
                    panel_state.inputs = None  # gathered again without this draft
            if self._exists(session, panel):
                changes.inherit(panel, sid)
        self.caches.concerning[sid] = concerning
        # A draft's vetoes follow its vote: its timeline is always derived whole.
        return Derived([*rows, *timeline], {"drafts", "timeline"})

    def _derive_panel(self, session: Session, sid: UUID, state: StreamState, changes: Changes) -> Derived:
        drafts = self._drafts_of(session, state.key)
        if state.inputs is None:
            # In any order: a fold sorts its facts into valid-time order itself. The lists grow in place.
            state.inputs = Joined([state.facts, *(self._stream(session, d, None).facts for d in drafts)])
        inputs = state.inputs
        new = [*changes.facts.get(sid, ()),
               *(f for d in changes.inherited(sid) if d in drafts for f in changes.facts.get(d, ()))]
        state.history = state.history or panel_history(state.key)
        folded = self._fold(session, sid, state.history, "panels", inputs, new, changes)
        return self._timeline(session, sid, state, changes).with_history("panels", folded)

    def _derive_regime(self, session: Session, sid: UUID, state: StreamState, changes: Changes) -> Derived:
        establishing: list[Fact] = []
        for panel in sorted(self._panels_of(session, state.key)):
            panel_state = self._stream(session, panel, None)
            # Its opening fact, as its fixes leave it (a panel without fixes: as it was recorded).
            opening = apply_fixes(panel_state.facts) if panel_state.fixed else panel_state.facts[:1]
            establishing.extend(f for f in opening if f.type == "PanelEstablished")
        # Panels established in this recording are new to the regime's fold too.
        fresh = {f.event_id for p in self._panels_of(session, state.key) for f in changes.facts.get(p, ())}
        new = [*changes.facts.get(sid, ()), *(f for f in establishing if f.event_id in fresh)]
        state.history = state.history or regime_history(state.key)
        folded = self._fold(session, sid, state.history, "regimes", [*state.facts, *establishing], new, changes)
        return self._timeline(session, sid, state, changes).with_history("regimes", folded)

    def _fold(self, session: Session, sid: UUID, history: History, table: str, facts: Sequence[Fact],
              new: list[Fact], changes: Changes) -> Folded:
        """Fold an entity's history again from the day its new facts change it (all of it after a fix).

        A fold that goes on from where it stopped needs nothing from the tables; one that starts again
        keeps the stream's rows that begin before that day, as the tables hold them."""
        return history.fold(facts, new, changes.since(sid), lambda: self._open(session, sid, table))

    def _timeline(self, session: Session, sid: UUID, state: StreamState, changes: Changes) -> Derived:
        """A stream's timeline: the new facts' rows added to those held, or all again after a fix."""
        if changes.since(sid) is None:
            return Derived(timeline_rows(state.facts), {"timeline"})
        new = [timeline_row(f) for f in changes.facts.get(sid, ()) if f.type not in REGISTRATIONS]
        return Derived([], set(), new)

    def _open(self, session: Session, sid: UUID, table: str) -> list[Row]:
        return [row for row in self._open_rows(session, sid) if row.table == table]

    # -- relations, from memory or from the tables --------------------------------------------

    def _exists(self, session: Session, sid: UUID) -> bool:
        if sid in self.caches.streams:
            return True
        if self.caches.complete:
            return False
        return bool(self.store.stream_facts([sid], upto=self.position or 0))

    def _drafts_of(self, session: Session, panel_id: str) -> set[UUID]:
        drafts = self.caches.drafts_of_panel.get(panel_id)
        if drafts is None:
            drafts = set()
            if not self.caches.complete:
                table = BITEMPORAL["drafts"]
                query = select(table.c.stream).where(
                    table.c.generation == self.generation, table.c.concerning == panel_id, table.c.known_to.is_(None)
                )
                drafts = {UUID(s) for s in session.execute(query).scalars()}
            self.caches.drafts_of_panel[panel_id] = drafts
        return drafts

    def _stored_concerning(self, session: Session, sid: UUID) -> str | None:
        if self.caches.complete:
            return None
        table = BITEMPORAL["drafts"]
        query = select(table.c.concerning).where(
            table.c.generation == self.generation, table.c.stream == str(sid), table.c.known_to.is_(None)
        )
        return session.execute(query).scalars().first()

    def _panels_of(self, session: Session, regime_id: str) -> set[UUID]:
        panels = self.caches.panels_of_regime.get(regime_id)
        if panels is None:
            panels = set()
            if not self.caches.complete:
                query = select(fact_index.c.stream_id).where(
                    fact_index.c.type == "PanelEstablished",
                    fact_index.c.regime_id == regime_id,
                    fact_index.c.position <= (self.position or 0),
                )
                panels = {UUID(s) for s in session.execute(query).scalars()}
            self.caches.panels_of_regime[regime_id] = panels
        return panels

    # -- writing the difference ----------------------------------------------------------------

    def _open_rows(self, session: Session, sid: UUID) -> set[Row]:
        """A stream's rows still believed, from memory or from the tables."""
        state = self.caches.streams.get(sid)
        if state is not None and state.open is not None:
            return state.open
        rows: set[Row] = set()
        fresh = state is not None and self.caches.complete and state.kind != "record"
        opened_now = state is not None and len(state.facts) == 1 and state.facts[0].type in OPENS
        if not (fresh or opened_now):
            assert state is not None  # a stream is cached before its rows are asked for
            for name in TABLES_OF[state.kind]:
                table = BITEMPORAL[name]
                extras = EXTRA_COLUMNS.get(name, ())
                columns = [table.c.key, table.c.valid_from, table.c.valid_to, table.c.data, *(table.c[e] for e in extras)]
                mine = [table.c.generation == self.generation, table.c.stream == str(sid), table.c.known_to.is_(None)]
                if name == "timeline":
                    # Timeline rows are found by key (each is one of the stream's facts): that table has no
                    # index by stream, which would cost every rebuild a random insert per event.
                    mine.append(table.c.key.in_(sorted({f.event_id for f in state.facts})))
                for key, valid_from, valid_to, data, *extra in session.execute(select(*columns).where(*mine)):
                    rows.add(Row(name, key, valid_from, valid_to, data, tuple(zip(extras, extra, strict=False))))
        if state is not None:
            state.open = rows
        return rows

    def _write(self, session: Session, derived: dict[UUID, Derived], known: int,
               alone: list[tuple[Any, ...]]) -> None:
        """Close the rows no longer derived, open the new ones (and the rows of statements opened alone):
        the difference, as tuples for the writer."""
        closing: dict[str, list[tuple[Any, ...]]] = {}
        opening: dict[str, list[tuple[Any, ...]]] = {}
        generation, day = self.generation, self.day

        def open_row(stream: str, row: Row) -> None:
            opening.setdefault(row.table, []).append(opened_values(row, generation, stream, known, day))

        for sid, result in derived.items():
            stream = str(sid)
            current = self._open_rows(session, sid)
            retired = [r for r in result.retired if r in current]
            if result.tables:  # the derived rows are all there is of these tables: the others close
                wanted = set(result.rows)
                retired[:0] = [r for r in current if r.table in result.tables and r not in wanted]
            for row in retired:
                # One open row per key and valid-from day: that is the row to close.
                closing.setdefault(row.table, []).append((known, generation, row.key, row.valid_from, stream))
                current.discard(row)
            for row in [*result.rows, *result.additions]:
                if row not in current:
                    open_row(stream, row)
                    current.add(row)
        if alone:
            opening.setdefault("timeline", []).extend(alone)
        if closing or opening:
            self.writer.write(session.connection, closing, opening)


class _ReadsAfterFlush:
    """What a filling projector reads of its own tables: first everything sent to the writer is committed."""

    def __init__(self, store: EventStore, writer: RowWriter) -> None:
        self.store, self.writer = store, writer

    def execute(self, statement: Any) -> Result[Any]:
        self.writer.flush()
        with self.store.transaction(commit=False) as session:
            frozen: FrozenResult[Any] = session.execute(statement).freeze()
            return frozen()

    def connection(self) -> Any:
        raise AssertionError("a filling projector's rows go to its writer process")
