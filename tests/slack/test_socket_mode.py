"""Socket Mode end to end: ``newsbot serve``'s own connect path against a loopback Slack.

The fake Web API answers ``apps.connections.open`` with the address of a real WebSocket server
on loopback; the app connects there, gets ``hello``, is sent slash-command envelopes, must ack
each one within Slack's 3 seconds, and answers at the command's response_url.
"""

from __future__ import annotations

import dataclasses
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from slack_sdk.errors import SlackApiError
from sqlalchemy import Engine

from bot.cli.slack import start_socket_mode
from bot.clock import FrozenClock
from bot.config import Settings
from bot.errors import ConfigError
from bot.render.actions import ACTION_SHARE
from bot.slack.app import create_app
from tests.fakes.slack_api import FakeSlackApi
from tests.fakes.socket_mode import FakeSocketMode
from tests.slack.newsroom import TOPIC, all_text, button_values, seed

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
            handler.close()  # type: ignore[no-untyped-call]

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
    with pytest.raises(SlackApiError, match="invalid_auth"):
        start_socket_mode(bolt_app, socket_settings)


def test_socket_mode_needs_an_app_token(
    slack_settings: Settings, sqlite_engine: Engine, clock: FrozenClock
) -> None:
    settings = dataclasses.replace(slack_settings, database_url=str(sqlite_engine.url))
    bolt_app = create_app(settings, sqlite_engine, clock=clock)
    with pytest.raises(ConfigError, match="SLACK_APP_TOKEN"):
        start_socket_mode(bolt_app, settings)
