"""Post a subscription's daily digest and its full-quote thread, exactly once, through the ledger.

One delivery = claim the slot -> build (or reload) the digest -> post its channel message(s) ->
post each story's full quotes as replies in the digest's thread -> mark the slot posted.

Exactly once: the ledger row decides who delivers, and its generation fences every write of the
owner (see ``bot.store.ledger``); a heartbeat keeps a slow owner's claim alive
(``bot.slack.heartbeat``). Every message carries Slack message metadata naming its subscription,
slot and part, and the digest is saved (``digest_messages``) before the first post. So a worker
that takes over a crashed, stalled or failed attempt reloads the same digest, skips the parts
recorded in ``delivery_posts`` or shown by Slack (conversations.history / .replies with
metadata) and posts only the rest, while the old owner, its generation gone, posts nothing more.
Posting is never retried on a connection error (see ``bot.slack.clients``).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from functools import partial
from http.client import HTTPException
from typing import Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError, SlackClientError
from sqlalchemy import Connection, Engine, select

from bot.clock import Clock, system_clock
from bot.config import Settings
from bot.errors import ConfigError, DeliveryError, NewsbotError, StoreError, TokenError, TopicError
from bot.model import Digest
from bot.slack.clients import DEFAULT_MAX_RETRY_AFTER, without_rate_limit_retries
from bot.slack.delivery_calls import READY, Steps, run_steps
from bot.slack.delivery_errors import (
    classify_slack_error,
    notify_subscriber,
    pause_subscription,
    pause_workspace,
)
from bot.slack.delivery_loop import run_on_loop
from bot.slack.delivery_parts import (
    Run,
    plan_posts,
    post_channel_parts,
    post_thread_parts,
    record_full_quotes,
    update_threads,
)
from bot.slack.delivery_pipeline import Pipeline, Subscription, default_pipeline
from bot.slack.delivery_pool import IN_FLIGHT_PER_THREAD, StepPool
from bot.slack.heartbeat import ClaimKeeper
from bot.slack.metadata import HISTORY_MARGIN, find_posted_parts
from bot.slack.pacing import ChannelPacer
from bot.store import ledger
from bot.store.db import transaction
from bot.store.digests import load_digest_message, save_digest_message
from bot.store.schema import digest_messages
from bot.store.writer_turns import WriterTurns

__all__ = [
    "Deliverer",
    "Driver",
    "Pipeline",
    "Result",
    "Subscription",
    "default_pipeline",
    "deliver",
    "deliver_many",
    "delivery_steps",
    "on_demand_slot",
    "scheduled_run",
    "slot_for",
]

log = logging.getLogger(__name__)

# How often a working deliverer renews its claims (real time). Rule "beat twice per stale
# limit": at least two beats fit in ``stale_after``, so one late beat never costs a live claim.
DEFAULT_HEARTBEAT = timedelta(minutes=1)
BEATS_PER_STALE_LIMIT = 2
_KEEPER_MADE = threading.Lock()


@dataclass
class Deliverer:
    """Everything one worker needs to deliver; ``client_for(team_id)`` gives a Slack client."""

    engine: Engine
    settings: Settings
    pipeline: Pipeline
    client_for: Callable[[str], WebClient]
    worker: str
    clock: Clock = system_clock
    pacer: ChannelPacer = field(default_factory=ChannelPacer)
    # A 429 asking for longer than this fails the slot (retried later) instead of waiting.
    max_retry_after: float = DEFAULT_MAX_RETRY_AFTER
    stale_after: timedelta = ledger.DEFAULT_STALE_AFTER
    retry_failed_after: timedelta | None = timedelta(minutes=15)
    # None: no heartbeat (then a delivery slower than ``stale_after`` is taken over, and the
    # fence stops it from posting any more).
    heartbeat_every: timedelta | None = DEFAULT_HEARTBEAT

    _keeper: ClaimKeeper | None = field(default=None, init=False, repr=False, compare=False)
    _writing: WriterTurns = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        _heartbeat_seconds(self.heartbeat_every, self.stale_after)
        self._writing = WriterTurns(self.engine)

    @contextmanager
    def transaction(self, doing: str) -> Iterator[Connection]:
        """One of this deliverer's short transactions (``bot.store.db.transaction``).

        Rule "SQLite writers take turns": on SQLite they take turns on a lock, this process's
        threads and the other processes on the same file alike (``WriterTurns``). SQLite lets
        one connection write at a time anyway, and a writer that finds it busy sleeps in steps
        of whole milliseconds, longer than most of these transactions take; a lock hands over
        at once. PostgreSQL runs them side by side.
        """
        with self._writing.turn(), transaction(self.engine, doing) as conn:
            yield conn

    @property
    def keeper(self) -> ClaimKeeper:
        """The heartbeat thread and in-process slot guard, made on first use (so settings
        changed after construction still count), once even when jobs start together."""
        with _KEEPER_MADE:
            if self._keeper is None:
                seconds = _heartbeat_seconds(self.heartbeat_every, self.stale_after)
                self._keeper = ClaimKeeper(self.engine, lambda: self.clock(), seconds)
            return self._keeper


def _heartbeat_seconds(every: timedelta | None, stale_after: timedelta) -> float | None:
    if every is None:
        return None
    if every * BEATS_PER_STALE_LIMIT > stale_after:
        raise ConfigError(f"heartbeat every {every} is too slow for a stale limit of {stale_after}")
    return every.total_seconds()


@dataclass(frozen=True)
class Result:
    subscription_id: int
    channel_id: str
    slot: str
    outcome: str  # posted | empty | skipped | failed | paused | lost (taken over mid-way)
    message_ts: str | None = None
    posts: int = 0
    error: str | None = None


def scheduled_run(timezone: str, hour: int, minute: int, now: datetime) -> datetime:
    """The run a delivery at ``now`` serves: the latest local ``hour:minute`` at or before it.

    A run due at 23:58 that starts at 00:03 (a scheduler down across midnight, a task picked
    up late) still serves the day before; the next day's run is not due until 23:58.
    """
    local = now.astimezone(_zone(timezone))
    at = local.replace(hour=hour, minute=minute, second=0, microsecond=0)
    if at > local:
        at = (local - timedelta(days=1)).replace(hour=hour, minute=minute, second=0, microsecond=0)
    return at


def slot_for(timezone: str, hour: int, minute: int, now: datetime) -> str:
    """The slot of a delivery at ``now``: the local date of the scheduled run it serves."""
    return scheduled_run(timezone, hour, minute, now).date().isoformat()


def on_demand_slot(timezone: str, now: datetime) -> str:
    """Rule "on-demand slot": a delivery a person asks for (``newsbot deliver``) fills today's
    slot, the local date of ``now``, so it posts even before the day's scheduled time; that
    day's scheduled run then finds the slot done."""
    return now.astimezone(_zone(timezone)).date().isoformat()


