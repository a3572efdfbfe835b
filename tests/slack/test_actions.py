"""Digest buttons end to end: "Full quotes" and "Share in channel"."""

from __future__ import annotations

import time
from datetime import timedelta

from sqlalchemy import select

from bot.render.actions import ACTION_FULL_QUOTES, ACTION_SHARE, parse_full_quotes_value
from bot.slack.delivery import deliver
from bot.store.digests import full_quotes_reply_ts
from bot.store.schema import digest_messages, sent_articles
from bot.store.subscriptions import add_subscription
from fakes.delivery import FakeNewsroom, make_deliverer
from fakes.signed import CHANNEL_ID, TEAM_ID, USER_ID, button_click, slash_command
from tests.slack.conftest import RunningApp
from tests.slack.newsroom import QUOTE, TOPIC, all_text, button_values, seed


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


def _wait_until_recorded(app: RunningApp, value: str, timeout: float = 10.0) -> None:
    digest_id, index = parse_full_quotes_value(value)
    deadline = time.monotonic() + timeout
    while True:
        with app.engine.connect() as conn:
            if full_quotes_reply_ts(conn, digest_id, index) is not None:
                return
        assert time.monotonic() < deadline, "the thread reply was never recorded"
        time.sleep(0.02)


def _channel_digest(app: RunningApp) -> tuple[str, str]:
    """``/news TOPIC here``: the posted digest's ts and its first "Full quotes" value."""
    seed(app.engine, app.clock())
    app.slack.post(slash_command(f"{TOPIC} here", app.fake.response_url("here")))
    [post] = app.fake.wait_for("chat.postMessage")
    ts = app.fake.messages(CHANNEL_ID)[0]["ts"]
    deadline = time.monotonic() + 5
    while not _visibilities(app) and time.monotonic() < deadline:
        time.sleep(0.02)
    return ts, _quote_value(post.params["blocks"])


def test_full_quotes_go_in_the_thread_once_and_later_clicks_get_a_link(app: RunningApp) -> None:
    ts, value = _channel_digest(app)
    _click(app, ACTION_FULL_QUOTES, value, "first", message_ts=ts, ephemeral=False)
    [_, reply] = app.fake.wait_for("chat.postMessage", count=2)
    reply_ts = app.fake.messages(CHANNEL_ID)[1]["ts"]
    assert reply.params["thread_ts"] == ts
    _wait_until_recorded(app, value)  # the reply's ts is stored just after Slack answers
    for n in range(2):  # a second and a third click, by another reader
        _click(app, ACTION_FULL_QUOTES, value, f"again{n}", message_ts=ts, ephemeral=False)
        [note] = app.fake.wait_for("response_url", key=f"again{n}")
        assert note.params["response_type"] == "ephemeral"
        assert "full quotes are in this message's thread" in all_text(note.params)
        assert f"/archives/{CHANNEL_ID}/p{reply_ts}|open the thread>" in all_text(note.params)
    assert len(app.fake.calls("chat.postMessage")) == 2
    assert app.fake.responses("first") == []


def test_without_a_permalink_the_note_still_says_where_the_quotes_are(app: RunningApp) -> None:
    ts, value = _channel_digest(app)
    _click(app, ACTION_FULL_QUOTES, value, "first", message_ts=ts, ephemeral=False)
    app.fake.wait_for("chat.postMessage", count=2)
    app.fake.fail("chat.getPermalink", error="message_not_found", times=None)
    _click(app, ACTION_FULL_QUOTES, value, "again", message_ts=ts, ephemeral=False)
    shown = all_text(app.fake.wait_for("response_url", key="again")[0].params)
    assert "full quotes are in this message's thread" in shown and "<http" not in shown
    assert len(app.fake.calls("chat.postMessage")) == 2


