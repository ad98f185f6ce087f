"""What a projector knows of its generation's streams: kept once learned, read from the log and the
tables when not.

It is valid as of `position` and only while no other projector moves the generation: the projector
starts a new one whenever it finds the generation moved. One built from position 0 (a rebuild, or
the first catch-up) is `complete`: a stream or relation it does not hold is not there at all, so it
never needs to ask the tables.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from uuid import UUID

from sqlalchemy import select
from sqlalchemy.orm import Session

from ledger.domain.facts import Fact
from ledger.domain.streams import CLASS_OF, OPENS
from ledger.projections.bookkeeping import StreamState
from ledger.projections.derive import Row
from ledger.projections.held import HeldFacts
from ledger.projections.tables import BITEMPORAL
from ledger.projections.writer import EXTRA_COLUMNS
from ledger.storage.binding import slices
from ledger.storage.eventstore import EventStore
from ledger.storage.tables import facts as fact_index

# The tables a stream of each kind of the catalogue has rows in (sources and actors have none).
TABLES_OF = {"regime": ("regimes", "timeline"), "panel": ("panels", "timeline"), "draft": ("drafts", "timeline"),
             "record": ("timeline",)}
KINDS = {cls: kind for kind, cls in CLASS_OF.items() if kind in TABLES_OF}


@dataclass
class Memory:
    store: EventStore
    generation: int
    position: int | None = None  # the generation's position these facts and relations reflect
    complete: bool = False
    streams: dict[UUID, StreamState] = field(default_factory=dict)
    drafts_of_panel: dict[str, set[UUID]] = field(default_factory=dict)
    panels_of_regime: dict[str, set[UUID]] = field(default_factory=dict)
    concerning: dict[UUID, str | None] = field(default_factory=dict)  # the panel each draft concerns
    warm: list[HeldFacts] = field(default_factory=list)  # the streams whose facts are all in memory just now

    def held(self) -> int:
        """How many facts its streams have (their rows and states, kept, grow with them): what it costs to keep.
        The facts themselves are let go after each recording (`HeldFacts`)."""
        return sum(len(state.facts) for state in self.streams.values())

    def stream(self, sid: UUID, fact: Fact | None) -> StreamState:
        """A stream's state, with `fact` added to it: its earlier facts read from the log when not held."""
        state = self.streams.get(sid)
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
            kind = KINDS.get(cls, "")
            # A panel keeps its first fact at hand: its regime reads it at each change of its own.
            held = HeldFacts(facts, self._loader(sid), self.warm, keep_first=kind == "panel")
            state = StreamState(kind, first.document[key_field], held)
            if not facts:
                # Opened by this fact, now: nothing of it is in the tables yet. Only this tells a stream opened
                # now from one recorded earlier that still has its opening fact alone (a regime derived again
                # for its panel's fix, a panel for a vote on a draft about it): those have rows to close.
                state.open = set()
            self.streams[sid] = state
        if fact is not None:
            state.append(fact)
        return state

    def forget(self) -> None:
        """Let go of the streams' facts after a recording: the next one reads back those it needs."""
        for facts in self.warm:
            facts.forget()
        self.warm.clear()

    def read_back(self, sids: Iterable[UUID]) -> None:
        """The facts of some held streams, let go of after an earlier recording, read back from the log in one
        query (a panel's and its drafts', before its fold starts again)."""
        gone = {sid: state.facts for sid in sids if (state := self.streams.get(sid)) and state.facts.forgotten}
        if gone:
            found = self.store.stream_facts(list(gone), upto=max(facts.last or 0 for facts in gone.values()))
            for sid, facts in gone.items():
                facts.read_back(found.get(sid, []))

    def _loader(self, sid: UUID) -> Callable[[int], list[Fact]]:
        # Not a method of the memory: its streams would hold it in a cycle, kept past the projector's
        # end until a collection (and a rebuild pauses the collector).
        store = self.store
        return lambda upto: store.stream_facts([sid], upto=upto).get(sid, [])

    def exists(self, sid: UUID) -> bool:
        if sid in self.streams:
            return True
        if self.complete:
            return False
        return bool(self.store.stream_facts([sid], upto=self.position or 0))

    def drafts_of(self, session: Session, panel_id: str) -> set[UUID]:
        """The drafts that concern a panel (the set, kept up to date by the caller)."""
        drafts = self.drafts_of_panel.get(panel_id)
        if drafts is None:
            drafts = set()
            if not self.complete:
                table = BITEMPORAL["drafts"]
                query = select(table.c.stream).where(
                    table.c.generation == self.generation, table.c.concerning == panel_id, table.c.known_to.is_(None)
                )
                drafts = {UUID(s) for s in session.execute(query).scalars()}
            self.drafts_of_panel[panel_id] = drafts
        return drafts

    def stored_concerning(self, session: Session, sid: UUID) -> str | None:
        """The panel a draft concerned as the tables hold it."""
        if self.complete:
            return None
        table = BITEMPORAL["drafts"]
        query = select(table.c.concerning).where(
            table.c.generation == self.generation, table.c.stream == str(sid), table.c.known_to.is_(None)
        )
        return session.execute(query).scalars().first()

    def panels_of(self, session: Session, regime_id: str) -> set[UUID]:
        """The panels established under a regime (the set, kept up to date by the caller)."""
        panels = self.panels_of_regime.get(regime_id)
        if panels is None:
            panels = set()
            if not self.complete:
                query = select(fact_index.c.stream_id).where(
                    fact_index.c.type == "PanelEstablished",
                    fact_index.c.regime_id == regime_id,
                    fact_index.c.position <= (self.position or 0),
                )
                panels = {UUID(s) for s in session.execute(query).scalars()}
            self.panels_of_regime[regime_id] = panels
        return panels

    def open_rows(self, session: Session, sid: UUID) -> set[Row]:
        """A stream's rows still believed (the set, kept up to date by the caller)."""
        state = self.streams.get(sid)
        if state is not None and state.open is not None:
            return state.open
        rows: set[Row] = set()
        assert state is not None  # a stream is held before its rows are asked for (one opened now holds none)
        if not (self.complete and state.kind != "record"):  # a complete memory holds every stream with rows
            for name in TABLES_OF[state.kind]:
                table = BITEMPORAL[name]
                extras = EXTRA_COLUMNS.get(name, ())
                columns = [table.c.key, table.c.valid_from, table.c.valid_to, table.c.data, *(table.c[e] for e in extras)]
                mine = [table.c.generation == self.generation, table.c.stream == str(sid), table.c.known_to.is_(None)]
                # Timeline rows are found by key (each is one of the stream's facts): that table has no
                # index by stream, which would cost every rebuild a random insert per event.
                keyed = ([[table.c.key.in_(some)] for some in slices(sorted({f.event_id for f in state.facts}))]
                         if name == "timeline" else [[]])
                for where in keyed:
                    for key, valid_from, valid_to, data, *extra in session.execute(select(*columns).where(*mine, *where)):
                        rows.add(Row(name, key, valid_from, valid_to, data, tuple(zip(extras, extra, strict=False))))
        state.open = rows
        return rows
