"""Slack payloads shared by the signed-HTTP helpers and the Socket Mode fake."""

from __future__ import annotations

from typing import Any

from fakes.slack_api import TEAM_ID

APP_ID = "A0NEWSBOT"
CHANNEL_ID = "C0NEWS"
USER_ID = "U0ALICE"


def block_actions_payload(
    action_id: str,
    value: str,
    response_url: str,
    *,
    message_ts: str = "1700000000.000100",
    ephemeral: bool = True,
    user_id: str = USER_ID,
) -> dict[str, Any]:
    """A button press on a message newsbot posted in ``CHANNEL_ID`` (ephemeral or not)."""
    return {
        "type": "block_actions",
        "team": {"id": TEAM_ID, "domain": "newsroom"},
        "user": {"id": user_id, "username": "alice", "team_id": TEAM_ID},
        "api_app_id": APP_ID,
        "token": "deprecated-verification-token",
        "channel": {"id": CHANNEL_ID, "name": "news"},
        "container": {
            "type": "message",
            "message_ts": message_ts,
            "channel_id": CHANNEL_ID,
            "is_ephemeral": ephemeral,
        },
        "trigger_id": "1337.42.abcdef",
        "response_url": response_url,
        "actions": [
            {
                "type": "button",
                "action_id": action_id,
                "block_id": "b1",
                "value": value,
                "action_ts": "1700000001.000200",
            }
        ],
    }


def home_action_payload(
    action_id: str, value: str | None = None, *, user_id: str = USER_ID
) -> dict[str, Any]:
    """A button press in the Home tab (a view container: no channel, no response_url)."""
    action: dict[str, Any] = {
        "type": "button",
        "action_id": action_id,
        "block_id": "h1",
        "action_ts": "1700000001.000200",
    }
    if value is not None:
        action["value"] = value
    return {
        "type": "block_actions",
        "team": {"id": TEAM_ID, "domain": "newsroom"},
        "user": {"id": user_id, "username": "alice", "team_id": TEAM_ID},
        "api_app_id": APP_ID,
        "token": "deprecated-verification-token",
        "container": {"type": "view", "view_id": f"VHOME{user_id}"},
        "view": {"id": f"VHOME{user_id}", "type": "home", "team_id": TEAM_ID},
        "trigger_id": "1337.43.home",
        "actions": [action],
    }


def view_submission_payload(
    callback_id: str, values: dict[str, Any], *, view_id: str, user_id: str = USER_ID
) -> dict[str, Any]:
    """A modal's submit press; ``values`` is ``view.state.values`` (block -> action -> value)."""
    return {
        "type": "view_submission",
        "team": {"id": TEAM_ID, "domain": "newsroom"},
        "user": {"id": user_id, "username": "alice", "team_id": TEAM_ID},
        "api_app_id": APP_ID,
        "token": "deprecated-verification-token",
        "trigger_id": "1337.44.modal",
        "view": {
            "id": view_id,
            "type": "modal",
            "team_id": TEAM_ID,
            "callback_id": callback_id,
            "state": {"values": values},
        },
    }
