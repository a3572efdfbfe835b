"""The delivery ledger: one ``deliveries`` row per (subscription, slot) makes a digest exactly-once.

A slot is the local date of the scheduled run it serves, in the subscription's timezone
("2026-11-28"; ``bot.slack.delivery.slot_for``). Whoever inserts the row owns the slot;
everyone else backs off. A row left ``claimed`` by a crashed or
stalled worker (no heartbeat for ``stale_after``), or marked ``failed``, can be taken over
later, but the new owner gets a claim with ``retaken=True``: an earlier attempt may already have
posted, so delivery must look (``delivery_posts``, then Slack's message metadata) before posting.

Fencing: every (re)claim adds one to the row's ``generation``. Each write an owner makes after
claiming (heartbeat, the check before a post, the record of a post, the final mark) is a
compare-and-set on (id, generation, status claimed), so it is atomic against a takeover: an
owner that was taken over finds its generation gone, writes nothing and stops (``ClaimLost``).

Each function takes a connection and runs a few short statements; callers keep transactions
short and never hold one across a Slack call.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import (
    ColumnElement,
    Connection,
    Insert,
    Update,
    and_,
    bindparam,
    func,
    or_,
    select,
    tuple_,
    update,
)
from sqlalchemy.engine import Row

from bot.errors import NewsbotError
from bot.store.inserts import insert_absent
from bot.store.schema import deliveries, delivery_posts

_POST_KEYS = ("delivery_id", "part")

CLAIMED = "claimed"
POSTED = "posted"
EMPTY = "empty"
FAILED = "failed"
FINAL_STATUSES = frozenset({POSTED, EMPTY})

# A claim whose owner gave no sign of life (claim, heartbeat, check before a post) for this long
# is presumed abandoned. A live owner beats far more often, and one post (Slack's timeout and
# retries included) takes far less, so a takeover never races a post still on its way.
DEFAULT_STALE_AFTER = timedelta(minutes=10)


class ClaimLost(NewsbotError):
    """Another worker took this slot over (a newer generation): post and record nothing more."""

    def __init__(self, claim: Claim) -> None:
        super().__init__(
            f"subscription {claim.subscription_id} slot {claim.slot}: claim generation "
            f"{claim.generation} was taken over by another worker"
        )
        self.claim = claim


@dataclass(frozen=True, slots=True)
class Claim:
    """The right to deliver one slot, held by ``worker``."""

    delivery_id: int
    subscription_id: int
    slot: str
    worker: str
    claimed_at: datetime
    # The fencing token: the row's generation when this claim was taken.
    generation: int = 1
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
    generation: int = 1
    heartbeat_at: datetime | None = None

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
        generation=data["generation"],
        heartbeat_at=data["heartbeat_at"],
    )


@functools.cache
def _claim_insert(dialect: str) -> Insert:
    # Given its values at execute: every delivery starts with it.
    return insert_absent(dialect, deliveries, ("subscription_id", "slot")).returning(
        deliveries.c.id
    )


def get_delivery(conn: Connection, subscription_id: int, slot: str) -> Delivery | None:
    row = conn.execute(
        select(deliveries).where(
            deliveries.c.subscription_id == subscription_id, deliveries.c.slot == slot
        )
    ).first()
    return _delivery(row) if row is not None else None


def _retakable(
    now: datetime, stale_after: timedelta, retry_failed_after: timedelta | None
) -> ColumnElement[bool]:
    """Rule "stale or due": a claim silent for ``stale_after``, or a failure whose backoff is over.

    Evaluated inside the takeover's UPDATE, so an owner's heartbeat that commits first wins.
    """
    alive_at = func.coalesce(deliveries.c.heartbeat_at, deliveries.c.claimed_at)
    stale = and_(deliveries.c.status == CLAIMED, alive_at <= now - stale_after)
    if retry_failed_after is None:
        return stale
    due = and_(deliveries.c.status == FAILED, deliveries.c.claimed_at <= now - retry_failed_after)
    return or_(stale, due)


def _retake(
    conn: Connection,
    row: Delivery,
    now: datetime,
    worker: str,
    rule: ColumnElement[bool],
) -> Claim | None:
    # Compare-and-set on the generation: of two workers retaking at once, one wins, and a
    # heartbeat committed in between makes the claim fresh again, so nobody wins.
    result = conn.execute(
        update(deliveries)
        .where(deliveries.c.id == row.id, deliveries.c.generation == row.generation, rule)
        .values(
            status=CLAIMED,
            claimed_at=now,
            heartbeat_at=now,
            claimed_by=worker,
            generation=row.generation + 1,
        )
    )
    if result.rowcount != 1:
        return None
    return Claim(
        delivery_id=row.id,
        subscription_id=row.subscription_id,
        slot=row.slot,
        worker=worker,
        claimed_at=now,
        generation=row.generation + 1,
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
        "heartbeat_at": now,
        "claimed_by": worker,
        "generation": 1,
    }
    inserted = conn.execute(_claim_insert(conn.dialect.name), values).first()
    if inserted is not None:
        return Claim(
            delivery_id=inserted[0],
            subscription_id=sub_id,
            slot=slot,
            worker=worker,
            claimed_at=now,
        )
    row = get_delivery(conn, sub_id, slot)
    if row is None or row.done:
        return None
    return _retake(conn, row, now, worker, _retakable(now, stale_after, retry_failed_after))


# The fence: the row still carries this claim's generation and is still being delivered.
# Built once with parameters (``_fence``): a delivery runs it around every post, and building
# the statement anew each time cost more than running it.
_HELD = and_(
    deliveries.c.id == bindparam("fence_id"),
    deliveries.c.generation == bindparam("fence_generation"),
    deliveries.c.status == CLAIMED,
)
_HOLDS = select(deliveries.c.id).where(_HELD)
_POSTED_TS = select(delivery_posts.c.message_ts).where(
    delivery_posts.c.delivery_id == bindparam("post_delivery"),
    delivery_posts.c.part == bindparam("post_part"),
)
_HOLDS_AND_POSTED = select(
    deliveries.c.id,
    select(delivery_posts.c.message_ts)
    .where(
        delivery_posts.c.delivery_id == deliveries.c.id,
        delivery_posts.c.part == bindparam("post_part"),
    )
    .scalar_subquery()
    .label("message_ts"),
).where(_HELD)


def _fence(claim: Claim, **values: object) -> dict[str, object]:
    return {"fence_id": claim.delivery_id, "fence_generation": claim.generation, **values}


@functools.cache
def _update_if_held(columns: tuple[str, ...]) -> Update:
    new = {c: bindparam(f"new_{c}", type_=deliveries.c[c].type) for c in columns}
    return update(deliveries).where(_HELD).values(new)


def _write_if_held(conn: Connection, claim: Claim, **values: object) -> bool:
    statement = _update_if_held(tuple(sorted(values)))
    new = {f"new_{column}": value for column, value in values.items()}
    return conn.execute(statement, _fence(claim, **new)).rowcount == 1


def heartbeat(conn: Connection, claim: Claim, now: datetime) -> bool:
    """Show the claim is alive; False (and nothing written) when it was taken over."""
    return _write_if_held(conn, claim, heartbeat_at=now)


def holds(conn: Connection, claim: Claim) -> bool:
    """Whether ``claim`` still holds its slot; a read, so it does not extend the claim."""
    return conn.execute(_HOLDS, _fence(claim)).first() is not None


def check_before_post(
    conn: Connection, claim: Claim, part: str, now: datetime, *, renew: bool = True
) -> str | None:
    """Right before posting ``part``: raise ClaimLost unless ``claim`` still holds the slot.

    With ``renew`` the check is a heartbeat too, so the post that follows has the whole stale
    limit to finish before anyone may take over; without, it only reads (for a caller that
    renewed recently enough). Returns the ts of ``part`` if some generation already recorded
    posting it (then it must not be posted again), else None.
    """
    if renew:
        if not heartbeat(conn, claim, now):
            raise ClaimLost(claim)
        return conn.execute(
            _POSTED_TS, {"post_delivery": claim.delivery_id, "post_part": part}
        ).scalar()
    # One statement for both questions: it runs before every post.
    row = conn.execute(_HOLDS_AND_POSTED, _fence(claim, post_part=part)).first()
    if row is None:
        raise ClaimLost(claim)
    return None if row.message_ts is None else str(row.message_ts)


def record_post(
    conn: Connection, claim: Claim, part: str, ts: str, now: datetime, *, root: bool = False
) -> bool:
    """Slack accepted ``part`` at ``ts``: record it, and whether ``claim`` still holds the slot.

    The post itself is a fact and is recorded either way (a later owner must not repeat it); the
    slot's own fields (``message_ts`` of the ``root`` message, the heartbeat) change only while
    the claim is held. False means it was taken over: post nothing more.
    """
    note_post(conn, claim, part, ts, now)
    values: dict[str, object] = {"heartbeat_at": now}
    if root:
        values["message_ts"] = ts
    return _write_if_held(conn, claim, **values)


def note_post(conn: Connection, claim: Claim, part: str, ts: str, now: datetime) -> None:
    """Slack accepted ``part`` at ``ts``: record only that fact, without asking whether
    ``claim`` still holds. For a caller whose next fenced statement (the check before its next
    post, or its final mark) will ask; ``record_post`` asks at once."""
    row = {
        "delivery_id": claim.delivery_id,
        "part": part,
        "message_ts": ts,
        "generation": claim.generation,
        "posted_at": now,
    }
    conn.execute(insert_absent(conn.dialect.name, delivery_posts, _POST_KEYS), row)


def posted_parts(conn: Connection, delivery_id: int) -> dict[str, str]:
    """Part -> ts of every message of this delivery recorded as posted, by any generation."""
    rows = conn.execute(
        select(delivery_posts.c.part, delivery_posts.c.message_ts).where(
            delivery_posts.c.delivery_id == delivery_id
        )
    )
    return {str(part): str(ts) for part, ts in rows}


def mark_posted(conn: Connection, claim: Claim, ts: str, now: datetime) -> bool:
    """The slot is done; False (nothing written) when ``claim`` was taken over meanwhile."""
    return _write_if_held(conn, claim, status=POSTED, message_ts=ts, posted_at=now, error=None)


def mark_empty(conn: Connection, claim: Claim, now: datetime, ts: str | None = None) -> bool:
    """Nothing new to send: the slot is done (``ts`` is the "nothing new" note, if one was sent).

    False (nothing written) when ``claim`` was taken over meanwhile.
    """
    return _write_if_held(conn, claim, status=EMPTY, message_ts=ts, posted_at=now, error=None)


def mark_failed(conn: Connection, claim: Claim, error: str, now: datetime) -> bool:
    """The attempt gave up; ``claimed_at`` becomes the failure time so retries back off from it.

    ``message_ts`` is kept: part of the slot may already be in the channel. False (nothing
    written) when ``claim`` was taken over: a loser's failure must not undo the new owner's work.
    """
    return _write_if_held(conn, claim, status=FAILED, error=error[:2000], claimed_at=now)


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


_LAST_DELIVERED = select(func.max(deliveries.c.posted_at)).where(
    deliveries.c.subscription_id == bindparam("last_sub"),
    deliveries.c.slot < bindparam("last_before"),
    or_(deliveries.c.status == POSTED, deliveries.c.status == EMPTY),
)


def last_delivered_at(conn: Connection, sub_id: int, before_slot: str) -> datetime | None:
    """When this subscription last got a digest (posted or empty) before ``before_slot``."""
    return conn.execute(_LAST_DELIVERED, {"last_sub": sub_id, "last_before": before_slot}).scalar()
