"""Socket Mode end to end: ``newsbot serve``'s own connect path against a loopback Slack.

The fake Web API answers ``apps.connections.open`` with the address of a real WebSocket server
on loopback; the app connects there, gets ``hello``, is sent envelopes (slash commands, digest
button presses, workspace events), must ack each one within Slack's 3 seconds, and then has the
same effect as over HTTP (tests/slack/test_actions.py, test_oauth_and_events.py).
"""

from __future__ import annotations

import dataclasses
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from slack_bolt.adapter.socket_mode import SocketModeHandler
from slack_sdk.oauth.installation_store import Installation
from sqlalchemy import Engine, select

from bot.cli.slack import start_socket_mode
from bot.clock import FrozenClock
from bot.config import Settings
from bot.errors import ConfigError
from bot.render.actions import ACTION_FULL_QUOTES, ACTION_SHARE, parse_full_quotes_value
from bot.slack.app import create_app
from bot.slack.installation import installation_store
from bot.store.digests import full_quotes_reply_ts
from bot.store.schema import digest_messages, sent_articles
from bot.store.subscriptions import add_subscription, list_subscriptions
from fakes.slack_api import TEAM_ID, FakeSlackApi
from fakes.socket_mode import CHANNEL_ID, USER_ID, FakeSocketMode
from tests.slack.conftest import oauth_settings
from tests.slack.newsroom import QUOTE, TOPIC, all_text, button_values, seed

APP_TOKEN = "xapp-1-A0NEWSBOT-1-socket-test"
LOOPBACK = {"127.0.0.1", "::1", "localhost"}


# -- every outbound connection, from any thread, seen through the interpreter's audit hooks ----
_watch_lock = threading.Lock()
_watching: list[list[str]] = []  # the host lists of the currently open watches


def _audit(event: str, args: tuple[Any, ...]) -> None:
    if not _watching:  # the hook stays installed for the whole run; idle it costs one check
        return
    host: object = None
    if event == "socket.connect" and isinstance(args[1], tuple):  # AF_UNIX paths are local
        host = args[1][0]
    elif event == "socket.getaddrinfo":
        host = args[0]
    if host is not None:
        with _watch_lock:
            for hosts in _watching:
                hosts.append(host.decode() if isinstance(host, bytes) else str(host))


sys.addaudithook(_audit)


@contextmanager
def hosts_contacted() -> Iterator[list[str]]:
    """Collect the host of every DNS look-up and socket connect made while inside."""
    hosts: list[str] = []
    with _watch_lock:
        _watching.append(hosts)
    try:
        yield hosts
    finally:
        with _watch_lock:
            _watching.remove(hosts)


# -- fixtures ---------------------------------------------------------------------------------
@pytest.fixture
def socket_server() -> Iterator[FakeSocketMode]:
    with FakeSocketMode() as server:
        yield server


@pytest.fixture
def socket_settings(
    slack_settings: Settings, sqlite_engine: Engine, fake_slack: FakeSlackApi
) -> Settings:
    # A Socket Mode deployment: app token, no signing secret (nothing reaches it over HTTP).
    return dataclasses.replace(
        slack_settings,
        database_url=str(sqlite_engine.url),
        slack_app_token=APP_TOKEN,
        slack_signing_secret=None,
    )


@pytest.fixture
def connected(
    socket_settings: Settings,
    sqlite_engine: Engine,
    fake_slack: FakeSlackApi,
    socket_server: FakeSocketMode,
    clock: FrozenClock,
) -> Iterator[FakeSocketMode]:
    """The app connected over Socket Mode, with the newsroom's articles stored."""
    with _serving(socket_settings, sqlite_engine, fake_slack, socket_server, clock):
        yield socket_server


@contextmanager
def _serving(
    settings: Settings,
    engine: Engine,
    fake: FakeSlackApi,
    server: FakeSocketMode,
    clock: FrozenClock,
) -> Iterator[None]:
    fake.set_method("apps.connections.open", server.connections_open_answer())
    seed(engine, clock())
    handler = start_socket_mode(create_app(settings, engine, clock=clock), settings)
    try:
        server.wait_connected(timeout=3)
        yield
    finally:
        _close(handler)


