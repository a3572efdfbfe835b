"""Two writers saving the same new article: the one that loses the insert race retries."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import pytest
from sqlalchemy import Connection, Engine, event, func, select
from sqlalchemy.exc import IntegrityError

from bot.errors import StoreError
from bot.model import Article
from bot.store.articles import SaveReport, save_articles
from bot.store.db import create_store_engine, in_transaction
from bot.store.schema import articles

NOW = datetime(2026, 11, 28, 9, 0, tzinfo=UTC)
STORY = Article(
    title="Harbour board approves night ferry",
    paragraphs=("The harbour board approved a night ferry to the islands on Friday.",),
    url="https://news.example/harbour-night-ferry",
    outlet="Coast Courier",
)


@pytest.fixture
def rival(engine: Engine) -> Iterator[Engine]:
    """A second engine on the same database: the other poller."""
    other = create_store_engine(engine.url.render_as_string(hide_password=False))
    yield other
    other.dispose()


def _rival_inserts_first(engine: Engine, rival: Engine, article: Article) -> list[str]:
    """Make ``rival`` store ``article`` just before ``engine`` inserts its first article row."""
    fired: list[str] = []

    def before(conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        if not fired and statement.lstrip().upper().startswith("INSERT INTO ARTICLES "):
            fired.append(statement)
            with rival.begin() as other:
                save_articles(other, [article], now=NOW)

    event.listen(engine, "before_cursor_execute", before)
    return fired


def _count(engine: Engine) -> int:
    with engine.connect() as conn:
        return int(conn.execute(select(func.count()).select_from(articles)).scalar_one())


def test_the_loser_of_an_insert_race_retries_and_updates(engine: Engine, rival: Engine) -> None:
    fired = _rival_inserts_first(engine, rival, STORY)

    report = in_transaction(
        engine, lambda conn: save_articles(conn, [STORY], now=NOW), doing="save"
    )

    assert fired, "the rival's insert never ran: the race was not staged"
    assert isinstance(report, SaveReport)
    assert report.new == [] and len(report.unchanged) == 1
    assert _count(engine) == 1


def test_without_a_retry_the_race_is_a_store_error(engine: Engine, rival: Engine) -> None:
    _rival_inserts_first(engine, rival, STORY)

    with pytest.raises(StoreError, match=r"^cannot save the story: ") as caught:
        in_transaction(
            engine,
            lambda conn: save_articles(conn, [STORY], now=NOW),
            doing="save the story",
            retries=0,
        )
    assert isinstance(caught.value.__cause__, IntegrityError)
    assert _count(engine) == 1


def test_work_that_always_conflicts_is_raised_after_the_retries(engine: Engine) -> None:
    save = lambda conn: save_articles(conn, [STORY], now=NOW)  # noqa: E731
    in_transaction(engine, save, doing="save")
    calls: list[int] = []

    def duplicate_insert(conn: Connection) -> None:
        calls.append(1)
        row = conn.execute(select(articles).limit(1)).mappings().one()
        conn.execute(articles.insert().values({**row, "id": None}))

    with pytest.raises(StoreError) as caught:
        in_transaction(engine, duplicate_insert, doing="copy a row", retries=2)
    assert isinstance(caught.value.__cause__, IntegrityError)
    assert len(calls) == 3
    assert _count(engine) == 1
