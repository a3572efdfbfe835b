"""The article store: save articles idempotently, link copies, index terms, read them back.

Identity: an article is the same one when its feed guid or its normalised URL matches a stored
one (``guid_key``/``url_key``); it is then updated in place, keeping ``first_seen`` and its
``seen_only`` flag (so items known when a feed was added never turn "new" on a later poll).
An article with neither guid nor URL (a text dump) is identified by its outlet and text.

Copies: a *different* article whose text is the same (same fingerprint) or nearly the same
(5-word shingle Jaccard >= 0.8) as a recent one is stored too and linked by ``duplicate_of``
to the first copy, never dropped. Candidates are found cheaply: by fingerprint (indexed) and
by the few longest terms of the title and lead, looked up in ``article_terms``.

Everything is done in bulk (a handful of statements per call, executemany for rows) with SQL
that SQLite and PostgreSQL both run.
"""

from __future__ import annotations

import hashlib
import re
from collections import defaultdict, deque
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import (
    Connection,
    RowMapping,
    bindparam,
    delete,
    func,
    insert,
    select,
    union_all,
    update,
)

from bot.digest.terms import index_terms
from bot.ingest.urls import guid_key, url_key
from bot.model import PARAGRAPH_SEPARATOR, Article, content_fingerprint
from bot.store.schema import article_terms, articles

