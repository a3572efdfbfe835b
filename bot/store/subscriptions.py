"""Daily digest subscriptions: one row per (team, channel, topic).

Only SQL that SQLite and PostgreSQL both run: the upsert is "update, else insert", with the
unique constraint as the referee when two requests race.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, delete, select, update
from sqlalchemy.exc import IntegrityError

from bot.errors import StoreError
from bot.store.schema import subscriptions

STATUSES = frozenset({"active", "paused"})


@dataclass(frozen=True, slots=True)
class SubscriptionRow:
    id: int
    team_id: str
    channel_id: str
    topic: str
    hour: int
    minute: int
    timezone: str
    status: str
    status_reason: str | None
    created_by: str | None = None


def _row(mapping: Any) -> SubscriptionRow:
    return SubscriptionRow(
        id=mapping["id"],
        team_id=mapping["team_id"],
        channel_id=mapping["channel_id"],
        topic=mapping["topic"],
        hour=mapping["hour"],
        minute=mapping["minute"],
        timezone=mapping["timezone"],
        status=mapping["status"],
        status_reason=mapping["status_reason"],
        created_by=mapping["created_by"],
    )


def _key(team_id: str, channel_id: str, topic: str) -> Any:
    c = subscriptions.c
    return (c.team_id == team_id) & (c.channel_id == channel_id) & (c.topic == topic)


def _check_time(hour: int, minute: int) -> None:
    if not (0 <= hour < 24 and 0 <= minute < 60):
        raise StoreError(f"subscription time {hour}:{minute} is not a time of day")


def add_subscription(
    conn: Connection,
    team_id: str,
    channel_id: str,
    topic: str,
    hour: int,
    minute: int,
    timezone: str,
    created_by: str | None,
    now: datetime,
) -> SubscriptionRow:
    """Subscribe a channel to a topic, or move an existing subscription to a new time.

    Subscribing again also re-activates a paused subscription: the user asked for it.
    """
    _check_time(hour, minute)
    values = {"hour": hour, "minute": minute, "timezone": timezone}
    reset = {"status": "active", "status_reason": None}
    changed = conn.execute(
        update(subscriptions).where(_key(team_id, channel_id, topic)).values(**values, **reset)
    ).rowcount
    if not changed:
        row = {"team_id": team_id, "channel_id": channel_id, "topic": topic, **values, **reset}
        try:
            with conn.begin_nested():
                conn.execute(
                    subscriptions.insert().values(**row, created_by=created_by, created_at=now)
                )
        except IntegrityError:
            # Another request inserted the same key between our update and insert.
            conn.execute(
                update(subscriptions).where(_key(team_id, channel_id, topic)).values(**values)
            )
    found = get_subscription(conn, team_id, channel_id, topic)
    assert found is not None  # written just above, in this transaction
    return found


def get_subscription(
    conn: Connection, team_id: str, channel_id: str, topic: str
) -> SubscriptionRow | None:
    result = conn.execute(select(subscriptions).where(_key(team_id, channel_id, topic)))
    mapping = result.mappings().first()
    return _row(mapping) if mapping else None


def get_subscription_by_id(conn: Connection, sub_id: int) -> SubscriptionRow | None:
    mapping = conn.execute(select(subscriptions).where(subscriptions.c.id == sub_id)).mappings()
    row = mapping.first()
    return _row(row) if row else None


def remove_subscription(conn: Connection, team_id: str, channel_id: str, topic: str) -> bool:
    """Remove one subscription; False when there was none."""
    result = conn.execute(delete(subscriptions).where(_key(team_id, channel_id, topic)))
    return bool(result.rowcount)


def list_subscriptions(
    conn: Connection,
    team_id: str | None = None,
    channel_id: str | None = None,
    status: str | None = None,
) -> list[SubscriptionRow]:
    query = select(subscriptions).order_by(subscriptions.c.id)
    if team_id is not None:
        query = query.where(subscriptions.c.team_id == team_id)
    if channel_id is not None:
        query = query.where(subscriptions.c.channel_id == channel_id)
    if status is not None:
        query = query.where(subscriptions.c.status == status)
    return [_row(m) for m in conn.execute(query).mappings()]


def set_status(conn: Connection, sub_id: int, status: str, reason: str | None) -> bool:
    """Pause or re-activate a subscription (e.g. the bot was removed from the channel)."""
    if status not in STATUSES:
        raise StoreError(f"subscription status must be one of {sorted(STATUSES)}, not {status!r}")
    result = conn.execute(
        update(subscriptions)
        .where(subscriptions.c.id == sub_id)
        .values(status=status, status_reason=reason)
    )
    return bool(result.rowcount)


def remove_team(conn: Connection, team_id: str) -> int:
    """Forget every subscription of a workspace (app uninstalled, tokens revoked)."""
    result = conn.execute(delete(subscriptions).where(subscriptions.c.team_id == team_id))
    return int(result.rowcount)
