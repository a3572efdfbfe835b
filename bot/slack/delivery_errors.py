"""What a failed delivery means: Slack's answer classified, and the pauses and notes it calls for.

A channel the app lost (archived, removed from it) pauses that subscription and tells whoever
subscribed; a workspace that revoked the app pauses all of its subscriptions; anything else
(rate limits, server errors) is a plain failure that the scheduler retries later.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from http.client import HTTPException
from typing import TYPE_CHECKING, Any, Literal

from slack_sdk.errors import SlackApiError, SlackClientError

from bot.errors import NewsbotError, RenderError
from bot.render.env import Templates, packaged_templates
from bot.render.limits import check_message
from bot.render.mrkdwn import channel_mention
from bot.store.db import transaction
from bot.store.subscriptions import list_subscriptions, set_status

if TYPE_CHECKING:
    from collections.abc import Callable

    from slack_sdk import WebClient
    from sqlalchemy import Engine

    from bot.slack.delivery import Subscription

log = logging.getLogger(__name__)

CHANNEL_GONE = frozenset({"not_in_channel", "channel_not_found", "is_archived"})
WORKSPACE_GONE = frozenset({"token_revoked", "invalid_auth", "account_inactive"})


@dataclass(frozen=True)
class SlackFailure:
    """How to record a Slack API error: the message, and what (if anything) to pause."""

    error: str
    pause: Literal["subscription", "workspace"] | None = None

    @property
    def outcome(self) -> str:
        return "paused" if self.pause else "failed"


def classify_slack_error(exc: SlackApiError) -> SlackFailure:
    """What Slack's error answer means for the subscription that got it."""
    code = str(exc.response.get("error") or "") if exc.response is not None else ""
    status = exc.response.status_code if exc.response is not None else 0
    if code in CHANNEL_GONE:
        return SlackFailure(f"Slack answered {code}", pause="subscription")
    if code in WORKSPACE_GONE:
        return SlackFailure(f"Slack answered {code}", pause="workspace")
    if status == 429:
        retry = exc.response.headers.get("retry-after") if exc.response is not None else None
        return SlackFailure(f"rate limited by Slack (Retry-After {retry}); retry later")
    return SlackFailure(f"Slack answered HTTP {status} {code or 'error'}")


def paused_note(
    topic: str, channel_id: str, reason: str, templates: Templates | None = None
) -> dict[str, Any]:
    """The DM (``templates/paused.json.j2``) telling a subscriber their digest was paused."""
    message = (templates or packaged_templates()).json(
        "paused.json.j2", topic=topic, channel=channel_mention(channel_id), reason=reason
    )
    if not isinstance(message, dict):
        raise RenderError("template paused.json.j2 must produce a JSON object")
    check_message(message)
    return message


def pause_subscription(engine: Engine, sub: Subscription, reason: str) -> None:
    log.warning("pausing subscription %s (%s in %s): %s", sub.id, sub.topic, sub.channel_id, reason)
    with transaction(engine, f"pause subscription {sub.id}") as conn:
        set_status(conn, sub.id, "paused", reason)


def pause_workspace(engine: Engine, team_id: str, reason: str) -> None:
    log.warning("pausing every subscription of workspace %s: %s", team_id, reason)
    with transaction(engine, f"pause the subscriptions of {team_id}") as conn:
        for sub in list_subscriptions(conn, team_id=team_id, status="active"):
            set_status(conn, sub.id, "paused", reason)


def notify_subscriber(
    client_for: Callable[[str], WebClient],
    sub: Subscription,
    reason: str,
    render: Callable[[str, str, str], dict[str, Any]],
) -> None:
    """Tell whoever subscribed, in a DM from the app; best effort, it must not mask the cause.

    ``render(topic, channel_id, reason)`` writes the note (``Pipeline.render_paused``).
    """
    if not sub.created_by:
        return
    try:
        message = render(sub.topic, sub.channel_id, reason)
        client_for(sub.team_id).chat_postMessage(channel=sub.created_by, **message)
    except (SlackClientError, OSError, HTTPException, NewsbotError) as exc:
        log.warning("could not tell %s about the pause: %s", sub.created_by, exc)
