"""POST /articles: bearer auth, validation per item, size cap, stored with save_articles."""

from __future__ import annotations

import dataclasses
import json
from datetime import UTC, datetime
from typing import Any

import httpx
import pytest
from sqlalchemy import Engine

from bot.clock import FrozenClock
from bot.config import Settings
from bot.store.articles import count_articles, get_articles
from fakes.slack_api import FakeSlackApi
from tests.slack.conftest import PUSH_TOKEN, RunningApp, run_app

AUTH = {"Authorization": f"Bearer {PUSH_TOKEN}"}


def _article(n: int = 1, **overrides: Any) -> dict[str, Any]:
    item: dict[str, Any] = {
        "title": f"Ferry service resumes on the north route ({n})",
        "url": f"https://harbor.example/news/ferry-{n}",
        "text": (
            "The north route ferry sailed again on Tuesday after a week of repairs.\n\n"
            f"“We are back on schedule,” said operations chief Marta Lind. Item {n}."
        ),
        "outlet": "Harbor Daily",
        "published": "2026-11-27T18:30:00+01:00",
    }
    item.update(overrides)
    return item


def _post(app: RunningApp, payload: Any, headers: dict[str, str] | None = None) -> httpx.Response:
    return httpx.post(
        f"{app.url}/articles", json=payload, headers=AUTH if headers is None else headers
    )


def test_one_article_is_stored_and_reported_new(app: RunningApp) -> None:
    response = _post(app, _article())
    assert response.status_code == 200
    answer = response.json()
    assert answer["rejected"] == []
    [accepted] = answer["accepted"]
    assert (accepted["index"], accepted["status"]) == (0, "new")
    with app.engine.connect() as conn:
        [stored] = get_articles(conn, [accepted["id"]])
    assert stored.article.title == "Ferry service resumes on the north route (1)"
    assert stored.article.paragraphs[1].startswith("“We are back on schedule,”")
    assert stored.article.published == datetime(2026, 11, 27, 17, 30, tzinfo=UTC)


def test_a_list_with_bad_items_is_answered_207_item_by_item(app: RunningApp) -> None:
    payload = [
        _article(1),
        _article(2, url="javascript:alert(1)"),
        _article(3, paragraphs=["First paragraph.", "Second."], text=None),
        {"title": "No body", "url": "https://harbor.example/x"},
        _article(5, published="last Tuesday"),
        "not an object",
        _article(1),  # the first one again
    ]
    del payload[2]["text"]
    response = _post(app, payload)
    assert response.status_code == 207
    answer = response.json()
    assert [(a["index"], a["status"]) for a in answer["accepted"]] == [
        (0, "new"),
        (2, "new"),
        (6, "duplicate"),
    ]
    errors = {r["index"]: r["error"] for r in answer["rejected"]}
    assert set(errors) == {1, 3, 4, 5}
    assert "url" in errors[1] and "text" in errors[3] and "ISO 8601" in errors[4]
    with app.engine.connect() as conn:
        assert count_articles(conn) == 2


def test_an_edited_article_is_reported_updated(app: RunningApp) -> None:
    _post(app, _article(1))
    edited = _article(1, text="The ferry sailed again on Tuesday.\n\nA correction was added.")
    assert _post(app, edited).json()["accepted"][0]["status"] == "updated"


@pytest.mark.parametrize(
    "headers",
    [
        {},
        {"Authorization": "Bearer wrong"},
        {"Authorization": PUSH_TOKEN},
        {"Authorization": "Basic x"},
    ],
)
def test_wrong_or_missing_token_is_401_and_stores_nothing(
    app: RunningApp, headers: dict[str, str]
) -> None:
    response = _post(app, _article(), headers)
    assert response.status_code == 401
    with app.engine.connect() as conn:
        assert count_articles(conn) == 0


def test_too_large_a_body_is_413(app: RunningApp) -> None:
    big = _article(text="word " * (app.settings.push_max_bytes // 4))
    assert _post(app, big).status_code == 413


@pytest.mark.parametrize("body", [b"", b"{not json", b"[]", b"\xff\xfe"])
def test_unusable_body_is_400(app: RunningApp, body: bytes) -> None:
    response = httpx.post(f"{app.url}/articles", content=body, headers=AUTH)
    assert response.status_code == 400
    assert "error" in response.json()


def test_all_items_rejected_is_422(app: RunningApp) -> None:
    assert _post(app, [{"title": ""}]).status_code == 422


def test_the_endpoint_is_off_without_a_push_token(
    slack_settings: Settings, sqlite_engine: Engine, fake_slack: FakeSlackApi, clock: FrozenClock
) -> None:
    settings = dataclasses.replace(slack_settings, push_token=None)
    with run_app(settings, sqlite_engine, fake_slack, clock) as app:
        assert _post(app, _article()).status_code == 404


def test_healthz(app: RunningApp) -> None:
    response = httpx.get(f"{app.url}/healthz")
    assert (response.status_code, response.json()) == (200, {"ok": True})
    assert json.dumps(response.json())
