"""The store's boundary: a database error leaves the store as a newsbot error, once.

Callers above the store (ingest, digest, who, slack, the scheduler) catch ``StoreError`` and
never SQLAlchemy's exceptions; the original error stays attached as the cause.
"""

from __future__ import annotations

import ast
import re
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import Engine, text
from sqlalchemy.exc import SQLAlchemyError

from bot.clock import FrozenClock
from bot.errors import StoreError, StoreUnavailable
from bot.ingest.folders import poll_folder
from bot.model import Article
from bot.slack.push_endpoint import store_pushed
from bot.store.articles import save_articles
from bot.store.db import create_store_engine, reading, transaction
from bot.who.service import who_said

NOW = datetime(2026, 11, 28, 9, 0, tzinfo=UTC)
BOT = Path(__file__).resolve().parents[2] / "bot"
STORY = Article(
    title="Harbour board approves night ferry",
    paragraphs=("The harbour board approved a night ferry to the islands on Friday.",),
    url="https://news.example/harbour-night-ferry",
    outlet="Coast Courier",
)


def _drop(engine: Engine, table: str) -> None:
    cascade = " CASCADE" if engine.dialect.name == "postgresql" else ""
    with engine.begin() as conn:
        conn.execute(text(f"DROP TABLE {table}{cascade}"))


@pytest.fixture
def unreachable(tmp_path: Path) -> Engine:
    """An engine whose SQLite file sits in a folder that does not exist."""
    return create_store_engine(f"sqlite:///{tmp_path / 'no-such-folder' / 'newsbot.db'}")


def test_an_error_inside_a_store_call_reaches_the_caller_as_a_store_error(
    engine: Engine, tmp_path: Path
) -> None:
    (tmp_path / "story.txt").write_text("Harbour ferry\n\nThe board approved it.\n")
    _drop(engine, "fetch_state")

    with pytest.raises(StoreError) as caught:
        poll_folder(engine, tmp_path, hints=None, now=NOW)

    message = str(caught.value)
    assert message.startswith(f"cannot read the file states of {tmp_path}: ")
    assert "\n" not in message and caught.value.reason in message
    assert isinstance(caught.value.__cause__, SQLAlchemyError)  # nothing lost


def test_an_error_in_a_transaction_rolls_it_back_as_a_store_error(engine: Engine) -> None:
    _drop(engine, "article_terms")  # save_articles writes the term index in the same transaction

    with (
        pytest.raises(StoreError, match=r"^cannot save the story: "),
        transaction(engine, "save the story") as conn,
    ):
        save_articles(conn, [STORY], now=NOW)
    with reading(engine, "count") as conn:
        assert conn.execute(text("SELECT count(*) FROM articles")).scalar_one() == 0


def test_a_database_that_cannot_be_reached_is_store_unavailable(unreachable: Engine) -> None:
    with pytest.raises(StoreUnavailable, match=r"^cannot read quotes by speaker: "):
        who_said(unreachable, "Ushakov")


def test_a_push_to_an_unreachable_database_fails_the_request_not_the_item(
    unreachable: Engine, clock: FrozenClock
) -> None:
    # StoreUnavailable is what the endpoint answers 503 for; a bad item is a per-item rejection.
    with pytest.raises(StoreUnavailable):
        store_pushed(unreachable, [(0, STORY)], clock)


def _python_files_outside_the_store() -> list[Path]:
    return [p for p in BOT.rglob("*.py") if BOT / "store" not in p.parents]


# ``engine.begin()``, ``deps.engine.connect()``, ``self.engine.begin()``...: a connection
# opened around the store's boundary, whose errors (connect, commit) nobody translates.
_OWN_CONNECTION = re.compile(r"\bengine\.(begin|connect)\(")


def test_no_module_outside_the_store_handles_sqlalchemy_errors_itself() -> None:
    offenders = []
    for path in _python_files_outside_the_store():
        source = path.read_text(encoding="utf-8")
        for node in ast.walk(ast.parse(source)):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith(
                "sqlalchemy.exc"
            ):
                offenders.append(f"{path.relative_to(BOT)}:{node.lineno} imports sqlalchemy.exc")
            if isinstance(node, ast.Name | ast.Attribute) and "SQLAlchemyError" in ast.unparse(
                node
            ):
                offenders.append(f"{path.relative_to(BOT)}:{node.lineno} names SQLAlchemyError")
        for number, line in enumerate(source.splitlines(), 1):
            if _OWN_CONNECTION.search(line):
                offenders.append(f"{path.relative_to(BOT)}:{number} opens its own connection")
    assert offenders == []
