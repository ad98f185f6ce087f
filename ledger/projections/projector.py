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
from collections.abc import Callable, Sequence
from itertools import groupby
from typing import Any, cast
from uuid import UUID

from sqlalchemy import bindparam, not_, select, update
from sqlalchemy.engine import CursorResult
from sqlalchemy.orm import Session

from ledger.domain.catalogue import REGISTRATIONS
from ledger.domain.facts import Fact, apply_fixes
from ledger.domain.streams import OPENS, Record, stream_id
from ledger.projections.bookkeeping import UNKNOWN, Changes, Derived, Moved, StreamState
from ledger.projections.collector import collector_paused
from ledger.projections.derive import (
    Folded,
    History,
    Joined,
    draft_rows,
    micros,
    panel_history,
    regime_history,
    timeline_row,
    timeline_rows,
)
from ledger.projections.helper import ReadsAfterFlush, RebuildHelper
from ledger.projections.memory import Memory
from ledger.projections.tables import generations
from ledger.projections.writer import InTransaction, RowWriter, difference, driver_day, lone_values
from ledger.storage.eventstore import EventStore

PAGE = 2000
# Built once: every append's projection runs them, and building one costs more than running it.
_TRACKED = select(generations.c.position).where(generations.c.generation == bindparam("at")).with_for_update()
_MOVE = (update(generations).where(generations.c.generation == bindparam("at"), generations.c.position == bindparam("was"))
         .values(position=bindparam("now")))
Progress = Callable[[int, int], None]


