"""The article store: save articles idempotently, link copies, index terms, read them back.

Identity: an article is the same one when its feed guid or its normalised URL matches a stored
one (``guid_key``/``url_key``); it is then updated in place, keeping ``first_seen`` and its
``seen_only`` flag (so items known when a feed was added never turn "new" on a later poll).
An article with neither guid nor URL (a text dump) is identified by its outlet and text.

Copies: a *different* article whose text is the same or nearly the same as a recent one is
stored too and linked by ``duplicate_of`` to the first copy, never dropped (``bot.store.copies``
finds them).

Everything is done in bulk (a handful of statements per call, executemany for rows) with SQL
that SQLite and PostgreSQL both run.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, RowMapping, bindparam, delete, func, insert, select, update

from bot.model import PARAGRAPH_SEPARATOR, Article, content_fingerprint
from bot.store.copies import CopyKey, copy_key, find_copies
from bot.store.schema import article_terms, articles, newest_key
from bot.text.terms import index_terms
from bot.text.urls import guid_key, url_key

# Page cache for the connection that saves: a 100,000-article store's term index fits.
_SQLITE_CACHE_KIB = 256 * 1024
_CHUNK = 500  # ids or keys per IN (...): well under SQLite's variable limit
# The term insert in the DB-API parameter styles of SQLite and psycopg.
_QMARK_TERM_INSERT = "INSERT INTO article_terms (term, article_id, newest) VALUES (?, ?, ?)"
_FORMAT_TERM_INSERT = "INSERT INTO article_terms (term, article_id, newest) VALUES (%s, %s, %s)"
_TERM_INSERTS = {
    "qmark": _QMARK_TERM_INSERT,
    "format": _FORMAT_TERM_INSERT,
    "pyformat": _FORMAT_TERM_INSERT,
}
# Columns with a length limit (PostgreSQL enforces it): longer values are cut, not refused.
_LIMITS = {"outlet": 255, "agency": 255, "byline": 512, "language": 16, "source": 255}
_CONTENT_COLUMNS = tuple(
    "guid url title outlet agency byline language published updated body feed_summary "
    "fingerprint source".split()
)


@dataclass(frozen=True)
class StoredArticle:
    id: int
    article: Article
    first_seen: datetime
    duplicate_of: int | None
    seen_only: bool


@dataclass
class SaveReport:
    """Ids by outcome. A duplicate is stored, so it is in ``new`` and in ``duplicates``."""

    new: list[int] = field(default_factory=list)
    updated: list[int] = field(default_factory=list)
    duplicates: list[int] = field(default_factory=list)
    # Matched a stored article and nothing changed (only ``last_seen`` moved).
    unchanged: list[int] = field(default_factory=list)


@dataclass
class _Item:
    """One article ready for the database."""

    values: dict[str, Any]
    terms: set[str]
    keys: tuple[str | None, str | None]  # (guid_key, url_key)
    copy_key: CopyKey


@dataclass(eq=False)  # compared and hashed by identity
class _Target:
    """Where an article goes: a stored row (``row``) or a new one (``row is None``)."""

    row: RowMapping | None
    item: _Item | None = None
    key_values: dict[str, str | None] = field(default_factory=dict)
    duplicate_of: int | None = None
    id: int | None = None


# -- public interface ---------------------------------------------------------------------


def save_articles(
    conn: Connection, articles_in: Sequence[Article], *, now: datetime, seen_only: bool = False
) -> SaveReport:
    """Store ``articles_in``: insert new ones, update known ones, link copies, index terms."""
    items = [_prepare(article) for article in articles_in]
    _roomy_cache(conn)
    targets = _plan(items, _stored_by_key(conn, items))
    report = SaveReport()
    _save_updates(conn, [t for t in targets if t.row is not None], now, report)
    _save_new(conn, [t for t in targets if t.row is None], now, seen_only, report)
    return report


def get_articles(conn: Connection, ids: Sequence[int]) -> list[StoredArticle]:
    """The stored articles with these ids, in the order asked; unknown ids are left out."""
    found: dict[int, StoredArticle] = {}
    for chunk in _chunks(list(dict.fromkeys(ids))):
        for row in conn.execute(select(articles).where(articles.c.id.in_(chunk))).mappings():
            found[row["id"]] = _stored(row)
    return [found[i] for i in ids if i in found]


def find_stored(conn: Connection, articles_in: Sequence[Article]) -> list[StoredArticle | None]:
    """For each article, the stored article it would update (same guid or URL), if any."""
    items = [_prepare(article) for article in articles_in]
    stored = _stored_by_key(conn, items)
    out: list[StoredArticle | None] = []
    for item in items:
        names = [f"{p}{k}" for p, k in zip(("g:", "u:"), item.keys, strict=True) if k]
        row = next((stored[n] for n in names if n in stored), None)
        out.append(_stored(row) if row is not None else None)
    return out


def count_articles(conn: Connection) -> int:
    return int(conn.execute(select(func.count()).select_from(articles)).scalar_one())


def _roomy_cache(conn: Connection) -> None:
    """Give SQLite a page cache the term index fits in while it grows.

    The index takes a hundred-odd rows per article at places all over its primary key; with
    SQLite's default 2 MB cache nearly every insert reads a page back and spills dirty ones
    to the WAL, which made bulk saves three times slower. The cache is filled only on use.
    """
    if conn.dialect.name == "sqlite":
        conn.exec_driver_sql(f"PRAGMA cache_size = -{_SQLITE_CACHE_KIB}")


# -- preparing ----------------------------------------------------------------------------


def _prepare(article: Article) -> _Item:
    body = article.text
    values: dict[str, Any] = {
        "guid": article.guid,
        "url": article.url,
        "title": article.title,
        "outlet": article.outlet,
        "agency": article.agency,
        "byline": article.byline,
        "language": article.language,
        "published": article.published,
        "updated": article.updated,
        "body": body,
        "feed_summary": article.feed_summary,
        "fingerprint": article.fingerprint,
        "source": article.source,
    }
    for name, limit in _LIMITS.items():
        if values[name] is not None:
            values[name] = values[name][:limit]
    terms = index_terms(article.title, article.paragraphs)
    return _Item(
        values=values,
        terms=terms,
        keys=(guid_key(article.guid) if article.guid else None, _url_or_content_key(article)),
        copy_key=copy_key(body, values["fingerprint"], terms),
    )


def _url_or_content_key(article: Article) -> str:
    if article.url:
        return url_key(article.url)
    # No URL: the same outlet's same text is the same article (a dump read twice).
    text = content_fingerprint(f"{article.title}\n{article.text}")
    return hashlib.sha256(f"content\0{article.outlet or ''}\0{text}".encode()).hexdigest()


# -- identity -----------------------------------------------------------------------------


def _stored_by_key(conn: Connection, items: Sequence[_Item]) -> dict[str, RowMapping]:
    """Stored rows whose guid_key or url_key matches, under ``g:<key>`` / ``u:<key>``."""
    found: dict[str, RowMapping] = {}
    for prefix, column, position in (("g:", articles.c.guid_key, 0), ("u:", articles.c.url_key, 1)):
        wanted = list({k for item in items if (k := item.keys[position])})
        for chunk in _chunks(wanted):
            for row in conn.execute(select(articles).where(column.in_(chunk))).mappings():
                found[prefix + row[column.name]] = row
    return found


def _plan(items: Sequence[_Item], stored: Mapping[str, RowMapping]) -> list[_Target]:
    """Give every item a target; items of one article (by any key) share one, the last wins.

    A key belongs to the first target that claims it, so two rows never get the same key.
    """
    by_row: dict[int, _Target] = {}
    owner: dict[str, _Target] = {}
    for name, row in stored.items():
        owner[name] = by_row.setdefault(row["id"], _Target(row=row))
    targets: list[_Target] = []
    placed: set[_Target] = set()
    for item in items:
        names = [f"{p}{k}" for p, k in zip(("g:", "u:"), item.keys, strict=True) if k]
        target = next((owner[n] for n in names if n in owner), None)
        if target is None:
            target = _Target(row=None)
        if target not in placed:
            placed.add(target)
            targets.append(target)
        target.item = item
        for name in names:
            owner.setdefault(name, target)
    for target in targets:
        target.key_values = _key_values(target, owner)
    return targets


def _key_values(target: _Target, owner: Mapping[str, _Target]) -> dict[str, str | None]:
    assert target.item is not None
    out: dict[str, str | None] = {}
    for prefix, column, key in zip(
        ("g:", "u:"), ("guid_key", "url_key"), target.item.keys, strict=True
    ):
        if key and owner.get(prefix + key) is target:
            out[column] = key
        else:  # claimed by another article: keep what the row had
            out[column] = target.row[column] if target.row is not None else None
    return out


# -- updates ------------------------------------------------------------------------------


def _save_updates(
    conn: Connection, targets: Sequence[_Target], now: datetime, report: SaveReport
) -> None:
    changed: list[_Target] = []
    for target in targets:
        assert target.row is not None
        target.id = target.row["id"]
        if _differs(target):
            changed.append(target)
            report.updated.append(target.row["id"])
        else:
            report.unchanged.append(target.row["id"])
    for chunk in _chunks(report.unchanged):
        conn.execute(update(articles).where(articles.c.id.in_(chunk)).values(last_seen=now))
    if not changed:
        return
    columns = [*_CONTENT_COLUMNS, "last_seen", "guid_key", "url_key"]
    statement = (
        update(articles)
        .where(articles.c.id == bindparam("p_id"))
        .values({name: bindparam(f"p_{name}") for name in columns})
    )
    conn.execute(statement, [_update_params(t, columns, now) for t in changed])
    for chunk in _chunks([t.id for t in changed]):
        conn.execute(delete(article_terms).where(article_terms.c.article_id.in_(chunk)))
    _insert_terms(conn, changed, now)


def _differs(target: _Target) -> bool:
    assert target.row is not None and target.item is not None
    new = target.item.values | target.key_values
    return any(target.row[name] != new[name] for name in (*_CONTENT_COLUMNS, "guid_key", "url_key"))


def _update_params(target: _Target, columns: Sequence[str], now: datetime) -> dict[str, Any]:
    assert target.item is not None
    values = target.item.values | target.key_values | {"last_seen": now}
    return {"p_id": target.id} | {f"p_{name}": values[name] for name in columns}


# -- new articles and copies --------------------------------------------------------------


def _save_new(
    conn: Connection,
    targets: Sequence[_Target],
    now: datetime,
    seen_only: bool,
    report: SaveReport,
) -> None:
    if not targets:
        return
    keys = [t.item.copy_key for t in targets if t.item is not None]
    within_batch: dict[int, _Target] = {}  # id(copy) -> its original, new in this batch
    for target, copy in zip(targets, find_copies(conn, keys, now), strict=True):
        if copy is not None and copy.earlier is not None:
            within_batch[id(target)] = targets[copy.earlier]
        elif copy is not None:
            target.duplicate_of = copy.stored
    # Originals first: a copy of an article new in this batch needs the original's id.
    _insert_rows(conn, [t for t in targets if id(t) not in within_batch], now, seen_only)
    copies = [t for t in targets if id(t) in within_batch]
    for copy_target in copies:
        copy_target.duplicate_of = within_batch[id(copy_target)].id
    _insert_rows(conn, copies, now, seen_only)
    _insert_terms(conn, targets, now)
    report.new.extend(t.id for t in targets if t.id is not None)
    report.duplicates.extend(t.id for t in targets if t.id is not None and t.duplicate_of)


def _insert_rows(
    conn: Connection, targets: Sequence[_Target], now: datetime, seen_only: bool
) -> None:
    if not targets:
        return
    rows = [_insert_values(t, now, seen_only) for t in targets]
    statement = insert(articles).returning(articles.c.id, sort_by_parameter_order=True)
    for target, row_id in zip(targets, conn.execute(statement, rows).scalars(), strict=True):
        target.id = row_id


def _insert_values(target: _Target, now: datetime, seen_only: bool) -> dict[str, Any]:
    assert target.item is not None
    return (
        target.item.values
        | target.key_values
        | {
            "duplicate_of": target.duplicate_of,
            "seen_only": seen_only,
            "first_seen": now,
            "last_seen": now,
            "analysis": None,
            "analysis_version": 0,
        }
    )


def _insert_terms(conn: Connection, targets: Iterable[_Target], now: datetime) -> None:
    """One executemany for the batch's terms (about a hundred rows per article).

    Each row carries its article's digest order (``newest_key``): a stored article keeps its
    ``first_seen``, a new one is first seen ``now``.

    Plain (term, id) tuples go straight to the driver: building SQLAlchemy parameters for
    each row cost more than the inserts. In term order, the inserts walk the primary key
    index from one end to the other instead of jumping around it: a fifth less time once the
    index is large.
    """
    keys_by_term: defaultdict[str, list[tuple[int, int]]] = defaultdict(list)
    for target in targets:
        if target.item is not None and target.id is not None:
            first_seen = target.row["first_seen"] if target.row is not None else now
            key = (target.id, newest_key(target.item.values["published"], first_seen))
            for term in target.item.terms:
                keys_by_term[term].append(key)
    # Grouping, then sorting the distinct terms only, is cheaper than sorting every row.
    rows = [(term, *key) for term in sorted(keys_by_term) for key in keys_by_term[term]]
    if not rows:
        return
    sql = _TERM_INSERTS.get(conn.dialect.paramstyle)
    if sql is None:  # a driver with another parameter style: let SQLAlchemy bind
        names = ("term", "article_id", "newest")
        conn.execute(insert(article_terms), [dict(zip(names, r, strict=True)) for r in rows])
    else:
        conn.exec_driver_sql(sql, rows)


# -- reading ------------------------------------------------------------------------------


def _stored(row: RowMapping) -> StoredArticle:
    body: str = row["body"]
    article = Article(
        title=row["title"],
        paragraphs=tuple(body.split(PARAGRAPH_SEPARATOR)) if body else (),
        url=row["url"],
        outlet=row["outlet"],
        agency=row["agency"],
        published=row["published"],
        updated=row["updated"],
        byline=row["byline"],
        language=row["language"],
        guid=row["guid"],
        feed_summary=row["feed_summary"],
        source=row["source"],
    )
    return StoredArticle(
        id=row["id"],
        article=article,
        first_seen=row["first_seen"],
        duplicate_of=row["duplicate_of"],
        seen_only=bool(row["seen_only"]),
    )


def _chunks(values: Sequence[Any]) -> Iterator[list[Any]]:
    for start in range(0, len(values), _CHUNK):
        yield list(values[start : start + _CHUNK])
