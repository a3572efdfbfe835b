"""A workspace's daily digest subscriptions: subscribe, unsubscribe, pause, resume, list."""

from __future__ import annotations

import logging

from slack_sdk import WebClient

from bot.errors import CommandError
from bot.render.views import SubscriptionView
from bot.slack.listeners import texts
from bot.slack.listeners.deps import Deps
from bot.slack.permissions import lookup_user
from bot.store.db import reading, transaction
from bot.store.subscriptions import (
    SubscriptionRow,
    add_subscription,
    get_subscription_by_id,
    list_subscriptions,
    remove_subscription,
    set_status,
)

log = logging.getLogger(__name__)


def default_time(deps: Deps) -> tuple[int, int]:
    hour, _, minute = deps.settings.default_digest_time.partition(":")
    return int(hour), int(minute)


def subscribe(
    deps: Deps,
    client: WebClient,
    *,
    team_id: str,
    channel_id: str,
    user_id: str,
    topic: str,
    hour: int | None = None,
    minute: int | None = None,
    timezone: str | None = None,
) -> str:
    """Subscribe (or move) a channel's daily digest; no time: the default, no zone: the
    user's Slack timezone."""
    found = deps.topics.resolve(topic)
    if hour is None or minute is None:
        hour, minute = default_time(deps)
    zone = timezone or lookup_user(client, user_id).timezone
    with transaction(deps.engine, "save the subscription") as conn:
        add_subscription(
            conn, team_id, channel_id, found.slug, hour, minute, zone, user_id, deps.clock()
        )
    return texts.subscribed(found.name, hour, minute, zone)


def unsubscribe(deps: Deps, *, team_id: str, channel_id: str, topic: str) -> str:
    with transaction(deps.engine, "remove the subscription") as conn:
        removed = remove_subscription(conn, team_id, channel_id, topic)
    return texts.unsubscribed(topic) if removed else texts.not_subscribed(topic)


def owned(deps: Deps, team_id: str, sub_id: int) -> SubscriptionRow:
    """Subscription ``sub_id`` of workspace ``team_id``; CommandError for anyone else's."""
    with reading(deps.engine, f"read subscription {sub_id}") as conn:
        row = get_subscription_by_id(conn, sub_id)
    if row is None or row.team_id != team_id:
        raise CommandError(texts.SUBSCRIPTION_GONE)
    return row


def pause(deps: Deps, *, team_id: str, sub_id: int, user_id: str) -> str:
    row = owned(deps, team_id, sub_id)
    with transaction(deps.engine, "pause the subscription") as conn:
        set_status(conn, row.id, "paused", texts.PAUSED_BY_HAND)
    log.info("subscription %s paused by %s", row.id, user_id)
    return texts.paused(row.topic)


def resume(deps: Deps, *, team_id: str, sub_id: int) -> str:
    row = owned(deps, team_id, sub_id)
    with transaction(deps.engine, "resume the subscription") as conn:
        set_status(conn, row.id, "active", None)
    return texts.resumed(row.topic)


def remove(deps: Deps, *, team_id: str, sub_id: int) -> str:
    row = owned(deps, team_id, sub_id)
    return unsubscribe(deps, team_id=team_id, channel_id=row.channel_id, topic=row.topic)


def views(deps: Deps, *, team_id: str, channel_id: str | None = None) -> list[SubscriptionView]:
    """The workspace's subscriptions (or one channel's), oldest first."""
    with reading(deps.engine, "list the subscriptions") as conn:
        rows = list_subscriptions(conn, team_id=team_id, channel_id=channel_id)
    return [
        SubscriptionView(
            r.topic, r.hour, r.minute, r.timezone, r.status, r.channel_id, r.id, r.status_reason
        )
        for r in rows
    ]
