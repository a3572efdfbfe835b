"""Big stores for the digest benchmark, built once and cached.

``sqlite_store(count, cache_dir)`` returns the path of a SQLite store holding the first
``count`` articles of ``bench.digest_corpus``; it is built on first use and kept, under a name
with the corpus recipe's version and a digest of the article tables' schema, so a changed
recipe or schema gets a new store. A migration of other tables does not: a cached store whose
schema revision is not the newest gets those tables afresh, as the migrations make them
(``refresh``; what the benchmark wrote into them is dropped), and keeps its articles.
``postgres_store(url, count, sqlite_path)`` copies that store into a schema of the PostgreSQL
database at ``url`` (kept there the same way).

The bulk loader (``load``) writes the same rows, ids, copy links and term index that saving
each poll with ``save_articles`` would (``tests/test_bench_digest_store.py`` checks it on a
sample), but skips the per-batch look-ups that make ``save_articles`` take hours for a
million articles: the stream is known to hold only new articles, whose exact copies it knows.
Term rows go to a staging table first and into the index table in key order, and the
secondary indexes are built once at the end.
"""

from __future__ import annotations

import hashlib
import os
import sqlite3
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from alembic.script import ScriptDirectory
from sqlalchemy import Connection, Engine, Index, insert, text
from sqlalchemy.dialects import sqlite
from sqlalchemy.schema import CreateIndex, CreateTable

from bench.digest_corpus import GENERATOR_VERSION, Poll, polls
from bot.model import Article
from bot.store.db import alembic_config, create_store_engine, migrate
from bot.store.schema import article_terms, articles, newest_key
from bot.text.terms import index_terms
from bot.text.urls import guid_key, url_key

DEFAULT_CACHE = Path.home() / ".cache" / "newsbot-bench"
_TERM_INDEXES: tuple[Index, ...] = tuple(article_terms.indexes)
_STAGE = "bench_terms_stage"
_CACHED_TABLES = ("articles", "article_terms")


def cache_name(count: int) -> str:
    """The stream's recipe version, a digest of the schema of the tables it fills, the size."""
    dialect = sqlite.dialect()
    ddl = [str(CreateTable(t).compile(dialect=dialect)) for t in (articles, article_terms)]
    ddl += [
        str(CreateIndex(i).compile(dialect=dialect))
        for t in (articles, article_terms)
        for i in sorted(t.indexes, key=lambda i: str(i.name))
    ]
    schema = hashlib.sha256("\n".join(ddl).encode()).hexdigest()[:10]
    return f"digest-g{GENERATOR_VERSION}-s{schema}-{count}"


def sqlite_store(count: int, cache_dir: Path = DEFAULT_CACHE) -> tuple[Path, bool]:
    """The cached store of ``count`` articles and whether it was built just now."""
    path = cache_dir / f"{cache_name(count)}.db"
    if path.exists():
        refresh(path)
        return path, False
    cache_dir.mkdir(parents=True, exist_ok=True)
    partial = path.with_suffix(".partial")
    for leftover in cache_dir.glob(f"{partial.name}*"):
        leftover.unlink()
    engine = create_store_engine(f"sqlite:///{partial}")
    migrate(engine)
    with engine.begin() as conn:
        conn.exec_driver_sql("PRAGMA cache_size = -1048576")  # 1 GiB while building
        load(conn, polls(count))
    engine.dispose()
    db = sqlite3.connect(partial)
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db.close()
    os.replace(partial, path)
    for leftover in cache_dir.glob(f"{partial.name}-*"):
        leftover.unlink()
    return path, True


def head_revision(engine: Engine) -> str:
    head = ScriptDirectory.from_config(alembic_config(engine)).get_current_head()
    if head is None:
        raise RuntimeError("the store's migrations have no head revision")
    return head


