"""Multi-workspace installs: Bolt's SQLAlchemy installation and OAuth state stores, kept in
newsbot's own database (tables created by migration 0002_slack_installations).

Bot and refresh tokens are stored encrypted under ``NEWSBOT_TOKEN_KEY`` (see
bot/store/token_cipher.py). OAuth mode refuses to run without that key (``token_cipher``):
every workspace's token in one table is exactly what a leaked backup or a read-only SQL
injection would hand over, and a warning in a log is easy to miss for years.
"""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt.oauth.oauth_settings import OAuthSettings
from slack_sdk.oauth.installation_store.sqlalchemy import SQLAlchemyInstallationStore
from slack_sdk.oauth.state_store.sqlalchemy import SQLAlchemyOAuthStateStore
from sqlalchemy import Engine

from bot.config import Settings
from bot.errors import ConfigError
from bot.store.db import transaction
from bot.store.token_cipher import TOKEN_COLUMNS, EncryptedToken, TokenCipher, reencrypt_tokens

log = logging.getLogger(__name__)

INSTALL_PATH = "/slack/install"
REDIRECT_PATH = "/slack/oauth_redirect"
BOTS_TABLE = "slack_bots"
INSTALLATIONS_TABLE = "slack_installations"
STATES_TABLE = "slack_oauth_states"
STATE_EXPIRATION_SECONDS = 600
# Refresh a rotating token this long before it expires (Bolt does the refresh itself).
TOKEN_ROTATION_MINUTES = 120


def oauth_enabled(settings: Settings) -> bool:
    """OAuth (multi-workspace) mode: both the client id and secret are set."""
    if bool(settings.slack_client_id) != bool(settings.slack_client_secret):
        raise ConfigError("set both SLACK_CLIENT_ID and SLACK_CLIENT_SECRET, or neither")
    return bool(settings.slack_client_id)


def token_cipher(settings: Settings) -> TokenCipher:
    """The cipher for stored tokens; ConfigError when NEWSBOT_TOKEN_KEY is missing or bad."""
    cipher = TokenCipher.from_setting(settings.token_key)
    if cipher is None:
        raise ConfigError(
            "OAuth mode stores every workspace's bot token: set NEWSBOT_TOKEN_KEY to encrypt "
            "them (`newsbot tokens new-key` prints a fresh key)"
        )
    return cipher


class EncryptedInstallationStore(SQLAlchemyInstallationStore):
    """slack_sdk's store, with every token column encrypted on write and decrypted on read."""

    def __init__(self, cipher: TokenCipher, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        for table in (self.bots, self.installations):
            for name in TOKEN_COLUMNS[table.name]:
                table.c[name].type = EncryptedToken(cipher)


def encrypt_stored_tokens(settings: Settings, engine: Engine) -> int:
    """Encrypt plain-text tokens and move old-key ones to the newest key (at start-up)."""
    cipher = token_cipher(settings)
    with transaction(engine, "encrypt the stored tokens") as conn:
        return reencrypt_tokens(conn, cipher)


def installation_store(settings: Settings, engine: Engine) -> SQLAlchemyInstallationStore:
    return EncryptedInstallationStore(
        token_cipher(settings),
        client_id=settings.slack_client_id or "",
        engine=engine,
        bots_table_name=BOTS_TABLE,
        installations_table_name=INSTALLATIONS_TABLE,
        logger=log,
    )


def state_store(engine: Engine) -> SQLAlchemyOAuthStateStore:
    return SQLAlchemyOAuthStateStore(
        expiration_seconds=STATE_EXPIRATION_SECONDS,
        engine=engine,
        table_name=STATES_TABLE,
        logger=log,
    )


def oauth_settings(settings: Settings, engine: Engine) -> OAuthSettings:
    """Bolt's OAuth flow at /slack/install and /slack/oauth_redirect, stored in ``engine``."""
    scopes = [s.strip() for s in settings.slack_scopes.split(",") if s.strip()]
    return OAuthSettings(
        client_id=settings.slack_client_id,
        client_secret=settings.slack_client_secret,
        scopes=scopes,
        install_path=INSTALL_PATH,
        redirect_uri_path=REDIRECT_PATH,
        installation_store=installation_store(settings, engine),
        installation_store_bot_only=True,
        state_store=state_store(engine),
        token_rotation_expiration_minutes=TOKEN_ROTATION_MINUTES,
        logger=log,
    )
