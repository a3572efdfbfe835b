"""speaker_quotes, speaker_quote_state: every attributed quote by speaker, for ``who``

Revision ID: 0007_who_quotes
Revises: 0006_story_updates
Create Date: 2026-12-06

One row per attributed quote of an analysed article, keyed by the speaker's folded name and
surname and ordered by when it was said, so ``newsbot who NAME`` reads an index range instead
of every article's analysis. ``speaker_quote_state`` records which articles (and from which
analyser version) are in it; articles stored before this revision are indexed by
``newsbot index-quotes`` (or by the scheduled poll, a batch at a time). Rows go with their
article (ON DELETE CASCADE).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007_who_quotes"
down_revision = "0006_story_updates"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "speaker_quotes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("article_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("utterance", sa.Integer(), nullable=False),
        sa.Column("speaker", sa.Text(), nullable=False),
        sa.Column("speaker_title", sa.Text(), nullable=True),
        sa.Column("name_key", sa.String(length=255), nullable=False),
        sa.Column("surname_key", sa.String(length=128), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("span_start", sa.Integer(), nullable=False),
        sa.Column("span_end", sa.Integer(), nullable=False),
        sa.Column("said_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["article_id"], ["articles.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_speaker_quotes_surname", "speaker_quotes", ["surname_key", "said_at"])
    op.create_index("ix_speaker_quotes_name", "speaker_quotes", ["name_key", "said_at"])
    op.create_index("ix_speaker_quotes_article", "speaker_quotes", ["article_id"])
    op.create_table(
        "speaker_quote_state",
        sa.Column("article_id", sa.Integer(), nullable=False),
        sa.Column("analyzer_version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["article_id"], ["articles.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("article_id"),
    )


def downgrade() -> None:
    op.drop_table("speaker_quote_state")
    op.drop_index("ix_speaker_quotes_article", table_name="speaker_quotes")
    op.drop_index("ix_speaker_quotes_name", table_name="speaker_quotes")
    op.drop_index("ix_speaker_quotes_surname", table_name="speaker_quotes")
    op.drop_table("speaker_quotes")