def test_a_refused_thread_reply_may_be_tried_again(app: RunningApp) -> None:
    ts, value = _channel_digest(app)
    app.fake.fail("chat.postMessage", error="is_archived", times=1)
    _click(app, ACTION_FULL_QUOTES, value, "refused", message_ts=ts, ephemeral=False)
    assert "cannot see this channel" in all_text(
        app.fake.wait_for("response_url", key="refused")[0].params
    )
    _click(app, ACTION_FULL_QUOTES, value, "retry", message_ts=ts, ephemeral=False)
    app.fake.wait_for("chat.postMessage", count=3)
    [_, reply] = app.fake.messages(CHANNEL_ID)
    assert reply["thread_ts"] == ts


def test_a_scheduled_digest_whose_thread_has_the_quotes_gets_a_link_not_a_copy(
    app: RunningApp,
) -> None:
    newsroom = FakeNewsroom(per_topic=1, quote_parts=1)
    newsroom.publish("energy", 1)
    with app.engine.begin() as conn:
        sub = add_subscription(
            conn,
            TEAM_ID,
            CHANNEL_ID,
            "energy",
            9,
            0,
            "UTC",
            USER_ID,
            app.clock() - timedelta(days=2),
        )
    deliverer = make_deliverer(app.engine, app.settings, newsroom, app.clock)
    assert deliver(deliverer, sub).outcome == "posted"
    root, reply = app.fake.messages(CHANNEL_ID)
    with app.engine.connect() as conn:
        digest_id = conn.execute(select(digest_messages.c.id)).scalar_one()
    _click(
        app, ACTION_FULL_QUOTES, f"{digest_id}:0", "sched", message_ts=root["ts"], ephemeral=False
    )
    note = all_text(app.fake.wait_for("response_url", key="sched")[0].params)
    assert f"p{reply['ts']}|open the thread>" in note
    assert len(app.fake.calls("chat.postMessage")) == 2


def _sent(app: RunningApp) -> list[int]:
    with app.engine.connect() as conn:
        return sorted(conn.execute(select(sent_articles.c.article_id)).scalars())


def test_share_twice_posts_once_and_counts_the_stories_as_sent(app: RunningApp) -> None:
    digest = _ephemeral_digest(app)
    [value] = button_values(digest["blocks"], ACTION_SHARE)
    _click(app, ACTION_SHARE, value, "share1")
    assert "Shared" in all_text(app.fake.wait_for("response_url", key="share1")[0].params)
    _click(app, ACTION_SHARE, value, "share2")
    assert "already shared" in all_text(app.fake.wait_for("response_url", key="share2")[0].params)
    assert len(app.fake.calls("chat.postMessage")) == 1
    assert _visibilities(app) == ["ephemeral", "channel"]
    assert _sent(app) == [1, 2]


def test_share_after_here_does_not_post_the_digest_again(app: RunningApp) -> None:
    digest = _ephemeral_digest(app)
    [value] = button_values(digest["blocks"], ACTION_SHARE)
    app.slack.post(slash_command(f"{TOPIC} here", app.fake.response_url("here")))
    posted = len(app.fake.wait_for("chat.postMessage"))
    deadline = time.monotonic() + 5
    while not _sent(app) and time.monotonic() < deadline:  # recorded once Slack answered
        time.sleep(0.02)
    _click(app, ACTION_SHARE, value, "share")
    assert "already shared" in all_text(app.fake.wait_for("response_url", key="share")[0].params)
    assert len(app.fake.calls("chat.postMessage")) == posted


def test_a_refused_share_leaves_nothing_behind_and_may_be_pressed_again(app: RunningApp) -> None:
    digest = _ephemeral_digest(app)
    [value] = button_values(digest["blocks"], ACTION_SHARE)
    app.fake.fail("chat.postMessage", error="not_in_channel", times=1)
    _click(app, ACTION_SHARE, value, "refused")
    assert "/invite" in all_text(app.fake.wait_for("response_url", key="refused")[0].params)
    assert _visibilities(app) == ["ephemeral"] and _sent(app) == []
    _click(app, ACTION_SHARE, value, "again")
    assert "Shared" in all_text(app.fake.wait_for("response_url", key="again")[0].params)
    assert _visibilities(app) == ["ephemeral", "channel"]
