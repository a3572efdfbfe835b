from __future__ import annotations

import math
from datetime import timedelta

import pytest

from bot.digest.build import build_digest, rank_score
from bot.digest.topics import TopicCatalog, load_topics
from bot.model import Digest, Source, Story
from bot.resources import resource_dir
from tests.digest.conftest import ANALYSES, SPACE, SWAP, WIRE, Stored
from tests.fakes.digest import T0, FakeAnalysis

NOW = T0 + timedelta(hours=12)


@pytest.fixture
def topics() -> TopicCatalog:
    return load_topics(resource_dir("config") / "topics.toml")


def _build(
    stored: list[Stored],
    topics: TopicCatalog,
    *,
    slug: str = "putin-biden",
    limit: int = 8,
    analyses: dict[int, FakeAnalysis] = ANALYSES,
) -> Digest:
    return build_digest(
        stored,
        analyses,
        topics.resolve(slug),
        now=NOW,
        window_start=NOW - timedelta(hours=24),
        window_end=NOW,
        limit=limit,
    )


def test_only_matching_articles_make_stories(stored: list[Stored], topics: TopicCatalog) -> None:
    digest = _build(stored, topics)
    assert [s.title for s in digest.stories] == [WIRE.title, SPACE.title, SWAP.title]
    assert all(7 not in s.article_ids for s in digest.stories)  # the rate decision
    assert digest.extra == {"candidates": 7, "matched": 6}


def test_digest_carries_topic_window_and_time(stored: list[Stored], topics: TopicCatalog) -> None:
    digest = _build(stored, topics)
    assert (digest.topic, digest.topic_name) == ("putin-biden", "Putin–Biden talks")
    assert digest.generated_at == NOW
    assert digest.window_start == NOW - timedelta(hours=24)
    assert digest.window_end == NOW


def test_limit_keeps_the_best(stored: list[Stored], topics: TopicCatalog) -> None:
    assert [s.title for s in _build(stored, topics, limit=1).stories] == [WIRE.title]
    assert _build(stored, topics, limit=0).stories == ()


def test_scores_follow_the_documented_formula(stored: list[Stored], topics: TopicCatalog) -> None:
    event, space, swap = _build(stored, topics).stories
    assert event.score > space.score > swap.score > 0
    # The space story: one source, 14 hours old, title match of both terms (strength 1.1 each).
    assert space.score == pytest.approx(1.1 / (1 + 14 / 24), rel=1e-4)


def _story(score: float, sources: int, published: object) -> Story:
    return Story(
        id="s",
        title="t",
        summary=(),
        key_quotes=(),
        quotes=(),
        sources=tuple(Source("o", f"u{i}", published=published) for i in range(sources)),  # type: ignore[arg-type]
        score=score,
    )


def test_rank_score_weighs_sources_and_age() -> None:
    assert rank_score(_story(1.0, 1, NOW), now=NOW) == pytest.approx(1.0)
    day_old = rank_score(_story(1.0, 3, NOW - timedelta(hours=24)), now=NOW)
    assert day_old == pytest.approx((1 + math.log(3)) / 2)
    assert rank_score(_story(1.0, 1, NOW + timedelta(hours=5)), now=NOW) == pytest.approx(1.0)
    assert rank_score(_story(1.0, 1, None), now=NOW) == pytest.approx(0.5)  # undated: a day old


def test_very_old_stories_still_rank_among_themselves() -> None:
    ten = rank_score(_story(1.0, 1, NOW - timedelta(days=3650)), now=NOW)
    eleven = rank_score(_story(1.0, 1, NOW - timedelta(days=4015)), now=NOW)
    assert ten > eleven > 0


def test_a_missing_analysis_gives_a_story_without_quotes(
    stored: list[Stored], topics: TopicCatalog
) -> None:
    digest = _build([stored[5]], topics, analyses={})
    (story,) = digest.stories
    assert story.title == SPACE.title and story.quotes == () and story.summary == ()


def test_no_articles_no_stories(topics: TopicCatalog) -> None:
    assert _build([], topics).stories == ()


def test_stories_holding_a_sent_article_are_left_out(
    stored: list[Stored], topics: TopicCatalog
) -> None:
    digest = build_digest(
        stored,
        ANALYSES,
        topics.resolve("putin-biden"),
        now=NOW,
        window_start=None,
        window_end=None,
        limit=8,
        already_sent=frozenset({2}),  # the syndicated copy of the wire story
    )
    assert [s.title for s in digest.stories] == [SPACE.title, SWAP.title]
