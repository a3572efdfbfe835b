"""The digest benchmark's bulk loader writes what saving each poll would, and its PostgreSQL
copy holds the same rows."""

from __future__ import annotations

from dataclasses import replace
from itertools import islice
from pathlib import Path

import pytest
from sqlalchemy import Engine, select

from bench.digest_corpus import Poll, polls
from bench.digest_store import cache_name, load, postgres_store, sqlite_store
from bot.store.articles import save_articles
from bot.store.db import create_store_engine, migrate, table_names
from bot.store.schema import article_terms, articles
from tests.conftest import POSTGRES_URL


def _stream() -> list[Poll]:
    stream = list(polls(1500))
    # The corpus copies only earlier polls' articles; add a copy within one poll too.
    last = stream[-1]
    twin = replace(
        last.articles[0], guid=None, url="https://elsewhere.example/twin", outlet="Elsewhere"
    )
    return [*stream[:-1], replace(last, articles=(*last.articles[:2], twin, *last.articles[2:]))]


def _contents(engine: Engine) -> tuple[list[tuple[object, ...]], list[tuple[object, ...]]]:
    with engine.connect() as conn:
        rows = [tuple(r) for r in conn.execute(select(articles).order_by(articles.c.id))]
        terms = [
            tuple(r)
            for r in conn.execute(
                select(article_terms).order_by(article_terms.c.term, article_terms.c.article_id)
            )
        ]
    return rows, terms


def _engine(path: Path) -> Engine:
    engine = create_store_engine(f"sqlite:///{path}")
    migrate(engine)
    return engine


def test_bulk_load_equals_saving_each_poll(tmp_path: Path) -> None:
    stream = _stream()
    saved, loaded = _engine(tmp_path / "saved.db"), _engine(tmp_path / "loaded.db")
    with saved.begin() as conn:
        for poll in stream:
            save_articles(conn, poll.articles, now=poll.now, seen_only=poll.seen_only)
    with loaded.begin() as conn:
        assert load(conn, stream) == 1501
    want, got = _contents(saved), _contents(loaded)
    assert got == want
    copies = [r for r in want[0] if r[articles.c.keys().index("duplicate_of")] is not None]
    assert len(copies) > 20  # syndicated copies are linked, as ingest links them


def test_corpus_is_varied() -> None:
    articles_ = [a for p in islice(polls(3000), 200) for a in p.articles]
    assert len({a.title for a in articles_}) > 0.9 * len(articles_)
    times = sorted(a.published for a in articles_ if a.published)
    assert (times[-1] - times[0]).total_seconds() > 12 * 3600


@pytest.mark.skipif(not POSTGRES_URL, reason="set NEWSBOT_TEST_POSTGRES_URL for PostgreSQL")
def test_postgres_copy_holds_the_same_rows(tmp_path: Path) -> None:
    assert POSTGRES_URL is not None
    path, built = sqlite_store(400, tmp_path)
    again, rebuilt = sqlite_store(400, tmp_path)
    assert built and not rebuilt and again == path
    name = cache_name(400)
    url, _ = postgres_store(POSTGRES_URL, 400, path)
    assert cache_name(400) == name  # copying leaves the cached stores' names alone
    sqlite_engine, pg_engine = create_store_engine(f"sqlite:///{path}"), create_store_engine(url)
    try:
        assert _contents(pg_engine) == _contents(sqlite_engine)
    finally:
        with pg_engine.begin() as conn:
            schema = conn.exec_driver_sql("SELECT current_schema()").scalar_one()
            conn.exec_driver_sql(f"DROP SCHEMA {schema} CASCADE")
        pg_engine.dispose()
        sqlite_engine.dispose()


def test_a_cached_store_from_an_older_migration_chain_is_brought_to_the_newest(
    tmp_path: Path,
) -> None:
    path, _ = sqlite_store(300, tmp_path)
    engine = create_store_engine(f"sqlite:///{path}")
    before = _contents(engine)
    with engine.begin() as conn:  # as a store cached before a migration was re-chained
        conn.exec_driver_sql("DROP TABLE speaker_quotes")
        conn.exec_driver_sql("UPDATE alembic_version SET version_num = '0005_gone'")
    engine.dispose()
    again, rebuilt = sqlite_store(300, tmp_path)
    assert again == path and not rebuilt
    engine = create_store_engine(f"sqlite:///{path}")
    try:
        migrate(engine)  # nothing left to do: a revision it did not know would fail here
        assert _contents(engine) == before
        assert "speaker_quotes" in table_names(engine)
    finally:
        engine.dispose()
