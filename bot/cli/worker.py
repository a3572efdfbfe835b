"""``newsbot worker``: run queued polls and deliveries (NEWSBOT_QUEUE=on, PostgreSQL)."""

from __future__ import annotations

import click

from bot.config import load_settings
from bot.errors import ConfigError

NEEDS_QUEUE = (
    "newsbot worker runs the task queue: set NEWSBOT_QUEUE=on with a PostgreSQL DATABASE_URL "
    "(without it `newsbot serve` or `newsbot clock` polls and delivers itself)"
)


@click.command()
@click.option(
    "--concurrency",
    type=click.IntRange(1, 256),
    default=8,
    show_default=True,
    help="Tasks this process runs at once.",
)
@click.option(
    "--stalled-after",
    type=click.FloatRange(1, 3600),
    default=30.0,
    show_default=True,
    help="Seconds without a heartbeat after which a worker's running tasks are retried.",
)
@click.option(
    "--claim-stale-after",
    type=click.IntRange(10, 24 * 3600),
    default=600,
    show_default=True,
    help="Seconds after which a delivery claim without sign of life is taken over.",
)
@click.option(
    "--queue",
    "queues",
    type=click.Choice(["deliver", "poll", "index"]),
    multiple=True,
    help="Only these queues (repeatable; default all).",
)
def worker(
    concurrency: int, stalled_after: float, claim_stale_after: int, queues: tuple[str, ...]
) -> None:
    """Run polls and digest deliveries that the clock enqueued (blocks; Ctrl-C stops)."""
    from datetime import timedelta

    from bot.digest.analysis_pool import analysis_pool
    from bot.queue.app import QUEUES, make_app, queue_mode
    from bot.store.db import open_engine
    from bot.worker.deliverer import worker_deliverer
    from bot.worker.run import WorkerOptions, register, run_worker
    from bot.worker.tasks import Tasks

    settings = load_settings()
    if not queue_mode(settings):
        raise ConfigError(NEEDS_QUEUE)
    engine = open_engine(settings.database_url)  # migrations include the queue's tables
    stale = timedelta(seconds=claim_stale_after)
    tasks = Tasks(engine, settings, worker_deliverer(settings, engine, stale_after=stale))
    options = WorkerOptions(
        concurrency=concurrency, stalled_after=stalled_after, queues=queues or QUEUES
    )
    app = make_app(settings.database_url, asynchronous=True)
    register(app, tasks, options)
    click.echo(f"newsbot worker: {concurrency} at once on queues {', '.join(options.queues)}")
    with analysis_pool(settings.analysis_budget_seconds):
        run_worker(app, options)


def register(group: click.Group) -> None:
    group.add_command(worker)
