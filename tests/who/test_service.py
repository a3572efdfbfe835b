"""``who_said`` over a real store (SQLite and PostgreSQL): index, match, order, suggest."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import Engine, delete, func, select

from bot.digest.backfill import index_pending
from bot.digest.service import on_demand_digest
from bot.errors import UsageError
from bot.model import Article
from bot.resources import resource_dir
from bot.store.articles import save_articles
from bot.store.schema import articles, speaker_quote_state, speaker_quotes
from bot.text.topics import load_topics
from bot.who.service import who_said

NOW = datetime(2026, 11, 28, 8, 0, tzinfo=UTC)


def article(n: int, paragraph: str, *, hours_ago: int, url: str | None = "auto") -> Article:
    return Article(
        title=f"Story {n}",
        paragraphs=("A lead paragraph about the talks in Geneva.", paragraph),
        url=f"https://news.example/{n}" if url == "auto" else url,
        outlet=f"Outlet {n}",
        published=NOW - timedelta(hours=hours_ago),
    )


STORIES = [
    article(
        1,
        'Kremlin aide Yuri Ushakov said the call went well. "It was a frank and useful '
        'conversation, nothing more," Ushakov said.',
        hours_ago=30,
    ),
    article(
        2,
        '"We will answer in writing and in our own time," Yuri Ushakov, a Kremlin aide, '
        "told reporters.",
        hours_ago=2,
    ),
    article(
        3,
        '"Our position on the border has not changed at all," said Dmitry Ushakov, '
        "a regional governor.",
        hours_ago=1,
    ),
    article(
        4,
        '"The channels are open and they are being used," White House deputy press '
        "secretary Laura Whitfield said.",
        hours_ago=5,
    ),
]


def store(engine: Engine, items: list[Article]) -> None:
    with engine.begin() as conn:
        save_articles(conn, items, now=NOW)


@pytest.fixture
def indexed(engine: Engine) -> Engine:
    store(engine, STORIES)
    assert index_pending(engine) == len(STORIES)
    return engine


def test_a_surname_lists_everyone_of_that_name_newest_first(indexed: Engine) -> None:
    answer = who_said(indexed, "Ushakov")
    assert [q.speaker for q in answer.quotes] == ["Dmitry Ushakov", "Yuri Ushakov", "Yuri Ushakov"]
    assert [q.title for q in answer.quotes] == ["Story 3", "Story 2", "Story 1"]
    assert set(answer.speakers) == {"Yuri Ushakov", "Dmitry Ushakov"}


@pytest.mark.parametrize("query", ["Yuri Ushakov", "yuri ushakov", "Kremlin aide Yuri Ushakov"])
def test_full_name_and_title_forms_pick_one_person(indexed: Engine, query: str) -> None:
    answer = who_said(indexed, query)
    assert {q.speaker for q in answer.quotes} == {"Yuri Ushakov"}
    newest = answer.quotes[0]
    assert newest.parts[0].text == "We will answer in writing and in our own time,"
    assert (newest.outlet, newest.url) == ("Outlet 2", "https://news.example/2")
    assert newest.said_at == NOW - timedelta(hours=2)


def test_no_match_suggests_close_names(indexed: Engine) -> None:
    answer = who_said(indexed, "Whitfeld")
    assert answer.quotes == ()
    assert answer.suggestions[0] == "Laura Whitfield"


def test_an_empty_name_is_a_usage_error(indexed: Engine) -> None:
    with pytest.raises(UsageError):
        who_said(indexed, " ,. ")


def test_the_same_words_in_two_outlets_copies_are_shown_once(engine: Engine) -> None:
    quote = '"We will answer in writing and in our own time," Yuri Ushakov told reporters.'
    store(engine, [article(7, quote, hours_ago=3), article(8, quote, hours_ago=4)])
    index_pending(engine)
    [said] = who_said(engine, "Ushakov").quotes
    assert said.outlet == "Outlet 7"  # the newest copy


def test_limit_keeps_the_newest(indexed: Engine) -> None:
    assert [q.title for q in who_said(indexed, "Ushakov", limit=1).quotes] == ["Story 3"]


def test_a_digest_indexes_the_articles_it_analyses(engine: Engine) -> None:
    item = article(
        9,
        '"Putin and Biden will speak next week by video link," Yuri Ushakov said.',
        hours_ago=1,
    )
    store(engine, [item])
    assert who_said(engine, "Ushakov").quotes == ()  # stored, not analysed yet
    topics = load_topics(resource_dir("config") / "topics.toml")
    on_demand_digest(engine, "putin-biden", topics=topics, now=NOW)
    assert len(who_said(engine, "Ushakov").quotes) == 1


def test_backfill_is_idempotent_and_rows_go_with_their_article(indexed: Engine) -> None:
    assert index_pending(indexed) == 0
    with indexed.begin() as conn:
        before = conn.execute(select(func.count()).select_from(speaker_quotes)).scalar_one()
        conn.execute(delete(articles).where(articles.c.title == "Story 3"))
        after = conn.execute(select(func.count()).select_from(speaker_quotes)).scalar_one()
        states = conn.execute(select(func.count()).select_from(speaker_quote_state)).scalar_one()
    assert (before, after, states) == (4, 3, 3)
    assert [q.speaker for q in who_said(indexed, "Ushakov").quotes] == ["Yuri Ushakov"] * 2
