"""Bot tokens for scheduled deliveries: one static token, or installations with rotation."""

from __future__ import annotations

import dataclasses
import time

import pytest
from slack_sdk import WebClient
from slack_sdk.oauth.installation_store import Bot
from slack_sdk.oauth.token_rotation import TokenRotator
from sqlalchemy import Engine

from bot.config import Settings
from bot.errors import ConfigError, TokenError
from bot.slack.installation import installation_store
from bot.slack.tokens import installed_token, static_token, token_source
from fakes.slack_api import FakeSlackApi
from tests.slack.conftest import TOKEN_KEY


def oauth_settings(api_url: str) -> Settings:
    return dataclasses.replace(
        Settings(),
        slack_api_url=api_url,
        slack_client_id="111.222",
        slack_client_secret="shh",
        token_key=TOKEN_KEY,
    )


def install(engine: Engine, settings: Settings, *, expires_in: int | None) -> None:
    expires_at = int(time.time()) + expires_in if expires_in is not None else None
    installation_store(settings, engine).save_bot(
        Bot(
            app_id="A1",
            team_id="T1",
            bot_token="xoxe.xoxb-old",
            bot_refresh_token="xoxe-1-refresh" if expires_at else None,
            bot_token_expires_at=expires_at,
            bot_id="B1",
            bot_user_id="U0BOT",
            installed_at=time.time() - 3600,
        )
    )


def test_single_workspace_token_serves_every_team() -> None:
    resolve = static_token(dataclasses.replace(Settings(), slack_bot_token="xoxb-one"))
    assert resolve("T1") == resolve("T2") == "xoxb-one"


def test_no_token_at_all_is_a_config_error() -> None:
    with pytest.raises(ConfigError, match="SLACK_BOT_TOKEN"):
        static_token(Settings())


def test_installation_token_without_rotation(sqlite_engine: Engine, slack: FakeSlackApi) -> None:
    settings = oauth_settings(slack.api_url)
    install(sqlite_engine, settings, expires_in=None)
    assert token_source(settings, sqlite_engine)("T1") == "xoxe.xoxb-old"
    assert slack.calls("oauth.v2.access") == []


def test_expiring_token_is_refreshed_and_saved(sqlite_engine: Engine, slack: FakeSlackApi) -> None:
    settings = oauth_settings(slack.api_url)
    install(sqlite_engine, settings, expires_in=600)
    slack.set_method(
        "oauth.v2.access",
        {
            "ok": True,
            "token_type": "bot",
            "access_token": "xoxe.xoxb-new",
            "refresh_token": "xoxe-1-next",
            "expires_in": 43200,
        },
    )
    resolve = token_source(settings, sqlite_engine)
    assert resolve("T1") == "xoxe.xoxb-new"
    call = slack.calls("oauth.v2.access")[0].params
    assert call["grant_type"] == "refresh_token" and call["refresh_token"] == "xoxe-1-refresh"
    stored = installation_store(settings, sqlite_engine).find_bot(enterprise_id=None, team_id="T1")
    assert stored is not None and stored.bot_refresh_token == "xoxe-1-next"
    assert resolve("T1") == "xoxe.xoxb-new" and len(slack.calls("oauth.v2.access")) == 1


def test_failed_refresh_is_a_token_error(sqlite_engine: Engine, slack: FakeSlackApi) -> None:
    settings = oauth_settings(slack.api_url)
    install(sqlite_engine, settings, expires_in=60)
    slack.set_method("oauth.v2.access", {"ok": False, "error": "invalid_refresh_token"})
    rotator = TokenRotator(
        client_id="111.222", client_secret="shh", client=WebClient(base_url=slack.api_url)
    )
    resolve = installed_token(installation_store(settings, sqlite_engine), rotator)
    with pytest.raises(TokenError, match="refreshing") as caught:
        resolve("T1")
    assert caught.value.installed


def test_a_workspace_without_installation(sqlite_engine: Engine, slack: FakeSlackApi) -> None:
    resolve = token_source(oauth_settings(slack.api_url), sqlite_engine)
    with pytest.raises(TokenError) as caught:
        resolve("T404")
    assert not caught.value.installed
