"""Each generation of the read models records the format of the rows it holds.

Rows are derived by code; when that code changes what a row holds (a new field, an upcast event), the
rows written by the older code are stale. A generation stamped with an older format is rebuilt when the
ledger opens (Marten rebuilds a projection whose version changed the same way). Generations that exist at
this upgrade were written by format 1.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-27
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("rm_generations") as batch:
        batch.add_column(sa.Column("format", sa.Integer(), nullable=False, server_default="1"))


def downgrade() -> None:
    with op.batch_alter_table("rm_generations") as batch:
        batch.drop_column("format")
