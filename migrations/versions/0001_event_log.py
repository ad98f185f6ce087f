"""The event log (as eventsourcing-sqlalchemy stores it) and the index of event ids.

Revision ID: 0001
Revises:
Create Date: 2026-11-27
"""

import sqlalchemy as sa
import sqlalchemy_utils
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

POSITION = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    # Application.name is "Ledger", so eventsourcing-sqlalchemy reads and writes `ledger_events`.
    op.create_table(
        "ledger_events",
        sa.Column("id", POSITION, primary_key=True, autoincrement=True),
        sa.Column("originator_id", sqlalchemy_utils.types.uuid.UUIDType(), nullable=False),
        sa.Column("originator_version", POSITION, nullable=False),
        sa.Column("topic", sa.Text(), nullable=False),
        sa.Column("state", sa.LargeBinary(), nullable=False),
    )
    op.create_index(
        "ledger_events_aggregate_idx",
        "ledger_events",
        ["originator_id", "originator_version"],
        unique=True,
    )
    op.create_table(
        "ledger_facts",
        sa.Column("event_id", sa.String(128), primary_key=True),
        sa.Column("stream_id", sa.String(36), nullable=False),
        sa.Column("type", sa.String(64), nullable=False),
        sa.Column("fingerprint", sa.String(64), nullable=False),
        sa.Column("position", POSITION, nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("regime_id", sa.String(128), nullable=True),
    )
    op.create_index("ledger_facts_regime_idx", "ledger_facts", ["regime_id"])


def downgrade() -> None:
    op.drop_index("ledger_facts_regime_idx", table_name="ledger_facts")
    op.drop_table("ledger_facts")
    op.drop_index("ledger_events_aggregate_idx", table_name="ledger_events")
    op.drop_table("ledger_events")