def _zone(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise DeliveryError("-", f"unknown timezone {name!r}") from exc


def deliver(
    d: Deliverer, sub: Subscription, *, now: datetime | None = None, on_demand: bool = False
) -> Result:
    """Deliver today's slot of ``sub`` unless someone has (or is doing it); never raises.

    Runs on the calling thread, sleeping through each pacing turn."""
    return run_steps(delivery_steps(d, sub, now=now, on_demand=on_demand), d.pacer.sleep_until)


def delivery_steps(
    d: Deliverer, sub: Subscription, *, now: datetime | None = None, on_demand: bool = False
) -> Steps[Result]:
    """``deliver`` as steps: yields each pacing turn it waits for (for ``StepPool``).
    ``on_demand``: a person asked for it now (rule "on-demand slot"), not a scheduled run."""
    now = now or d.clock()
    try:
        slot = (
            on_demand_slot(sub.timezone, now)
            if on_demand
            else slot_for(sub.timezone, sub.hour, sub.minute, now)
        )
    except DeliveryError as exc:
        pause_subscription(d.engine, sub, exc.reason)
        return Result(sub.id, sub.channel_id, "?", "paused", error=exc.reason)
    if not d.keeper.reserve(sub.id, slot):
        return Result(sub.id, sub.channel_id, slot, "skipped")  # this process is on it already
    try:
        return (yield from _claim_and_deliver(d, sub, slot, now))
    finally:
        d.keeper.release(sub.id, slot)


def _claim_and_deliver(d: Deliverer, sub: Subscription, slot: str, now: datetime) -> Steps[Result]:
    try:
        with d.transaction("claim a delivery slot") as conn:
            claim = ledger.claim(
                conn,
                sub.id,
                slot,
                now,
                d.worker,
                stale_after=d.stale_after,
                retry_failed_after=d.retry_failed_after,
            )
            # Read in the same turn on the writer: the digest covers what came since then.
            since = ledger.last_delivered_at(conn, sub.id, slot) if claim else None
    except StoreError as exc:
        log.error("subscription %s slot %s: %s", sub.id, slot, exc)
        return Result(sub.id, sub.channel_id, slot, "failed", error=str(exc))
    if claim is None:
        return Result(sub.id, sub.channel_id, slot, "skipped")
    with d.keeper.hold(claim):
        return (yield from _attempt(d, sub, claim, now, since))


def _attempt(
    d: Deliverer, sub: Subscription, claim: ledger.Claim, now: datetime, since: datetime | None
) -> Steps[Result]:
    try:
        return (yield from _deliver_claimed(d, sub, claim, now, since))
    except ledger.ClaimLost as exc:
        return _lost(sub, claim, exc)
    except SlackApiError as exc:
        return _slack_failure(d, sub, claim, exc)
    except (SlackClientError, OSError, HTTPException) as exc:
        # A reset or timeout: Slack may have taken the post. The retry checks metadata first.
        return _fail(d, sub, claim, f"connection error, outcome unknown: {exc!r}")
    except TokenError as exc:
        if not exc.installed:  # the app was removed from the workspace
            pause_workspace(d.engine, sub.team_id, str(exc))
            return _fail(d, sub, claim, str(exc), outcome="paused")
        return _fail(d, sub, claim, str(exc))
    except TopicError as exc:
        pause_subscription(d.engine, sub, str(exc))
        return _fail(d, sub, claim, str(exc), outcome="paused")
    except NewsbotError as exc:
        return _fail(d, sub, claim, str(exc))
    except Exception as exc:  # a bug must not stop the scheduler's other deliveries
        log.exception("delivery of subscription %s slot %s crashed", sub.id, claim.slot)
        return _fail(d, sub, claim, f"internal error: {exc!r}")


def _deliver_claimed(
    d: Deliverer, sub: Subscription, claim: ledger.Claim, now: datetime, since: datetime | None
) -> Steps[Result]:
    run = _resume(d, sub, claim) if claim.retaken else None
    if run is None:
        digest = d.pipeline.build(sub, since, now)
        if not digest.stories and not d.settings.post_empty_digests:
            with d.transaction("mark a delivery empty") as conn:
                if not ledger.mark_empty(conn, claim, d.clock()):
                    raise ledger.ClaimLost(claim)
            return Result(sub.id, sub.channel_id, claim.slot, "empty")
        saved_at = d.clock()
        run = Run(sub, claim, digest, _save(d, sub, claim, digest, saved_at), saved_at)
    client = without_rate_limit_retries(d.client_for(sub.team_id))
    pipeline = d.pipeline
    posts = plan_posts(run.digest, run.digest_id, pipeline.render_digest, pipeline.render_quotes)
    yield READY  # claimed, built, saved and rendered: from here on it only posts and records
    sent = yield from post_channel_parts(d, client, run, [p for p in posts if not p.in_thread])
    sent += yield from post_thread_parts(d, client, run, [p for p in posts if p.in_thread])
    return _finish(d, run, sent)


def _save(
    d: Deliverer, sub: Subscription, claim: ledger.Claim, digest: Digest, now: datetime
) -> str:
    # Saved before the first post, so a retake re-sends this very digest, part for part. Only
    # while the claim is held: an owner taken over mid-build must not leave a second digest.
    with d.transaction("save the digest") as conn:
        if not ledger.heartbeat(conn, claim, now):
            raise ledger.ClaimLost(claim)
        return save_digest_message(
            conn,
            digest,
            team_id=sub.team_id,
            channel_id=sub.channel_id,
            user_id=None,
            visibility="channel",
            now=now,
            delivery_id=claim.delivery_id,
        )


def _resume(d: Deliverer, sub: Subscription, claim: ledger.Claim) -> Run | None:
    """Pick up a retaken slot: the digest an earlier owner saved and the parts already posted
    (recorded in the ledger, or shown by Slack: a post may have landed unrecorded)."""
    with d.transaction("read the saved digest") as conn:
        message_id = conn.execute(
            select(digest_messages.c.id)
            .where(digest_messages.c.delivery_id == claim.delivery_id)
            .order_by(digest_messages.c.created_at)
        ).scalar()
        saved = load_digest_message(conn, message_id) if message_id else None
        recorded = ledger.posted_parts(conn, claim.delivery_id)
    if saved is None:
        return None  # the earlier attempt stopped before saving, so before any post
    run = Run(sub, claim, saved.digest, saved.id, claim.claimed_at)
    oldest = datetime.fromisoformat(claim.slot).replace(tzinfo=_zone(sub.timezone))
    run.posted = find_posted_parts(
        d.client_for(sub.team_id),
        sub.channel_id,
        sub.id,
        claim.slot,
        oldest - HISTORY_MARGIN,
        threads=update_threads(saved.digest),
    )
    run.posted.update(recorded)
    log.info("resuming subscription %s slot %s: already posted %s", sub.id, claim.slot, run.posted)
    return run


def _finish(d: Deliverer, run: Run, sent: int) -> Result:
    ts = run.root_ts
    assert ts is not None  # post_channel_parts raised otherwise
    sub, claim = run.sub, run.claim
    with d.transaction("mark a delivery done") as conn:
        now = d.clock()
        record_full_quotes(conn, run, now)  # a fact, recorded whoever holds the slot now
        if run.digest.stories:
            done = ledger.mark_posted(conn, claim, ts, now)
        else:
            done = ledger.mark_empty(conn, claim, now, ts)
    if not done:
        raise ledger.ClaimLost(claim)
    outcome = "posted" if run.digest.stories else "empty"
    return Result(sub.id, sub.channel_id, claim.slot, outcome, ts, sent)


def _lost(sub: Subscription, claim: ledger.Claim, exc: ledger.ClaimLost) -> Result:
    log.warning("%s; this worker posts nothing more", exc)
    return Result(sub.id, sub.channel_id, claim.slot, "lost", error=str(exc))


def _fail(
    d: Deliverer, sub: Subscription, claim: ledger.Claim, error: str, *, outcome: str = "failed"
) -> Result:
    log.error("digest for subscription %s in %s failed: %s", sub.id, sub.channel_id, error)
    try:
        with d.transaction("record a failed delivery") as conn:
            held = ledger.mark_failed(conn, claim, error, d.clock())
    except StoreError as exc:  # the claim goes stale and is retried after the stale limit
        log.error("could not record the failure: %s", exc)
        held = True
    if not held:
        return _lost(sub, claim, ledger.ClaimLost(claim))
    return Result(sub.id, sub.channel_id, claim.slot, outcome, error=error)


def _slack_failure(
    d: Deliverer, sub: Subscription, claim: ledger.Claim, exc: SlackApiError
) -> Result:
    failure = classify_slack_error(exc)
    if failure.pause == "subscription":
        pause_subscription(d.engine, sub, failure.error)
        notify_subscriber(d.client_for, sub, failure.error, d.pipeline.render_paused)
    elif failure.pause == "workspace":
        pause_workspace(d.engine, sub.team_id, failure.error)
    return _fail(d, sub, claim, failure.error, outcome=failure.outcome)


Driver = Literal["loop", "threads"]


def deliver_many(
    d: Deliverer,
    subs: Sequence[Subscription],
    *,
    now: datetime | None = None,
    workers: int = 16,
    driver: Driver = "loop",
    on_demand: bool = False,
) -> list[Result]:
    """Deliver many subscriptions at once, ``workers`` x ``IN_FLIGHT_PER_THREAD`` in flight;
    each channel posts at its own pace, and a delivery waiting for its turn holds nothing.

    ``driver`` "loop" (the default) runs them on one event loop (``bot.slack.delivery_loop``),
    "threads" on ``workers`` threads (``StepPool``); both run the same steps.
    """
    if not subs:
        return []
    now = now or d.clock()
    if driver == "loop":
        runs = [partial(delivery_steps, d, sub, now=now, on_demand=on_demand) for sub in subs]
        in_flight = max(1, workers) * IN_FLIGHT_PER_THREAD
        return run_on_loop(runs, monotonic=d.pacer.now, in_flight=in_flight)
    with StepPool(min(workers, len(subs)), d.pacer.now) as pool:
        futures = [
            pool.submit(delivery_steps(d, sub, now=now, on_demand=on_demand)) for sub in subs
        ]
    return [f.result() for f in futures]
