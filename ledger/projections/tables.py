"""The read-model tables. Every row carries both times:

- valid time: `valid_from` (inclusive) to `valid_to` (exclusive; NULL runs on), days as in the world;
- transaction time: `known_from` to `known_to` (NULL: still believed), microseconds since the epoch
  (UTC) of the recordings that made and unmade the row, so `as_of(d, known_at=T)` is one indexed query.

Rows belong to a generation: a rebuild writes the next one beside the current one and a single update
of `rm_generations` switches readers over, so a reader sees the old tables or the new, never half.
Their schema belongs to the Alembic migrations; a test checks the two agree.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import BigInteger, Boolean, Column, Date, Index, Integer, String, Table, Text

from ledger.storage.tables import metadata

MICROS = BigInteger().with_variant(Integer(), "sqlite")


def _bitemporal(name: str, *columns: Column[Any], by_stream: bool = True) -> Table:
    # The projector finds a stream's open rows by stream; timeline rows it finds by key (migration 0005).
    indexes = [Index(f"{name}_stream_idx", "generation", "stream", "known_to")] if by_stream else []
    return Table(
        name,
        metadata,
        Column("row_id", MICROS, primary_key=True, autoincrement=True),
        Column("generation", Integer, nullable=False),
        Column("key", String(128), nullable=False),  # the panel, regime or draft id; the event id on the timeline
        Column("stream", String(36), nullable=False),  # the stream whose facts made the row
        Column("valid_from", Date, nullable=False),
        Column("valid_to", Date, nullable=True),
        Column("known_from", MICROS, nullable=False),
        Column("known_to", MICROS, nullable=True),
        *columns,
        Column("data", Text, nullable=False),  # JSON text, written once, compared as text
        Index(f"{name}_key_idx", "generation", "key", "valid_from"),
        *indexes,
    )


panels = _bitemporal("rm_panels", Column("regime_id", String(128), nullable=False))
regimes = _bitemporal("rm_regimes")
drafts = _bitemporal("rm_drafts", Column("concerning", String(128), nullable=True))
timeline = _bitemporal(
    "rm_timeline",
    Column("type", String(64), nullable=False),
    Column("recorded_us", MICROS, nullable=False),  # with valid_from, seq and key: the fold's order
    Column("seq", Integer, nullable=False),
    by_stream=False,
)
Index("rm_timeline_type_idx", timeline.c.generation, timeline.c.type, timeline.c.valid_from)

# One row per generation: how far into the log it has been projected, and which one readers use.
generations = Table(
    "rm_generations",
    metadata,
    Column("generation", Integer, primary_key=True, autoincrement=False),
    Column("position", MICROS, nullable=False),
    Column("current", Boolean, nullable=False),
    # The format of the rows this generation holds (FORMAT when written by this code); see migration 0004.
    Column("format", Integer, nullable=False, server_default="1"),
)

BITEMPORAL = {"panels": panels, "regimes": regimes, "drafts": drafts, "timeline": timeline}
