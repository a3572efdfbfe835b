"""sent_articles.story_key, sent_stories, shown_quotes: story updates instead of repeats

Revision ID: 0006_story_updates
Revises: 0005_tokens
Create Date: 2026-12-06

Which story each sent article went out in, the digest message whose thread holds each sent
story's quotes, and every quote a channel was shown, so that a story gaining sources or quotes
comes back once as an update with only what is new. Rows sent earlier keep story_key NULL:
their stories stay out of later digests, as before.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006_story_updates"
down_revision = "0005_tokens"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("sent_articles", schema=None) as batch_op:
        batch_op.add_column(sa.Column("story_key", sa.String(length=64), nullable=True))
    op.create_index(
        "ix_sent_articles_story", "sent_articles", ["team_id", "channel_id", "story_key"]
    )
    op.create_table(
        "sent_stories",
        sa.Column("team_id", sa.String(length=32), nullable=False),
        sa.Column("channel_id", sa.String(length=32), nullable=False),
        sa.Column("story_key", sa.String(length=64), nullable=False),
        sa.Column("first_sent_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_sent_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("thread_ts", sa.String(length=32), nullable=True),
        sa.Column("thread_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("team_id", "channel_id", "story_key"),
    )
    op.create_table(
        "shown_quotes",
        sa.Column("team_id", sa.String(length=32), nullable=False),
        sa.Column("channel_id", sa.String(length=32), nullable=False),
        sa.Column("story_key", sa.String(length=64), nullable=False),
        sa.Column("quote_key", sa.String(length=64), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("speaker", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("team_id", "channel_id", "story_key", "quote_key"),
    )


def downgrade() -> None:
    op.drop_table("shown_quotes")
    op.drop_table("sent_stories")
    op.drop_index("ix_sent_articles_story", table_name="sent_articles")
    with op.batch_alter_table("sent_articles", schema=None) as batch_op:
        batch_op.drop_column("story_key")
