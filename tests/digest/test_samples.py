"""The bundled samples behave as the quick start promises."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from bot.digest.service import digest_from_articles
from bot.ingest.readers import read_path
from bot.model import Article
from bot.resources import resource_dir
from bot.text.topics import TopicCatalog, load_topics

SAMPLES = resource_dir("samples")
NOW = datetime(2026, 11, 28, 8, 0, tzinfo=UTC)
FILES = sorted(p for p in SAMPLES.iterdir() if p.suffix in {".txt", ".html"})


@pytest.fixture(scope="module")
def articles() -> list[Article]:
    return [a for p in FILES for a in read_path(p)]


@pytest.fixture(scope="module")
def topics() -> TopicCatalog:
    return load_topics(resource_dir("config") / "topics.toml")


def test_there_are_about_ten_samples_of_both_kinds() -> None:
    assert len(FILES) >= 10
    assert {p.suffix for p in FILES} == {".txt", ".html"}
    assert "invented" in (SAMPLES / "README.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_each_sample_reads_as_one_article_without_page_chrome(path: Path) -> None:
    (article,) = read_path(path)
    assert article.title and len(article.paragraphs) >= 3
    for chrome in ("TRENDING", "Copyright", "Subscribe", "Privacy"):
        assert chrome not in article.text


@pytest.mark.parametrize(
    ("slug", "stories", "most_sources"),
    [("putin-biden", 1, 4), ("climate", 1, 2), ("central-banks", 2, 2), ("rates", 2, 2)],
)
def test_bundled_topics_over_the_samples(
    articles: list[Article], topics: TopicCatalog, slug: str, stories: int, most_sources: int
) -> None:
    digest = digest_from_articles(articles, slug, topics=topics, now=NOW)
    assert len(digest.stories) == stories
    assert max(len(s.sources) for s in digest.stories) == most_sources
    for story in digest.stories:
        assert story.summary and story.key_quotes
        for quote in story.quotes:
            # Files read from disk have no URL to say which article a quote came from.
            assert any(a.text[quote.start : quote.end] == quote.text for a in articles)


def _events(articles: list[Article], topics: TopicCatalog, slug: str) -> set[frozenset[object]]:
    digest = digest_from_articles(articles, slug, topics=topics, now=NOW)
    return {frozenset((s.outlet, s.published) for s in story.sources) for story in digest.stories}


def test_articles_two_topics_share_form_the_same_stories_in_both(
    articles: list[Article], topics: TopicCatalog
) -> None:
    # 'rates' searches 'bank of england', 'rates', 'cut'...: its own words must not make two
    # reports of one Bank of England decision look like two events.
    rates, banks = _events(articles, topics, "rates"), _events(articles, topics, "central-banks")
    assert rates == banks
    assert max(len(group) for group in rates) == 2


def test_the_putin_biden_story_has_both_sides_quoted(
    articles: list[Article], topics: TopicCatalog
) -> None:
    (story,) = digest_from_articles(articles, "putin-biden", topics=topics, now=NOW).stories
    speakers = {q.speaker for q in story.quotes}
    assert "Arkady Voronin" in speakers
    assert "Laura Whitfield" in speakers


def test_the_port_strike_matches_no_bundled_topic(
    articles: list[Article], topics: TopicCatalog
) -> None:
    strike = next(a for a in articles if "Dock workers" in a.title)
    for slug in topics.topics:
        digest = digest_from_articles([strike], slug, topics=topics, now=NOW)
        assert digest.stories == ()
