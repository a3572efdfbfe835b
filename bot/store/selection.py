"""Which stored articles may belong in a topic digest, found through the term index.

``candidate_ids`` is a pre-selection: it needs one indexed word of each phrase (a multi-word
alias such as "bank of england" is looked up by its longest word), so callers confirm every
candidate with ``bot.digest.topics.match_score``. Only SQL that SQLite and PostgreSQL both run.

Why it stays flat as the store grows (docs/digests.md, "How a digest is made"): a topic is a
few *groups* of indexed words, and an article needs one word of every group. One group drives.
Without a time window, each of its words is read off the index on (term, newest) newest first;
each row is checked against the other groups and the filters, and the read stops at ``limit``
rows that pass. The per-word lists are then merged. The newest ``limit`` of the union are among
the newest ``limit`` of each list, so the result is exactly the old "aggregate everything,
sort, cut" one. With a narrow window of first sight (a scheduled digest's day), the driving
words' rows are read from the window's lowest article id on instead, which bounds the work by
the window whatever the store holds (ids grow as articles are first seen).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime

from sqlalchemy import (
    ColumnElement,
    Connection,
    Select,
    exists,
    func,
    literal,
    or_,
    select,
    union_all,
)
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import SQLAlchemyError

from bot.digest.topics import Term, Topic
from bot.errors import StoreError
from bot.store.db import describe_error
from bot.store.schema import article_terms, articles, sent_articles

DEFAULT_LIMIT = 200
# A group with fewer index rows than this is cheap to read whole; the rarest group drives.
RARE_GROUP_ROWS = 1000
# A window of first sight holding at most this share of the article ids is read by id range;
# a wider one by walking the newest-first index, which stops at the limit.
NARROW_WINDOW_SHARE = 0.25

Group = frozenset[str]


def _groups(topic: Topic) -> list[Group]:
    """The word groups an article must each hold one of: one per ``all`` term, one for ``any``."""
    groups = [t.key_words() for t in topic.all_terms]
    if topic.any_terms:
        groups.append(frozenset().union(*(t.key_words() for t in topic.any_terms)))
    return groups


def _single_words(terms: Sequence[Term]) -> list[str]:
    # Only one-word phrases can be excluded in SQL; phrases are checked by the caller.
    return sorted({p[0] for t in terms for p in t.phrases if len(p) == 1})


def _has_one_of(group: Iterable[str]) -> ColumnElement[bool]:
    """The driving row's article also holds a word of ``group`` (a primary key look-up)."""
    other = article_terms.alias()
    return exists().where(
        other.c.article_id == article_terms.c.article_id, other.c.term.in_(sorted(group))
    )


def _not_sent(team_id: str, channel_id: str) -> ColumnElement[bool]:
    # A syndicated copy of an article the channel already got is not news to it either.
    sent = exists().where(
        sent_articles.c.team_id == team_id,
        sent_articles.c.channel_id == channel_id,
        or_(
            sent_articles.c.article_id == articles.c.id,
            sent_articles.c.article_id == articles.c.duplicate_of,
        ),
    )
    return ~sent


def _article_filters(
    since: datetime | None, exclude_sent_to: tuple[str, str] | None, include_seen_only: bool
) -> list[ColumnElement[bool]]:
    """Conditions on the article row itself (the driving row is joined to it when any)."""
    conditions: list[ColumnElement[bool]] = []
    if since is not None:
        conditions.append(articles.c.first_seen >= since)
    if not include_seen_only:
        conditions.append(articles.c.seen_only.is_(False))
    if exclude_sent_to is not None:
        conditions.append(_not_sent(*exclude_sent_to))
    return conditions


def _group_rows(conn: Connection, group: Group, start: int | None) -> int:
    """How many index rows ``group`` has (from id ``start`` on), counted up to RARE_GROUP_ROWS."""
    rows = select(literal(1)).where(article_terms.c.term.in_(sorted(group)))
    if start is not None:
        rows = rows.where(article_terms.c.article_id >= start)
    capped = rows.limit(RARE_GROUP_ROWS).subquery()
    return int(conn.execute(select(func.count()).select_from(capped)).scalar_one())


def _driver(conn: Connection, groups: Sequence[Group], start: int | None) -> int:
    """The position of the group to read from: the rarest, else the first of the topic."""
    if len(groups) == 1:
        return 0
    sizes = [_group_rows(conn, g, start) for g in groups]
    return sizes.index(min(sizes))


def _window_start(conn: Connection, since: datetime) -> int | None:
    """The lowest id first seen at or after ``since`` (None: no such article)."""
    # "+ 0": PostgreSQL would otherwise walk the primary key from id 1 hoping for an early hit,
    # not knowing that recent first sights are all at the end.
    lowest = select(func.min(articles.c.id + 0)).where(articles.c.first_seen >= since)
    value = conn.execute(lowest).scalar_one_or_none()
    return None if value is None else int(value)


