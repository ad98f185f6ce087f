"""What the read models should hold for one stream, derived from its facts (no I/O).

A stream's rows are a pure function of the facts the projector has seen: re-deriving a stream after
any fact (a backdated one, a correction) gives its complete valid-time history, and the projector
writes only the difference.
"""

from __future__ import annotations

import json
from bisect import bisect_left
from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import UTC, date, datetime
from functools import lru_cache
from itertools import chain, groupby
from typing import Any, NamedTuple

import orjson

from ledger.domain.facts import Fact, apply_fixes, in_valid_order
from ledger.domain.world import World
from ledger.projections.timeline import stored
from ledger.states import is_state
from ledger.views import draft_view, panel_view, regime_view

# Fields of a view item that depend on the day asked about, computed when a view is read.
READ_TIME = {"panels": ("status",), "regimes": ("monitored",)}


class Row(NamedTuple):
    """One row a stream should have in a read-model table, with its valid-time interval.

    A named tuple: a rebuild makes one per event, and a tuple is the cheapest immutable record. Two rows
    are the same row when all of them is equal, so the projector keeps a stream's open rows in a set."""

    table: str
    key: str
    valid_from: date
    valid_to: date | None
    data_json: str  # JSON text, built in a fixed field order: equal rows give equal text
    extra: tuple[tuple[str, Any], ...] = ()


def row_text(data: dict[str, Any]) -> str:
    """A row's data as text. Rows are built by the same code in the same field order, so equal rows
    give equal text (sorting keys would cost a third of the time for nothing).

    orjson writes the same compact text as `json.dumps(..., ensure_ascii=False)` fifteen times faster;
    the standard library takes what orjson refuses (integers beyond 64 bits)."""
    try:
        return orjson.dumps(data).decode()
    except TypeError:
        return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


@lru_cache(maxsize=256)  # the events of one recording share their moment
def micros(moment: datetime) -> int:
    """A recording time as microseconds since the epoch (UTC), the read models' transaction time."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    delta = moment - _EPOCH
    return (delta.days * 86_400 + delta.seconds) * 1_000_000 + delta.microseconds


class Joined(Sequence[Fact]):
    """Several lists of facts read as one, without copying them (a fold that goes on only counts them)."""

    def __init__(self, parts: list[Sequence[Fact]]) -> None:
        self.parts = parts

    def __len__(self) -> int:
        return sum(map(len, self.parts))

    def __iter__(self) -> Iterator[Fact]:
        return chain.from_iterable(self.parts)

    def __getitem__(self, index: Any) -> Any:
        return list(self)[index]


def _world(facts: Iterable[Fact]) -> tuple[World, list[Fact]]:
    return World(is_state), in_valid_order(apply_fixes(facts))


def timeline_row(fact: Fact) -> Row:
    extra = (("type", fact.type), ("recorded_us", micros(fact.recorded_at)), ("seq", fact.seq))
    return Row("timeline", fact.event_id, fact.occurred.start, None, row_text(stored(fact)), extra)  # type: ignore[union-attr]


def timeline_rows(stream_facts: Iterable[Fact]) -> list[Row]:
    """A stream's rows on the timeline: each fact from its own day on (a veto while its vote holds it)."""
    world, ordered = _world(stream_facts)
    for fact in ordered:
        world.apply(fact)
    return [timeline_row(fact) for fact in world.timeline]


class Folded(NamedTuple):
    """What a fold of an entity's facts gives: all its rows and, when the fold went on from where it
    stopped, the difference from the rows it gave before (so a long history costs only its new days)."""

    rows: list[Row]
    went_on: bool
    retired: list[Row]  # rows given before that no longer hold (when it went on)
    added: list[Row]  # rows not given before (when it went on)


