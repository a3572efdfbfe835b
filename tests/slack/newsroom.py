"""Invented articles for the Slack tests, and helpers to read what the fake Slack received."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import Engine

from bot.model import Article
from bot.store.articles import save_articles

TOPIC = "central-banks"
QUOTE = "We will not hesitate to act again if prices keep climbing"


def central_bank_articles(now: datetime) -> list[Article]:
    return [
        Article(
            title="European Central Bank holds rates steady as inflation cools",
            paragraphs=(
                "The European Central Bank left its key rate unchanged on Thursday, pointing "
                "to slower price growth across the euro area.",
                f"“{QUOTE},” bank president Elena Marchetti told reporters in Frankfurt.",
                "Markets had expected the pause after two increases earlier in the year.",
            ),
            url="https://ledger.example/markets/ecb-holds",
            outlet="The Ledger",
            published=now - timedelta(hours=3),
        ),
        Article(
            title="Bank of England signals a long pause after its rate decision",
            paragraphs=(
                "The Bank of England kept borrowing costs on hold for a third meeting.",
                "“The job is not done, but we can afford patience,” deputy governor Sam Okafor "
                "said in a statement.",
            ),
            url="https://meridian.example/economy/boe-pause",
            outlet="Meridian Post",
            published=now - timedelta(hours=5),
        ),
    ]


def seed(engine: Engine, now: datetime) -> None:
    with engine.begin() as conn:
        save_articles(conn, central_bank_articles(now), now=now - timedelta(hours=1))


def elements(blocks: Any) -> Iterator[dict[str, Any]]:
    """Every dict inside a Block Kit structure, depth first."""
    if isinstance(blocks, dict):
        yield blocks
        for value in blocks.values():
            yield from elements(value)
    elif isinstance(blocks, list):
        for value in blocks:
            yield from elements(value)


def button_values(blocks: Any, action_id: str) -> list[str]:
    return [str(e["value"]) for e in elements(blocks) if e.get("action_id") == action_id]


def all_text(payload: dict[str, Any]) -> str:
    parts = [str(payload.get("text", ""))]
    parts += [
        str(e["text"]) for e in elements(payload.get("blocks")) if isinstance(e.get("text"), str)
    ]
    return "\n".join(parts)


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)  # type: ignore[misc]
