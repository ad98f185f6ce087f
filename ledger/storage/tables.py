"""The tables the ledger keeps beside the event log, as SQLAlchemy sees them.

Their schema belongs to the Alembic migrations in `migrations/`; these definitions are what the
code reads and writes, and a test checks the two agree.
"""

from __future__ import annotations

from sqlalchemy import BigInteger, Column, DateTime, Index, Integer, MetaData, String, Table

metadata = MetaData()

# One row per event id: how an idempotent repeat is recognised, and where a fix finds its fact.
# Written in the same transaction as the events themselves.
facts = Table(
    "ledger_facts",
    metadata,
    Column("event_id", String(128), primary_key=True),
    Column("stream_id", String(36), nullable=False),
    Column("type", String(64), nullable=False),
    Column("fingerprint", String(64), nullable=False),
    Column("position", BigInteger().with_variant(Integer(), "sqlite"), nullable=False),
    Column("recorded_at", DateTime(timezone=True), nullable=False),
    # For a PanelEstablished, the regime the panel monitors: how a regime finds its panels.
    Column("regime_id", String(128), nullable=True),
    Index("ledger_facts_regime_idx", "regime_id"),
    Index("ledger_facts_position_idx", "position"),  # the last fact's recording time, read by every append
)

# One row per stored event: the hash of its stored bytes and the link that chains it to the one before.
# Written in the same transaction as the events; never updated.
chain = Table(
    "ledger_chain",
    metadata,
    Column("position", BigInteger().with_variant(Integer(), "sqlite"), primary_key=True, autoincrement=False),
    Column("content", String(64), nullable=False),
    Column("link", String(64), nullable=False),
)
