"""The clock: topics, poll interval, subscriptions, and whether a scheduler is running.

A running scheduler keeps its every-minute ``sync`` job's next run time (APScheduler's job
store, table ``newsbot_jobs_<name>``) a minute ahead; a time long past means it stopped.
"""

from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlalchemy import Column, Engine, Float, MetaData, String, Table, inspect, select

from bot.config import Settings
from bot.doctor.report import Check
from bot.errors import StoreError, TopicError
from bot.store.db import reading
from bot.store.schema import subscriptions
from bot.store.sqlite_owner import current_owner, sqlite_file
from bot.text.topics import load_topics

JOB_TABLE_PREFIX = "newsbot_jobs_"
# A sync job this far overdue belongs to a scheduler that is not running.
STOPPED_AFTER = timedelta(minutes=5)
START_A_SCHEDULER = (
    "start `newsbot clock` next to `newsbot serve --no-scheduler` (PostgreSQL), or run "
    "`newsbot serve` alone, which runs the scheduler too"
)


def check_clock(settings: Settings, engine: Engine | None, now: datetime) -> list[Check]:
    checks = [_topics(settings), _interval(settings), _process_model(settings)]
    if engine is not None:
        try:
            checks.extend(_subscriptions(engine))
            checks.append(_schedulers(engine, now))
        except StoreError as exc:
            checks.append(Check("clock", "fail", f"database error: {exc.reason}"))
    return checks


def _topics(settings: Settings) -> Check:
    try:
        catalog = load_topics(settings.topics_path)
    except TopicError as exc:
        return Check("topics", "fail", str(exc), "fix the file or unset NEWSBOT_TOPICS_FILE")
    return Check("topics", "ok", f"{len(catalog.topics)} defined in {settings.topics_path}")


def _interval(settings: Settings) -> Check:
    every = settings.poll_interval_minutes
    if every < 1:
        return Check(
            "clock",
            "warn",
            f"poll_interval_minutes is {every:g}: sources are polled every {every * 60:g} s",
            "set NEWSBOT_POLL_INTERVAL_MINUTES to 1 or more (15 is the default)",
        )
    return Check(
        "clock",
        "ok",
        f"polls every {every:g} min; new subscriptions default to {settings.default_digest_time}",
    )


def _process_model(settings: Settings) -> Check:
    database = sqlite_file(settings.database_url)
    if database is None:
        return Check("clock", "ok", "shared database: web and clock may run as two processes")
    owner = current_owner(settings.database_url)
    held = f"; now used by {owner}" if owner else ""
    return Check(
        "clock",
        "ok",
        f"SQLite ({database.name}): one process runs web and scheduler (`newsbot serve`){held}",
    )


def _subscriptions(engine: Engine) -> list[Check]:
    with reading(engine, "read the subscriptions") as conn:
        rows = list(conn.execute(select(subscriptions)).mappings())
    active = [r for r in rows if r["status"] == "active"]
    checks = [Check("subscriptions", "ok", f"{len(active)} active of {len(rows)}")]
    bad_zones = sorted({r["timezone"] for r in active if not _zone_ok(r["timezone"])})
    if bad_zones:
        checks.append(
            Check(
                "subscriptions",
                "fail",
                f"unknown time zones: {', '.join(bad_zones)}",
                "subscribe those channels again: `/news subscribe TOPIC at HH:MM Europe/Berlin`",
            )
        )
    reasons = Counter(
        r["status_reason"] or "no reason given" for r in rows if r["status"] != "active"
    )
    if reasons:
        said = "; ".join(f"{n} x {reason}" for reason, n in reasons.most_common())
        checks.append(
            Check(
                "subscriptions",
                "warn",
                f"paused: {said}",
                "fix the reason (e.g. invite the bot to the channel), then subscribe again",
            )
        )
    return checks


def _zone_ok(name: str) -> bool:
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return False
    return True


def _schedulers(engine: Engine, now: datetime) -> Check:
    tables = [t for t in inspect(engine).get_table_names() if t.startswith(JOB_TABLE_PREFIX)]
    if not tables:
        return Check(
            "scheduler", "warn", "no scheduler has run on this database", START_A_SCHEDULER
        )
    due = {t.removeprefix(JOB_TABLE_PREFIX): _sync_due(engine, t) for t in tables}
    running = sorted(name for name, at in due.items() if at and at > now - STOPPED_AFTER)
    if not running:
        last = max((at for at in due.values() if at), default=None)
        when = f" (the last one was due {last:%Y-%m-%d %H:%M} UTC)" if last else ""
        return Check("scheduler", "warn", f"no scheduler is running{when}", START_A_SCHEDULER)
    if len(running) > 1:
        return Check(
            "scheduler",
            "warn",
            f"{len(running)} schedulers run ({', '.join(running)}): each digest is still posted "
            "once, but every source is polled by each",
            "run the web process with --no-scheduler when a clock runs (the Procfile does)",
        )
    return Check("scheduler", "ok", f"scheduler {running[0]!r} is running")


def _sync_due(engine: Engine, table_name: str) -> datetime | None:
    # APScheduler's SQLAlchemyJobStore layout: id, next_run_time (UNIX seconds), job_state.
    jobs = Table(table_name, MetaData(), Column("id", String), Column("next_run_time", Float))
    with reading(engine, "read the scheduler's jobs") as conn:
        at = conn.execute(select(jobs.c.next_run_time).where(jobs.c.id == "sync")).scalar()
    return datetime.fromtimestamp(at, UTC) if at is not None else None