# Copies of one story arrive within hours; looking further back only costs time.
DUPLICATE_WINDOW = timedelta(days=3)
NEAR_DUPLICATE = 0.8
SHINGLE_WORDS = 5
# Below this many words two texts can match by accident (teasers, "Developing story...").
MIN_WORDS_FOR_COPY = 25
PROBE_TERMS = 4
MIN_PROBE_HITS = 2
MAX_CANDIDATES = 10
# Only the latest originals per probe term are looked at: a term in thousands of articles
# says nothing, and the bound keeps a save linear in the batch whatever the store holds.
MAX_POSTINGS = 50
_TOKEN = re.compile(r"\w+")
_CHUNK = 500  # ids or keys per IN (...): well under SQLite's variable limit
_TERMS_PER_QUERY = 50  # limited sub-selects per UNION ALL
# Columns with a length limit (PostgreSQL enforces it): longer values are cut, not refused.
_LIMITS = {"outlet": 255, "agency": 255, "byline": 512, "language": 16, "source": 255}
_CONTENT_COLUMNS = (
    "guid",
    "url",
    "title",
    "outlet",
    "agency",
    "byline",
    "language",
    "published",
    "updated",
    "body",
    "feed_summary",
    "fingerprint",
    "source",
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
    shingles: frozenset[int]
    probes: tuple[str, ...]


@dataclass(eq=False)  # compared and hashed by identity
class _Target:
    """Where an article goes: a stored row (``row``) or a new one (``row is None``)."""

    row: RowMapping | None
    item: _Item | None = None
    key_values: dict[str, str | None] = field(default_factory=dict)
    duplicate_of: int | None = None
    within_batch_original: _Target | None = None
    id: int | None = None


# -- public interface ---------------------------------------------------------------------


def save_articles(
    conn: Connection, articles_in: Sequence[Article], *, now: datetime, seen_only: bool = False
) -> SaveReport:
    """Store ``articles_in``: insert new ones, update known ones, link copies, index terms."""
    items = [_prepare(article) for article in articles_in]
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


def shingles(text: str) -> frozenset[int]:
    """Hashed runs of ``SHINGLE_WORDS`` words: two copies of a text share most of them."""
    tokens = _TOKEN.findall(text.casefold())
    if len(tokens) < SHINGLE_WORDS:
        return frozenset({hash(" ".join(tokens))}) if tokens else frozenset()
    return frozenset(
        hash(" ".join(tokens[i : i + SHINGLE_WORDS]))
        for i in range(len(tokens) - SHINGLE_WORDS + 1)
    )


def jaccard(a: frozenset[int], b: frozenset[int]) -> float:
    if not a or not b:
        return 0.0
    return len(a & b) / len(a | b)


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
    copyable = len(_TOKEN.findall(body)) >= MIN_WORDS_FOR_COPY
    return _Item(
        values=values,
        terms=terms,
        keys=(guid_key(article.guid) if article.guid else None, _url_or_content_key(article)),
        shingles=shingles(body) if copyable else frozenset(),
        probes=tuple(sorted(terms, key=lambda t: (-len(t), t))[:PROBE_TERMS]) if copyable else (),
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
    _insert_terms(conn, changed)


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
    _find_copies(conn, targets, now)
    # Originals first: a copy of an article new in this batch needs the original's id.
    originals = [t for t in targets if t.within_batch_original is None]
    copies = [t for t in targets if t.within_batch_original is not None]
    _insert_rows(conn, originals, now, seen_only)
    for copy in copies:
        assert copy.within_batch_original is not None
        copy.duplicate_of = copy.within_batch_original.id
    _insert_rows(conn, copies, now, seen_only)
    _insert_terms(conn, targets)
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


def _insert_terms(conn: Connection, targets: Iterable[_Target]) -> None:
    rows = [
        {"term": term, "article_id": t.id}
        for t in targets
        if t.item is not None
        for term in sorted(t.item.terms)
    ]
    if rows:
        conn.execute(insert(article_terms), rows)


def _find_copies(conn: Connection, targets: Sequence[_Target], now: datetime) -> None:
    """Set ``duplicate_of`` (stored original) or ``within_batch_original`` on each copy."""
    stored_roots = _roots_by_fingerprint(conn, targets)
    stored_candidates = _stored_candidates(conn, targets, now)
    seen_fingerprints: dict[str, _Target] = {}
    probe_index: defaultdict[str, deque[_Target]] = defaultdict(lambda: deque(maxlen=MAX_POSTINGS))
    for target in targets:
        item = target.item
        assert item is not None
        if not item.shingles:
            continue  # too short to tell a copy from a coincidence
        fingerprint = item.values["fingerprint"]
        target.duplicate_of = stored_roots.get(fingerprint)
        if target.duplicate_of is None:
            target.within_batch_original = seen_fingerprints.get(fingerprint)
        if target.duplicate_of is None and target.within_batch_original is None:
            _match_near(target, stored_candidates.get(id(target), []), probe_index)
        if target.duplicate_of is None and target.within_batch_original is None:
            seen_fingerprints.setdefault(fingerprint, target)
            for probe in item.probes:
                probe_index[probe].append(target)


def _match_near(
    target: _Target,
    stored: Sequence[tuple[int, frozenset[int]]],
    probe_index: Mapping[str, Sequence[_Target]],
) -> None:
    assert target.item is not None
    mine = target.item.shingles
    for row_id, theirs in stored:
        if jaccard(mine, theirs) >= NEAR_DUPLICATE:
            target.duplicate_of = row_id
            return
    hits: defaultdict[int, int] = defaultdict(int)
    earlier: dict[int, _Target] = {}
    for probe in target.item.probes:
        for other in probe_index.get(probe, ()):
            hits[id(other)] += 1
            earlier[id(other)] = other
    ranked = sorted((k for k, n in hits.items() if n >= MIN_PROBE_HITS), key=lambda k: -hits[k])
    for key in ranked[:MAX_CANDIDATES]:
        other = earlier[key]
        assert other.item is not None
        if jaccard(mine, other.item.shingles) >= NEAR_DUPLICATE:
            target.within_batch_original = other
            return


def _roots_by_fingerprint(conn: Connection, targets: Sequence[_Target]) -> dict[str, int]:
    """For each fingerprint already stored, the id of its first (original) copy."""
    prints = list({t.item.values["fingerprint"] for t in targets if t.item and t.item.shingles})
    roots: dict[str, int] = {}
    query = select(articles.c.fingerprint, articles.c.id, articles.c.duplicate_of)
    for chunk in _chunks(prints):
        for fingerprint, row_id, duplicate_of in conn.execute(
            query.where(articles.c.fingerprint.in_(chunk))
        ):
            root = duplicate_of or row_id
            roots[fingerprint] = min(root, roots.get(fingerprint, root))
    return roots


def _stored_candidates(
    conn: Connection, targets: Sequence[_Target], now: datetime
) -> dict[int, list[tuple[int, frozenset[int]]]]:
    """Recent stored originals sharing enough probe terms with each target, with shingles."""
    wanted: defaultdict[str, list[_Target]] = defaultdict(list)
    for target in targets:
        assert target.item is not None
        for probe in target.item.probes:
            wanted[probe].append(target)
    postings = _recent_postings(conn, list(wanted))
    per_target: dict[int, list[int]] = {}
    for target in targets:
        assert target.item is not None
        hits: defaultdict[int, int] = defaultdict(int)
        for probe in target.item.probes:
            for row_id in postings.get(probe, ()):
                hits[row_id] += 1
        good = sorted((r for r, n in hits.items() if n >= MIN_PROBE_HITS), key=lambda r: -hits[r])
        if good:
            per_target[id(target)] = good[:MAX_CANDIDATES]
    candidates = {r for ids in per_target.values() for r in ids}
    bodies = _bodies(conn, candidates, now - DUPLICATE_WINDOW)
    return {key: [(r, bodies[r]) for r in ids if r in bodies] for key, ids in per_target.items()}


def _recent_postings(conn: Connection, terms: list[str]) -> dict[str, list[int]]:
    """The latest ``MAX_POSTINGS`` article ids per term (ids grow with time)."""
    postings: defaultdict[str, list[int]] = defaultdict(list)
    for start in range(0, len(terms), _TERMS_PER_QUERY):
        limited = [
            select(article_terms.c.term, article_terms.c.article_id)
            .where(article_terms.c.term == term)
            .order_by(article_terms.c.article_id.desc())
            .limit(MAX_POSTINGS)
            .subquery()
            for term in terms[start : start + _TERMS_PER_QUERY]
        ]
        for term, row_id in conn.execute(union_all(*(select(sub) for sub in limited))):
            postings[term].append(row_id)
    return postings


def _bodies(conn: Connection, ids: set[int], since: datetime) -> dict[int, frozenset[int]]:
    """Shingles of the recent originals among ``ids``."""
    out: dict[int, frozenset[int]] = {}
    for chunk in _chunks(sorted(ids)):
        query = select(articles.c.id, articles.c.body).where(
            articles.c.id.in_(chunk),
            articles.c.first_seen >= since,
            articles.c.duplicate_of.is_(None),
        )
        for row_id, body in conn.execute(query):
            out[row_id] = shingles(body)
    return out


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
