"""The delivery ledger: one ``deliveries`` row per (subscription, slot) makes a digest exactly-once.

A slot is the local date of the run in the subscription's timezone ("2026-11-28"). Whoever
inserts the row owns the slot; everyone else backs off. A row left ``claimed`` by a crashed
worker, or marked ``failed``, can be taken over later, but the new owner gets a claim with
``retaken=True``: an earlier attempt may already have posted, so delivery must look in Slack
(message metadata) before posting again instead of blindly re-posting.

Each function takes a connection and runs a few short statements; callers keep transactions
short and never hold one across a Slack call.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import Connection, Insert, and_, func, insert, or_, select, tuple_, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Row

from bot.store.schema import deliveries

CLAIMED = "claimed"
POSTED = "posted"
EMPTY = "empty"
FAILED = "failed"
FINAL_STATUSES = frozenset({POSTED, EMPTY})

# A claim older than this is presumed abandoned by a crashed worker. Far longer than a delivery
# takes (a digest and its thread post in well under a minute), so a live worker is never robbed.
DEFAULT_STALE_AFTER = timedelta(minutes=10)


@dataclass(frozen=True, slots=True)
class Claim:
    """The right to deliver one slot, held by ``worker``."""

    delivery_id: int
    subscription_id: int
    slot: str
    worker: str
    claimed_at: datetime
    # True when an earlier attempt (crashed or failed) may have posted part of this slot.
    retaken: bool = False
    previous_status: str | None = None
    previous_error: str | None = None


@dataclass(frozen=True, slots=True)
class Delivery:
    """One ledger row as stored."""

    id: int
    subscription_id: int
    slot: str
    status: str
    claimed_at: datetime
    claimed_by: str | None
    posted_at: datetime | None
    message_ts: str | None
    error: str | None

    @property
    def done(self) -> bool:
        return self.status in FINAL_STATUSES


def _delivery(row: Row[tuple[object, ...]]) -> Delivery:
    data = row._mapping
    return Delivery(
        id=data["id"],
        subscription_id=data["subscription_id"],
        slot=data["slot"],
        status=data["status"],
        claimed_at=data["claimed_at"],
        claimed_by=data["claimed_by"],
        posted_at=data["posted_at"],
        message_ts=data["message_ts"],
        error=data["error"],
    )


def _insert_if_absent(conn: Connection, values: dict[str, object]) -> Insert:
    # ON CONFLICT DO NOTHING (both SQLite and PostgreSQL run it) instead of catching a unique
    # violation: on PostgreSQL that error would abort the caller's whole transaction.
    dialect = conn.dialect.name
    if dialect == "postgresql":
        return (
            postgresql.insert(deliveries)
            .values(**values)
            .on_conflict_do_nothing(index_elements=["subscription_id", "slot"])
        )
    if dialect == "sqlite":
        return (
            sqlite.insert(deliveries)
            .values(**values)
            .on_conflict_do_nothing(index_elements=["subscription_id", "slot"])
        )
    return insert(deliveries).values(**values)


def get_delivery(conn: Connection, subscription_id: int, slot: str) -> Delivery | None:
    row = conn.execute(
        select(deliveries).where(
            deliveries.c.subscription_id == subscription_id, deliveries.c.slot == slot
        )
    ).first()
    return _delivery(row) if row is not None else None


def _may_retake(
    row: Delivery, now: datetime, stale_after: timedelta, retry_failed_after: timedelta | None
) -> bool:
    if row.status == CLAIMED:
        return row.claimed_at <= now - stale_after
    if row.status == FAILED:
        return retry_failed_after is not None and row.claimed_at <= now - retry_failed_after
    return False


def _retake(conn: Connection, row: Delivery, now: datetime, worker: str) -> Claim | None:
    # Compare-and-set on (status, claimed_at): of two workers retaking at once, one wins.
    result = conn.execute(
        update(deliveries)
        .where(
            deliveries.c.id == row.id,
            deliveries.c.status == row.status,
            deliveries.c.claimed_at == row.claimed_at,
        )
        .values(status=CLAIMED, claimed_at=now, claimed_by=worker)
    )
    if result.rowcount != 1:
        return None
    return Claim(
        delivery_id=row.id,
        subscription_id=row.subscription_id,
        slot=row.slot,
        worker=worker,
        claimed_at=now,
        retaken=True,
        previous_status=row.status,
        previous_error=row.error,
    )


def claim(
    conn: Connection,
    sub_id: int,
    slot: str,
    now: datetime,
    worker: str,
    *,
    stale_after: timedelta = DEFAULT_STALE_AFTER,
    retry_failed_after: timedelta | None = timedelta(0),
) -> Claim | None:
    """Take slot ``slot`` of subscription ``sub_id``, or return None when it is not ours to take.

    None means: already posted or empty, being delivered by a live worker right now, or failed
    less than ``retry_failed_after`` ago (None there: never retry a failed slot).
    """
    values: dict[str, object] = {
        "subscription_id": sub_id,
        "slot": slot,
        "status": CLAIMED,
        "claimed_at": now,
        "claimed_by": worker,
    }
    inserted = conn.execute(_insert_if_absent(conn, values).returning(deliveries.c.id)).first()
    if inserted is not None:
        return Claim(
            delivery_id=inserted[0],
            subscription_id=sub_id,
            slot=slot,
            worker=worker,
            claimed_at=now,
        )
    row = get_delivery(conn, sub_id, slot)
    if row is None or not _may_retake(row, now, stale_after, retry_failed_after):
        return None
    return _retake(conn, row, now, worker)


def record_message_ts(conn: Connection, delivery_id: int, ts: str) -> None:
    """The digest itself is in the channel (its thread may still be coming)."""
    conn.execute(update(deliveries).where(deliveries.c.id == delivery_id).values(message_ts=ts))


def mark_posted(conn: Connection, delivery_id: int, ts: str, now: datetime) -> None:
    conn.execute(
        update(deliveries)
        .where(deliveries.c.id == delivery_id)
        .values(status=POSTED, message_ts=ts, posted_at=now, error=None)
    )


def mark_empty(conn: Connection, delivery_id: int, now: datetime, ts: str | None = None) -> None:
    """Nothing new to send: the slot is done (``ts`` is the "nothing new" note, if one was sent)."""
    conn.execute(
        update(deliveries)
        .where(deliveries.c.id == delivery_id)
        .values(status=EMPTY, message_ts=ts, posted_at=now, error=None)
    )


def mark_failed(conn: Connection, delivery_id: int, error: str, now: datetime) -> None:
    """The attempt gave up; ``claimed_at`` becomes the failure time so retries back off from it.

    ``message_ts`` is kept: part of the slot may already be in the channel.
    """
    conn.execute(
        update(deliveries)
        .where(deliveries.c.id == delivery_id)
        .values(status=FAILED, error=error[:2000], claimed_at=now)
    )


def deliveries_for(
    conn: Connection, keys: Iterable[tuple[int, str]]
) -> dict[tuple[int, str], Delivery]:
    """The ledger rows of many (subscription, slot) pairs in one query."""
    wanted = list(dict.fromkeys(keys))
    found: dict[tuple[int, str], Delivery] = {}
    # Chunked so a thousand subscriptions stay well under any bound-parameter limit.
    for start in range(0, len(wanted), 400):
        chunk = wanted[start : start + 400]
        rows = conn.execute(
            select(deliveries).where(
                tuple_(deliveries.c.subscription_id, deliveries.c.slot).in_(chunk)
            )
        )
        for row in rows:
            delivery = _delivery(row)
            found[(delivery.subscription_id, delivery.slot)] = delivery
    return found


def last_delivered_at(conn: Connection, sub_id: int, before_slot: str) -> datetime | None:
    """When this subscription last got a digest (posted or empty) before ``before_slot``."""
    return conn.execute(
        select(func.max(deliveries.c.posted_at)).where(
            and_(
                deliveries.c.subscription_id == sub_id,
                deliveries.c.slot < before_slot,
                or_(deliveries.c.status == POSTED, deliveries.c.status == EMPTY),
            )
        )
    ).scalar()
