"""Read models: bitemporal tables for panels, regimes, drafts and the timeline, and their generations.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-27
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

MICROS = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
EXTRA = {
    "rm_panels": [sa.Column("regime_id", sa.String(128), nullable=False)],
    "rm_regimes": [],
    "rm_drafts": [sa.Column("concerning", sa.String(128), nullable=True)],
    "rm_timeline": [
        sa.Column("type", sa.String(64), nullable=False),
        sa.Column("recorded_us", MICROS, nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
    ],
}


def upgrade() -> None:
    for name, extra in EXTRA.items():
        op.create_table(
            name,
            sa.Column("row_id", MICROS, primary_key=True, autoincrement=True),
            sa.Column("generation", sa.Integer(), nullable=False),
            sa.Column("key", sa.String(128), nullable=False),
            sa.Column("stream", sa.String(36), nullable=False),
            sa.Column("valid_from", sa.Date(), nullable=False),
            sa.Column("valid_to", sa.Date(), nullable=True),
            sa.Column("known_from", MICROS, nullable=False),
            sa.Column("known_to", MICROS, nullable=True),
            *extra,
            sa.Column("data", sa.Text(), nullable=False),
        )
        op.create_index(f"{name}_key_idx", name, ["generation", "key", "valid_from"])
        op.create_index(f"{name}_stream_idx", name, ["generation", "stream", "known_to"])
    op.create_index("rm_timeline_type_idx", "rm_timeline", ["generation", "type", "valid_from"])
    generations = op.create_table(
        "rm_generations",
        sa.Column("generation", sa.Integer(), primary_key=True, autoincrement=False),
        sa.Column("position", MICROS, nullable=False),
        sa.Column("current", sa.Boolean(), nullable=False),
    )
    # The first generation starts at the beginning of the log: the projector catches up from there.
    op.bulk_insert(generations, [{"generation": 1, "position": 0, "current": True}])


def downgrade() -> None:
    op.drop_table("rm_generations")
    op.drop_index("rm_timeline_type_idx", table_name="rm_timeline")
    for name in reversed(list(EXTRA)):
        op.drop_index(f"{name}_stream_idx", table_name=name)
        op.drop_index(f"{name}_key_idx", table_name=name)
        op.drop_table(name)
