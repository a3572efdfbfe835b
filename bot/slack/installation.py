"""Multi-workspace installs: Bolt's SQLAlchemy installation and OAuth state stores, kept in
newsbot's own database (tables created by migration 0002_slack_installations).
"""

from __future__ import annotations

import logging

from slack_bolt.oauth.oauth_settings import OAuthSettings
from slack_sdk.oauth.installation_store.sqlalchemy import SQLAlchemyInstallationStore
from slack_sdk.oauth.state_store.sqlalchemy import SQLAlchemyOAuthStateStore
from sqlalchemy import Engine

from bot.config import Settings
from bot.errors import ConfigError

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


def installation_store(settings: Settings, engine: Engine) -> SQLAlchemyInstallationStore:
    return SQLAlchemyInstallationStore(
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
