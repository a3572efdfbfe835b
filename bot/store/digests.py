"""Digests as shown in Slack: saved with each message so buttons need no history read."""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, select, update

from bot.digest.codec import digest_from_dict, digest_to_dict
from bot.errors import StoreError
from bot.model import Digest
from bot.store.schema import digest_messages

VISIBILITIES = frozenset({"ephemeral", "channel"})


@dataclass(frozen=True, slots=True)
class DigestMessage:
    id: str
    team_id: str | None
    channel_id: str | None
    user_id: str | None
    visibility: str  # ephemeral: only user_id saw it; channel: posted at message_ts
    message_ts: str | None
    digest: Digest
    created_at: datetime
    delivery_id: int | None = None


def new_message_id() -> str:
    return str(uuid.uuid4())


def save_digest_message(
    conn: Connection,
    digest: Digest,
    *,
    team_id: str | None,
    channel_id: str | None,
    user_id: str | None,
    visibility: str,
    now: datetime,
    message_ts: str | None = None,
    delivery_id: int | None = None,
    message_id: str | None = None,
) -> str:
    """Record a digest shown in Slack; returns its id (the buttons carry it)."""
    if visibility not in VISIBILITIES:
        raise StoreError(f"visibility must be one of {sorted(VISIBILITIES)}, not {visibility!r}")
    message_id = message_id or new_message_id()
    conn.execute(
        digest_messages.insert().values(
            id=message_id,
            team_id=team_id,
            channel_id=channel_id,
            user_id=user_id,
            visibility=visibility,
            message_ts=message_ts,
            delivery_id=delivery_id,
            digest_json=json.dumps(digest_to_dict(digest), ensure_ascii=False),
            created_at=now,
        )
    )
    return message_id


def set_message_ts(conn: Connection, message_id: str, message_ts: str) -> None:
    """Remember where a posted digest landed, once chat.postMessage answered."""
    conn.execute(
        update(digest_messages)
        .where(digest_messages.c.id == message_id)
        .values(message_ts=message_ts)
    )


def load_digest_message(conn: Connection, message_id: str) -> DigestMessage | None:
    query = select(digest_messages).where(digest_messages.c.id == message_id)
    mapping = conn.execute(query).mappings().first()
    return _row(mapping) if mapping else None


def find_by_ts(conn: Connection, channel_id: str, message_ts: str) -> DigestMessage | None:
    """The digest posted at ``message_ts`` in ``channel_id``, if newsbot posted one there."""
    query = (
        select(digest_messages)
        .where(digest_messages.c.channel_id == channel_id)
        .where(digest_messages.c.message_ts == message_ts)
        .order_by(digest_messages.c.created_at.desc())
    )
    mapping = conn.execute(query).mappings().first()
    return _row(mapping) if mapping else None


def _row(mapping: Any) -> DigestMessage:
    try:
        digest = digest_from_dict(json.loads(mapping["digest_json"]))
    except (ValueError, KeyError, TypeError) as exc:
        raise StoreError(f"digest message {mapping['id']} holds unreadable JSON: {exc}") from exc
    return DigestMessage(
        id=mapping["id"],
        team_id=mapping["team_id"],
        channel_id=mapping["channel_id"],
        user_id=mapping["user_id"],
        visibility=mapping["visibility"],
        message_ts=mapping["message_ts"],
        digest=digest,
        created_at=mapping["created_at"],
        delivery_id=mapping["delivery_id"],
    )
