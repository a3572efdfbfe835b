"""``/news subscribe|unsubscribe|list``: a channel's daily digests.

The work is ``bot.slack.services.subscriptions``, shared with the App Home.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from slack_bolt.context.respond import Respond
from slack_sdk import WebClient

from bot.render.messages import render_subscriptions
from bot.slack.command_parser import ListSubscriptions, Subscribe, Unsubscribe
from bot.slack.listeners.deps import Deps
from bot.slack.listeners.replies import notice, reply
from bot.slack.services import subscriptions

if TYPE_CHECKING:
    from bot.slack.listeners.commands import CommandRequest


def subscribe(
    deps: Deps, command: Subscribe, request: CommandRequest, respond: Respond, client: WebClient
) -> None:
    text = subscriptions.subscribe(
        deps,
        client,
        team_id=request.team_id,
        channel_id=request.channel_id,
        user_id=request.user_id,
        topic=command.topic,
        hour=command.hour,
        minute=command.minute,
        timezone=command.timezone,
    )
    notice(respond, text, templates=deps.templates)


def unsubscribe(
    deps: Deps, command: Unsubscribe, request: CommandRequest, respond: Respond, _: WebClient
) -> None:
    text = subscriptions.unsubscribe(
        deps, team_id=request.team_id, channel_id=request.channel_id, topic=command.topic
    )
    notice(respond, text, templates=deps.templates)


def list_channel(
    deps: Deps, _: ListSubscriptions, request: CommandRequest, respond: Respond, __: WebClient
) -> None:
    views = subscriptions.views(deps, team_id=request.team_id, channel_id=request.channel_id)
    reply(respond, render_subscriptions(views, templates=deps.templates))
