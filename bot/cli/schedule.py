"""``newsbot clock`` (the scheduler alone) and ``newsbot deliver`` (today's digests, now)."""

from __future__ import annotations

import dataclasses
from datetime import timedelta
from typing import TYPE_CHECKING

import click

from bot.cli.output import FORMAT_OPTION, echo_json
from bot.clock import system_clock
from bot.config import load_settings
from bot.errors import CommandError, ConfigError

if TYPE_CHECKING:
    from bot.slack.delivery import Result

_SAYS = {
    "posted": "posted",
    "empty": "nothing new",
    "skipped": "already delivered today (or being delivered)",
    "failed": "FAILED",
    "paused": "PAUSED",
    "lost": "taken over (another worker finishes this slot)",
}


@click.command()
@click.option(
    "--name",
    default="clock",
    show_default=True,
    help="This scheduler's name; its jobs live in table newsbot_jobs_<name>.",
)
@click.option(
    "--workers",
    type=click.IntRange(1, 256),
    default=16,
    show_default=True,
    help="Digest deliveries running at once.",
)
@click.option(
    "--misfire-grace",
    type=click.IntRange(1, 24 * 60),
    default=15,
    show_default=True,
    help="Minutes a late job may still start.",
)
@click.option(
    "--allow-sqlite",
    is_flag=True,
    help="Run on a SQLite DATABASE_URL as that database's only process (no web next to it).",
)
def clock(name: str, workers: int, misfire_grace: int, allow_sqlite: bool) -> None:
    """Run the scheduler alone: source polling and daily digests (blocks; Ctrl-C stops).

    With NEWSBOT_QUEUE=on it only enqueues the polls and digests for `newsbot worker`.
    """
    from bot.queue.app import queue_mode
    from bot.queue.dispatch import queue_dispatch
    from bot.schedule import ScheduleOptions, create_scheduler
    from bot.store.db import open_engine
    from bot.store.sqlite_owner import claim_sqlite, clock_refusal, sqlite_file

    settings = load_settings()
    queued = queue_mode(settings)  # one line and out: queue mode on SQLite
    database = sqlite_file(settings.database_url)
    if database is not None and not allow_sqlite:
        raise ConfigError(clock_refusal(database))
    owner = claim_sqlite(settings.database_url, "clock")
    engine = open_engine(settings.database_url)
    options = ScheduleOptions(misfire_grace=timedelta(minutes=misfire_grace), workers=workers)
    queue = queue_dispatch(settings, engine)
    scheduler = create_scheduler(
        settings, engine, background=False, name=name, options=options, queue=queue
    )
    doing = "enqueueing polls and digests" if queued else "polling"
    click.echo(f"newsbot clock {name!r}: {doing} every {settings.poll_interval_minutes:g} min")
    from bot.digest.analysis_pool import analysis_pool

    try:
        with analysis_pool(settings.analysis_budget_seconds):  # each article within its budget
            scheduler.start()  # blocks; Ctrl-C reaches bot.cli.main, which exits 130
    finally:
        if queue is not None:
            queue.close()
        if owner is not None:
            owner.release()


def describe(result: Result, topic: str) -> str:
    said = _SAYS.get(result.outcome, result.outcome)
    line = f"{said:<9} {topic} -> {result.channel_id} (slot {result.slot}"
    if result.outcome in ("posted", "empty") and result.message_ts:
        line += f", {result.posts} messages, ts {result.message_ts}"
    line += ")"
    return f"{line}: {result.error}" if result.error else line


@click.command("deliver")
@click.option("--channel", help="Only this channel id (e.g. C0123456).")
@click.option("--topic", help="Only this topic slug.")
@click.option("--workers", type=click.IntRange(1, 256), default=8, show_default=True)
@FORMAT_OPTION
def deliver_command(channel: str | None, topic: str | None, workers: int, fmt: str) -> None:
    """Post today's digest of each matching subscription now, through the delivery ledger.

    A slot already delivered today is left alone, so running this twice posts nothing twice.
    """
    from bot.schedule import active_subscriptions, default_deliverer
    from bot.slack.delivery import deliver_many
    from bot.store.db import open_engine

    settings = load_settings()
    engine = open_engine(settings.database_url)
    subs = [
        d.sub
        for d in active_subscriptions(engine)
        if channel in (None, d.sub.channel_id) and topic in (None, d.sub.topic)
    ]
    if not subs:
        raise CommandError("no active subscription matches --channel/--topic")
    # The user asked for it now: a slot that failed earlier today is retried at once.
    deliverer = default_deliverer(settings, engine, "cli", system_clock, timedelta(0))
    topics = {s.id: s.topic for s in subs}
    # Asked for now: today's slot, even before the day's scheduled time (rule "on-demand slot").
    results = deliver_many(deliverer, subs, workers=workers, on_demand=True)
    for result in results:
        if fmt == "json":
            echo_json({"topic": topics[result.subscription_id], **dataclasses.asdict(result)})
        else:
            click.echo(describe(result, topics[result.subscription_id]))
    if any(r.outcome == "failed" for r in results):
        raise click.exceptions.Exit(1)


def register(group: click.Group) -> None:
    group.add_command(clock)
    group.add_command(deliver_command)
