"""Timeline rows are found by key, not by stream: the timeline loses its index by stream.

The projector looks up a stream's open timeline rows by the ids of the stream's facts (each row's key)
through the key index. The stream index was used for nothing else, and keeping it cost every event of a
rebuild a random insert into it: about 40% of the time SQLite spent writing a timeline row.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-27
"""

from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.drop_index("rm_timeline_stream_idx", table_name="rm_timeline")


def downgrade() -> None:
    op.create_index("rm_timeline_stream_idx", "rm_timeline", ["generation", "stream", "known_to"])
