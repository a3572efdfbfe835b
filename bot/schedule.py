"""APScheduler wiring: source polling and one daily digest job per subscription. Nothing else.

Jobs live in APScheduler's SQLAlchemyJobStore in newsbot's own database, one table per
scheduler (``newsbot_jobs_<name>``): APScheduler does not support two schedulers sharing a job
store, and ``newsbot serve`` (embedded scheduler, name "web") may run next to ``newsbot clock``
(name "clock"). Both firing the same digest is harmless: the delivery ledger lets one post it.

The subscriptions table is the source of truth, not the job store. A sync job (at start and
every minute) adds, moves and removes the cron jobs to match it, and catches up every active
subscription whose latest run time has passed without a delivered slot: a run missed while no
scheduler was up (beyond the misfire grace), a failed post whose backoff is over, or a claim
abandoned by a crashed worker. A subscription created after today's time starts tomorrow.

Queue mode (``NEWSBOT_QUEUE=on``, docs/queue.md): the same jobs fire, but instead of polling and
delivering they enqueue a poll task per due source and a delivery task per due slot
(``bot.queue.dispatch``), which ``newsbot worker`` processes run.
"""

from __future__ import annotations

import logging
import os
import re
import socket
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from apscheduler.executors.pool import ThreadPoolExecutor
from apscheduler.jobstores.sqlalchemy import SQLAlchemyJobStore
from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.schedulers.base import BaseScheduler
from apscheduler.schedulers.blocking import BlockingScheduler
from apscheduler.triggers.cron import CronTrigger
from apscheduler.triggers.interval import IntervalTrigger
from sqlalchemy import Engine, select

from bot.clock import Clock, system_clock
from bot.config import Settings
from bot.digest.backfill import index_recent
from bot.errors import ConfigError, DeliveryError
from bot.ingest.poll import poll_sources
from bot.queue.dispatch import MIN_POLL_MINUTES, QueueDispatch, cycle_start
from bot.slack.delivery import (
    Deliverer,
    Result,
    default_pipeline,
    deliver,
    deliver_many,
    scheduled_run,
)
from bot.slack.tokens import client_factory, token_source
from bot.store import ledger
from bot.store.db import reading, transaction
from bot.store.digests import prune_digest_messages
from bot.store.schema import subscriptions
from bot.store.subscriptions import SubscriptionRow

log = logging.getLogger(__name__)

DIGEST_PREFIX = "digest:"
_NAME = re.compile(r"[a-z0-9_]{1,40}")


@dataclass(frozen=True)
class ScheduleOptions:
    # A job that could not start on time (process busy or restarting) still runs this late.
    misfire_grace: timedelta = timedelta(minutes=15)
    sync_seconds: int = 60
    # A failed delivery is tried again this long after the failure, until the local day ends.
    retry_failed_after: timedelta = timedelta(minutes=15)
    # Digest jobs running at once; each posts to its own channel at Slack's ~1 msg/s.
    workers: int = 16
    # Saved digests behind "Full quotes" buttons are kept this long, then pruned daily. Far
    # longer than a failed delivery is retried, so a retry always finds its saved digest.
    keep_digests: timedelta = timedelta(days=30)


@dataclass(frozen=True)
class Due:
    """An active subscription with the two facts scheduling needs beyond the row."""

    sub: SubscriptionRow
    created_at: datetime


@dataclass
class Runtime:
    """What the jobs of one scheduler use; jobs find it by scheduler name (jobs are pickled)."""

    name: str
    engine: Engine
    deliverer: Deliverer
    poll: Callable[[datetime], object] | None
    options: ScheduleOptions = field(default_factory=ScheduleOptions)
    scheduler: BaseScheduler | None = None
    queue: QueueDispatch | None = None  # queue mode: jobs enqueue instead of doing the work


@dataclass(frozen=True)
class SyncReport:
    added: tuple[int, ...] = ()
    removed: tuple[int, ...] = ()
    delivered: tuple[Result, ...] = ()


_RUNTIMES: dict[str, Runtime] = {}


