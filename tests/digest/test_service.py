from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta

import pytest
from sqlalchemy import Engine, select, update

from bot.digest.service import (
    digest_from_articles,
    mark_digest_sent,
    on_demand_digest,
    scheduled_digest,
    scheduled_window_start,
)
from bot.errors import TopicError
from bot.model import Article, Digest
from bot.nlp.analyze import ANALYZER_VERSION
from bot.resources import resource_dir
from bot.store.articles import save_articles
from bot.store.schema import articles
from bot.store.selection import mark_sent
from bot.text.topics import Topic, TopicCatalog, load_topics, match_score
from fakes.digest import T0
from tests.digest.conftest import COPY, HARBOR, MERIDIAN, RATES, SPACE, SWAP, WIRE

NOW = T0 + timedelta(hours=12)
EVENT = (WIRE, COPY, MERIDIAN, HARBOR)


@pytest.fixture
def topics() -> TopicCatalog:
    return load_topics(resource_dir("config") / "topics.toml")


def _save(
    engine: Engine, items: tuple[Article, ...], *, at: datetime, seen_only: bool = False
) -> None:
    with engine.begin() as conn:
        save_articles(conn, items, now=at, seen_only=seen_only)


def _cached(engine: Engine) -> dict[int, tuple[str | None, int]]:
    with engine.connect() as conn:
        rows = conn.execute(select(articles.c.id, articles.c.analysis, articles.c.analysis_version))
        return {r[0]: (r[1], r[2]) for r in rows}


def test_on_demand_merges_outlets_and_ranks(engine: Engine, topics: TopicCatalog) -> None:
    _save(engine, (*EVENT, SWAP, SPACE, RATES), at=T0)
    digest = on_demand_digest(engine, "putin-biden", topics=topics, now=NOW)
    assert [s.title for s in digest.stories] == [WIRE.title, SPACE.title, SWAP.title]
    lead = digest.stories[0]
    assert {s.outlet for s in lead.sources} == {a.outlet for a in EVENT}
    assert len(lead.article_ids) == 4
    assert lead.key_quotes and lead.summary
    assert digest.window_start is None and digest.window_end is None


def test_analyses_are_cached_with_their_version(engine: Engine, topics: TopicCatalog) -> None:
    _save(engine, (WIRE, SPACE, RATES), at=T0)
    first = on_demand_digest(engine, "putin-biden", topics=topics, now=NOW)
    cached = _cached(engine)
    analysed = [i for i, (raw, version) in cached.items() if raw and version == ANALYZER_VERSION]
    assert len(analysed) == 2  # the rate decision never matched, so it was never analysed
    assert on_demand_digest(engine, "putin-biden", topics=topics, now=NOW) == first


def test_stale_or_broken_cache_is_recomputed(engine: Engine, topics: TopicCatalog) -> None:
    _save(engine, (WIRE, SPACE), at=T0)
    good = on_demand_digest(engine, "putin-biden", topics=topics, now=NOW)
    with engine.begin() as conn:
        conn.execute(
            update(articles).values(analysis="{not json", analysis_version=ANALYZER_VERSION)
        )
    assert on_demand_digest(engine, "putin-biden", topics=topics, now=NOW) == good
    with engine.begin() as conn:
        conn.execute(update(articles).values(analysis='{"quotes": []}', analysis_version=0))
    assert on_demand_digest(engine, "putin-biden", topics=topics, now=NOW) == good
    assert all(v == ANALYZER_VERSION for _, v in _cached(engine).values())


def test_on_demand_since_bounds_first_seen(engine: Engine, topics: TopicCatalog) -> None:
    _save(engine, (SWAP,), at=T0 - timedelta(days=6))
    _save(engine, (SPACE,), at=T0)
    digest = on_demand_digest(
        engine, "putin-biden", topics=topics, now=NOW, since=NOW - timedelta(days=1)
    )
    assert [s.title for s in digest.stories] == [SPACE.title]
    assert digest.window_end == NOW


def test_scheduled_covers_first_seen_in_window_not_yet_sent(
    engine: Engine, topics: TopicCatalog
) -> None:
    _save(engine, (SWAP,), at=NOW - timedelta(hours=30))  # first seen before the window
    _save(engine, (SPACE,), at=NOW - timedelta(hours=1), seen_only=True)
    _save(engine, EVENT, at=NOW - timedelta(hours=2))

    def run(channel: str, at: datetime = NOW) -> Digest:
        return scheduled_digest(
            engine,
            "putin-biden",
            topics=topics,
            team_id="T1",
            channel_id=channel,
            since=None,
            now=at,
        )

    digest = run("C1")
    assert [s.title for s in digest.stories] == [WIRE.title]
    assert digest.window_start == NOW - timedelta(hours=24) and digest.window_end == NOW
    assert mark_digest_sent(engine, digest, team_id="T1", channel_id="C1", now=NOW) == 4
    assert run("C1", NOW + timedelta(minutes=5)).stories == ()
    assert [s.title for s in run("C2").stories] == [WIRE.title]


def test_old_publication_first_seen_recently_is_included(
    engine: Engine, topics: TopicCatalog
) -> None:
    _save(engine, (SWAP,), at=NOW - timedelta(hours=1))  # published six days ago
    digest = scheduled_digest(
        engine,
        "putin-biden",
        topics=topics,
        team_id="T",
        channel_id="C",
        since=NOW - timedelta(hours=3),
        now=NOW,
    )
    assert [s.title for s in digest.stories] == [SWAP.title]


