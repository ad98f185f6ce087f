"""The hash chain over the event log (tamper evidence), sealing the events already stored.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-27
"""

import sqlalchemy as sa
import sqlalchemy_utils
from alembic import op

from ledger.storage.chain import GENESIS, StoredBytes, links_for

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

POSITION = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
PAGE = 5000


def upgrade() -> None:
    chain = op.create_table(
        "ledger_chain",
        sa.Column("position", POSITION, primary_key=True, autoincrement=False),
        sa.Column("content", sa.String(64), nullable=False),
        sa.Column("link", sa.String(64), nullable=False),
    )
    seal_existing_events(chain)


def seal_existing_events(chain: sa.Table) -> None:
    """A ledger written before the chain existed is sealed as it stands at the upgrade, in log order:
    from then on, any change to those events shows."""
    connection = op.get_bind()
    events = sa.table("ledger_events", sa.column("id"), sa.column("originator_id", sqlalchemy_utils.types.uuid.UUIDType()),
                      sa.column("originator_version"), sa.column("topic"), sa.column("state", sa.LargeBinary()))
    previous, after = GENESIS, 0
    while True:
        page = connection.execute(
            sa.select(events.c.id, events.c.originator_id, events.c.originator_version, events.c.topic, events.c.state)
            .where(events.c.id > after).order_by(events.c.id).limit(PAGE)
        ).all()
        if not page:
            return
        rows = links_for(previous, [StoredBytes(*row) for row in page])
        connection.execute(sa.insert(chain), rows)
        previous, after = rows[-1]["link"], page[-1][0]


def downgrade() -> None:
    op.drop_table("ledger_chain")
