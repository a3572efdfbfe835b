"""Digest buttons end to end: "Full quotes" and "Share in channel"."""

from __future__ import annotations

import time

from sqlalchemy import select

from bot.render.actions import ACTION_FULL_QUOTES, ACTION_SHARE
from bot.store.schema import digest_messages
from tests.slack.conftest import RunningApp
from tests.slack.newsroom import QUOTE, TOPIC, all_text, button_values, seed
from tests.slack.signed import CHANNEL_ID, button_click, slash_command


def _ephemeral_digest(app: RunningApp) -> dict[str, object]:
    seed(app.engine, app.clock())
    app.slack.post(slash_command(TOPIC, app.fake.response_url("digest")))
    [reply] = app.fake.wait_for("response_url", key="digest")
    return reply.params


def _click(app: RunningApp, action: str, value: str, key: str, **kwargs: object) -> None:
    body = button_click(action, value, app.fake.response_url(key), **kwargs)  # type: ignore[arg-type]
    started = time.monotonic()
    assert app.slack.post(body).status_code == 200
    assert time.monotonic() - started < 3.0


def _quote_value(blocks: object) -> str:
    values = button_values(blocks, ACTION_FULL_QUOTES)
    # The story holding QUOTE is the ECB one; find its button through the full-quotes reply.
    assert values
    return values[0]


def _visibilities(app: RunningApp) -> list[str]:
    with app.engine.connect() as conn:
        rows = conn.execute(
            select(digest_messages.c.visibility).order_by(digest_messages.c.created_at)
        )
        return [r[0] for r in rows]


def test_full_quotes_of_an_ephemeral_digest_go_to_the_caller_only(app: RunningApp) -> None:
    digest = _ephemeral_digest(app)
    for value in button_values(digest["blocks"], ACTION_FULL_QUOTES):
        _click(app, ACTION_FULL_QUOTES, value, f"fq-{value}")
    replies = [
        app.fake.wait_for("response_url", key=f"fq-{v}")[0].params
        for v in button_values(digest["blocks"], ACTION_FULL_QUOTES)
    ]
    assert all(
        r["response_type"] == "ephemeral" and r["replace_original"] is False for r in replies
    )
    assert any(QUOTE in all_text(r) for r in replies)
    assert app.fake.calls("chat.postMessage") == []


def test_full_quotes_of_a_channel_digest_go_in_its_thread(app: RunningApp) -> None:
    seed(app.engine, app.clock())
    app.slack.post(slash_command(f"{TOPIC} here", app.fake.response_url("here")))
    [post] = app.fake.wait_for("chat.postMessage")
    ts = app.fake.messages(CHANNEL_ID)[0]["ts"]
    value = _quote_value(post.params["blocks"])
    deadline = time.monotonic() + 5
    while not _visibilities(app) and time.monotonic() < deadline:
        time.sleep(0.02)
    _click(app, ACTION_FULL_QUOTES, value, "thread", message_ts=ts, ephemeral=False)
    posts = app.fake.wait_for("chat.postMessage", count=2)
    assert posts[1].params["thread_ts"] == ts
    assert posts[1].params["channel"] == CHANNEL_ID
    assert app.fake.responses("thread") == []


def test_share_posts_the_saved_digest_and_records_it(app: RunningApp) -> None:
    digest = _ephemeral_digest(app)
    [value] = button_values(digest["blocks"], ACTION_SHARE)
    _click(app, ACTION_SHARE, value, "share")
    [post] = app.fake.wait_for("chat.postMessage")
    assert post.params["channel"] == CHANNEL_ID
    assert QUOTE[:20] in all_text(post.params) or button_values(
        post.params["blocks"], ACTION_FULL_QUOTES
    )
    assert not button_values(post.params["blocks"], ACTION_SHARE)
    app.fake.wait_for("response_url", key="share")
    assert _visibilities(app) == ["ephemeral", "channel"]


def test_forged_or_stale_button_values_get_a_polite_answer(app: RunningApp) -> None:
    _ephemeral_digest(app)
    for n, value in enumerate(["", "no-colon", "unknown-id:0", "x" * 3000, "id:99999999"]):
        _click(app, ACTION_FULL_QUOTES, value, f"bad{n}")
        text = all_text(app.fake.wait_for("response_url", key=f"bad{n}")[0].params)
        assert "no longer stored" in text
    _click(app, ACTION_SHARE, "unknown-id", "bad-share")
    assert "no longer stored" in all_text(
        app.fake.wait_for("response_url", key="bad-share")[0].params
    )
    assert app.fake.calls("chat.postMessage") == []


def test_a_story_index_past_the_end_is_refused(app: RunningApp) -> None:
    digest = _ephemeral_digest(app)
    digest_id = button_values(digest["blocks"], ACTION_SHARE)[0]
    _click(app, ACTION_FULL_QUOTES, f"{digest_id}:50", "past")
    assert "not in the stored digest" in all_text(
        app.fake.wait_for("response_url", key="past")[0].params
    )