def refresh(path: Path) -> bool:
    """Give a cached SQLite store every table but the article tables afresh, at the newest
    revision, if it is older (or from a re-chained migration); returns whether it was."""
    with tempfile.TemporaryDirectory() as folder:
        engine = create_store_engine(f"sqlite:///{Path(folder) / 'fresh.db'}")
        migrate(engine)
        head = head_revision(engine)
        engine.dispose()
        fresh = sqlite3.connect(Path(folder) / "fresh.db")
        kept = ", ".join(f"'{name}'" for name in _CACHED_TABLES)
        ddl = fresh.execute(
            "SELECT sql FROM sqlite_master WHERE sql IS NOT NULL AND name NOT LIKE 'sqlite_%' "
            f"AND tbl_name NOT IN ({kept}) ORDER BY type = 'table' DESC, rowid"
        ).fetchall()
        fresh.close()
    db = sqlite3.connect(path, isolation_level=None)
    try:
        if db.execute("SELECT version_num FROM alembic_version").fetchall() == [(head,)]:
            return False
        old = db.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
            f"AND name NOT IN ({kept})"
        ).fetchall()
        db.execute("PRAGMA foreign_keys = OFF")
        db.execute("BEGIN")
        for (name,) in old:
            db.execute(f'DROP TABLE "{name}"')
        for (sql,) in ddl:
            db.execute(sql)
        db.execute("INSERT INTO alembic_version (version_num) VALUES (?)", (head,))
        db.execute("COMMIT")
    finally:
        db.close()
    return True


def load(conn: Connection, stream: Iterable[Poll]) -> int:
    """Store every poll of ``stream`` in a new, empty store; returns the article count."""
    for index in _TERM_INDEXES:
        index.drop(conn)
    conn.exec_driver_sql(
        f"CREATE TEMPORARY TABLE {_STAGE} (term VARCHAR(64), article_id INTEGER, newest BIGINT)"
    )
    roots: dict[str, int] = {}
    next_id = 1
    for poll in stream:
        next_id = _load_poll(conn, poll, roots, next_id)
    conn.exec_driver_sql(
        "INSERT INTO article_terms (term, article_id, newest) "
        f"SELECT term, article_id, newest FROM {_STAGE} ORDER BY term, article_id"
    )
    conn.exec_driver_sql(f"DROP TABLE {_STAGE}")
    for index in _TERM_INDEXES:
        index.create(conn)
    return next_id - 1


def _load_poll(conn: Connection, poll: Poll, roots: dict[str, int], next_id: int) -> int:
    # save_articles inserts a batch's originals and copies of stored articles first, then
    # copies of originals of the same batch (they need the original's id).
    first: list[Article] = []
    later: list[Article] = []
    in_batch: set[str] = set()
    for article in poll.articles:
        if article.fingerprint in roots or article.fingerprint not in in_batch:
            first.append(article)
            in_batch.add(article.fingerprint)
        else:
            later.append(article)
    rows: list[dict[str, Any]] = []
    terms: list[tuple[str, int, int]] = []
    for article in [*first, *later]:
        root = roots.get(article.fingerprint)
        rows.append(_row(article, next_id, root, poll))
        if root is None:
            roots[article.fingerprint] = next_id
        newest = newest_key(article.published, poll.now)
        terms.extend((t, next_id, newest) for t in index_terms(article.title, article.paragraphs))
        next_id += 1
    conn.execute(insert(articles), rows)
    conn.exec_driver_sql(f"INSERT INTO {_STAGE} VALUES (?, ?, ?)", terms)
    return next_id


def _row(article: Article, row_id: int, root: int | None, poll: Poll) -> dict[str, Any]:
    return {
        "id": row_id,
        "guid_key": guid_key(article.guid) if article.guid else None,
        "url_key": url_key(article.url) if article.url else None,
        "guid": article.guid,
        "url": article.url,
        "title": article.title,
        "outlet": article.outlet,
        "agency": article.agency,
        "byline": article.byline,
        "language": article.language,
        "published": article.published,
        "updated": article.updated,
        "body": article.text,
        "feed_summary": article.feed_summary,
        "fingerprint": article.fingerprint,
        "source": article.source,
        "duplicate_of": root,
        "seen_only": poll.seen_only,
        "first_seen": poll.now,
        "last_seen": poll.now,
        "analysis": None,
        "analysis_version": 0,
    }


