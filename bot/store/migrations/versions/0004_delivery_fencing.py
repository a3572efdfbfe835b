"""deliveries.generation and heartbeat_at, delivery_posts: fenced, heartbeated delivery claims

Revision ID: 0004_delivery_fencing
Revises: 0003_full_quotes
Create Date: 2026-12-01

``generation`` is the claim's fencing token (existing rows start at 1); ``heartbeat_at`` is the
owner's last sign of life (NULL on old rows: their claimed_at counts). ``delivery_posts`` records
each message of a delivery that Slack accepted, so a worker taking over skips it.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004_delivery_fencing"
down_revision = "0003_full_quotes"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("deliveries", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("generation", sa.Integer(), nullable=False, server_default="1")
        )
        batch_op.add_column(sa.Column("heartbeat_at", sa.DateTime(timezone=True), nullable=True))
    op.create_table(
        "delivery_posts",
        sa.Column("delivery_id", sa.Integer(), nullable=False),
        sa.Column("part", sa.String(length=32), nullable=False),
        sa.Column("message_ts", sa.String(length=32), nullable=False),
        sa.Column("generation", sa.Integer(), nullable=False),
        sa.Column("posted_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["delivery_id"], ["deliveries.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("delivery_id", "part"),
    )


def downgrade() -> None:
    op.drop_table("delivery_posts")
    with op.batch_alter_table("deliveries", schema=None) as batch_op:
        batch_op.drop_column("heartbeat_at")
        batch_op.drop_column("generation")
