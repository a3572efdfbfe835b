"""POST /articles keeps a batch's good items when some are bad (issue 10, finding 3)."""

from __future__ import annotations

import json
import time
from datetime import datetime, timedelta, timezone
from typing import Any

import httpx
import pytest
from sqlalchemy import Engine, select

from bot.clock import FrozenClock
from bot.model import Article
from bot.slack.push import MAX_DEPTH, nesting_depth, parse_payload
from bot.slack.push_endpoint import store_pushed
from bot.store.schema import articles
from tests.slack.conftest import PUSH_TOKEN, RunningApp

AUTH = {"Authorization": f"Bearer {PUSH_TOKEN}", "Content-Type": "application/json"}


def _item(n: int, **overrides: Any) -> dict[str, Any]:
    item: dict[str, Any] = {
        "title": f"Harbour dredging starts in March ({n})",
        "url": f"https://harbor.example/news/dredging-{n}",
        "text": f"The port authority said dredging starts in March.\n\nItem {n}.",
        "published": "2026-11-27T18:30:00+01:00",
    }
    item.update(overrides)
    return item


def _post_raw(app: RunningApp, body: bytes) -> httpx.Response:
    return httpx.post(f"{app.url}/articles", content=body, headers=AUTH, timeout=30)


def _stored_titles(engine: Engine) -> list[str]:
    with engine.connect() as conn:
        return sorted(conn.execute(select(articles.c.title)).scalars())


def test_a_lone_surrogate_rejects_only_its_item(app: RunningApp) -> None:
    # json.dumps writes "\ud800" as the escape a client would send; it decodes to a lone
    # surrogate, which no database column can hold.
    body = json.dumps([_item(1), _item(2, title="Bad \ud800 title"), _item(3)]).encode()
    response = _post_raw(app, body)
    assert response.status_code == 207
    answer = response.json()
    assert [a["index"] for a in answer["accepted"]] == [0, 2]
    [rejected] = answer["rejected"]
    assert rejected["index"] == 1 and "surrogate" in rejected["error"]
    assert len(_stored_titles(app.engine)) == 2


@pytest.mark.parametrize(
    "published",
    [
        "0001-01-01T00:00:00+14:00",  # has no UTC value at all
        "9999-12-31T23:59:59-14:00",
        "1969-12-31T23:59:59+00:00",
        "2101-01-01T00:00:00Z",
    ],
)
def test_a_date_outside_1970_to_2100_rejects_only_its_item(app: RunningApp, published: str) -> None:
    response = _post_raw(app, json.dumps([_item(1), _item(2, published=published)]).encode())
    assert response.status_code == 207
    answer = response.json()
    assert [a["index"] for a in answer["accepted"]] == [0]
    assert answer["rejected"][0]["index"] == 1
    assert "1970-2100" in answer["rejected"][0]["error"]
    assert _stored_titles(app.engine) == ["Harbour dredging starts in March (1)"]


def test_the_edges_of_the_date_range_are_accepted(app: RunningApp) -> None:
    body = [_item(1, published="1970-01-01T00:00:00Z"), _item(2, published="2100-12-31T23:59Z")]
    response = _post_raw(app, json.dumps(body).encode())
    assert response.status_code == 200


def test_a_nul_character_rejects_only_its_item(app: RunningApp) -> None:
    body = json.dumps([_item(1, byline="Ann\u0000Lee"), _item(2)]).encode()
    response = _post_raw(app, body)
    assert response.status_code == 207
    assert response.json()["rejected"][0] == {"index": 0, "error": "byline holds a NUL character"}


@pytest.mark.parametrize("opener", [b"[", b'{"a":'])
def test_deep_nesting_is_refused_quickly_and_stores_nothing(app: RunningApp, opener: bytes) -> None:
    depth = 5_000  # past the parser's recursion limit, within push_max_bytes (64 KiB here)
    closer = b"]" if opener == b"[" else b"}"
    body = opener * depth + b"1" + closer * depth
    started = time.monotonic()
    response = _post_raw(app, body)
    assert response.status_code == 400
    assert f"deeper than {MAX_DEPTH}" in response.json()["error"]
    assert time.monotonic() - started < 5
    assert _stored_titles(app.engine) == []


def test_brackets_inside_strings_do_not_count_as_nesting(app: RunningApp) -> None:
    text = 'He wrote "[[[[[[[[[[{{{{{{{{{{" on the board.\n\nThen \\"[[[[[[[[[[ again.'
    response = _post_raw(app, json.dumps([_item(1, text=text)]).encode())
    assert response.status_code == 200


def test_nesting_depth_counts_brackets_outside_strings() -> None:
    assert nesting_depth(b'[{"paragraphs": ["a", "b"]}]', limit=8) == 3
    assert nesting_depth(b'{"t": "[[[[[[[[[[[[", "u": "\\"[["}', limit=8) == 1
    # It stops counting just past the limit instead of scanning a megabyte of brackets.
    assert nesting_depth(b"[" * 1_000_000, limit=8) == 9


def test_each_item_is_stored_on_its_own(engine: Engine, clock: FrozenClock) -> None:
    # An article that passed validation yet cannot be stored (here: built past the parser,
    # with a time that has no UTC value) loses only itself.
    good, _ = parse_payload(json.dumps([_item(1), _item(3)]).encode())
    unstorable = Article(
        title="Unstorable",
        paragraphs=("Text.",),
        url="https://harbor.example/unstorable",
        published=datetime(1, 1, 1, tzinfo=timezone(timedelta(hours=14))),
        source="push",
    )
    results = store_pushed(engine, [good[0], (1, unstorable), (2, good[1][1])], clock)
    assert [a["index"] for a in results.accepted] == [0, 2]
    [rejected] = results.rejected
    assert rejected.index == 1 and rejected.error.startswith("could not be stored")
    assert len(_stored_titles(engine)) == 2