def test_window_start_is_the_previous_digest_but_at_most_the_window() -> None:
    assert scheduled_window_start(None, NOW, 24) == NOW - timedelta(hours=24)
    assert scheduled_window_start(NOW - timedelta(hours=3), NOW, 24) == NOW - timedelta(hours=3)
    assert scheduled_window_start(NOW - timedelta(days=9), NOW, 24) == NOW - timedelta(hours=24)


def test_digest_from_articles_needs_no_store(topics: TopicCatalog) -> None:
    digest = digest_from_articles([*EVENT, RATES], "putin-biden", topics=topics, now=NOW)
    (story,) = digest.stories
    assert story.title == WIRE.title and len(story.sources) == 4
    assert story.article_ids == ()


def test_bad_topic_is_a_topic_error(engine: Engine, topics: TopicCatalog) -> None:
    with pytest.raises(TopicError):
        on_demand_digest(engine, "Putin Biden", topics=topics, now=NOW)
    with pytest.raises(TopicError):
        digest_from_articles([WIRE], "", topics=topics, now=NOW)


def _channel_run(
    engine: Engine, topics: TopicCatalog
) -> Callable[[datetime, datetime | None], Digest]:
    def run(at: datetime, since: datetime | None) -> Digest:
        return scheduled_digest(
            engine,
            "putin-biden",
            topics=topics,
            team_id="T1",
            channel_id="C1",
            since=since,
            now=at,
        )

    return run


def test_a_later_report_of_a_sent_story_comes_back_once_with_only_what_is_new(
    engine: Engine, topics: TopicCatalog
) -> None:
    run = _channel_run(engine, topics)
    _save(engine, (WIRE, COPY), at=NOW - timedelta(hours=20))
    first = run(NOW - timedelta(hours=19), None)
    assert [s.title for s in first.stories] == [WIRE.title] and first.stories[0].update is None
    sent_at = NOW - timedelta(hours=19)
    mark_digest_sent(engine, first, team_id="T1", channel_id="C1", now=sent_at, message_ts="1.1")
    _save(engine, (MERIDIAN, HARBOR, SPACE), at=NOW - timedelta(hours=2))
    second = run(NOW, sent_at)
    by_title = {s.title: s for s in second.stories}
    assert set(by_title) == {WIRE.title, SPACE.title}
    updated = by_title[WIRE.title]
    assert updated.update is not None and by_title[SPACE.title].update is None
    assert updated.id == first.stories[0].id  # recorded under the key it was first sent with
    assert updated.update.first_sent == sent_at and updated.update.thread_ts == "1.1"
    assert updated.summary == ()
    assert {s.outlet for s in updated.sources} == {MERIDIAN.outlet, HARBOR.outlet}
    # Voronin's lines were shown with the wire; only the White House official's is new.
    assert [q.text for q in updated.quotes] == [
        "raise our concerns about the troop build-up directly."
    ]
    mark_digest_sent(engine, second, team_id="T1", channel_id="C1", now=NOW, message_ts="2.2")
    assert run(NOW + timedelta(hours=1), NOW).stories == ()


def test_a_sent_story_with_nothing_new_is_not_repeated(
    engine: Engine, topics: TopicCatalog
) -> None:
    run = _channel_run(engine, topics)
    _save(engine, (WIRE,), at=NOW - timedelta(hours=20))
    first = run(NOW - timedelta(hours=19), None)
    mark_digest_sent(engine, first, team_id="T1", channel_id="C1", now=NOW - timedelta(hours=19))
    # The syndicated copy is another outlet, but a stored duplicate of a sent article: not news.
    _save(engine, (COPY,), at=NOW - timedelta(hours=2))
    assert run(NOW, NOW - timedelta(hours=19)).stories == ()


def test_a_story_sent_before_updates_were_recorded_stays_out(
    engine: Engine, topics: TopicCatalog
) -> None:
    run = _channel_run(engine, topics)
    _save(engine, (WIRE, COPY), at=NOW - timedelta(hours=20))
    first = run(NOW - timedelta(hours=19), None)
    with engine.begin() as conn:  # how migration 0005 leaves rows sent before it: no story
        mark_sent(conn, "T1", "C1", list(first.stories[0].article_ids), NOW - timedelta(hours=19))
    _save(engine, (MERIDIAN, HARBOR, SPACE), at=NOW - timedelta(hours=2))
    second = run(NOW, NOW - timedelta(hours=19))
    assert [s.title for s in second.stories] == [SPACE.title]


def test_each_candidate_is_scored_against_the_topic_once(
    engine: Engine, topics: TopicCatalog, monkeypatch: pytest.MonkeyPatch
) -> None:
    _save(engine, (*EVENT, SWAP, SPACE, RATES), at=T0)
    scored: list[str | None] = []

    def counting(topic: Topic, item: Article) -> float:
        scored.append(item.url)
        return match_score(topic, item)

    for module in ("bot.digest.service", "bot.digest.build"):
        monkeypatch.setattr(f"{module}.match_score", counting)
    digest = on_demand_digest(engine, "putin-biden", topics=topics, now=NOW)
    assert digest.stories
    assert len(scored) == len(set(scored)) == digest.extra["candidates"]