class Projector:
    def __init__(self, store: EventStore, generation: int) -> None:
        self.store = store
        self.generation = generation
        self.memory = Memory(store, generation)
        self.writer: RowWriter = InTransaction(store.engine.dialect)
        self.day = driver_day(store.engine.dialect)
        self.helped: dict[str, Any] = {}  # what a rebuild's helper reported, when it had one

    @property
    def position(self) -> int | None:
        return self.memory.position

    @position.setter
    def position(self, position: int | None) -> None:
        self.memory.position = position

    # -- following the log -------------------------------------------------------------------

    def catch_up(self, progress: Progress | None = None, *, until: int | None = None,
                 given: Sequence[tuple[Fact, UUID]] = ()) -> int:
        """Apply every event after the tracked position (up to `until`); return the new position.

        `given` are the last events of the log, as just stored in this transaction: when they follow the
        tracked position they are applied as they are, not read back."""
        head = until if until is not None else given[-1][0].position if given else self.store.head()
        assert head is not None  # stored facts carry their positions
        while True:
            try:
                with self.store.transaction(commit=True) as session:
                    done = self._apply_page(session, head, given)
            except Moved:
                self.memory = Memory(self.store, self.generation)
                continue
            except BaseException:
                # The page was rolled back: what the memory learned from it is not in the tables.
                self.memory = Memory(self.store, self.generation)
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
        self.memory, self.writer = Memory(self.store, self.generation, 0, complete=True), helper
        reads = ReadsAfterFlush(self.store, helper)
        theirs = helper.theirs(self.store)
        last, reported = 0, 0
        try:
            with collector_paused():
                log = (event for page in self.store.log_pages(0, head, PAGE, not_(theirs)) for event in page)
                for recorded_at, group in groupby(log, key=lambda pair: pair[0].recorded_at):
                    events = list(group)
                    self.position = events[0][0].position - 1  # type: ignore[operator]
                    self._apply_recording(reads, events, micros(recorded_at))  # type: ignore[arg-type]  # it only reads
                    last = events[-1][0].position  # type: ignore[assignment]
                    if progress is not None and last - reported >= PAGE:
                        progress(last, head)
                        reported = last
                # Done with everything else: take back the chunks the helper has not started, so both end together.
                started = time.perf_counter()
                taken = helper.take_over(self.store, self.generation, self.day)
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

    def tracked(self, session: Session) -> int:
        # FOR UPDATE: while this transaction lasts, no other projector can move the generation.
        return int(session.execute(_TRACKED, {"at": self.generation}).scalar_one())

    def _apply_page(self, session: Session, head: int, given: Sequence[tuple[Fact, UUID]] = ()) -> bool:
        position = self.tracked(session)
        if position != self.position:  # someone else projected, or we start: forget what we knew
            self.memory = Memory(self.store, self.generation, position, complete=position == 0)
        if position >= head:
            return True
        follows = bool(given) and given[0][0].position == position + 1
        events = list(given) if follows else self._page(position, head)
        for recorded_at, group in groupby(events, key=lambda pair: pair[0].recorded_at):
            self._apply_recording(session, list(group), micros(recorded_at))
        last = events[-1][0].position
        assert last is not None  # facts read from the log carry their positions
        # An UPDATE's result is a CursorResult (with its rowcount); Session.execute is typed for any statement.
        moved = cast(CursorResult[Any], session.execute(_MOVE, {"at": self.generation, "was": position, "now": last}))
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
            state = self.memory.stream(sid, fact)
            if not state.kind:
                continue
            changes.add(sid, fact)
            if state.kind == "panel" and (fact.type == "PanelEstablished" or fact.is_fix):
                regime_id = state.facts[0].document["regime_id"]
                self.memory.panels_of(session, regime_id).add(sid)
                changes.touch(stream_id("regime", regime_id), fact)
        rows: dict[UUID, Derived] = {}
        # A regime touched by its new panel may not be held yet (a memory started after its facts): read it.
        for sid in [s for s in changes.dirty if self.memory.stream(s, None).kind == "draft"]:
            rows[sid] = self._derive_draft(session, sid, changes)
        for sid in changes.dirty:
            state = self.memory.streams.get(sid) or self.memory.stream(sid, None)
            if state.kind == "panel":
                rows[sid] = self._derive_panel(session, sid, state, changes)
            elif state.kind == "regime":
                rows[sid] = self._derive_regime(session, sid, state, changes)
            elif state.kind == "record":
                rows[sid] = self._timeline(session, sid, state, changes)
        self._write(session, rows, known, alone)
        for sid in changes.dirty:
            if self.memory.streams[sid].kind == "record":  # statements are many and rarely fixed
                del self.memory.streams[sid]
        self.memory.forget()

    # -- derivations -------------------------------------------------------------------------

    def _derive_draft(self, session: Session, sid: UUID, changes: Changes) -> Derived:
        state = self.memory.streams[sid]
        rows, timeline = draft_rows(state.key, state.facts)
        concerning = dict(rows[-1].extra)["concerning"] if rows else None
        before = self.memory.concerning.get(sid, UNKNOWN)
        if before is UNKNOWN:
            before = self.memory.stored_concerning(session, sid)
        for panel_id in {before, concerning} - {None}:
            drafts = self.memory.drafts_of(session, panel_id)
            panel = stream_id("panel", panel_id)
            panel_state = self.memory.streams.get(panel)
            if panel_id == concerning and sid not in drafts:
                drafts.add(sid)
                if panel_state is not None and panel_state.inputs is not None:
                    panel_state.inputs.parts.append(state.facts)
            elif panel_id != concerning and sid in drafts:
                drafts.discard(sid)
                if panel_state is not None:
                    panel_state.inputs = None  # gathered again without this draft
            if self.memory.exists(panel):
                changes.inherit(panel, sid)
        self.memory.concerning[sid] = concerning
        # A draft's vetoes follow its vote: its timeline is always derived whole.
        return Derived([*rows, *timeline], {"drafts", "timeline"})

    def _derive_panel(self, session: Session, sid: UUID, state: StreamState, changes: Changes) -> Derived:
        drafts = self.memory.drafts_of(session, state.key)
        if state.inputs is None:
            # In any order: a fold sorts its facts into valid-time order itself. The lists grow in place.
            state.inputs = Joined([state.facts, *(self.memory.stream(d, None).facts for d in drafts)])
        inputs = state.inputs
        new = [*changes.facts.get(sid, ()),
               *(f for d in changes.inherited(sid) if d in drafts for f in changes.facts.get(d, ()))]
        state.history = state.history or panel_history(state.key)
        if not state.history.can_go_on(inputs, new, changes.since(sid)):
            self.memory.read_back([sid, *drafts])  # all of them at once, not one read of the log each
        folded = self._fold(session, sid, state.history, "panels", inputs, new, changes)
        return self._timeline(session, sid, state, changes).with_history("panels", folded)

    def _derive_regime(self, session: Session, sid: UUID, state: StreamState, changes: Changes) -> Derived:
        establishing: list[Fact] = []
        for panel in sorted(self.memory.panels_of(session, state.key)):
            panel_state = self.memory.stream(panel, None)
            # Its opening fact, as its fixes leave it (a panel without fixes: as it was recorded).
            opening = apply_fixes(panel_state.facts) if panel_state.fixed else panel_state.facts[:1]
            establishing.extend(f for f in opening if f.type == "PanelEstablished")
        # Panels established in this recording are new to the regime's fold too.
        fresh = {f.event_id for p in self.memory.panels_of(session, state.key) for f in changes.facts.get(p, ())}
        new = [*changes.facts.get(sid, ()), *(f for f in establishing if f.event_id in fresh)]
        state.history = state.history or regime_history(state.key)
        folded = self._fold(session, sid, state.history, "regimes", Joined([state.facts, establishing]), new, changes)
        return self._timeline(session, sid, state, changes).with_history("regimes", folded)

    def _fold(self, session: Session, sid: UUID, history: History, table: str, facts: Sequence[Fact],
              new: list[Fact], changes: Changes) -> Folded:
        """Fold an entity's history again from the day its new facts change it (all of it after a fix).

        A fold that goes on from where it stopped needs nothing from the tables; one that starts again
        keeps the stream's rows that begin before that day, as the tables hold them."""
        held = self.memory.open_rows
        return history.fold(facts, new, changes.since(sid), lambda: [r for r in held(session, sid) if r.table == table])

    def _timeline(self, session: Session, sid: UUID, state: StreamState, changes: Changes) -> Derived:
        """A stream's timeline: the new facts' rows added to those held, or all again after a fix."""
        if changes.since(sid) is None:
            return Derived(timeline_rows(state.facts), {"timeline"})
        new = [timeline_row(f) for f in changes.facts.get(sid, ()) if f.type not in REGISTRATIONS]
        return Derived([], set(), new)

    def _write(self, session: Session, derived: dict[UUID, Derived], known: int,
               alone: list[tuple[Any, ...]]) -> None:
        """Close the rows no longer derived, open the new ones, and the rows of records opened alone."""
        closing, opening = difference(derived, lambda sid: self.memory.open_rows(session, sid),
                                      self.generation, known, self.day)
        if alone:
            opening.setdefault("timeline", []).extend(alone)
        if closing or opening:
            self.writer.write(session.connection, closing, opening)
