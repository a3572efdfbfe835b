"""What each channel was shown of each story: read for updates, recorded after a post.

``channel_history`` reads the records (``bot.model.SentStory``) of the stories that
given sent articles went out in; ``record_sent_stories`` notes a posted digest's stories, the
articles and quotes it showed, and the message whose thread holds each story's quotes. Only SQL
that SQLite and PostgreSQL both run.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, Table, bindparam, select, update

from bot.model import Digest, Quote, SentStory, Story
from bot.store.db import guarded
from bot.store.inserts import insert_absent
from bot.store.schema import articles, sent_articles, sent_stories, shown_quotes
from bot.text.keys import quote_key, source_identity


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
    with guarded(f"read the stories sent to {channel_id}"):
        keys = _keys_of(conn, team_id, channel_id, wanted) if wanted else []
        return _records(conn, team_id, channel_id, keys) if keys else []


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
    with guarded(f"record the stories sent to {channel_id}"):
        stories = [story for story in digest.stories if story.article_ids]
        if stories:
            _record_stories(conn, team_id, channel_id, stories, message_ts, now, full_quotes)


def record_delivered_stories(
    conn: Connection, team_id: str, channel_id: str, digest: Digest, ts: str, now: datetime
) -> None:
    """A daily digest posts every quote of each story in the thread: all count as shown."""
    record_sent_stories(conn, team_id, channel_id, digest, ts, now, full_quotes=True)


def _insert_absent(conn: Connection, table: Table, rows: list[dict[str, Any]]) -> None:
    conn.execute(insert_absent(conn.dialect.name, table), rows)


# Rule "built once": every delivery runs these for each of its stories, and building a
# statement anew cost more than running it. Parameters: b_team, b_channel, b_story, b_now...
def _story_row() -> list[Any]:
    return [
        sent_stories.c.team_id == bindparam("b_team"),
        sent_stories.c.channel_id == bindparam("b_channel"),
        sent_stories.c.story_key == bindparam("b_story"),
    ]


def _typed(name: str, column: Any) -> Any:
    return bindparam(name, type_=column.type)


_TOUCH_STORY = (
    update(sent_stories)
    .where(*_story_row())
    .values(last_sent_at=_typed("b_now", sent_stories.c.last_sent_at))
)
_MOVE_THREAD = _TOUCH_STORY.values(
    thread_ts=_typed("b_thread_ts", sent_stories.c.thread_ts),
    thread_at=_typed("b_thread_at", sent_stories.c.thread_at),
)
_TAG_ARTICLES = (
    update(sent_articles)
    .where(
        sent_articles.c.team_id == bindparam("b_team"),
        sent_articles.c.channel_id == bindparam("b_channel"),
        sent_articles.c.article_id == bindparam("b_id"),
        sent_articles.c.story_key.is_(None),
    )
    .values(story_key=_typed("b_story", sent_articles.c.story_key))
)


def _record_stories(
    conn: Connection,
    team_id: str,
    channel_id: str,
    stories: list[Story],
    message_ts: str | None,
    now: datetime,
    full_quotes: bool,
) -> None:
    """A few statements for all of a digest's stories (each run for many rows at once):
    every delivery records its stories, so their count, not their rows, is what costs."""
    here: dict[str, object] = {"thread_ts": message_ts, "thread_at": now if message_ts else None}
    new = [
        {"team_id": team_id, "channel_id": channel_id, "story_key": story.id}
        | {"first_sent_at": now, "last_sent_at": now}
        | here
        for story in stories
    ]
    _insert_absent(conn, sent_stories, new)  # a story seen before keeps its first time
    rows = [
        {"b_team": team_id, "b_channel": channel_id, "b_story": s.id, "b_now": now} for s in stories
    ]
    # The quotes' thread moves to this message unless they went into a recent earlier one.
    earlier = [s.update is not None and s.update.thread_ts is not None for s in stories]
    touched = [row for row, kept in zip(rows, earlier, strict=True) if kept]
    moved = [
        row | {"b_thread_ts": here["thread_ts"], "b_thread_at": here["thread_at"]}
        for row, kept in zip(rows, earlier, strict=True)
        if not kept
    ]
    if touched:
        conn.execute(_TOUCH_STORY, touched)
    if moved:
        conn.execute(_MOVE_THREAD, moved)
    tags = [
        {"b_team": team_id, "b_channel": channel_id, "b_id": article, "b_story": story.id}
        for story in stories
        for article in sorted(story.article_ids)
    ]
    conn.execute(_TAG_ARTICLES, tags)  # one executemany for every story's articles
    shown: dict[tuple[str, str], dict[str, Any]] = {}
    for story in stories:
        quotes = (story.quotes or story.key_quotes) if full_quotes else story.key_quotes
        for q in quotes:
            shown[(story.id, quote_key(q))] = {
                "team_id": team_id,
                "channel_id": channel_id,
                "story_key": story.id,
                "quote_key": quote_key(q),
                "text": q.text,
                "speaker": q.speaker,
            }
    if shown:
        _insert_absent(conn, shown_quotes, list(shown.values()))
