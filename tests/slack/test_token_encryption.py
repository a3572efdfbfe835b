"""Bot and refresh tokens are stored encrypted under NEWSBOT_TOKEN_KEY (issue 10, finding 5)."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator

import pytest
from alembic import command
from click.testing import CliRunner
from cryptography.fernet import Fernet
from slack_sdk.oauth.installation_store import Bot, Installation
from sqlalchemy import Engine, text

from bot.cli import cli
from bot.config import Settings
from bot.errors import ConfigError, StoreError, TokenError
from bot.slack.app import create_app
from bot.slack.installation import encrypt_stored_tokens, installation_store
from bot.slack.tokens import token_source
from bot.store.db import alembic_config, create_store_engine, migrate
from fakes.slack_api import FakeSlackApi
from tests.slack.conftest import TOKEN_KEY, oauth_settings

# A rotating token is long: encrypted, it passes slack_sdk's 200-character columns.
BOT_TOKEN = "xoxe.xoxb-1-" + "b" * 150
REFRESH_TOKEN = "xoxe-1-" + "r" * 150


@pytest.fixture
def settings(slack_settings: Settings) -> Settings:
    return oauth_settings(slack_settings)


def _bot(token: str = BOT_TOKEN) -> Bot:
    return Bot(
        app_id="A0NEWSBOT",
        team_id="T1",
        bot_token=token,
        bot_refresh_token=REFRESH_TOKEN,
        bot_token_expires_at=2_000_000_000,
        bot_id="B1",
        bot_user_id="U0BOT",
        bot_scopes="commands,chat:write",
        installed_at=1_700_000_000.0,
    )


def _raw(engine: Engine, table: str = "slack_bots") -> list[tuple[str | None, str | None]]:
    with engine.connect() as conn:
        rows = conn.execute(text(f"SELECT bot_token, bot_refresh_token FROM {table}"))
        return [(r[0], r[1]) for r in rows]


def test_tokens_are_encrypted_in_the_database_and_read_back_plain(
    engine: Engine, settings: Settings
) -> None:
    store = installation_store(settings, engine)
    store.save(
        Installation(
            app_id="A0NEWSBOT",
            team_id="T1",
            user_id="U1",
            bot_token=BOT_TOKEN,
            bot_refresh_token=REFRESH_TOKEN,
            bot_id="B1",
            bot_user_id="U0BOT",
            user_token="xoxp-" + "u" * 40,
        )
    )
    for table in ("slack_bots", "slack_installations"):
        [(token, refresh)] = _raw(engine, table)
        assert token is not None and refresh is not None
        assert "xox" not in token + refresh
        assert Fernet(TOKEN_KEY).decrypt(token.encode()).decode() == BOT_TOKEN
    with engine.connect() as conn:
        user_token = conn.execute(text("SELECT user_token FROM slack_installations")).scalar()
    assert user_token is not None and not user_token.startswith("xoxp-")
    found = store.find_bot(enterprise_id=None, team_id="T1")
    assert found is not None
    assert (found.bot_token, found.bot_refresh_token) == (BOT_TOKEN, REFRESH_TOKEN)


def test_oauth_mode_without_a_key_refuses_to_start(
    sqlite_engine: Engine, settings: Settings, fake_slack: FakeSlackApi
) -> None:
    keyless = dataclasses.replace(settings, token_key=None)
    with pytest.raises(ConfigError, match="NEWSBOT_TOKEN_KEY"):
        create_app(keyless, sqlite_engine)
    with pytest.raises(ConfigError, match="NEWSBOT_TOKEN_KEY"):
        token_source(keyless, sqlite_engine)


def test_a_malformed_key_is_a_one_line_config_error(sqlite_engine: Engine, settings: Settings):
    with pytest.raises(ConfigError, match=r"key #2 is not a Fernet key"):
        installation_store(
            dataclasses.replace(settings, token_key=f"{TOKEN_KEY},short"), sqlite_engine
        )


def test_rotation_reads_with_any_listed_key_and_reencrypts_with_the_newest(
    sqlite_engine: Engine, settings: Settings
) -> None:
    installation_store(settings, sqlite_engine).save_bot(_bot())
    newer = Fernet.generate_key().decode()
    rotated = dataclasses.replace(settings, token_key=f"{newer}, {TOKEN_KEY}")
    found = installation_store(rotated, sqlite_engine).find_bot(enterprise_id=None, team_id="T1")
    assert found is not None and found.bot_token == BOT_TOKEN

    assert encrypt_stored_tokens(rotated, sqlite_engine) == 2  # token and refresh token
    assert encrypt_stored_tokens(rotated, sqlite_engine) == 0  # nothing left to move
    [(token, _)] = _raw(sqlite_engine)
    assert token is not None and Fernet(newer).decrypt(token.encode()).decode() == BOT_TOKEN

    only_newer = dataclasses.replace(settings, token_key=newer)
    store = installation_store(only_newer, sqlite_engine)
    assert store.find_bot(enterprise_id=None, team_id="T1") is not None

    unrelated = dataclasses.replace(settings, token_key=Fernet.generate_key().decode())
    assert encrypt_stored_tokens(unrelated, sqlite_engine) == 0  # warned, not stopped
    with pytest.raises(StoreError, match="does not decrypt with any key"):
        installation_store(unrelated, sqlite_engine).find_bot(enterprise_id=None, team_id="T1")
    with pytest.raises(TokenError, match=r"workspace T1: .*does not decrypt"):
        token_source(unrelated, sqlite_engine)("T1")


@pytest.fixture
def before_encryption(database_url: str) -> Iterator[Engine]:
    """A database at the last revision before encryption, with a plain-text install."""
    engine = create_store_engine(database_url)
    config = alembic_config(engine)
    with engine.begin() as conn:
        config.attributes["connection"] = conn
        command.upgrade(config, "0004_delivery_fencing")
        conn.execute(
            text(
                "INSERT INTO slack_bots (client_id, app_id, team_id, bot_token, bot_id, "
                "bot_user_id, bot_refresh_token, is_enterprise_install, installed_at) VALUES "
                "('1111.2222', 'A0', 'T1', :token, 'B1', 'U0BOT', :refresh, false, "
                "CURRENT_TIMESTAMP)"
            ),
            {"token": "xoxb-plain-old-token", "refresh": "xoxe-1-plain-refresh"},
        )
    yield engine
    engine.dispose()


def test_upgrading_with_the_key_set_encrypts_existing_rows(
    before_encryption: Engine, monkeypatch: pytest.MonkeyPatch, settings: Settings
) -> None:
    monkeypatch.setenv("NEWSBOT_TOKEN_KEY", TOKEN_KEY)
    migrate(before_encryption)
    [(token, refresh)] = _raw(before_encryption)
    assert token is not None and refresh is not None
    assert Fernet(TOKEN_KEY).decrypt(token.encode()) == b"xoxb-plain-old-token"
    assert Fernet(TOKEN_KEY).decrypt(refresh.encode()) == b"xoxe-1-plain-refresh"


def test_upgrading_without_the_key_keeps_rows_readable_until_the_key_comes(
    before_encryption: Engine, settings: Settings
) -> None:
    migrate(before_encryption)
    assert _raw(before_encryption) == [("xoxb-plain-old-token", "xoxe-1-plain-refresh")]
    found = installation_store(settings, before_encryption).find_bot(
        enterprise_id=None, team_id="T1"
    )
    assert found is not None and found.bot_token == "xoxb-plain-old-token"

    runner = CliRunner()
    env = {
        "DATABASE_URL": str(before_encryption.url.render_as_string(hide_password=False)),
        "SLACK_CLIENT_ID": "1111.2222",
        "SLACK_CLIENT_SECRET": "client-secret",
        "NEWSBOT_TOKEN_KEY": TOKEN_KEY,
    }
    result = runner.invoke(cli, ["tokens", "reencrypt"], env=env)
    assert result.exit_code == 0, result.output
    assert "re-encrypted 2 stored token(s)" in result.output
    [(token, _)] = _raw(before_encryption)
    assert token is not None and not token.startswith("xox")