class AlignedInterval(IntervalTrigger):  # type: ignore[misc]
    """Runs on whole intervals since its start date, also after a run at another time (the
    start-up poll), so clocks started at different times still poll at the same instants."""

    def get_next_fire_time(
        self, previous_fire_time: datetime | None, now: datetime
    ) -> datetime | None:
        if previous_fire_time is not None:
            now = max(now, previous_fire_time + timedelta(microseconds=1))
        next_time: datetime | None = super().get_next_fire_time(None, now)
        return next_time


# How long after its time a missed run whose local day has ended is still caught up.
CATCH_UP_REACH = timedelta(hours=6)


def job_id(sub_id: int) -> str:
    return f"{DIGEST_PREFIX}{sub_id}"


def trigger_for(sub: SubscriptionRow) -> CronTrigger:
    """Daily at the subscription's local hour:minute; the zone makes DST changes count."""
    return CronTrigger(hour=sub.hour, minute=sub.minute, timezone=ZoneInfo(sub.timezone))


def latest_run(sub: SubscriptionRow, now: datetime) -> datetime:
    """The latest run time of ``sub`` at or before ``now`` (aware, in its zone): the run whose
    slot a delivery at ``now`` fills."""
    return scheduled_run(sub.timezone, sub.hour, sub.minute, now)


def active_subscriptions(engine: Engine) -> list[Due]:
    with reading(engine, "read the active subscriptions") as conn:
        rows = conn.execute(
            select(subscriptions).where(subscriptions.c.status == "active")
        ).mappings()
        return [Due(_subscription(m), m["created_at"]) for m in rows]


def _subscription(m: object) -> SubscriptionRow:
    data = dict(m)  # type: ignore[call-overload]
    fields = SubscriptionRow.__dataclass_fields__
    return SubscriptionRow(**{k: v for k, v in data.items() if k in fields})


def catch_up_candidates(engine: Engine, due: Sequence[Due], now: datetime) -> list[SubscriptionRow]:
    """Subscriptions whose latest run existed after they did, is still catchable, and whose
    slot is not done.

    Rule "catch-up reach": a missed run is caught up until the end of its local day, and for
    at least ``CATCH_UP_REACH`` after it, so a run due at 23:58 is still caught up at 00:30.
    Yesterday's 09:00 run is not posted at 05:00, three hours before today's.
    """
    pending: dict[tuple[int, str], SubscriptionRow] = {}
    for item in due:
        try:
            at = latest_run(item.sub, now)
        except DeliveryError:
            continue  # deliver() pauses it with a reason when its own job fires
        same_day = at.date() == now.astimezone(at.tzinfo).date()
        if item.created_at <= at and (same_day or now - at <= CATCH_UP_REACH):
            pending[(item.sub.id, at.date().isoformat())] = item.sub
    with reading(engine, "read today's deliveries") as conn:
        known = ledger.deliveries_for(conn, pending)
    return [sub for key, sub in pending.items() if key not in known or not known[key].done]


def sync(runtime: Runtime, now: datetime) -> SyncReport:
    """Make the cron jobs match the subscriptions, then catch up what is due and undelivered."""
    due = active_subscriptions(runtime.engine)
    added, removed = _reconcile(runtime, [d.sub for d in due])
    late = catch_up_candidates(runtime.engine, due, now)
    if runtime.queue is not None:
        runtime.queue.enqueue_deliveries(late, now)
        return SyncReport(tuple(added), tuple(removed))
    results = deliver_many(runtime.deliverer, late, now=now, workers=runtime.options.workers)
    for result in results:
        if result.outcome != "skipped":
            log.info("catch-up: subscription %s %s", result.subscription_id, result.outcome)
    return SyncReport(tuple(added), tuple(removed), tuple(results))


def _describe(sub: SubscriptionRow) -> str:
    # The job name records the schedule, so a moved subscription is noticed and re-added.
    return f"{sub.topic} in {sub.channel_id} at {sub.hour:02d}:{sub.minute:02d} {sub.timezone}"