def _close(handler: SocketModeHandler) -> None:
    """``handler.close()`` in tens of milliseconds instead of a second.

    slack_sdk's message processor blocks up to 1 s on its queue before it notices the client
    closed, and close() joins it. A ``None`` in the queue (which the processor skips) wakes it.
    """
    closing = threading.Thread(target=handler.close, daemon=True)
    closing.start()
    deadline = time.monotonic() + 5
    while closing.is_alive():
        assert time.monotonic() < deadline, "the Socket Mode handler did not close within 5 s"
        handler.client.message_queue.put(None)
        closing.join(timeout=0.01)


def _acked(server: FakeSocketMode, envelope_id: str) -> None:
    """A bare ack in time: whatever the app says goes through the Web API or response_url."""
    ack = server.wait_for_ack(envelope_id, timeout=3)
    assert ack.seconds < 3.0
    assert ack.payload is None


def _reply(fake: FakeSlackApi, key: str) -> dict[str, Any]:
    [reply] = fake.wait_for("response_url", key=key, timeout=5)
    return reply.params


# -- tests ------------------------------------------------------------------------------------
def test_slash_commands_over_socket_mode_are_acked_and_answered(
    socket_settings: Settings,
    sqlite_engine: Engine,
    fake_slack: FakeSlackApi,
    socket_server: FakeSocketMode,
    clock: FrozenClock,
) -> None:
    fake_slack.set_method("apps.connections.open", socket_server.connections_open_answer())
    seed(sqlite_engine, clock())
    with hosts_contacted() as hosts:
        bolt_app = create_app(socket_settings, sqlite_engine, clock=clock)
        handler = start_socket_mode(bolt_app, socket_settings)
        try:
            socket_server.wait_connected(timeout=3)

            help_id = socket_server.slash_command("help", fake_slack.response_url("help"))
            ack = socket_server.wait_for_ack(help_id, timeout=3)
            assert ack.seconds < 3.0
            assert ack.payload is None  # a bare ack: the answer goes to the response_url
            help_reply = _reply(fake_slack, "help")
            assert help_reply["response_type"] == "ephemeral"
            assert "/news" in all_text(help_reply)

            # A second envelope on the same connection: a digest with its buttons.
            topic_id = socket_server.slash_command(TOPIC, fake_slack.response_url("topic"))
            assert socket_server.wait_for_ack(topic_id, timeout=3).seconds < 3.0
            digest = _reply(fake_slack, "topic")
            assert "European Central Bank" in all_text(digest)
            assert button_values(digest["blocks"], ACTION_SHARE)
        finally:
            _close(handler)

    assert hosts, "the audit hook saw no connection at all: the check itself is broken"
    assert set(hosts) <= LOOPBACK, f"reached beyond loopback: {sorted(set(hosts) - LOOPBACK)}"
    [opened] = fake_slack.calls("apps.connections.open")
    assert opened.headers["authorization"] == f"Bearer {APP_TOKEN}"  # the app token, not the bot's
    assert socket_server.paths == ["/link/?ticket=fake-ticket&app_id=A0NEWSBOT"]
    assert [a.envelope_id for a in socket_server.acks()] == [help_id, topic_id]
    assert socket_server.unparsed() == []


def test_a_refused_connections_open_fails_at_start_up(
    socket_settings: Settings, sqlite_engine: Engine, fake_slack: FakeSlackApi, clock: FrozenClock
) -> None:
    fake_slack.fail("apps.connections.open", error="invalid_auth")
    bolt_app = create_app(socket_settings, sqlite_engine, clock=clock)
    with pytest.raises(ConfigError) as refused:
        start_socket_mode(bolt_app, socket_settings)
    assert str(refused.value).startswith("Slack refused SLACK_APP_TOKEN (invalid_auth): ")
    assert "\n" not in str(refused.value)


