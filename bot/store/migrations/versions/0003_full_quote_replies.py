"""full_quote_replies: which stories' full quotes are already in a digest's thread

Revision ID: 0003_full_quotes
Revises: 0002_slack
Create Date: 2026-11-29

One row per (digest, story) whose quotes were posted in the channel thread (by delivery or by
a "Full quotes" click), so a later click answers with a pointer instead of a second copy. Rows
go with their digest (ON DELETE CASCADE) when old digests are pruned, which the created_at
index keeps cheap.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003_full_quotes"
down_revision = "0002_slack"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "full_quote_replies",
        sa.Column("digest_id", sa.String(length=36), nullable=False),
        sa.Column("story_index", sa.Integer(), nullable=False),
        sa.Column("message_ts", sa.String(length=32), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["digest_id"], ["digest_messages.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("digest_id", "story_index"),
    )
    with op.batch_alter_table("digest_messages", schema=None) as batch_op:
        batch_op.create_index("ix_digest_messages_created_at", ["created_at"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("digest_messages", schema=None) as batch_op:
        batch_op.drop_index("ix_digest_messages_created_at")
    op.drop_table("full_quote_replies")
