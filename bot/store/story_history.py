"""What each channel was shown of each story: read for updates, recorded after a post.

``channel_history`` reads the records (``bot.digest.updates.SentStory``) of the stories that
given sent articles went out in; ``record_sent_stories`` notes a posted digest's stories, the
articles and quotes it showed, and the message whose thread holds each story's quotes. Only SQL
that SQLite and PostgreSQL both run.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, Table, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import SQLAlchemyError

from bot.digest.updates import SentStory, quote_key, source_identity
from bot.errors import StoreError
from bot.model import Digest, Quote, Story
from bot.store.db import describe_error
from bot.store.schema import articles, sent_articles, sent_stories, shown_quotes


def _channel(table: Table, team_id: str, channel_id: str) -> list[Any]:
    return [table.c.team_id == team_id, table.c.channel_id == channel_id]


def _keys_of(conn: Connection, team_id: str, channel_id: str, article_ids: list[int]) -> list[str]:
    query = (
        select(sent_articles.c.story_key)
        .where(*_channel(sent_articles, team_id, channel_id))
        .where(sent_articles.c.article_id.in_(article_ids), sent_articles.c.story_key.is_not(None))
        .distinct()
    )
    return sorted(str(row[0]) for row in conn.execute(query))


def channel_history(
    conn: Connection, team_id: str, channel_id: str, article_ids: Iterable[int]
) -> list[SentStory]:
    """The records of the stories ``article_ids`` (sent to the channel) went out in."""
    wanted = sorted(set(article_ids))
    try:
        keys = _keys_of(conn, team_id, channel_id, wanted) if wanted else []
        return _records(conn, team_id, channel_id, keys) if keys else []
    except SQLAlchemyError as exc:
        raise StoreError(
            f"cannot read the stories sent to {channel_id}: {describe_error(exc)}"
        ) from exc


def _records(conn: Connection, team_id: str, channel_id: str, keys: list[str]) -> list[SentStory]:
    ids: dict[str, set[int]] = defaultdict(set)
    sources: dict[str, set[str]] = defaultdict(set)
    members = (
        select(sent_articles.c.story_key, articles.c.id, articles.c.outlet, articles.c.url)
        .join(articles, articles.c.id == sent_articles.c.article_id)
        .where(*_channel(sent_articles, team_id, channel_id))
        .where(sent_articles.c.story_key.in_(keys))
    )
    for key, article_id, outlet, url in conn.execute(members):
        ids[key].add(article_id)
        sources[key].add(source_identity(outlet, url))
    quotes: dict[str, list[Quote]] = defaultdict(list)
    shown = (
        select(shown_quotes.c.story_key, shown_quotes.c.text, shown_quotes.c.speaker)
        .where(*_channel(shown_quotes, team_id, channel_id))
        .where(shown_quotes.c.story_key.in_(keys))
        .order_by(shown_quotes.c.story_key, shown_quotes.c.quote_key)
    )
    for key, text, speaker in conn.execute(shown):
        quotes[key].append(Quote(text=text, start=0, end=len(text), speaker=speaker))
    rows = conn.execute(
        select(sent_stories)
        .where(*_channel(sent_stories, team_id, channel_id))
        .where(sent_stories.c.story_key.in_(keys))
        .order_by(sent_stories.c.story_key)
    ).mappings()
    return [
        SentStory(
            key=row["story_key"],
            article_ids=frozenset(ids[row["story_key"]]),
            sources=frozenset(sources[row["story_key"]]),
            quotes=tuple(quotes[row["story_key"]]),
            first_sent=row["first_sent_at"],
            thread_ts=row["thread_ts"],
            thread_at=row["thread_at"],
        )
        for row in rows
    ]


def record_sent_stories(
    conn: Connection,
    team_id: str,
    channel_id: str,
    digest: Digest,
    message_ts: str | None,
    now: datetime,
    *,
    full_quotes: bool,
) -> None:
    """Note that ``digest`` went out in the channel at ``message_ts`` (None: unknown).

    ``full_quotes``: every quote of each story went into the message's thread (a daily
    digest), not only its key quotes (a digest posted with ``/news TOPIC here``). Safe to
    repeat: a retaken delivery records its digest again.
    """
    try:
        for story in digest.stories:
            if story.article_ids:
                _record_story(conn, team_id, channel_id, story, message_ts, now, full_quotes)
    except SQLAlchemyError as exc:
        raise StoreError(
            f"cannot record the stories sent to {channel_id}: {describe_error(exc)}"
        ) from exc


def record_delivered_stories(
    conn: Connection, team_id: str, channel_id: str, digest: Digest, ts: str, now: datetime
) -> None:
    """A daily digest posts every quote of each story in the thread: all count as shown."""
    record_sent_stories(conn, team_id, channel_id, digest, ts, now, full_quotes=True)


def _insert_absent(conn: Connection, table: Table, rows: list[dict[str, Any]]) -> None:
    dialect = postgresql if conn.dialect.name == "postgresql" else sqlite
    conn.execute(dialect.insert(table).values(rows).on_conflict_do_nothing())


def _record_story(
    conn: Connection,
    team_id: str,
    channel_id: str,
    story: Story,
    message_ts: str | None,
    now: datetime,
    full_quotes: bool,
) -> None:
    where = [*_channel(sent_stories, team_id, channel_id), sent_stories.c.story_key == story.id]
    threaded_earlier = story.update is not None and story.update.thread_ts is not None
    # The quotes' thread moves to this message unless they went into a recent earlier one.
    here = {"thread_ts": message_ts, "thread_at": now if message_ts else None}
    thread = {} if threaded_earlier else here
    moved = conn.execute(update(sent_stories).where(*where).values(last_sent_at=now, **thread))
    if not moved.rowcount:
        key = {"team_id": team_id, "channel_id": channel_id, "story_key": story.id}
        times = {"first_sent_at": now, "last_sent_at": now}
        _insert_absent(conn, sent_stories, [{**key, **times, **here}])
    conn.execute(
        update(sent_articles)
        .where(*_channel(sent_articles, team_id, channel_id))
        .where(sent_articles.c.article_id.in_(sorted(story.article_ids)))
        .where(sent_articles.c.story_key.is_(None))
        .values(story_key=story.id)
    )
    quotes = (story.quotes or story.key_quotes) if full_quotes else story.key_quotes
    rows = {
        quote_key(q): {
            "team_id": team_id,
            "channel_id": channel_id,
            "story_key": story.id,
            "quote_key": quote_key(q),
            "text": q.text,
            "speaker": q.speaker,
        }
        for q in quotes
    }
    if rows:
        _insert_absent(conn, shown_quotes, list(rows.values()))
