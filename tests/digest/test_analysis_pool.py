"""Analysis in worker processes with a time budget: a slow article is skipped, never waited on."""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Iterator
from datetime import timedelta

import pytest
from sqlalchemy import Engine, select

from bot.config import load_settings
from bot.digest.analysis_cache import analyses_for
from bot.digest.analysis_pool import (
    AnalysisPool,
    InlineAnalyzer,
    analysis_pool,
    current_analyzer,
)
from bot.digest.service import on_demand_digest
from bot.errors import ConfigError
from bot.model import Article
from bot.nlp.analyze import (
    LEAD_CHARS,
    SKIPPED_TOO_SLOW,
    analysis_from_json,
    analysis_to_json,
    skipped_analysis,
)
from bot.resources import resource_dir
from bot.store.articles import get_articles, save_articles
from bot.store.schema import articles
from bot.text.topics import load_topics
from fakes.digest import T0
from fakes.heartbeat import Heartbeat
from tests.digest.slow_work import HOG, hog_or_analyze

LEAD = "The north route ferry sailed again on Tuesday after a week of repairs at the yard."
QUOTE = "“We are back on schedule,” said operations chief Marta Lind."


def _article(title: str = "Ferry service resumes on the north route", body: str = "") -> Article:
    return Article(title=title, paragraphs=(LEAD, QUOTE, body) if body else (LEAD, QUOTE))


# 100 KB of "A. " takes the rules well over 10 ms on any machine: over a 10 ms budget.
BIG = _article(body="A. " * 33_000)


@pytest.fixture
def hog_pool() -> Iterator[AnalysisPool]:
    pool = AnalysisPool(1.0, workers=1, work=hog_or_analyze)
    yield pool
    pool.close()


@pytest.mark.timeout(60)
def test_an_article_over_budget_is_skipped_and_the_rest_are_analysed(
    hog_pool: AnalysisPool, caplog: pytest.LogCaptureFixture
) -> None:
    slow = _article(HOG + "Ferry strike")
    started = time.monotonic()
    with caplog.at_level(logging.WARNING, logger="bot.digest.analysis_pool"):
        first, second = hog_pool([slow, _article()])
    assert time.monotonic() - started < 20  # the budget (1 s), a worker's restart and slack
    assert (first.skipped, first.budget_seconds) == (SKIPPED_TOO_SLOW, 1.0)
    assert (first.quotes, first.key_quotes, first.summary) == ((), (), (LEAD,))
    assert second.skipped is None
    assert [q.speaker for q in second.quotes] == ["Marta Lind"]
    [record] = caplog.records
    assert "analysis skipped: too slow" in record.getMessage()
    assert "Ferry strike" in record.getMessage()
    # The worker that ran over was replaced: the pool still answers.
    assert hog_pool([_article()])[0].skipped is None


@pytest.mark.timeout(60)
def test_the_caller_keeps_running_while_a_worker_holds_its_gil(hog_pool: AnalysisPool) -> None:
    hog_pool([_article()])  # start the worker first: the heartbeat times the hog alone
    with Heartbeat() as beat:
        [result] = hog_pool([_article(HOG + "Ferry strike")])
    assert result.skipped == SKIPPED_TOO_SLOW
    assert len(beat.lateness) > 50  # it ran all along (the budget is 1 s)
    assert beat.p99() < 0.1, f"p99 lateness {beat.p99() * 1000:.0f} ms"


def test_a_budget_of_zero_keeps_analysis_inline() -> None:
    before = current_analyzer()
    with analysis_pool(0) as analyzer:
        assert analyzer is before
        assert analyzer.budget_seconds is None
    assert isinstance(before, InlineAnalyzer)


def test_the_pool_is_the_process_analyzer_while_open_and_stops_after() -> None:
    with analysis_pool(2.5) as analyzer:
        assert current_analyzer() is analyzer
        assert analyzer.budget_seconds == 2.5
    assert isinstance(current_analyzer(), InlineAnalyzer)


def test_a_skipped_analysis_keeps_its_state_in_json() -> None:
    skipped = skipped_analysis(BIG, SKIPPED_TOO_SLOW, 5.0)
    data = json.loads(analysis_to_json(skipped))
    assert (data["skipped"], data["budget_seconds"]) == ("too slow", 5.0)
    assert analysis_from_json(analysis_to_json(skipped)) == skipped


def test_a_long_lead_is_cut_at_a_word() -> None:
    words = " ".join(f"word{n}" for n in range(200))
    [lead] = skipped_analysis(Article("t", (words, QUOTE)), SKIPPED_TOO_SLOW, 1.0).summary
    assert lead.endswith("…") and len(lead) <= LEAD_CHARS + 1
    assert words.startswith(lead[:-1] + " ")


def _stored(engine: Engine, article: Article) -> int:
    with engine.begin() as conn:
        report = save_articles(conn, [article], now=T0)
    return report.new[0]


def _cached_json(engine: Engine, article_id: int) -> dict[str, object]:
    with engine.connect() as conn:
        raw = conn.execute(select(articles.c.analysis).where(articles.c.id == article_id))
        return dict(json.loads(raw.scalar_one()))


@pytest.mark.timeout(60)
def test_a_too_slow_article_is_cached_as_skipped_and_logged_once(
    sqlite_engine: Engine, caplog: pytest.LogCaptureFixture
) -> None:
    article_id = _stored(sqlite_engine, BIG)
    with sqlite_engine.connect() as conn:
        stored = get_articles(conn, [article_id])
    with caplog.at_level(logging.WARNING), analysis_pool(0.01):
        for _ in range(2):
            with sqlite_engine.begin() as conn:
                [analysis] = analyses_for(conn, stored).values()
            assert analysis.skipped == SKIPPED_TOO_SLOW
    assert [r.getMessage()[:26] for r in caplog.records] == ["analysis skipped: too slow"]
    assert _cached_json(sqlite_engine, article_id)["skipped"] == "too slow"
    # A larger budget (here: none, as the CLI has) tries the article again.
    with sqlite_engine.begin() as conn:
        [analysis] = analyses_for(conn, stored).values()
    assert analysis.skipped is None and analysis.quotes
    assert "skipped" not in _cached_json(sqlite_engine, article_id)


@pytest.mark.timeout(60)
def test_the_digest_shows_a_too_slow_story_with_its_lead(sqlite_engine: Engine) -> None:
    _stored(sqlite_engine, BIG)
    topics = load_topics(resource_dir("config") / "topics.toml")
    with analysis_pool(0.01):
        digest = on_demand_digest(sqlite_engine, "ferry", topics=topics, now=T0 + timedelta(1))
    [story] = digest.stories
    assert story.title == BIG.title
    assert story.summary == (LEAD,)
    assert story.quotes == ()


def test_the_budget_is_a_setting() -> None:
    assert load_settings({}).analysis_budget_seconds == 5.0
    env = {"NEWSBOT_ANALYSIS_BUDGET_SECONDS": "0.5"}
    assert load_settings(env).analysis_budget_seconds == 0.5
    for bad in ("-1", "nan", "soon"):
        with pytest.raises(ConfigError, match=r"(?i)analysis_budget_seconds"):
            load_settings({"NEWSBOT_ANALYSIS_BUDGET_SECONDS": bad})
