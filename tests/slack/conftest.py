"""The Slack app served for real: uvicorn on loopback, the fake Slack Web API behind it."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy import Engine

from bot.clock import FrozenClock
from bot.config import Settings
from fakes.signed import SIGNING_SECRET, SlackSender, serve
from fakes.slack_api import FakeSlackApi

PUSH_TOKEN = "push-secret-for-tests"
# A fixed Fernet key (32 bytes, url-safe base64) for the tokens OAuth mode stores encrypted.
TOKEN_KEY = "dGVzdC1rZXktZm9yLW5ld3Nib3QtdG9rZW5zLTMyYis="


@pytest.fixture
def fake_slack() -> Iterator[FakeSlackApi]:
    with FakeSlackApi() as fake:
        yield fake


@pytest.fixture
def slack(fake_slack: FakeSlackApi) -> FakeSlackApi:
    """The same fake Slack Web API, under the short name the delivery tests use."""
    return fake_slack


@pytest.fixture
def slack_settings(fake_slack: FakeSlackApi, tmp_path: Path) -> Settings:
    sources = tmp_path / "sources.toml"
    sources.write_text("", encoding="utf-8")
    return Settings(
        database_url=f"sqlite:///{tmp_path / 'newsbot.db'}",
        sources_file=str(sources),
        slack_bot_token="xoxb-test-token",
        slack_signing_secret=SIGNING_SECRET,
        slack_api_url=fake_slack.api_url,
        push_token=PUSH_TOKEN,
        push_max_bytes=64 * 1024,
    )


@dataclass
class RunningApp:
    url: str
    slack: SlackSender
    fake: FakeSlackApi
    engine: Engine
    settings: Settings
    clock: FrozenClock


@contextmanager
def run_app(
    settings: Settings, engine: Engine, fake: FakeSlackApi, clock: FrozenClock
) -> Iterator[RunningApp]:
    # Imported here so the delivery tests in this folder never depend on the app's imports.
    from bot.slack.app import create_app
    from bot.slack.web import create_web_app

    bolt_app = create_app(settings, engine, clock=clock)
    fake.clear()  # forget the start-up auth.test: tests assert on what requests caused
    web = create_web_app(settings, engine, bolt_app, clock=clock)
    with serve(web) as url:
        sender = SlackSender(url, lambda: int(clock().timestamp()))
        try:
            yield RunningApp(url, sender, fake, engine, settings, clock)
        finally:
            sender.close()


@pytest.fixture
def app(
    slack_settings: Settings, sqlite_engine: Engine, fake_slack: FakeSlackApi, clock: FrozenClock
) -> Iterator[RunningApp]:
    settings = dataclasses.replace(slack_settings, database_url=str(sqlite_engine.url))
    with run_app(settings, sqlite_engine, fake_slack, clock) as running:
        yield running


def oauth_settings(settings: Settings) -> Settings:
    """``settings`` switched to many workspaces: OAuth client id and secret, no bot token."""
    return dataclasses.replace(
        settings,
        slack_bot_token=None,
        slack_client_id="1111.2222",
        slack_client_secret="client-secret",
        token_key=TOKEN_KEY,
    )
