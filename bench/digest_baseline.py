"""The baseline of ``bench digest``: topic selection as newsbot did it before migration 0008.

One query joins every index row of the topic's words, groups them by article, keeps the
articles holding a word of each group, then sorts and cuts: all matching articles are
aggregated before the limit, so it grows with the store. Kept here only to be timed beside
``bot.store.selection.candidate_ids`` on the same store and requests; it runs on the current
schema (it reads only ``article_terms.term`` and ``article_id``).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from sqlalchemy import ColumnElement, Connection, and_, case, exists, func, or_, select

from bot.store.schema import article_terms, articles, sent_articles
from bot.text.topics import Topic


def _has_any(words: Iterable[str]) -> ColumnElement[bool]:
    hit = case((article_terms.c.term.in_(sorted(words)), 1), else_=0)
    return func.sum(hit) > 0


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
        team_id, channel_id = exclude_sent_to
        sent = exists().where(
            sent_articles.c.team_id == team_id,
            sent_articles.c.channel_id == channel_id,
            or_(
                sent_articles.c.article_id == articles.c.id,
                sent_articles.c.article_id == articles.c.duplicate_of,
            ),
        )
        conditions.append(~sent)
    excluded = sorted({p[0] for t in topic.exclude for p in t.phrases if len(p) == 1})
    if excluded:
        other = article_terms.alias("excluded_terms")
        hidden = exists().where(other.c.article_id == articles.c.id, other.c.term.in_(excluded))
        conditions.append(~hidden)
    return conditions


def old_candidate_ids(
    conn: Connection,
    topic: Topic,
    *,
    since: datetime | None = None,
    exclude_sent_to: tuple[str, str] | None = None,
    include_seen_only: bool = False,
    limit: int = 200,
) -> list[int]:
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
    return [row[0] for row in conn.execute(query)]
