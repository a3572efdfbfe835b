"""article_terms.newest and an index on (term, newest): topic selection stops at its limit

Revision ID: 0008_term_time_index
Revises: 0007_who_quotes
Create Date: 2026-12-02

Each term row gets a copy of its article's digest order (microseconds since 1970 of the
publication time, else of first seen), so a topic's newest articles come straight off an index
instead of aggregating every match. The table is rebuilt (on SQLite without a rowid: its
primary key is the table), filled from the old one in one INSERT ... SELECT with the order
computed in Python per article, and indexed once filled.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
from alembic import op

revision = "0008_term_time_index"
down_revision = "0007_who_quotes"
branch_labels = None
depends_on = None

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_BATCH = 5000
# This revision's view of the tables it reads: later schema changes must not change it.
_meta = sa.MetaData()
_articles = sa.Table(
    "articles",
    _meta,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("published", sa.DateTime(timezone=True)),
    sa.Column("first_seen", sa.DateTime(timezone=True)),
)
_order = sa.Table(
    "article_order_0005",
    _meta,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("newest", sa.BigInteger, nullable=False),
)


def _micros(moment: datetime) -> int:
    # SQLite hands back the naive UTC value the store wrote; PostgreSQL an aware one.
    aware = moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)
    delta = aware - _EPOCH
    return (delta.days * 86_400 + delta.seconds) * 1_000_000 + delta.microseconds


def _orders(conn: sa.Connection) -> Iterator[list[dict[str, Any]]]:
    """Every article's order key, in batches (keyset pages: memory stays flat on big stores)."""
    last = 0
    while True:
        query = (
            sa.select(_articles.c.id, _articles.c.published, _articles.c.first_seen)
            .where(_articles.c.id > last)
            .order_by(_articles.c.id)
            .limit(_BATCH)
        )
        rows = conn.execute(query).all()
        if not rows:
            return
        yield [{"id": i, "newest": _micros(p if p is not None else f)} for i, p, f in rows]
        last = rows[-1][0]


def _create_terms(name: str, with_time: bool) -> None:
    columns: list[Any] = [
        sa.Column("term", sa.String(length=64), nullable=False),
        sa.Column("article_id", sa.Integer(), nullable=False),
    ]
    if with_time:
        columns.append(sa.Column("newest", sa.BigInteger(), nullable=False))
    op.create_table(
        name,
        *columns,
        sa.ForeignKeyConstraint(
            ["article_id"],
            ["articles.id"],
            ondelete="CASCADE",
            name="article_terms_article_id_fkey",  # PostgreSQL's name for the first table's
        ),
        sa.PrimaryKeyConstraint("term", "article_id", name=f"{name}_pkey"),
        sqlite_with_rowid=not with_time,
    )


def upgrade() -> None:
    conn = op.get_bind()
    _order.create(conn)
    for batch in _orders(conn):
        conn.execute(sa.insert(_order), batch)
    _create_terms("article_terms_new", with_time=True)
    op.execute(
        "INSERT INTO article_terms_new (term, article_id, newest) "
        "SELECT t.term, t.article_id, o.newest FROM article_terms t "
        "JOIN article_order_0005 o ON o.id = t.article_id"
    )
    _order.drop(conn)
    op.drop_index("ix_article_terms_article", table_name="article_terms")
    op.drop_table("article_terms")
    op.rename_table("article_terms_new", "article_terms")
    if conn.dialect.name == "postgresql":  # keep the usual constraint name after the rename
        op.execute(
            "ALTER TABLE article_terms RENAME CONSTRAINT article_terms_new_pkey "
            "TO article_terms_pkey"
        )
    op.create_index("ix_article_terms_newest", "article_terms", ["term", "newest", "article_id"])
    op.create_index("ix_article_terms_article", "article_terms", ["article_id", "term"])


def downgrade() -> None:
    _create_terms("article_terms_old", with_time=False)
    op.execute(
        "INSERT INTO article_terms_old (term, article_id) SELECT term, article_id FROM article_terms"
    )
    op.drop_index("ix_article_terms_article", table_name="article_terms")
    op.drop_index("ix_article_terms_newest", table_name="article_terms")
    op.drop_table("article_terms")
    op.rename_table("article_terms_old", "article_terms")
    if op.get_bind().dialect.name == "postgresql":
        op.execute(
            "ALTER TABLE article_terms RENAME CONSTRAINT article_terms_old_pkey "
            "TO article_terms_pkey"
        )
    op.create_index("ix_article_terms_article", "article_terms", ["article_id"])
