"""The Bolt app factory: settings and engine in, an ``App`` with every listener out.

Single workspace when SLACK_BOT_TOKEN is set; multi-workspace OAuth when SLACK_CLIENT_ID and
SLACK_CLIENT_SECRET are (installs stored in newsbot's database). Requests are signature-checked
in front of Bolt (bot/slack/verify.py, with the injected clock), so Bolt's own check is off.
"""

from __future__ import annotations

import dataclasses
import logging
import time
from collections.abc import Callable

from slack_bolt import App
from sqlalchemy import Engine

from bot.clock import Clock, system_clock
from bot.config import Settings
from bot.digest.topics import TopicCatalog, load_topics
from bot.errors import ConfigError
from bot.render.env import load_templates
from bot.slack.clients import make_web_client
from bot.slack.installation import encrypt_stored_tokens, oauth_enabled, oauth_settings
from bot.slack.listeners import Deps, register_listeners

log = logging.getLogger(__name__)


def create_app(
    settings: Settings,
    engine: Engine,
    *,
    clock: Clock = system_clock,
    topics: TopicCatalog | None = None,
    verify_token: bool = True,
    retry_sleep: Callable[[float], None] = time.sleep,
) -> App:
    """``verify_token`` calls auth.test at start-up (single workspace), failing fast;
    ``retry_sleep`` waits between Slack API retries (tests pass a no-op)."""
    _check(settings)
    deps = Deps(
        engine,
        settings,
        topics or load_topics(settings.topics_path),
        clock,
        load_templates(settings.templates_path),
    )
    multi = oauth_enabled(settings)
    if multi:
        # Rows stored before the key was set, or under a key since rotated out of first place.
        encrypt_stored_tokens(settings, engine)
    # In OAuth mode the token comes per workspace from the installation store.
    client_settings = dataclasses.replace(settings, slack_bot_token=None) if multi else settings
    app = App(
        name="newsbot",
        logger=logging.getLogger("newsbot.bolt"),
        signing_secret=settings.slack_signing_secret or "",
        client=make_web_client(client_settings, retry_sleep=retry_sleep),
        token_verification_enabled=verify_token and not multi,
        request_verification_enabled=False,
        oauth_settings=oauth_settings(settings, engine) if multi else None,
    )
    register_listeners(app, deps)
    return app


def _check(settings: Settings) -> None:
    if not (settings.slack_signing_secret or settings.slack_app_token):
        raise ConfigError(
            "set SLACK_SIGNING_SECRET (HTTP mode) or SLACK_APP_TOKEN (Socket Mode) to run the app"
        )
    if not (settings.slack_bot_token or oauth_enabled(settings)):
        raise ConfigError(
            "set SLACK_BOT_TOKEN (one workspace) or SLACK_CLIENT_ID and SLACK_CLIENT_SECRET "
            "(installable in many workspaces)"
        )
