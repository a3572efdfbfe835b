"""Slack payloads shared by the signed-HTTP helpers and the Socket Mode fake."""

from __future__ import annotations

from typing import Any

from tests.fakes.slack_api import TEAM_ID

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
