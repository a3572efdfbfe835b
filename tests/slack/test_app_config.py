"""The app refuses half a configuration, and serves only what its mode needs."""

from __future__ import annotations

import dataclasses

import httpx
import pytest
from click.testing import CliRunner
from sqlalchemy import Engine

from bot.cli import cli
from bot.clock import FrozenClock
from bot.config import Settings
from bot.errors import ConfigError
from bot.slack.app import create_app
from bot.slack.web import create_web_app
from tests.slack.conftest import oauth_settings
from tests.slack.signed import serve, slash_command


@pytest.mark.parametrize(
    "changes",
    [
        {"slack_signing_secret": None},
        {"slack_bot_token": None},
        {"slack_bot_token": None, "slack_client_id": "1.2"},
    ],
)
def test_half_a_configuration_is_refused(
    slack_settings: Settings, sqlite_engine: Engine, changes: dict[str, object]
) -> None:
    settings = dataclasses.replace(slack_settings, **changes)  # type: ignore[arg-type]
    with pytest.raises(ConfigError, match="SLACK_"):
        create_app(settings, sqlite_engine)


def test_socket_mode_serves_push_and_health_but_no_slack_url(
    slack_settings: Settings, sqlite_engine: Engine, clock: FrozenClock
) -> None:
    web = create_web_app(slack_settings, sqlite_engine, None, clock=clock)
    with serve(web) as url:
        assert httpx.get(f"{url}/healthz").status_code == 200
        events = httpx.post(f"{url}/slack/events", content=slash_command("help", "http://x/"))
        assert events.status_code in (404, 405)
        assert httpx.get(f"{url}/slack/install").status_code == 404


def test_socket_mode_with_oauth_serves_the_install_pages_but_no_events_url(
    slack_settings: Settings, sqlite_engine: Engine, clock: FrozenClock
) -> None:
    settings = oauth_settings(slack_settings)
    bolt_app = create_app(settings, sqlite_engine)
    web = create_web_app(settings, sqlite_engine, bolt_app, socket_mode=True, clock=clock)
    with serve(web) as url:
        install = httpx.get(f"{url}/slack/install")
        assert install.status_code == 200 and "client_id=1111.2222" in install.text
        events = httpx.post(f"{url}/slack/events", content=slash_command("help", "http://x/"))
        assert events.status_code in (404, 405)


def test_single_workspace_mode_has_no_install_page(
    slack_settings: Settings, sqlite_engine: Engine, clock: FrozenClock
) -> None:
    web = create_web_app(slack_settings, sqlite_engine, create_app(slack_settings, sqlite_engine))
    with serve(web) as url:
        assert httpx.get(f"{url}/slack/install").status_code == 404


def test_health_check_reports_a_lost_database(
    slack_settings: Settings, sqlite_engine: Engine, tmp_path: object
) -> None:
    from bot.store.db import create_store_engine

    broken = create_store_engine("sqlite:////nonexistent-dir/for/newsbot.db")
    with serve(create_web_app(slack_settings, broken, None)) as url:
        response = httpx.get(f"{url}/healthz")
    assert response.status_code == 503 and response.json()["ok"] is False


def test_serve_is_a_newsbot_command() -> None:
    result = CliRunner().invoke(cli, ["serve", "--help"])
    assert result.exit_code == 0
    assert "--port" in result.output and "--no-scheduler" in result.output
