"""The fact index is found by position too.

Every append reads the recording time of the last fact (`ORDER BY position DESC LIMIT 1`) to keep
transaction time growing with the log; without an index on the position that read scanned the whole
fact index, so each append cost time in proportion to the ledger's size.

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-30
"""

from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ledger_facts_position_idx", "ledger_facts", ["position"])


def downgrade() -> None:
    op.drop_index("ledger_facts_position_idx", table_name="ledger_facts")