# -- PostgreSQL: a copy of the SQLite store ---------------------------------------------


def postgres_store(url: str, count: int, sqlite_path: Path) -> tuple[str, bool]:
    """A URL for a schema holding the same store; built (copied) on first use."""
    schema = cache_name(count).replace("-", "_").lower()
    admin = create_store_engine(url)
    sep = "&" if "?" in url else "?"
    target = f"{url}{sep}options=-csearch_path%3D{schema}"
    with admin.begin() as conn:
        built = conn.execute(
            text(
                "SELECT 1 FROM information_schema.tables "
                "WHERE table_schema = :s AND table_name = 'bench_built'"
            ),
            {"s": schema},
        ).first()
        if built and _revision(conn, schema) == head_revision(admin):
            admin.dispose()
            return target, False
        conn.execute(text(f"DROP SCHEMA IF EXISTS {schema} CASCADE"))
        conn.execute(text(f"CREATE SCHEMA {schema}"))
    admin.dispose()
    engine = create_store_engine(target)
    migrate(engine)
    _copy_into(engine, sqlite_path)
    return target, True


def _revision(conn: Connection, schema: str) -> str | None:
    found = conn.execute(text(f"SELECT version_num FROM {schema}.alembic_version")).first()
    return None if found is None else str(found[0])


def _copy_into(engine: Engine, sqlite_path: Path) -> None:
    columns = [c.name for c in articles.columns]
    source = sqlite3.connect(sqlite_path)
    with engine.begin() as conn:
        for index in _TERM_INDEXES:
            index.drop(conn)
        # The server's own definition, dropped and added back by SQL: SQLAlchemy's
        # AddConstraint would mark the table's constraint as not inline, changing the
        # CREATE TABLE that ``cache_name`` digests for the rest of the process.
        fk_name, fk_definition = conn.execute(
            text(
                "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint "
                "WHERE conrelid = 'article_terms'::regclass AND contype = 'f'"
            )
        ).one()
        conn.execute(text(f'ALTER TABLE article_terms DROP CONSTRAINT "{fk_name}"'))
        raw: Any = conn.connection.dbapi_connection  # psycopg's, for COPY
        with raw.cursor() as cursor:
            with cursor.copy(f"COPY articles ({', '.join(columns)}) FROM STDIN") as copy:
                for row in source.execute(f"SELECT {', '.join(columns)} FROM articles ORDER BY id"):
                    copy.write_row(_pg_article(row, columns))
            with cursor.copy("COPY article_terms (term, article_id, newest) FROM STDIN") as copy:
                for row in source.execute("SELECT term, article_id, newest FROM article_terms"):
                    copy.write_row(row)
        conn.execute(
            text("SELECT setval(pg_get_serial_sequence('articles', 'id'), max(id)) FROM articles")
        )
        conn.execute(text(f'ALTER TABLE article_terms ADD CONSTRAINT "{fk_name}" {fk_definition}'))
        for index in _TERM_INDEXES:
            index.create(conn)
        conn.execute(text("CREATE TABLE bench_built (version INTEGER)"))
    source.close()
    with engine.connect() as conn:
        conn = conn.execution_options(isolation_level="AUTOCOMMIT")
        conn.execute(text("VACUUM ANALYZE articles"))
        conn.execute(text("VACUUM ANALYZE article_terms"))
    engine.dispose()


_TIMES = frozenset({"published", "updated", "first_seen", "last_seen"})


def _pg_article(row: tuple[Any, ...], columns: list[str]) -> tuple[Any, ...]:
    # SQLite keeps UTC without a zone and booleans as 0/1.
    out = []
    for name, value in zip(columns, row, strict=True):
        if value is not None and name in _TIMES:
            value = f"{value}+00"
        elif name == "seen_only":
            value = bool(value)
        out.append(value)
    return tuple(out)
