"""Migration 0008 gives every existing term row its article's digest order, and back."""

from __future__ import annotations

from datetime import timedelta

from alembic import command
from sqlalchemy import Engine, column, insert, select, table

from bot.store.db import alembic_config, create_store_engine, migrate
from bot.store.schema import article_terms, articles, newest_key
from bot.store.selection import candidate_ids
from bot.text.terms import index_terms
from bot.text.topics import TopicCatalog
from fakes.digest import T0

_OLD_TERMS = table("article_terms", column("term"), column("article_id"))  # as 0001-0007 had it


def _to(engine: Engine, revision: str, *, down: bool = False) -> None:
    config = alembic_config(engine)
    with engine.begin() as conn:
        config.attributes["connection"] = conn
        (command.downgrade if down else command.upgrade)(config, revision)


def _old_store(engine: Engine) -> dict[int, tuple[str, ...]]:
    """Three articles stored by revision 0007: dated, undated, dated after first sight."""
    _to(engine, "0007_who_quotes")
    stored = {}
    with engine.begin() as conn:
        for title, published in (
            ("Putin and Biden meet", T0 - timedelta(days=3, microseconds=17)),
            ("Biden phones Putin", None),
            ("Putin, Biden summit set", T0 + timedelta(hours=2)),
        ):
            row = conn.execute(
                insert(articles).values(
                    title=title,
                    body=title,
                    fingerprint=title,
                    published=published,
                    first_seen=T0,
                    last_seen=T0,
                    seen_only=False,
                    analysis_version=0,
                )
            )
            article_id = int(row.inserted_primary_key[0])
            terms = sorted(index_terms(title, [title]))
            conn.execute(insert(_OLD_TERMS), [{"term": t, "article_id": article_id} for t in terms])
            stored[article_id] = tuple(terms)
    return stored


def test_upgrade_fills_the_order_and_downgrade_keeps_the_terms(database_url: str) -> None:
    engine = create_store_engine(database_url)
    stored = _old_store(engine)
    migrate(engine)
    with engine.begin() as conn:
        dates = {
            i: newest_key(p, f)
            for i, p, f in conn.execute(
                select(articles.c.id, articles.c.published, articles.c.first_seen)
            )
        }
        rows = conn.execute(
            select(article_terms.c.term, article_terms.c.article_id, article_terms.c.newest)
        ).all()
        got = candidate_ids(conn, TopicCatalog({}, {}).resolve("putin-biden"))
    assert sorted((t, i) for t, i, _ in rows) == sorted(
        (t, i) for i, terms in stored.items() for t in terms
    )
    assert all(newest == dates[i] for _, i, newest in rows)
    assert got == [3, 2, 1]  # future-dated, then first seen at T0, then three days old
    _to(engine, "0007_who_quotes", down=True)
    with engine.begin() as conn:
        back = conn.execute(select(_OLD_TERMS.c.term, _OLD_TERMS.c.article_id)).all()
    migrate(engine)  # and up again
    engine.dispose()
    assert sorted(back) == sorted((t, i) for t, i, _ in rows)