class History:
    """An entity's states over valid time, kept between recordings.

    A valid-time fold never changes its past: when the new facts all fall on or after the last day
    folded, the fold goes on from where it stopped and only the days from `since` are captured again;
    the states that begin before `since` are kept as they are. Anything else (a backdated fact, a fix)
    folds again from the start, keeping the rows given (from the tables) that begin before `since`.
    """

    def __init__(
        self, table: str, key: str, capture: Callable[[World, date], dict[str, Any] | None],
        extra: Callable[[dict[str, Any]], tuple[tuple[str, Any], ...]] = lambda _: (),
        *, lists_facts: bool = False,
    ) -> None:
        self.table, self.key, self.capture, self.extra = table, key, capture, extra
        self.lists_facts = lists_facts  # whether its world keeps the facts it lists (its timeline, reports...)
        self.world: World | None = None
        self.last: date | None = None
        self.folded = 0
        self.states: list[tuple[date, str | None]] = []  # each day the entity changed, its state from then on
        self.extras: dict[str, tuple[tuple[str, Any], ...]] = {}  # each state's extra columns
        self.made: list[Row] = []  # the rows of the last fold

    def rows(self, facts: Sequence[Fact], new: list[Fact] = (), since: date | None = None,  # type: ignore[assignment]
             kept: Iterable[Row] = ()) -> list[Row]:
        return self.fold(facts, new, since, kept).rows

    def can_go_on(self, facts: Sequence[Fact], new: Sequence[Fact], since: date | None) -> bool:
        """Whether the new facts only add days after the last folded (so the kept rows are not needed)."""
        return (
            since is not None and self.world is not None and self.last is not None and since >= self.last
            and self.folded + len(new) == len(facts) and not any(f.is_fix for f in new)
        )

    def fold(self, facts: Sequence[Fact], new: Sequence[Fact] = (), since: date | None = None,
             kept: Iterable[Row] | Callable[[], Iterable[Row]] = ()) -> Folded:
        """Fold again from `since` (from the start when None); `kept` gives the rows that begin before
        `since` as the tables hold them, asked for only when the fold cannot go on from its own states."""
        went_on = self.can_go_on(facts, new, since)
        if went_on:
            world, ordered = self.world, in_valid_order(new)
            keep = bisect_left(self.states, since, key=lambda state: state[0])
            # Cut in place: a fold that fails midway leaves the projector's memory to be thrown away.
            states = self.states
            del states[keep:]
        else:
            world, ordered = _world(facts)
            states = []
            if since is not None:
                for r in sorted(kept() if callable(kept) else kept, key=lambda r: r.valid_from):
                    if r.valid_from < since:
                        states.append((r.valid_from, r.data_json))
                        self.extras[r.data_json] = r.extra
            keep = 0
        for day, group in groupby(ordered, key=lambda f: f.occurred.start):  # type: ignore[union-attr]
            for fact in group:
                world.apply(fact)  # type: ignore[union-attr]
            self.last = day
            if since is not None and day < since:
                continue
            state = self.capture(world, day)  # type: ignore[arg-type]
            if state is not None:
                for name in READ_TIME.get(self.table, ()):
                    state.pop(name, None)
            encoded = row_text(state) if state is not None else None
            if not states or states[-1][1] != encoded:
                states.append((day, encoded))
                if state is not None and encoded not in self.extras:
                    self.extras[encoded] = self.extra(state)  # type: ignore[index]
        # The rows of the states before the last kept one are as the last fold gave them: one row for each
        # state that holds something, in the same order, so those are the rows that begin before its day.
        unchanged = bisect_left(self.made, states[keep - 1][0], key=lambda row: row.valid_from) if keep else 0
        before = self.made[unchanged:]
        after = self._rows_of(states, max(keep - 1, 0))
        if not self.lists_facts:
            # The states are captured: what the world lists of its facts (for whole views, which read a world
            # of their own) would keep every fact of the stream in memory for as long as the history is kept.
            world.timeline.clear()  # type: ignore[union-attr]
            world.statements.clear()  # type: ignore[union-attr]
            world.reports.clear()  # type: ignore[union-attr]
        self.world, self.folded, self.states = world, len(facts), states
        del self.made[unchanged:]
        self.made.extend(after)
        if not went_on:
            return Folded(list(self.made), False, [], [])
        return Folded(self.made, True, [r for r in before if r not in after], [r for r in after if r not in before])

    def _rows_of(self, states: list[tuple[date, str | None]], start: int) -> list[Row]:
        rows = []
        for index in range(start, len(states)):
            day, encoded = states[index]
            if encoded is not None:
                end = states[index + 1][0] if index + 1 < len(states) else None
                extra = self.extras[encoded] if encoded in self.extras else self.extra(json.loads(encoded))
                rows.append(Row(self.table, self.key, day, end, encoded, extra))
        return rows


def panel_history(panel_id: str) -> History:
    """A panel's history, from its own facts and the votes on drafts concerning it (its vetoes)."""

    def capture(world: World, day: date) -> dict[str, Any] | None:
        panel = world.panels.get(panel_id)
        return panel_view(panel, day, None, world).to_dict() if panel else None

    return History("panels", panel_id, capture, lambda s: (("regime_id", s["regime_id"]),))


def regime_history(regime_id: str) -> History:
    """A regime's history, from its own facts and the establishment of its panels."""

    def capture(world: World, day: date) -> dict[str, Any] | None:
        regime = world.regimes.get(regime_id)
        return regime_view(regime, {}).to_dict() if regime else None

    return History("regimes", regime_id, capture)


def draft_rows(draft_id: str, facts: Iterable[Fact]) -> tuple[list[Row], list[Row]]:
    """A draft's rows in the drafts table and on the timeline (a veto while its vote holds it), from one
    fold of its facts."""

    def capture(world: World, day: date) -> dict[str, Any] | None:
        draft = world.drafts.get(draft_id)
        return draft_view(draft).to_dict() if draft else None

    history = History("drafts", draft_id, capture, lambda s: (("concerning", s["concerning"]),), lists_facts=True)
    rows = history.rows(list(facts))
    return rows, [timeline_row(fact) for fact in history.world.timeline]  # type: ignore[union-attr]
