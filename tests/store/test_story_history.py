"""What each channel was shown of each story: recorded after a post, read for updates."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from alembic import command
from sqlalchemy import Engine, column, insert, select, table

from bot.model import Digest, Quote, Source, Story, StoryUpdate
from bot.store.db import alembic_config, create_store_engine, migrate
from bot.store.schema import UTCDateTime, sent_articles
from bot.store.selection import mark_sent
from bot.store.story_history import channel_history, record_sent_stories

NOW = datetime(2026, 11, 28, 8, 0, tzinfo=UTC)
SAID = Quote("We will keep talking.", 0, 21, speaker="Marta Kowalski")
ALSO = Quote("Nobody expects miracles.", 0, 24, speaker="Ana Lind")


def _articles(engine: Engine, *ids: int) -> None:
    # Plain inserts of the columns every revision since 0001 has, so the upgrade test can use it.
    rows = table(
        "articles",
        *(column(n) for n in ("id", "title", "body", "fingerprint", "seen_only", "outlet", "url")),
        column("first_seen", UTCDateTime()),
        column("last_seen", UTCDateTime()),
        column("analysis_version"),
    )
    with engine.begin() as conn:
        for i in ids:
            conn.execute(
                insert(rows).values(
                    id=i,
                    title=f"t{i}",
                    body="b",
                    fingerprint=f"f{i}",
                    seen_only=False,
                    outlet=f"Outlet {i}",
                    url=f"https://o{i}.example/a",
                    first_seen=NOW,
                    last_seen=NOW,
                    analysis_version=0,
                )
            )


def _digest(*stories: Story) -> Digest:
    return Digest(topic="t", topic_name="T", generated_at=NOW, stories=stories)


def _story(key: str, ids: tuple[int, ...], *quotes: Quote, **kw: object) -> Story:
    return Story(
        id=key,
        title="A story",
        summary=(),
        key_quotes=quotes[:1],
        quotes=quotes,
        sources=(Source("Outlet", None),),
        article_ids=ids,
        **kw,  # type: ignore[arg-type]
    )


def _send(engine: Engine, digest: Digest, ts: str, at: datetime, *, full: bool = True) -> None:
    ids = [i for s in digest.stories for i in s.article_ids]
    with engine.begin() as conn:
        mark_sent(conn, "T1", "C1", ids, at)
        record_sent_stories(conn, "T1", "C1", digest, ts, at, full_quotes=full)


def test_a_sent_story_is_read_back_with_its_articles_sources_quotes_and_thread(
    engine: Engine,
) -> None:
    _articles(engine, 1, 2)
    _send(engine, _digest(_story("s1", (1, 2), SAID, ALSO)), "1.1", NOW)
    with engine.connect() as conn:
        (record,) = channel_history(conn, "T1", "C1", [2])
        assert channel_history(conn, "T1", "C2", [2]) == []
    assert record.key == "s1" and record.article_ids == {1, 2}
    assert record.sources == {"outlet:outlet 1", "outlet:outlet 2"}
    assert sorted(q.text for q in record.quotes) == sorted([SAID.text, ALSO.text])
    assert (record.first_sent, record.thread_ts, record.thread_at) == (NOW, "1.1", NOW)


def test_an_update_keeps_or_moves_the_thread_and_adds_its_articles_and_quotes(
    engine: Engine,
) -> None:
    _articles(engine, 1, 2, 3)
    _send(engine, _digest(_story("s1", (1,), SAID)), "1.1", NOW)
    later = NOW + timedelta(days=1)
    threaded = _story("s1", (1, 2), ALSO, update=StoryUpdate(NOW, thread_ts="1.1"))
    _send(engine, _digest(threaded), "2.2", later)
    with engine.connect() as conn:
        (record,) = channel_history(conn, "T1", "C1", [1])
    assert record.article_ids == {1, 2} and len(record.quotes) == 2
    assert (record.thread_ts, record.thread_at) == ("1.1", NOW)
    moved = _story("s1", (1, 2, 3), update=StoryUpdate(NOW, thread_ts=None))
    _send(engine, _digest(moved), "3.3", later + timedelta(days=1))
    with engine.connect() as conn:
        (record,) = channel_history(conn, "T1", "C1", [3])
    assert (record.thread_ts, record.first_sent) == ("3.3", NOW)


def test_a_digest_posted_with_here_shows_only_key_quotes(engine: Engine) -> None:
    _articles(engine, 1)
    _send(engine, _digest(_story("s1", (1,), SAID, ALSO)), "1.1", NOW, full=False)
    with engine.connect() as conn:
        (record,) = channel_history(conn, "T1", "C1", [1])
    assert [q.text for q in record.quotes] == [SAID.text]


def test_recording_twice_changes_nothing(engine: Engine) -> None:
    _articles(engine, 1)
    digest = _digest(_story("s1", (1,), SAID))
    _send(engine, digest, "1.1", NOW)
    _send(engine, digest, "1.1", NOW)
    with engine.connect() as conn:
        (record,) = channel_history(conn, "T1", "C1", [1])
    assert len(record.quotes) == 1 and record.thread_ts == "1.1"


def test_rows_sent_before_the_upgrade_keep_no_story(database_url: str) -> None:
    """Migration 0006 keeps sent_articles rows and leaves their story unknown (NULL)."""
    engine = create_store_engine(database_url)
    config = alembic_config(engine)
    with engine.begin() as conn:
        config.attributes["connection"] = conn
        command.upgrade(config, "0004_delivery_fencing")
    _articles(engine, 1)
    old = table(  # sent_articles as revision 0004 had it
        "sent_articles",
        *(column(name) for name in ("team_id", "channel_id", "article_id")),
        column("sent_at", UTCDateTime()),
    )
    with engine.begin() as conn:
        conn.execute(insert(old).values(team_id="T1", channel_id="C1", article_id=1, sent_at=NOW))
    migrate(engine)
    with engine.connect() as conn:
        keys = conn.execute(select(sent_articles.c.story_key)).scalars().all()
        history = channel_history(conn, "T1", "C1", [1])
    engine.dispose()
    assert keys == [None] and history == []