def _reconcile(runtime: Runtime, subs: Sequence[SubscriptionRow]) -> tuple[list[int], list[int]]:
    scheduler = runtime.scheduler
    if scheduler is None:
        return [], []
    wanted = {job_id(s.id): s for s in subs}
    have = {j.id: j for j in scheduler.get_jobs() if j.id.startswith(DIGEST_PREFIX)}
    removed = [j for j in have if j not in wanted]
    for jid in removed:
        scheduler.remove_job(jid)
    added = []
    for jid, sub in wanted.items():
        if jid in have and have[jid].name == _describe(sub):
            continue
        try:
            trigger = trigger_for(sub)
        except (ZoneInfoNotFoundError, ValueError):
            log.error("subscription %s has an unknown timezone %r", sub.id, sub.timezone)
            continue
        if jid in have:  # remove, then add: replace_existing does not apply before start
            scheduler.remove_job(jid)
        scheduler.add_job(
            run_digest_job,
            trigger,
            args=[runtime.name, sub.id],
            id=jid,
            name=_describe(sub),
            replace_existing=True,
            # Explicit, not only the scheduler's defaults: a late start still runs once.
            coalesce=True,
            max_instances=1,
            misfire_grace_time=int(runtime.options.misfire_grace.total_seconds()),
        )
        added.append(sub.id)
    return added, [int(j.removeprefix(DIGEST_PREFIX)) for j in removed]


def digest_job(runtime: Runtime, sub_id: int, now: datetime) -> Result | None:
    """The cron job body: deliver today's slot of one subscription (if still active)."""
    with reading(runtime.engine, f"read subscription {sub_id}") as conn:
        found = (
            conn.execute(
                select(subscriptions).where(
                    subscriptions.c.id == sub_id, subscriptions.c.status == "active"
                )
            )
            .mappings()
            .first()
        )
    sub = _subscription(found) if found is not None else None
    if sub is None:
        return None  # removed or paused since the job was planned; the next sync drops it
    if runtime.queue is not None:
        runtime.queue.enqueue_deliveries([sub], now)
        return None
    return deliver(runtime.deliverer, sub, now=now)


def poll_job(runtime: Runtime, now: datetime) -> object:
    if runtime.queue is not None:
        return runtime.queue.enqueue_polls(now)
    return runtime.poll(now) if runtime.poll is not None else None


def prune_job(runtime: Runtime, now: datetime) -> int:
    """Forget saved digests older than ``keep_digests``; their buttons then say so."""
    with transaction(runtime.engine, "prune old digests") as conn:
        pruned = prune_digest_messages(conn, older_than=now - runtime.options.keep_digests)
    if pruned:
        log.info("pruned %d saved digest(s) older than %s", pruned, runtime.options.keep_digests)
    return pruned


# Module-level entry points: the job store keeps "bot.schedule:run_*" plus plain arguments.
def run_digest_job(name: str, sub_id: int) -> None:
    runtime = _RUNTIMES[name]
    digest_job(runtime, sub_id, runtime.deliverer.clock())


def run_sync_job(name: str) -> None:
    runtime = _RUNTIMES[name]
    sync(runtime, runtime.deliverer.clock())


def run_poll_job(name: str) -> None:
    runtime = _RUNTIMES[name]
    poll_job(runtime, runtime.deliverer.clock())


def run_prune_job(name: str) -> None:
    runtime = _RUNTIMES[name]
    prune_job(runtime, runtime.deliverer.clock())


def default_poll(engine: Engine, settings: Settings) -> Callable[[datetime], object]:
    def poll(now: datetime) -> object:
        summary = poll_sources(engine, settings, now=now)
        log.info("poll: %s", summary)
        index_recent(engine)  # what was stored, for /news who
        return summary

    return poll


def worker_name(name: str) -> str:
    return f"{socket.gethostname()}:{os.getpid()}:{name}"


