"""``/news`` end to end: signed requests in, what the fake Slack saw out."""

from __future__ import annotations

import dataclasses
import shutil
import time
from pathlib import Path

import pytest
from sqlalchemy import Engine, select, text

from bot.clock import FrozenClock
from bot.config import Settings
from bot.digest.service import scheduled_digest
from bot.render.actions import ACTION_FULL_QUOTES, ACTION_SHARE
from bot.resources import resource_dir
from bot.store.schema import digest_messages, sent_articles
from bot.store.subscriptions import list_subscriptions
from bot.text.topics import load_topics
from fakes.signed import CHANNEL_ID, TEAM_ID, USER_ID, slash_command
from fakes.slack_api import FakeSlackApi
from tests.slack.conftest import RunningApp, run_app
from tests.slack.newsroom import TOPIC, all_text, button_values, seed


def _command(app: RunningApp, text: str, key: str) -> dict[str, object]:
    """Send ``/news text``; check the ack; return the single reply at its response_url."""
    started = time.monotonic()
    response = app.slack.post(slash_command(text, app.fake.response_url(key)))
    assert response.status_code == 200
    assert time.monotonic() - started < 3.0
    [reply] = app.fake.wait_for("response_url", key=key)
    return reply.params


def _rows(app: RunningApp) -> list[dict[str, object]]:
    with app.engine.connect() as conn:
        return [dict(r) for r in conn.execute(select(digest_messages)).mappings()]


def _settled_rows(app: RunningApp) -> list[dict[str, object]]:
    """The saved digests once every channel copy knows its ts (set after Slack answered)."""
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline:
        rows = _rows(app)
        if rows and all(r["message_ts"] or r["visibility"] == "ephemeral" for r in rows):
            return rows
        time.sleep(0.02)
    return _rows(app)


def test_help(app: RunningApp) -> None:
    reply = _command(app, "help", "help")
    assert reply["response_type"] == "ephemeral"
    assert "/news" in all_text(reply)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("subscribe central-banks at 25:00", "not a time"),
        ("subscribe central-banks Mars/Base", "not a timezone"),
        ("central-banks everywhere please", "did not understand"),
        ("sources add gopher://old.example", "not a web address"),
    ],
)
def test_malformed_commands_get_a_usage_message(app: RunningApp, text: str, expected: str) -> None:
    reply = _command(app, text, "bad")
    shown = all_text(reply)
    assert expected in shown
    assert reply["response_type"] == "ephemeral"
    assert "Traceback" not in shown and "Error" not in shown


def test_a_topic_digest_is_ephemeral_with_share_and_full_quotes(app: RunningApp) -> None:
    seed(app.engine, app.clock())
    reply = _command(app, TOPIC, "digest")
    assert reply["response_type"] == "ephemeral"
    assert button_values(reply["blocks"], ACTION_SHARE)
    assert button_values(reply["blocks"], ACTION_FULL_QUOTES)
    [row] = _rows(app)
    assert (row["visibility"], row["user_id"], row["channel_id"]) == (
        "ephemeral",
        USER_ID,
        CHANNEL_ID,
    )
    assert app.fake.calls("chat.postMessage") == []


def test_an_empty_topic_says_there_are_no_stories_yet_with_nothing_to_share(
    app: RunningApp,
) -> None:
    for n, command in enumerate(["nosuchtopicxyz", "nosuchtopicxyz here"]):
        reply = _command(app, command, f"empty{n}")
        shown = all_text(reply)
        assert reply["response_type"] == "ephemeral"
        assert "No stories about" in shown and "/news help" in shown
        assert "since the last digest" not in shown
        assert not button_values(reply["blocks"], ACTION_SHARE)
    assert app.fake.calls("chat.postMessage") == []
    assert _rows(app) == []


def test_a_misspelt_topic_is_answered_with_suggestions_only(app: RunningApp) -> None:
    reply = _command(app, "putin-bidne", "typo")
    shown = all_text(reply)
    assert "unknown topic 'putin-bidne'. Did you mean putin-biden" in shown
    assert "No stories about" not in shown and "/news subscribe TOPIC" not in shown
    assert app.fake.calls("chat.postMessage") == []


