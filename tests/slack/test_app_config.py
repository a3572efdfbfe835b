"""The app refuses half a configuration, and serves only what its mode needs."""

from __future__ import annotations

import dataclasses
import logging

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
from fakes.signed import serve, slash_command
from fakes.slack_api import FakeSlackApi
from tests.slack.conftest import oauth_settings


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


def _serve_output(
    settings: Settings, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> tuple[int, str]:
    import sys

    from bot.cli import main

    monkeypatch.setenv("NEWSBOT_DATABASE_URL", settings.database_url)
    monkeypatch.setenv("NEWSBOT_SOURCES_FILE", settings.sources_file)
    monkeypatch.setenv("SLACK_BOT_TOKEN", settings.slack_bot_token or "")
    monkeypatch.setenv("SLACK_SIGNING_SECRET", settings.slack_signing_secret or "")
    monkeypatch.setenv("SLACK_API_URL", settings.slack_api_url or "")
    monkeypatch.setattr(sys, "argv", ["newsbot", "serve", "--no-scheduler", "--port", "9"])
    with pytest.raises(SystemExit) as exited:
        main()
    return int(exited.value.code or 0), capsys.readouterr().err


def test_a_refused_bot_token_is_one_line(
    slack_settings: Settings,
    fake_slack: FakeSlackApi,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    fake_slack.fail("auth.test", error="invalid_auth")
    code, err = _serve_output(slack_settings, monkeypatch, capsys)
    assert code == 1
    assert err.splitlines() == [
        "newsbot: Slack refused SLACK_BOT_TOKEN (invalid_auth): copy the token again "
        "from your app's settings at https://api.slack.com/apps"
    ]


def test_an_unreachable_slack_api_is_one_line(
    slack_settings: Settings,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    caplog: pytest.LogCaptureFixture,
) -> None:
    closed = dataclasses.replace(slack_settings, slack_api_url="http://127.0.0.1:9/api/")
    code, err = _serve_output(closed, monkeypatch, capsys)
    assert code == 1
    [line] = err.splitlines()
    assert line.startswith("newsbot: cannot reach the Slack API at http://127.0.0.1:9/api/: ")
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]


def test_a_start_logs_no_notice_about_an_unused_token(
    slack_settings: Settings,
    sqlite_engine: Engine,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    monkeypatch.setenv("SLACK_BOT_TOKEN", "xoxb-test-token")  # as a deployment sets it
    with caplog.at_level(logging.DEBUG):
        create_app(slack_settings, sqlite_engine)
    assert not [r for r in caplog.records if "unused" in r.getMessage()]
