"""Queue mode under load and faults, on a PostgreSQL cluster of the test's own.

2 clocks and 4 workers (real ``newsbot clock`` / ``newsbot worker`` processes) poll loopback
feeds on many hosts and deliver every subscription's digest to the fake Slack API, through two
poll cycles. One worker is killed with SIGKILL mid-run (its jobs are retried once its heartbeat
stops; its claims are taken over once stale), and the database is restarted during the second
cycle. Then: every due digest was posted exactly once, every feed was polled in each cycle (the
unchanged half answering 304), every item of every feed version is stored, the queue drained by
itself, and every live worker stops cleanly on SIGTERM.

The quick size runs by default; ``pytest -m load tests/worker`` runs 2,000 feeds and 2,000
subscriptions (docs/queue.md).
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from bot.config import Settings
from bot.queue.dispatch import cycle_start
from bot.store.db import open_engine
from fakes.slack_api import FakeSlackApi
from fakes.web import FakeWeb
from tests.worker.cluster import (
    FULL,
    QUICK,
    Cluster,
    FeedFarm,
    Size,
    open_jobs,
    polled_since,
    posted,
    seed_story,
    stored_links,
    subscribe,
    top_level_posts,
    wait_for,
)
from tests.worker.private_postgres import PrivatePostgres, binaries


@pytest.fixture
def private_pg() -> Iterator[PrivatePostgres]:
    bindir = binaries()
    if bindir is None:
        pytest.skip("no PostgreSQL binaries here (scripts/start-postgres.sh installs them)")
    cluster = PrivatePostgres(bindir)
    try:
        yield cluster
    finally:
        cluster.destroy()


def _start_of_a_window(interval: float) -> datetime:
    """Wait, if need be, so that the first cycle has most of its window ahead of it."""
    now = datetime.now(UTC)
    start = cycle_start(now, interval)
    if (now - start).total_seconds() > interval * 0.3:
        start += timedelta(seconds=interval)
        time.sleep((start - now).total_seconds() + 0.2)
    return start


def run(size: Size, pg: PrivatePostgres, folder: Path) -> None:
    now = datetime.now(UTC)
    engine = open_engine(pg.url)
    with FakeSlackApi() as slack, FakeWeb() as coast, FeedFarm(size) as farm:
        seed_story(engine, Settings(database_url=pg.url, allow_private_urls=True), coast, now)
        subscribe(engine, size.subscriptions, now)
        sources = folder / "sources.toml"
        sources.write_text(farm.sources_toml(), encoding="utf-8")
        env = {
            "DATABASE_URL": pg.url,
            "NEWSBOT_QUEUE": "on",
            "SLACK_BOT_TOKEN": "xoxb-load",
            "SLACK_API_URL": slack.api_url,
            "NEWSBOT_ALLOW_PRIVATE_URLS": "true",
            "NEWSBOT_SOURCES_FILE": str(sources),
            "NEWSBOT_POLL_INTERVAL_MINUTES": str(size.interval / 60),
            "NEWSBOT_ANALYSIS_BUDGET_SECONDS": "0",
        }
        first = _start_of_a_window(size.interval)
        second = first + timedelta(seconds=size.interval)
        cluster = Cluster(folder, env, size)
        cluster.start()
        try:
            budget = size.interval
            wait_for(
                "some digests", lambda: posted(engine) >= size.subscriptions // 4, budget, cluster
            )
            cluster.kill("worker0")  # fault 1, mid-run
            wait_for("cycle 1", lambda: polled_since(engine, first) == size.feeds, budget, cluster)
            assert datetime.now(UTC) < second, "cycle 1 did not finish within its window"
            for index in range(0, size.feeds, 2):  # half the feeds get a new item
                farm.publish(index, version=2)
            wait_for(
                "cycle 2 to start", lambda: polled_since(engine, second) > 0, budget * 2, cluster
            )
            pg.restart()  # fault 2, mid-cycle
            wait_for("cycle 2", lambda: polled_since(engine, second) == size.feeds, budget, cluster)
            wait_for("every digest", lambda: posted(engine) == size.subscriptions, budget, cluster)
            assert cluster.exited() == {"worker0": -9}, cluster.logs()
            # The clocks' part is done. A slow machine (or a database restart that took long)
            # may have let a third cycle start meanwhile: timing, not a fault, so it is counted.
            cluster.stop([f"clock{n}" for n in range(size.clocks)])
            cycles = int((datetime.now(UTC) - first).total_seconds() // size.interval) + 1
            wait_for("the queue to drain", lambda: open_jobs(engine) == 0, budget, cluster)
            codes = cluster.stop()
        finally:
            cluster.stop()
        # Workers finish their jobs and exit 0; a clock has nothing to finish (SIGTERM ends it).
        workers = {n: c for n, c in codes.items() if n.startswith("worker")}
        assert set(workers.values()) == {0} and len(workers) == size.workers - 1, codes

        posts = top_level_posts(slack)
        assert len(posts) == size.subscriptions and set(posts.values()) == {1}, posts
        fetches = farm.fetches()
        assert min(fetches) >= 2, "a feed missed a cycle"
        # A poll cut short by a fault (the killed worker's batches, those running when the
        # database went away) is polled again, skipping what its batch did record: each
        # fault repeats at most the polls then under way, never a whole cycle twice over.
        extra = sum(fetches) - cycles * size.feeds
        assert extra <= 2 * size.feeds, (cycles, fetches)
        unchanged = [farm.statuses(i)[-1] for i in range(1, size.feeds, 2)]
        assert set(unchanged) == {304}, "an unchanged feed was fetched in full again"
        missing = farm.links - stored_links(engine)
        assert not missing, f"{len(missing)} items lost, e.g. {sorted(missing)[:3]}"
    engine.dispose()


@pytest.mark.timeout(240)
def test_quick_cluster_survives_a_killed_worker_and_a_database_restart(
    private_pg: PrivatePostgres, tmp_path: Path
) -> None:
    run(QUICK, private_pg, tmp_path)


@pytest.mark.load
@pytest.mark.timeout(600)
def test_full_cluster_survives_a_killed_worker_and_a_database_restart(
    private_pg: PrivatePostgres, tmp_path: Path
) -> None:
    run(FULL, private_pg, tmp_path)
