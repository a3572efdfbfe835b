"""``newsbot clock`` (the scheduler alone) and ``newsbot deliver`` (today's digests, now)."""

from __future__ import annotations

from datetime import timedelta

import click

from bot.clock import system_clock
from bot.config import load_settings
from bot.digest.analysis_pool import analysis_pool
from bot.errors import CommandError
from bot.schedule import ScheduleOptions, active_subscriptions, create_scheduler, default_deliverer
from bot.slack.delivery import Result, deliver_many
from bot.store.db import open_engine

_SAYS = {
    "posted": "posted",
    "empty": "nothing new",
    "skipped": "already delivered today (or being delivered)",
    "failed": "FAILED",
    "paused": "PAUSED",
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
def clock(name: str, workers: int, misfire_grace: int) -> None:
    """Run the scheduler alone: source polling and daily digests (blocks; Ctrl-C stops)."""
    settings = load_settings()
    engine = open_engine(settings.database_url)
    options = ScheduleOptions(misfire_grace=timedelta(minutes=misfire_grace), workers=workers)
    scheduler = create_scheduler(settings, engine, background=False, name=name, options=options)
    click.echo(f"newsbot clock {name!r}: polling every {settings.poll_interval_minutes} min")
    with analysis_pool(settings.analysis_budget_seconds):  # each article within its budget
        scheduler.start()  # blocks; Ctrl-C reaches bot.cli.main, which exits 130


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
def deliver_command(channel: str | None, topic: str | None, workers: int) -> None:
    """Post today's digest of each matching subscription now, through the delivery ledger.

    A slot already delivered today is left alone, so running this twice posts nothing twice.
    """
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
    results = deliver_many(deliverer, subs, workers=workers)
    for result in results:
        click.echo(describe(result, topics[result.subscription_id]))
    if any(r.outcome == "failed" for r in results):
        raise click.exceptions.Exit(1)


def register(group: click.Group) -> None:
    group.add_command(clock)
    group.add_command(deliver_command)