def test_here_posts_the_digest_in_the_channel_without_previews(app: RunningApp) -> None:
    seed(app.engine, app.clock())
    app.slack.post(slash_command(f"{TOPIC} here", app.fake.response_url("here")))
    [post] = app.fake.wait_for("chat.postMessage")
    assert post.params["channel"] == CHANNEL_ID
    assert post.params["unfurl_links"] is False and post.params["unfurl_media"] is False
    assert not button_values(post.params["blocks"], ACTION_SHARE)
    [row] = _settled_rows(app)
    assert row["visibility"] == "channel" and row["message_ts"]
    # Not a scheduled delivery, but the channel has seen these stories now.
    with app.engine.connect() as conn:
        sent = conn.execute(select(sent_articles.c.channel_id, sent_articles.c.article_id))
        assert sorted(sent) == [(CHANNEL_ID, 1), (CHANNEL_ID, 2)]
        assert (
            scheduled_digest(
                app.engine,
                TOPIC,
                topics=load_topics(app.settings.topics_path),
                team_id=TEAM_ID,
                channel_id=CHANNEL_ID,
                since=None,
                now=app.clock(),
            ).stories
            == ()
        )


def test_not_in_channel_is_explained(app: RunningApp) -> None:
    seed(app.engine, app.clock())
    app.fake.fail("chat.postMessage", error="not_in_channel")
    reply = _command(app, f"{TOPIC} here", "nic")
    assert "/invite" in all_text(reply)
    assert _rows(app) == []


def test_an_unexpected_failure_is_logged_and_answered_kindly(
    app: RunningApp, caplog: pytest.LogCaptureFixture
) -> None:
    with app.engine.begin() as conn:
        conn.execute(text("DROP TABLE subscriptions"))
    reply = _command(app, "list", "boom")
    shown = all_text(reply)
    assert "Sorry" in shown and "subscriptions" not in shown.lower()
    assert any("failed" in r.getMessage() and "team=" in r.getMessage() for r in caplog.records)


def test_subscribe_list_unsubscribe_round_trip(app: RunningApp) -> None:
    app.fake.set_user(USER_ID, tz="Asia/Tokyo")
    assert "09:00 (Asia/Tokyo)" in all_text(_command(app, f"subscribe {TOPIC}", "s1"))
    assert "07:30 (Europe/Lisbon)" in all_text(
        _command(app, "subscribe rates at 07:30 Europe/Lisbon", "s2")
    )
    listed = all_text(_command(app, "list", "l1"))
    assert TOPIC in listed and "rates" in listed and "07:30" in listed
    assert f"in <#{CHANNEL_ID}>" in listed
    assert "no longer" in all_text(_command(app, f"unsubscribe {TOPIC}", "u1"))
    assert "not subscribed" in all_text(_command(app, f"unsubscribe {TOPIC}", "u2"))
    with app.engine.connect() as conn:
        rows = list_subscriptions(conn)
    assert [(r.topic, r.hour, r.minute, r.timezone, r.created_by) for r in rows] == [
        ("rates", 7, 30, "Europe/Lisbon", USER_ID)
    ]


def test_subscribe_falls_back_to_utc_when_users_info_fails(app: RunningApp) -> None:
    app.fake.fail("users.info", error="user_not_found")
    assert "09:00 (UTC)" in all_text(_command(app, "subscribe rates", "utc"))


def test_an_unusable_topic_is_refused(app: RunningApp) -> None:
    shown = all_text(_command(app, "subscribe the-a", "bad-topic"))
    assert "searchable" in shown
    with app.engine.connect() as conn:
        assert list_subscriptions(conn) == []


def test_the_templates_folder_from_the_settings_is_used(
    slack_settings: Settings,
    sqlite_engine: Engine,
    fake_slack: FakeSlackApi,
    clock: FrozenClock,
    tmp_path: Path,
) -> None:
    own = tmp_path / "templates"
    shutil.copytree(resource_dir("templates"), own)
    (own / "help.json.j2").write_text(
        '{"text": "Our help", "blocks": [{"type": "section", '
        '"text": {"type": "mrkdwn", "text": "Ask the newsroom desk"}}]}',
        encoding="utf-8",
    )
    settings = dataclasses.replace(
        slack_settings, database_url=str(sqlite_engine.url), templates_dir=str(own)
    )
    with run_app(settings, sqlite_engine, fake_slack, clock) as app:
        assert "Ask the newsroom desk" in all_text(_command(app, "help", "help"))
