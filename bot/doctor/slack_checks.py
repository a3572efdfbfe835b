"""Slack: is the bot token good (``auth.test``), does it carry the manifest's scopes, and can
the app-level token open a Socket Mode connection?"""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError, SlackClientError
from slack_sdk.web import SlackResponse

from bot.config import Settings
from bot.doctor.report import Check
from bot.resources import resource_dir
from bot.slack.clients import api_base_url, make_web_client
from bot.slack.installation import oauth_enabled

FIX_BOT = (
    "copy the Bot User OAuth Token (xoxb-...) from your app's OAuth & Permissions page "
    "(https://api.slack.com/apps) into SLACK_BOT_TOKEN"
)
FIX_APP = (
    "generate an app-level token with the connections:write scope under Basic Information > "
    "App-Level Tokens and put it (xapp-...) into SLACK_APP_TOKEN"
)
SCOPES_FIX = (
    "add them under OAuth & Permissions > Scopes > Bot Token Scopes (or create the app from "
    "manifest.json), then reinstall the app: a token keeps its old scopes until reinstalled"
)
# auth.test errors that mean the token itself is wrong, not the network.
_BAD_TOKEN = {"invalid_auth", "not_authed", "account_inactive", "token_revoked", "token_expired"}


def manifest_path() -> Path:
    # In a checkout manifest.json sits beside config/; a wheel ships it in bot/_data/.
    return resource_dir("config").parent / "manifest.json"


def manifest_scopes(settings: Settings) -> list[str]:
    """The bot scopes manifest.json asks for (the settings' list where it is not shipped)."""
    try:
        manifest = json.loads(manifest_path().read_text(encoding="utf-8"))
        return list(manifest["oauth_config"]["scopes"]["bot"])
    except (OSError, ValueError, KeyError, TypeError):
        return [s.strip() for s in settings.slack_scopes.split(",") if s.strip()]


def check_slack(settings: Settings) -> list[Check]:
    """Raises ConfigError when the Slack settings contradict each other."""
    multi = oauth_enabled(settings)
    checks = [_check_mode(settings)]
    if settings.slack_bot_token and not multi:
        checks.extend(_check_bot_token(settings, settings.slack_bot_token))
    elif multi:
        checks.append(Check("token", "ok", "OAuth: each workspace's token comes from its install"))
        checks.append(_check_oauth_scopes(settings))
    else:
        checks.append(Check("token", "fail", "SLACK_BOT_TOKEN is not set", FIX_BOT))
    if settings.slack_app_token:
        checks.append(_check_app_token(settings, settings.slack_app_token))
    return checks


def _check_mode(settings: Settings) -> Check:
    if settings.slack_app_token:
        return Check("slack", "ok", "Socket Mode (SLACK_APP_TOKEN): no public URL needed")
    if settings.slack_signing_secret:
        return Check("slack", "ok", "HTTP mode: Slack posts to https://YOUR-HOST/slack/events")
    return Check(
        "slack",
        "fail",
        "neither SLACK_APP_TOKEN (Socket Mode) nor SLACK_SIGNING_SECRET (HTTP mode) is set",
        "for Socket Mode set SLACK_APP_TOKEN (xapp-...); for HTTP mode copy the Signing "
        "Secret from Basic Information > App Credentials into SLACK_SIGNING_SECRET",
    )


def _check_bot_token(settings: Settings, token: str) -> list[Check]:
    if not token.startswith("xoxb-"):
        kind = "a user token" if token.startswith("xoxp-") else "not a bot token"
        return [Check("token", "fail", f"SLACK_BOT_TOKEN is {kind} (no xoxb- prefix)", FIX_BOT)]
    client = make_web_client(settings, token, retry_sleep=lambda _: None)
    try:
        answer = client.auth_test()
    except SlackApiError as exc:
        error = str(exc.response.get("error", "unknown_error"))
        fix = FIX_BOT if error in _BAD_TOKEN else None
        return [Check("token", "fail", f"Slack refused the bot token: {error}", fix)]
    except (SlackClientError, OSError) as exc:
        return [_unreachable(settings, exc)]
    team = answer.get("team") or answer.get("team_id")
    checks = [Check("token", "ok", f"bot {answer.get('user_id')} in workspace {team}")]
    return [*checks, _check_token_scopes(settings, answer)]


def _unreachable(settings: Settings, exc: BaseException) -> Check:
    return Check(
        "token",
        "fail",
        f"cannot reach Slack at {api_base_url(settings)}: {exc}",
        "check the network and proxy, and SLACK_API_URL if you set it",
    )


def _header(headers: Mapping[str, Any], name: str) -> str | None:
    for key, value in headers.items():
        if key.lower() == name:
            return str(value[0] if isinstance(value, list) else value)
    return None


def _check_token_scopes(settings: Settings, answer: SlackResponse) -> Check:
    granted_header = _header(answer.headers, "x-oauth-scopes")
    if granted_header is None:
        return Check("scopes", "warn", "Slack did not say which scopes the token has")
    granted = {s.strip() for s in granted_header.split(",") if s.strip()}
    missing = [s for s in manifest_scopes(settings) if s not in granted]
    if missing:
        return Check("scopes", "fail", f"the bot token lacks {', '.join(missing)}", SCOPES_FIX)
    return Check("scopes", "ok", f"the token has every scope of manifest.json ({len(granted)})")


def _check_oauth_scopes(settings: Settings) -> Check:
    asked = {s.strip() for s in settings.slack_scopes.split(",") if s.strip()}
    missing = [s for s in manifest_scopes(settings) if s not in asked]
    if missing:
        return Check(
            "scopes",
            "fail",
            f"NEWSBOT_SLACK_SCOPES leaves out {', '.join(missing)}",
            "unset NEWSBOT_SLACK_SCOPES, or list every bot scope of manifest.json in it",
        )
    return Check("scopes", "ok", "installs ask for every scope of manifest.json")


def _check_app_token(settings: Settings, token: str) -> Check:
    if not token.startswith("xapp-"):
        return Check("socket-mode", "fail", "SLACK_APP_TOKEN has no xapp- prefix", FIX_APP)
    client = WebClient(token=token, base_url=api_base_url(settings), timeout=10)
    try:
        client.apps_connections_open(app_token=token)
    except SlackApiError as exc:
        error = str(exc.response.get("error", "unknown_error"))
        return Check(
            "socket-mode", "fail", f"Slack refused the app-level token: {error}", _app_fix(error)
        )
    except (SlackClientError, OSError) as exc:
        return Check("socket-mode", "fail", f"cannot reach Slack: {exc}", None)
    return Check("socket-mode", "ok", "the app-level token opens a Socket Mode connection")


def _app_fix(error: str) -> str:
    if error in _BAD_TOKEN or error == "missing_scope":
        return FIX_APP
    return "turn Socket Mode on under Settings > Socket Mode, or " + FIX_APP
