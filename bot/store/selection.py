"""Which stored articles may belong in a topic digest, found through the term index.

``candidate_ids`` is a pre-selection: it needs one indexed word of each phrase (a multi-word
alias such as "bank of england" is looked up by its longest word), so callers confirm every
candidate with ``bot.digest.topics.match_score``. Only SQL that SQLite and PostgreSQL both run.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime

from sqlalchemy import ColumnElement, Connection, and_, case, exists, func, or_, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import SQLAlchemyError

from bot.digest.topics import Term, Topic
from bot.errors import StoreError
from bot.store.db import describe_error
from bot.store.schema import article_terms, articles, sent_articles

DEFAULT_LIMIT = 200


def _has_any(words: Iterable[str]) -> ColumnElement[bool]:
    """True for a group (one article's terms) holding any of ``words``."""
    hit = case((article_terms.c.term.in_(sorted(words)), 1), else_=0)
    return func.sum(hit) > 0


def _single_words(terms: Sequence[Term]) -> list[str]:
    # Only one-word phrases can be excluded in SQL; phrases are checked by the caller.
    return sorted({p[0] for t in terms for p in t.phrases if len(p) == 1})


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


def _filters(
    topic: Topic,
    since: datetime | None,
    exclude_sent_to: tuple[str, str] | None,
    include_seen_only: bool,
) -> list[ColumnElement[bool]]:
    conditions: list[ColumnElement[bool]] = []
    if since is not None:
        conditions.append(articles.c.first_seen >= since)
    if not include_seen_only:
        conditions.append(articles.c.seen_only.is_(False))
    if exclude_sent_to is not None:
        conditions.append(_not_sent(*exclude_sent_to))
    excluded = _single_words(topic.exclude)
    if excluded:
        # An alias: the outer query already joins article_terms, which would auto-correlate.
        other = article_terms.alias("excluded_terms")
        hidden = exists().where(other.c.article_id == articles.c.id, other.c.term.in_(excluded))
        conditions.append(~hidden)
    return conditions


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
    groups = [t.key_words() for t in topic.all_terms]
    if topic.any_terms:
        groups.append(frozenset().union(*(t.key_words() for t in topic.any_terms)))
    if not groups or limit <= 0:
        return []
    newest = func.coalesce(articles.c.published, articles.c.first_seen)
    query = (
        select(articles.c.id)
        .join(article_terms, article_terms.c.article_id == articles.c.id)
        .where(article_terms.c.term.in_(sorted(frozenset().union(*groups))))
        .where(*_filters(topic, since, exclude_sent_to, include_seen_only))
        .group_by(articles.c.id, articles.c.published, articles.c.first_seen)
        .having(and_(*(_has_any(g) for g in groups)))
        .order_by(newest.desc(), articles.c.id.desc())
        .limit(limit)
    )
    try:
        return [row[0] for row in conn.execute(query)]
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


def sent_among(
    conn: Connection, team_id: str, channel_id: str, article_ids: Iterable[int]
) -> set[int]:
    """Which of ``article_ids`` the channel has been sent (by any digest, shared or not)."""
    wanted = sorted(set(article_ids))
    if not wanted:
        return set()
    query = select(sent_articles.c.article_id).where(
        sent_articles.c.team_id == team_id,
        sent_articles.c.channel_id == channel_id,
        sent_articles.c.article_id.in_(wanted),
    )
    try:
        return {row[0] for row in conn.execute(query)}
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
