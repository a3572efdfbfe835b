"""Digests as shown in Slack: saved with each message so buttons need no history read."""

from __future__ import annotations

import json
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Connection,
    and_,
    bindparam,
    delete,
    select,
    update,
)

from bot.codec import digest_from_dict, digest_to_dict
from bot.errors import StoreError
from bot.model import Digest
from bot.store.inserts import insert_absent
from bot.store.schema import digest_messages, full_quote_replies

_REPLY_KEYS = ("digest_id", "story_index")

VISIBILITIES = frozenset({"ephemeral", "channel"})
# Shared copies get ids derived from the ephemeral digest's id (uuid5 in this namespace).
_SHARED_COPIES = uuid.UUID("6f1c1f0e-3c1a-4d7e-9a57-2f1f4f0b8e21")
# A full-quotes claim whose post never finished (the process died) may be retaken after this.
FULL_QUOTES_CLAIM_TIMEOUT = timedelta(minutes=2)


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


def shared_message_id(message_id: str) -> str:
    """The id of the channel copy shared from ephemeral digest ``message_id``.

    The same on every press of "Share in channel", so a second press finds the first copy.
    """
    return str(uuid.uuid5(_SHARED_COPIES, message_id))


_INSERT_MESSAGE = digest_messages.insert()


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
    row = {
        "id": message_id,
        "team_id": team_id,
        "channel_id": channel_id,
        "user_id": user_id,
        "visibility": visibility,
        "message_ts": message_ts,
        "delivery_id": delivery_id,
        "digest_json": json.dumps(digest_to_dict(digest), ensure_ascii=False),
        "created_at": now,
    }
    conn.execute(_INSERT_MESSAGE, row)  # built once: every delivery and /news answer saves one
    return message_id


def save_digest_message_once(
    conn: Connection,
    digest: Digest,
    *,
    message_id: str,
    team_id: str | None,
    channel_id: str | None,
    user_id: str | None,
    visibility: str,
    now: datetime,
) -> bool:
    """Record a digest under ``message_id`` unless that id is taken already.

    True when this call saved it: of two concurrent "Share" presses only one gets True.
    """
    if visibility not in VISIBILITIES:
        raise StoreError(f"visibility must be one of {sorted(VISIBILITIES)}, not {visibility!r}")
    statement = insert_absent(conn.dialect.name, digest_messages, ("id",)).values(
        id=message_id,
        team_id=team_id,
        channel_id=channel_id,
        user_id=user_id,
        visibility=visibility,
        digest_json=json.dumps(digest_to_dict(digest), ensure_ascii=False),
        created_at=now,
    )
    return conn.execute(statement.returning(digest_messages.c.id)).first() is not None


def delete_digest_message(conn: Connection, message_id: str) -> None:
    """Forget a digest, e.g. a shared copy whose post Slack refused."""
    conn.execute(delete(digest_messages).where(digest_messages.c.id == message_id))


def prune_digest_messages(conn: Connection, *, older_than: datetime) -> int:
    """Delete the digests (ephemeral and channel) saved before ``older_than``; their rows of
    posted full quotes go with them. Returns how many digests were deleted.

    Their buttons then answer "no longer stored". A delivery still being retried refers to its
    digest by ``delivery_id``; keep ``older_than`` at least a day back so none is pruned.
    """
    old = select(digest_messages.c.id).where(digest_messages.c.created_at < older_than)
    # Explicitly, not only through ON DELETE CASCADE: SQLite enforces that only when told to.
    conn.execute(delete(full_quote_replies).where(full_quote_replies.c.digest_id.in_(old)))
    result = conn.execute(delete(digest_messages).where(digest_messages.c.created_at < older_than))
    return int(result.rowcount)


def set_message_ts(conn: Connection, message_id: str, message_ts: str) -> None:
    """Remember where a posted digest landed, once chat.postMessage answered."""
    conn.execute(_SET_MESSAGE_TS, {"b_id": message_id, "b_ts": message_ts})


# Built once with parameters: delivery runs these for every digest and story it posts, and
# building a statement anew cost more than running it.
_SET_MESSAGE_TS = (
    update(digest_messages)
    .where(digest_messages.c.id == bindparam("b_id"))
    .values(message_ts=bindparam("b_ts", type_=digest_messages.c.message_ts.type))
)
_FIRST_REPLY_TS = (
    update(full_quote_replies)
    .where(
        full_quote_replies.c.digest_id == bindparam("b_digest"),
        full_quote_replies.c.story_index == bindparam("b_story"),
        full_quote_replies.c.message_ts.is_(None),
    )
    .values(message_ts=bindparam("b_ts", type_=full_quote_replies.c.message_ts.type))
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


def claim_full_quotes(conn: Connection, digest_id: str, story_index: int, now: datetime) -> bool:
    """Take the right to post story ``story_index``'s full quotes in ``digest_id``'s thread.

    True at most once per (digest, story), so a second click never posts a second copy. A claim
    never confirmed by ``record_full_quotes_posted`` (the poster died) may be retaken after
    FULL_QUOTES_CLAIM_TIMEOUT.
    """
    statement = insert_absent(conn.dialect.name, full_quote_replies, _REPLY_KEYS).values(
        digest_id=digest_id, story_index=story_index, message_ts=None, created_at=now
    )
    if conn.execute(statement.returning(full_quote_replies.c.digest_id)).first() is not None:
        return True
    retake = (
        update(full_quote_replies)
        .where(_reply_key(digest_id, story_index))
        .where(full_quote_replies.c.message_ts.is_(None))
        .where(full_quote_replies.c.created_at <= now - FULL_QUOTES_CLAIM_TIMEOUT)
        .values(created_at=now)
    )
    return conn.execute(retake).rowcount == 1


def release_full_quotes(conn: Connection, digest_id: str, story_index: int) -> None:
    """Give up an unconfirmed claim (the post failed), so the next click may try again."""
    conn.execute(
        delete(full_quote_replies)
        .where(_reply_key(digest_id, story_index))
        .where(full_quote_replies.c.message_ts.is_(None))
    )


def record_full_quotes_posted(
    conn: Connection, digest_id: str, story_index: int, ts: str, now: datetime
) -> None:
    """Story ``story_index``'s full quotes are in ``digest_id``'s thread; ``ts`` is the first
    reply. Idempotent: a later record keeps the first ts."""
    record_full_quote_threads(conn, digest_id, [(story_index, ts)], now)


def record_full_quote_threads(
    conn: Connection, digest_id: str, firsts: Sequence[tuple[int, str]], now: datetime
) -> None:
    """``record_full_quotes_posted`` for many (story index, first reply ts) at once."""
    if not firsts:
        return
    rows = [
        {"digest_id": digest_id, "story_index": story, "message_ts": ts, "created_at": now}
        for story, ts in firsts
    ]
    conn.execute(insert_absent(conn.dialect.name, full_quote_replies, _REPLY_KEYS), rows)
    conn.execute(
        _FIRST_REPLY_TS,
        [{"b_digest": digest_id, "b_story": story, "b_ts": ts} for story, ts in firsts],
    )


def full_quotes_reply_ts(conn: Connection, digest_id: str, story_index: int) -> str | None:
    """The ts of the first thread reply with the story's full quotes, if it is known yet."""
    query = select(full_quote_replies.c.message_ts).where(_reply_key(digest_id, story_index))
    return conn.execute(query).scalar()


def _reply_key(digest_id: str, story_index: int) -> ColumnElement[bool]:
    return and_(
        full_quote_replies.c.digest_id == digest_id,
        full_quote_replies.c.story_index == story_index,
    )


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
