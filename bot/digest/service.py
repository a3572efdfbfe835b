"""Digests from the store (or from loose articles): the I/O glue used by the CLI, the Slack app
and scheduled delivery. Selection is SQL, everything after it is ``bot.digest.build``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from sqlalchemy import Connection, Engine

from bot.digest.analysis_cache import analyses_for
from bot.digest.build import build_digest
from bot.digest.stories import EVENT_WINDOW
from bot.digest.updates import DEFAULT_THREAD_WINDOW
from bot.model import Article, Digest
from bot.nlp.analyze import analyze
from bot.store.articles import StoredArticle, get_articles
from bot.store.db import transaction
from bot.store.selection import candidate_ids, mark_sent, sent_ids
from bot.store.story_history import channel_history, record_sent_stories
from bot.text.topics import Topic, TopicCatalog, match_score

DEFAULT_LIMIT = 8
MAX_CANDIDATES = 200


def candidate_pool(limit: int) -> int:
    """How many newest candidates to cluster: enough for ``limit`` stories of ~5 copies each."""
    return min(MAX_CANDIDATES, max(40, limit * 6))


def _matching(
    conn: Connection, topic: Topic, ids: list[int]
) -> tuple[list[StoredArticle], dict[int, float]]:
    """The articles of ``ids`` that match ``topic`` and their match strengths by id."""
    # The SQL pre-selection is a superset (phrases, excludes): confirm before analysing.
    stored = get_articles(conn, ids)
    scores = {s.id: match_score(topic, s.article) for s in stored}
    return [s for s in stored if scores[s.id] > 0], {i: m for i, m in scores.items() if m > 0}


def _from_store(
    engine: Engine,
    topic: Topic,
    *,
    now: datetime,
    limit: int,
    since: datetime | None = None,
    sent_to: tuple[str, str] | None = None,
    thread_window: timedelta = DEFAULT_THREAD_WINDOW,
) -> Digest:
    """Scheduled digests name ``sent_to``: its sent articles come back only in updates, and
    seen-only articles are left out."""
    with transaction(engine, f"read articles for topic {topic.slug!r}") as conn:
        ids = candidate_ids(
            conn,
            topic,
            since=since,
            exclude_sent_to=sent_to,
            include_seen_only=sent_to is None,
            limit=candidate_pool(limit),
        )
        sent = _recently_sent(conn, sent_to, since or now)
        stored, matches = _matching(conn, topic, [*ids, *sent])
        analyses = analyses_for(conn, stored)
        history = channel_history(conn, *sent_to, sent) if sent_to else []
    return build_digest(
        stored,
        analyses,
        topic,
        now=now,
        window_start=since,
        window_end=now,
        limit=limit,
        already_sent=frozenset(sent),
        history=history,
        thread_window=thread_window,
        matches=matches,
    )


def _recently_sent(conn: Connection, sent_to: tuple[str, str] | None, start: datetime) -> list[int]:
    # Sent articles that new reports of the same event could cluster with: a story the channel
    # already got comes back only as an update (``bot.digest.updates``), never whole.
    if sent_to is None:
        return []
    return sent_ids(conn, *sent_to, since=start - EVENT_WINDOW, limit=MAX_CANDIDATES)


def on_demand_digest(
    engine: Engine,
    topic_slug: str,
    *,
    topics: TopicCatalog,
    now: datetime,
    limit: int = DEFAULT_LIMIT,
    since: datetime | None = None,
) -> Digest:
    """The newest matching stories, whatever their age (or first seen after ``since``).

    Articles stored as "seen only" (present when a feed was added) count here: the user asked
    what is known about the topic, not what is new.
    """
    topic = topics.resolve(topic_slug)
    digest = _from_store(engine, topic, now=now, limit=limit, since=since)
    return replace(digest, window_end=now if since else None)


def scheduled_window_start(since: datetime | None, now: datetime, window_hours: int) -> datetime:
    """From the channel's previous digest, but never more than ``window_hours`` back."""
    floor = now - timedelta(hours=window_hours)
    return floor if since is None else max(since, floor)


def scheduled_digest(
    engine: Engine,
    topic_slug: str,
    *,
    topics: TopicCatalog,
    team_id: str,
    channel_id: str,
    since: datetime | None,
    now: datetime,
    window_hours: int = 24,
    limit: int = DEFAULT_LIMIT,
    thread_window: timedelta = DEFAULT_THREAD_WINDOW,
) -> Digest:
    """Stories newsbot first saw in the window and has not sent to this channel before, and
    stories it has sent that gained sources or quotes since, as updates (``Story.update``).

    Seen-only articles never count; publication time ranks stories but does not exclude one.
    After posting, record the digest with ``mark_digest_sent``.
    """
    topic = topics.resolve(topic_slug)
    start = scheduled_window_start(since, now, window_hours)
    return _from_store(
        engine,
        topic,
        now=now,
        limit=limit,
        since=start,
        sent_to=(team_id, channel_id),
        thread_window=thread_window,
    )


def mark_digest_sent(
    engine: Engine,
    digest: Digest,
    *,
    team_id: str,
    channel_id: str,
    now: datetime,
    message_ts: str | None = None,
) -> int:
    """Record every article of ``digest`` as sent to the channel, and its stories with their
    quotes (see ``record_sent_stories``); returns how many articles were new."""
    ids = [i for story in digest.stories for i in story.article_ids]
    with transaction(engine, f"record the digest sent to {channel_id}") as conn:
        added = mark_sent(conn, team_id, channel_id, ids, now)
        record_sent_stories(conn, team_id, channel_id, digest, message_ts, now, full_quotes=True)
        return added


@dataclass(frozen=True)
class _Loose:
    """An article that is not in the store, shaped like a stored one for ``build_digest``."""

    id: int
    article: Article
    first_seen: datetime | None = None
    duplicate_of: int | None = None


def digest_from_articles(
    articles: Sequence[Article],
    topic_slug: str,
    *,
    topics: TopicCatalog,
    now: datetime,
    limit: int = DEFAULT_LIMIT,
) -> Digest:
    """A digest of the given articles alone (``newsbot digest --from``); the store is untouched."""
    topic = topics.resolve(topic_slug)
    loose = [_Loose(i, a) for i, a in enumerate(articles, start=1)]
    matches = {x.id: m for x in loose if (m := match_score(topic, x.article)) > 0}
    analyses = {x.id: analyze(x.article) for x in loose if x.id in matches}
    digest = build_digest(
        loose,
        analyses,
        topic,
        now=now,
        window_start=None,
        window_end=None,
        limit=limit,
        matches=matches,
    )
    # Positions in the given list are no article ids anyone could look up.
    return replace(digest, stories=tuple(replace(s, article_ids=()) for s in digest.stories))
