from __future__ import annotations

import math
from datetime import timedelta

import pytest

from bot.digest.build import build_digest, rank_score, rank_stories, to_items
from bot.digest.stories import make_stories
from bot.model import Digest, Quote, Source, Story
from bot.nlp.ranking import key_quotes
from bot.resources import resource_dir
from bot.text.topics import TopicCatalog, load_topics, match_score
from fakes.digest import T0, FakeAnalysis
from tests.digest.conftest import ANALYSES, SPACE, SWAP, WIRE, Stored

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


def test_strengths_given_by_the_caller_are_used(stored: list[Stored], topics: TopicCatalog) -> None:
    topic = topics.resolve("putin-biden")
    scored = {s.id: match_score(topic, s.article) for s in stored}
    matches = {i: m for i, m in scored.items() if m > 0}

    def build(given: dict[int, float] | None) -> Digest:
        return build_digest(
            stored,
            ANALYSES,
            topic,
            now=NOW,
            window_start=None,
            window_end=None,
            limit=8,
            matches=given,
        )

    assert build(matches) == build(None)
    doubled = build({i: 2 * m for i, m in matches.items()})
    assert [s.score for s in doubled.stories] == [
        pytest.approx(2 * s.score, abs=1e-5) for s in build(None).stories
    ]


@pytest.mark.parametrize("limit", [1, 2, 8])
def test_shown_stories_are_the_best_of_every_whole_story(
    stored: list[Stored], topics: TopicCatalog, limit: int
) -> None:
    topic = topics.resolve("putin-biden")
    every = make_stories(to_items(stored, ANALYSES, topic))  # each with its quotes
    assert len(every) > 1
    want = rank_stories(every, now=NOW, limit=limit)
    assert list(_build(stored, topics, limit=limit).stories) == want
    assert all(s.key_quotes for s in want)


def test_only_the_stories_shown_get_their_quotes_chosen(
    stored: list[Stored], topics: TopicCatalog, monkeypatch: pytest.MonkeyPatch
) -> None:
    chosen_for: list[str] = []

    def counting(quotes: list[Quote], *, title: str, text: str, limit: int = 2) -> list[Quote]:
        chosen_for.append(title)
        return key_quotes(quotes, title=title, text=text, limit=limit)

    monkeypatch.setattr("bot.digest.stories.key_quotes", counting)
    digest = _build(stored, topics, limit=1)
    assert chosen_for == [digest.stories[0].title]