def test_socket_mode_needs_an_app_token(
    slack_settings: Settings, sqlite_engine: Engine, clock: FrozenClock
) -> None:
    settings = dataclasses.replace(slack_settings, database_url=str(sqlite_engine.url))
    bolt_app = create_app(settings, sqlite_engine, clock=clock)
    with pytest.raises(ConfigError, match="SLACK_APP_TOKEN"):
        start_socket_mode(bolt_app, settings)


# -- digest buttons (interactive envelopes) -----------------------------------------------------
def _ephemeral_digest(server: FakeSocketMode, fake: FakeSlackApi) -> dict[str, Any]:
    _acked(server, server.slash_command(TOPIC, fake.response_url("digest")))
    return _reply(fake, "digest")


def _visibilities(engine: Engine) -> list[str]:
    with engine.connect() as conn:
        query = select(digest_messages.c.visibility).order_by(digest_messages.c.created_at)
        return list(conn.execute(query).scalars())


def _sent(engine: Engine) -> list[int]:
    with engine.connect() as conn:
        return sorted(conn.execute(select(sent_articles.c.article_id)).scalars())


def _eventually(condition: Callable[[], bool], timeout: float = 5.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "condition not met in time"
        time.sleep(0.02)


def test_share_over_socket_mode_is_acked_and_posts_the_digest_once(
    connected: FakeSocketMode, fake_slack: FakeSlackApi, sqlite_engine: Engine
) -> None:
    digest = _ephemeral_digest(connected, fake_slack)
    [value] = button_values(digest["blocks"], ACTION_SHARE)

    _acked(connected, connected.button_click(ACTION_SHARE, value, fake_slack.response_url("s1")))
    [post] = fake_slack.wait_for("chat.postMessage")
    assert post.params["channel"] == CHANNEL_ID
    assert "European Central Bank" in all_text(post.params)
    assert button_values(post.params["blocks"], ACTION_FULL_QUOTES)
    assert not button_values(post.params["blocks"], ACTION_SHARE)  # the shared copy is final
    assert "Shared" in all_text(_reply(fake_slack, "s1"))

    # A second press (say Slack redelivered it) is acked too, and posts nothing more.
    _acked(connected, connected.button_click(ACTION_SHARE, value, fake_slack.response_url("s2")))
    assert "already shared" in all_text(_reply(fake_slack, "s2"))
    assert len(fake_slack.calls("chat.postMessage")) == 1
    assert _visibilities(sqlite_engine) == ["ephemeral", "channel"]
    assert _sent(sqlite_engine) == [1, 2]


def test_full_quotes_of_an_ephemeral_digest_over_socket_mode_go_to_the_caller_only(
    connected: FakeSocketMode, fake_slack: FakeSlackApi
) -> None:
    digest = _ephemeral_digest(connected, fake_slack)
    values = button_values(digest["blocks"], ACTION_FULL_QUOTES)
    assert values
    for n, value in enumerate(values):
        url = fake_slack.response_url(f"fq{n}")
        _acked(connected, connected.button_click(ACTION_FULL_QUOTES, value, url))
    replies = [_reply(fake_slack, f"fq{n}") for n in range(len(values))]
    assert all(
        r["response_type"] == "ephemeral" and r["replace_original"] is False for r in replies
    )
    assert any(QUOTE in all_text(r) for r in replies)
    assert fake_slack.calls("chat.postMessage") == []


def test_full_quotes_of_a_channel_digest_over_socket_mode_go_in_its_thread_once(
    connected: FakeSocketMode, fake_slack: FakeSlackApi, sqlite_engine: Engine
) -> None:
    _acked(connected, connected.slash_command(f"{TOPIC} here", fake_slack.response_url("here")))
    [root] = fake_slack.wait_for("chat.postMessage")
    ts = fake_slack.messages(CHANNEL_ID)[0]["ts"]
    value = button_values(root.params["blocks"], ACTION_FULL_QUOTES)[0]

    url = fake_slack.response_url("first")
    _acked(connected, connected.button_click(ACTION_FULL_QUOTES, value, url, message_ts=ts))
    [_, thread_reply] = fake_slack.wait_for("chat.postMessage", count=2)
    assert thread_reply.params["channel"] == CHANNEL_ID
    assert thread_reply.params["thread_ts"] == ts
    assert QUOTE in all_text(thread_reply.params)

    # Another reader's click: a pointer to the thread for them alone, no second copy.
    digest_id, index = parse_full_quotes_value(value)
    _eventually(lambda: _reply_ts(sqlite_engine, digest_id, index) is not None)
    url = fake_slack.response_url("again")
    _acked(connected, connected.button_click(ACTION_FULL_QUOTES, value, url, message_ts=ts))
    note = _reply(fake_slack, "again")
    assert note["response_type"] == "ephemeral"
    assert "full quotes are in this message's thread" in all_text(note)
    assert len(fake_slack.calls("chat.postMessage")) == 2
    assert fake_slack.responses("first") == []


def _reply_ts(engine: Engine, digest_id: str, index: int) -> str | None:
    with engine.connect() as conn:
        return full_quotes_reply_ts(conn, digest_id, index)


def test_a_forged_button_value_over_socket_mode_gets_a_polite_answer(
    connected: FakeSocketMode, fake_slack: FakeSlackApi
) -> None:
    url = fake_slack.response_url("forged")
    _acked(connected, connected.button_click(ACTION_FULL_QUOTES, "unknown-id:0", url))
    assert "no longer stored" in all_text(_reply(fake_slack, "forged"))
    assert fake_slack.calls("chat.postMessage") == []


# -- workspace events (events_api envelopes) ----------------------------------------------------
def _teams_subscribed(engine: Engine) -> list[str]:
    with engine.connect() as conn:
        return sorted(s.team_id for s in list_subscriptions(conn))


def _subscribe_two_teams(engine: Engine, clock: FrozenClock) -> None:
    with engine.begin() as conn:
        add_subscription(conn, TEAM_ID, "C1", "rates", 9, 0, "UTC", USER_ID, clock())
        add_subscription(conn, "T0OTHER", "C2", "rates", 9, 0, "UTC", None, clock())


def test_a_revoked_bot_token_over_socket_mode_forgets_the_workspace(
    connected: FakeSocketMode, fake_slack: FakeSlackApi, sqlite_engine: Engine, clock: FrozenClock
) -> None:
    _subscribe_two_teams(sqlite_engine, clock)
    fake_slack.fail("auth.test", error="token_revoked", times=None)  # as after a real revoke
    event = {"type": "tokens_revoked", "tokens": {"oauth": [], "bot": ["U0BOT"]}}
    _acked(connected, connected.event(event))
    _eventually(lambda: _teams_subscribed(sqlite_engine) == ["T0OTHER"])


def test_an_uninstall_over_socket_mode_forgets_installation_and_subscriptions(
    socket_settings: Settings,
    sqlite_engine: Engine,
    fake_slack: FakeSlackApi,
    socket_server: FakeSocketMode,
    clock: FrozenClock,
) -> None:
    settings = oauth_settings(socket_settings)
    store = installation_store(settings, sqlite_engine)
    # Installed earlier (the OAuth pages are tested over HTTP); stored the way Bolt stores it.
    store.save(
        Installation(
            app_id="A0NEWSBOT",
            team_id=TEAM_ID,
            user_id=USER_ID,
            bot_token="xoxb-installed-by-oauth",
            bot_id="B0BOT",
            bot_user_id="U0BOT",
            bot_scopes="commands,chat:write",
        )
    )
    _subscribe_two_teams(sqlite_engine, clock)
    with _serving(settings, sqlite_engine, fake_slack, socket_server, clock):
        _acked(socket_server, socket_server.event({"type": "app_uninstalled"}))

        def forgotten() -> bool:
            gone = store.find_bot(enterprise_id=None, team_id=TEAM_ID) is None
            return gone and _teams_subscribed(sqlite_engine) == ["T0OTHER"]

        _eventually(forgotten)
