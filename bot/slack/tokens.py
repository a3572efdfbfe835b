"""Which bot token a scheduled delivery uses for a workspace.

Single-workspace mode: ``SLACK_BOT_TOKEN`` for every team. OAuth mode (``SLACK_CLIENT_ID`` and
``SLACK_CLIENT_SECRET`` set): the workspace's bot installation from Bolt's SQLAlchemy
installation store. A scheduled run has no incoming request for Bolt to authorize, so with token
rotation on it refreshes an expiring token itself, the way Bolt's authorizer does (rotate, then
``save_bot`` so the web process sees the new token too).

A refresh token is spent by its first use, so two processes refreshing one workspace at once
would leave one of them with a dead token: on PostgreSQL each refresh runs under a
transaction-scoped advisory lock per workspace, and the bot is read again inside it, so the
second process finds the fresh token and refreshes nothing (rule "one refresh per workspace").
"""

from __future__ import annotations

import logging
import threading
import zlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from slack_sdk import WebClient
from slack_sdk.errors import SlackClientError, SlackTokenRotationError
from slack_sdk.oauth.installation_store import InstallationStore
from slack_sdk.oauth.token_rotation import TokenRotator
from sqlalchemy import Engine

from bot.config import Settings
from bot.errors import ConfigError, StoreError, TokenError
from bot.slack.clients import api_base_url, make_web_client
from bot.slack.installation import TOKEN_ROTATION_MINUTES, installation_store, oauth_enabled
from bot.store.locks import advisory_lock

log = logging.getLogger(__name__)

TokenSource = Callable[[str], str]
# The advisory lock's first key: "tokn"; the second is the workspace id's CRC-32.
_REFRESH_LOCK = 0x746F6B6E


def static_token(settings: Settings) -> TokenSource:
    token = settings.slack_bot_token
    if not token:
        raise ConfigError("set SLACK_BOT_TOKEN (or SLACK_CLIENT_ID/SECRET for OAuth) to deliver")

    def resolve(team_id: str) -> str:
        return token

    return resolve


def installed_token(
    store: InstallationStore,
    rotator: TokenRotator | None,
    *,
    minutes_before_expiration: int = TOKEN_ROTATION_MINUTES,
    engine: Engine | None = None,
) -> TokenSource:
    """Tokens from ``store``; refreshed through ``rotator`` when they expire soon.

    With ``engine`` on PostgreSQL the refresh is locked across processes as well.
    """
    # One refresh at a time in this process: a thousand deliveries starting at 09:00 must not
    # all spend the same refresh token.
    lock = threading.Lock()

    def resolve(team_id: str) -> str:
        with lock, refresh_lock(engine, team_id):
            return _current_token(store, rotator, team_id, minutes_before_expiration)

    return resolve


@contextmanager
def refresh_lock(engine: Engine | None, team_id: str) -> Iterator[None]:
    """Hold the workspace's refresh lock for the block (PostgreSQL; elsewhere a no-op, as a
    SQLite database has one newsbot process)."""
    key = zlib.crc32(team_id.encode()) - 2**31  # PostgreSQL's int4 is signed
    try:
        with advisory_lock(engine, _REFRESH_LOCK, key, "lock the token refresh"):
            yield
    except StoreError as exc:
        raise TokenError(team_id, f"database error around the token refresh: {exc}") from exc


def _current_token(
    store: InstallationStore, rotator: TokenRotator | None, team_id: str, minutes: int
) -> str:
    try:
        bot = store.find_bot(enterprise_id=None, team_id=team_id)
    except StoreError as exc:  # a token that no key in NEWSBOT_TOKEN_KEY decrypts
        raise TokenError(team_id, str(exc)) from exc
    if bot is None or not bot.bot_token:
        raise TokenError(team_id, "newsbot is not installed there", installed=False)
    if rotator is None or bot.bot_token_expires_at is None:
        return bot.bot_token
    try:
        fresh = rotator.perform_bot_token_rotation(bot=bot, minutes_before_expiration=minutes)
    except (SlackTokenRotationError, SlackClientError, OSError) as exc:
        raise TokenError(team_id, f"refreshing the bot token failed: {exc}") from exc
    if fresh is None:
        return bot.bot_token
    store.save_bot(fresh)
    log.info("refreshed the bot token of workspace %s", team_id)
    return fresh.bot_token or bot.bot_token


def token_source(settings: Settings, engine: Engine) -> TokenSource:
    """The token source for this deployment (see the module docstring)."""
    if not oauth_enabled(settings):
        return static_token(settings)
    rotator = TokenRotator(
        client_id=settings.slack_client_id or "",
        client_secret=settings.slack_client_secret or "",
        client=WebClient(base_url=api_base_url(settings), timeout=10),
    )
    return installed_token(installation_store(settings, engine), rotator, engine=engine)


def client_factory(settings: Settings, tokens: TokenSource) -> Callable[[str], WebClient]:
    """``team_id -> WebClient`` with newsbot's retry policy and that workspace's token."""

    def client_for(team_id: str) -> WebClient:
        return make_web_client(settings, tokens(team_id))

    return client_for
