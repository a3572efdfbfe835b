"""The Bolt app factory: settings and engine in, an ``App`` with every listener out.

Single workspace when SLACK_BOT_TOKEN is set; multi-workspace OAuth when SLACK_CLIENT_ID and
SLACK_CLIENT_SECRET are (installs stored in newsbot's database). Requests are signature-checked
in front of Bolt (bot/slack/verify.py, with the injected clock), so Bolt's own check is off.
"""

from __future__ import annotations

import dataclasses
import logging
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from urllib.error import URLError

from slack_bolt import App
from slack_bolt.error import BoltError
from slack_bolt.logger.messages import warning_client_prioritized_and_token_skipped
from slack_sdk.errors import SlackApiError, SlackClientError
from sqlalchemy import Engine

from bot.clock import Clock, system_clock
from bot.config import Settings
from bot.errors import ConfigError
from bot.render.env import load_templates
from bot.slack.clients import api_base_url, make_web_client
from bot.slack.installation import encrypt_stored_tokens, oauth_enabled, oauth_settings
from bot.slack.listeners import Deps, register_listeners
from bot.text.topics import TopicCatalog, load_topics

log = logging.getLogger(__name__)
BOLT_LOGGER = "newsbot.bolt"


class _GivenClientNotice(logging.Filter):
    """Drop Bolt's "As you gave client as well, token will be unused.": Bolt reads
    SLACK_BOT_TOKEN from the environment by itself, so it says this on every start even though
    the client it is given carries that very token."""

    def filter(self, record: logging.LogRecord) -> bool:
        return record.getMessage() != warning_client_prioritized_and_token_skipped()


logging.getLogger(BOLT_LOGGER).addFilter(_GivenClientNotice())


class _DropAll(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        return False


@contextmanager
def _sdk_errors_reported_here() -> Iterator[None]:
    """Keep slack_sdk from logging a failed start-up call: the caller reports it, once."""
    sdk_log, drop = logging.getLogger("slack_sdk.web.base_client"), _DropAll()
    sdk_log.addFilter(drop)
    try:
        yield
    finally:
        sdk_log.removeFilter(drop)


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
    try:
        with _sdk_errors_reported_here():
            app = App(
                name="newsbot",
                logger=logging.getLogger(BOLT_LOGGER),
                signing_secret=settings.slack_signing_secret or "",
                client=make_web_client(client_settings, retry_sleep=retry_sleep),
                token_verification_enabled=verify_token and not multi,
                request_verification_enabled=False,
                oauth_settings=oauth_settings(settings, engine) if multi else None,
            )
    except (BoltError, SlackClientError, URLError, OSError) as exc:
        raise slack_start_error(exc, settings, "SLACK_BOT_TOKEN") from exc
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


def slack_start_error(exc: BaseException, settings: Settings, token_name: str) -> ConfigError:
    """A one-line reason (and what to do) for a Slack call that failed while starting up."""
    refused = exc if isinstance(exc, SlackApiError) else exc.__context__
    if isinstance(refused, SlackApiError):
        code = refused.response.get("error") if refused.response is not None else None
        return ConfigError(
            f"Slack refused {token_name} ({code or 'no reason given'}): copy the token again "
            "from your app's settings at https://api.slack.com/apps"
        )
    reason = getattr(exc, "reason", None) or exc
    return ConfigError(f"cannot reach the Slack API at {api_base_url(settings)}: {reason}")
