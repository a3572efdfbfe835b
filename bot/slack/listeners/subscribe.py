"""``/news subscribe|unsubscribe|list``: a channel's daily digests."""

from __future__ import annotations

from typing import TYPE_CHECKING

from slack_bolt.context.respond import Respond
from slack_sdk import WebClient

from bot.render.messages import render_subscriptions
from bot.render.views import SubscriptionView
from bot.slack.command_parser import ListSubscriptions, Subscribe, Unsubscribe
from bot.slack.listeners import texts
from bot.slack.listeners.deps import Deps
from bot.slack.listeners.replies import notice, reply
from bot.slack.permissions import lookup_user
from bot.store.subscriptions import add_subscription, list_subscriptions, remove_subscription

if TYPE_CHECKING:
    from bot.slack.listeners.commands import CommandRequest


def default_time(deps: Deps) -> tuple[int, int]:
    hour, _, minute = deps.settings.default_digest_time.partition(":")
    return int(hour), int(minute)


def subscribe(
    deps: Deps, command: Subscribe, request: CommandRequest, respond: Respond, client: WebClient
) -> None:
    topic = deps.topics.resolve(command.topic)
    if command.hour is None or command.minute is None:
        hour, minute = default_time(deps)
    else:
        hour, minute = command.hour, command.minute
    timezone = command.timezone or lookup_user(client, request.user_id).timezone
    with deps.engine.begin() as conn:
        add_subscription(
            conn,
            request.team_id,
            request.channel_id,
            topic.slug,
            hour,
            minute,
            timezone,
            request.user_id,
            deps.clock(),
        )
    notice(respond, texts.subscribed(topic.name, hour, minute, timezone), templates=deps.templates)


def unsubscribe(
    deps: Deps, command: Unsubscribe, request: CommandRequest, respond: Respond, _: WebClient
) -> None:
    with deps.engine.begin() as conn:
        removed = remove_subscription(conn, request.team_id, request.channel_id, command.topic)
    text = texts.unsubscribed(command.topic) if removed else texts.not_subscribed(command.topic)
    notice(respond, text, templates=deps.templates)


def list_channel(
    deps: Deps, _: ListSubscriptions, request: CommandRequest, respond: Respond, __: WebClient
) -> None:
    with deps.engine.connect() as conn:
        rows = list_subscriptions(conn, team_id=request.team_id, channel_id=request.channel_id)
    views = [
        SubscriptionView(r.topic, r.hour, r.minute, r.timezone, r.status, r.channel_id)
        for r in rows
    ]
    reply(respond, render_subscriptions(views, templates=deps.templates))