def default_deliverer(
    settings: Settings,
    engine: Engine,
    name: str,
    clock: Clock = system_clock,
    retry_failed_after: timedelta | None = ScheduleOptions.retry_failed_after,
) -> Deliverer:
    """A deliverer over the real digest pipeline and this deployment's bot tokens."""
    return Deliverer(
        engine=engine,
        settings=settings,
        pipeline=default_pipeline(engine, settings),
        client_for=client_factory(settings, token_source(settings, engine)),
        worker=worker_name(name),
        clock=clock,
        retry_failed_after=retry_failed_after,
    )


def create_scheduler(
    settings: Settings,
    engine: Engine,
    *,
    background: bool,
    clock: Clock = system_clock,
    name: str | None = None,
    options: ScheduleOptions | None = None,
    deliverer: Deliverer | None = None,
    poll: Callable[[datetime], object] | None = None,
    queue: QueueDispatch | None = None,
) -> BaseScheduler:
    """A scheduler with the poll, sync and digest jobs added; the caller starts it.

    ``name`` (default "web" when ``background``, else "clock") picks the job-store table; give
    every scheduler process its own name. Creating a scheduler again under a name replaces the
    jobs' runtime of the earlier one (shut that one down first). With ``queue`` the jobs only
    enqueue work for ``newsbot worker`` processes.
    """
    name = name or ("web" if background else "clock")
    if not _NAME.fullmatch(name):
        raise ConfigError(f"scheduler name {name!r} must match [a-z0-9_]{{1,40}}")
    options = options or ScheduleOptions()
    if deliverer is None:
        deliverer = default_deliverer(settings, engine, name, clock, options.retry_failed_after)
    runtime = Runtime(name, engine, deliverer, poll or default_poll(engine, settings), options)
    runtime.queue = queue
    scheduler = _new_scheduler(engine, name, options, background=background)
    runtime.scheduler = scheduler
    _RUNTIMES[name] = runtime
    _add_fixed_jobs(scheduler, runtime, settings, clock())
    return scheduler


def _new_scheduler(
    engine: Engine, name: str, options: ScheduleOptions, *, background: bool
) -> BaseScheduler:
    kind = BackgroundScheduler if background else BlockingScheduler
    return kind(
        jobstores={"default": SQLAlchemyJobStore(engine=engine, tablename=f"newsbot_jobs_{name}")},
        executors={"default": ThreadPoolExecutor(max_workers=options.workers)},
        job_defaults={
            "coalesce": True,
            "max_instances": 1,
            "misfire_grace_time": int(options.misfire_grace.total_seconds()),
        },
        timezone=UTC,
    )


def _add_fixed_jobs(
    scheduler: BaseScheduler, runtime: Runtime, settings: Settings, now: datetime
) -> None:
    every = max(MIN_POLL_MINUTES, settings.poll_interval_minutes)
    scheduler.add_job(
        run_sync_job,
        IntervalTrigger(seconds=runtime.options.sync_seconds),
        args=[runtime.name],
        id="sync",
        name="sync subscriptions and catch up",
        next_run_time=now,
        replace_existing=True,
    )
    scheduler.add_job(
        run_poll_job,
        # Aligned to whole intervals since 1970: every clock polls at the same instants, so
        # two clocks make one cycle, not two (see bot.queue.dispatch).
        AlignedInterval(seconds=every * 60, start_date=cycle_start(now, every * 60)),
        args=[runtime.name],
        id="poll",
        name=f"poll sources every {every:g} min",
        next_run_time=now,
        replace_existing=True,
    )
    scheduler.add_job(
        run_prune_job,
        IntervalTrigger(days=1),
        args=[runtime.name],
        id="prune",
        name="prune old saved digests",
        next_run_time=now,
        replace_existing=True,
    )


def runtime_of(name: str) -> Runtime:
    """The runtime the jobs of scheduler ``name`` use (for ``newsbot deliver`` and tests)."""
    try:
        return _RUNTIMES[name]
    except KeyError:
        raise ConfigError(f"no scheduler named {name!r} was created in this process") from None


def forget_scheduler(name: str) -> None:
    """Drop a scheduler's runtime (after shutdown), so the name can be used again."""
    _RUNTIMES.pop(name, None)