def _is_narrow(conn: Connection, start: int) -> bool:
    highest = int(conn.execute(select(func.max(articles.c.id))).scalar_one())
    return highest - start + 1 <= NARROW_WINDOW_SHARE * highest


def _word_rows(
    word: str,
    others: Sequence[Group],
    article_filters: Sequence[ColumnElement[bool]],
    excluded: Sequence[str],
    *,
    start: int | None,
    limit: int,
) -> Select[tuple[int, int]]:
    """(id, newest) of articles holding ``word`` that pass; the newest ``limit`` unless
    ``start`` is given, then every one from that id on (the caller sorts)."""
    query = select(article_terms.c.article_id, article_terms.c.newest).where(
        article_terms.c.term == word, *(_has_one_of(g) for g in others)
    )
    if excluded:
        query = query.where(~_has_one_of(excluded))
    if article_filters:
        query = query.join(articles, articles.c.id == article_terms.c.article_id)
        query = query.where(*article_filters)
    if start is not None:
        return query.where(article_terms.c.article_id >= start)
    order = (article_terms.c.newest.desc(), article_terms.c.article_id.desc())
    return query.order_by(*order).limit(limit)


def _select(
    conn: Connection,
    topic: Topic,
    since: datetime | None,
    exclude_sent_to: tuple[str, str] | None,
    include_seen_only: bool,
    limit: int,
) -> list[int]:
    groups = _groups(topic)
    if not groups or limit <= 0:
        return []
    start = None
    if since is not None:
        start = _window_start(conn, since)
        if start is None:
            return []
        if not _is_narrow(conn, start):
            start = None  # a wide window: the newest-first walk finds the limit sooner
    lead = _driver(conn, groups, start)
    others = [g for i, g in enumerate(groups) if i != lead]
    filters = _article_filters(since, exclude_sent_to, include_seen_only)
    excluded = _single_words(topic.exclude)
    parts = [
        _word_rows(w, others, filters, excluded, start=start, limit=limit).subquery()
        for w in sorted(groups[lead])
    ]
    newest: dict[int, int] = {}
    for article_id, key in conn.execute(union_all(*(select(p) for p in parts))):
        newest[article_id] = key
    ranked = sorted(newest, key=lambda i: (newest[i], i), reverse=True)
    return ranked[:limit]


def candidate_ids(
    conn: Connection,
    topic: Topic,
    *,
    since: datetime | None = None,
    exclude_sent_to: tuple[str, str] | None = None,
    include_seen_only: bool = False,
    limit: int = DEFAULT_LIMIT,
) -> list[int]:
    """Ids of articles that may match ``topic``, newest (published, else first seen) first.

    ``since`` bounds the time newsbot first saw an article; ``exclude_sent_to`` is a
    ``(team_id, channel_id)`` whose already-sent articles (and their copies) are left out.
    """
    try:
        return _select(conn, topic, since, exclude_sent_to, include_seen_only, limit)
    except SQLAlchemyError as exc:
        raise StoreError(
            f"cannot select articles for topic {topic.slug!r}: {describe_error(exc)}"
        ) from exc


def sent_ids(
    conn: Connection, team_id: str, channel_id: str, *, since: datetime, limit: int = DEFAULT_LIMIT
) -> list[int]:
    """Articles sent to the channel at or after ``since``, most recently sent first."""
    query = (
        select(sent_articles.c.article_id)
        .where(
            sent_articles.c.team_id == team_id,
            sent_articles.c.channel_id == channel_id,
            sent_articles.c.sent_at >= since,
        )
        .order_by(sent_articles.c.sent_at.desc(), sent_articles.c.article_id.desc())
        .limit(limit)
    )
    try:
        return [row[0] for row in conn.execute(query)]
    except SQLAlchemyError as exc:
        raise StoreError(
            f"cannot read sent articles of {channel_id}: {describe_error(exc)}"
        ) from exc


def mark_sent(
    conn: Connection, team_id: str, channel_id: str, article_ids: Iterable[int], now: datetime
) -> int:
    """Record that a channel got these articles; already-recorded ones are kept as they were.

    Returns how many rows were new.
    """
    rows = [
        {"team_id": team_id, "channel_id": channel_id, "article_id": i, "sent_at": now}
        for i in sorted(set(article_ids))
    ]
    if not rows:
        return 0
    dialect = postgresql if conn.dialect.name == "postgresql" else sqlite
    statement = (
        dialect.insert(sent_articles)
        .values(rows)
        .on_conflict_do_nothing()
        .returning(sent_articles.c.article_id)
    )
    try:
        return len(conn.execute(statement).all())
    except SQLAlchemyError as exc:
        raise StoreError(
            f"cannot record sent articles for {channel_id}: {describe_error(exc)}"
        ) from exc
