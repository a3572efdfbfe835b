"""Poll tasks are batches of one host lock's sources: how the clock cuts them, and how a task
skips what its cycle already recorded (without a cluster: an in-memory queue, SQLite)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import procrastinate
from procrastinate.testing import InMemoryConnector
from sqlalchemy import Engine

from bot.config import Settings
from bot.ingest.sources import SourceConfig
from bot.queue.app import POLL_TASK, host_lock
from bot.queue.dispatch import POLL_BATCH, QueueDispatch, cycle_start, source_args
from bot.worker.tasks import Tasks
from fakes.web import FakeWeb

NOW = datetime(2026, 12, 1, 9, 7, tzinfo=UTC)


def _sources(host: str, count: int) -> list[SourceConfig]:
    return [
        SourceConfig(name=f"{host} {n}", url=f"https://{host}/feed/{n}.xml") for n in range(count)
    ]


def _dispatch(engine: Engine, tmp_path: Path) -> tuple[QueueDispatch, InMemoryConnector]:
    connector = InMemoryConnector()
    settings = Settings(database_url="postgresql://unused", sources_file=str(tmp_path / "s.toml"))
    return QueueDispatch(procrastinate.App(connector=connector), engine, settings), connector


def _poll_jobs(connector: InMemoryConnector) -> list[dict[str, Any]]:
    return [job for job in connector.jobs.values() if job["task_name"] == POLL_TASK]


def test_a_poll_task_is_a_batch_of_one_host_locks_sources(
    sqlite_engine: Engine, tmp_path: Path
) -> None:
    dispatch, connector = _dispatch(sqlite_engine, tmp_path)
    sources = _sources("big.example", 3 * POLL_BATCH) + _sources("small.example", 3)
    enqueued = dispatch.enqueue_polls(NOW, sources)

    jobs = _poll_jobs(connector)
    assert enqueued.due == len(sources) and enqueued.added == len(jobs) + 1  # and the index
    polled = [s["url"] for job in jobs for s in job["args"]["sources"]]
    assert sorted(polled) == sorted(s.url for s in sources if s.url)  # each once, none left out
    for job in jobs:
        batch = job["args"]["sources"]
        assert 0 < len(batch) <= POLL_BATCH
        # Politeness: the whole batch shares one of its host's locks, the task's lock.
        assert {host_lock(s["url"], 2) for s in batch} == {job["lock"]}
    # 60 sources over big.example's 2 locks need at least 3 batches; small.example's 3 one or 2.
    assert 4 <= len(jobs) <= 6


def test_a_second_clock_enqueues_no_second_copy(sqlite_engine: Engine, tmp_path: Path) -> None:
    dispatch, connector = _dispatch(sqlite_engine, tmp_path)
    sources = _sources("big.example", 2 * POLL_BATCH + 5)
    first = dispatch.enqueue_polls(NOW, sources)
    second = dispatch.enqueue_polls(NOW + timedelta(seconds=1), sources)
    assert second.added == 0 and second.already_queued == first.added
    assert len(_poll_jobs(connector)) == first.added - 1


def _feed(n: int) -> str:
    item = f"<item><title>Note {n}</title><link>https://x.example/{n}</link></item>"
    return f"<rss version='2.0'><channel><title>F{n}</title>{item}</channel></rss>"


def test_a_batch_run_again_polls_only_what_its_cycle_did_not_record(
    sqlite_engine: Engine,
) -> None:
    settings = Settings(database_url="sqlite://", allow_private_urls=True)
    clock_now = [NOW]
    tasks = Tasks(sqlite_engine, settings, deliverer=None, clock=lambda: clock_now[0])  # type: ignore[arg-type]
    cycle = cycle_start(NOW, 900).isoformat()
    with FakeWeb() as web:
        for n in range(3):
            web.page(f"/f{n}.xml", _feed(n), content_type="application/rss+xml")
        sources = [SourceConfig(name=f"f{n}", url=web.url(f"/f{n}.xml")) for n in range(3)]
        batch = [source_args(s, Path(".")) for s in sources]

        # Say a worker polled f0 in this cycle and was killed before the rest.
        assert "1 source(s)" in tasks.poll_sources(batch[:1], cycle)
        clock_now[0] = NOW + timedelta(seconds=30)
        assert "2 source(s): new 2" in tasks.poll_sources(batch, cycle)  # the retry
        assert [web.count(f"/f{n}.xml") for n in range(3)] == [1, 1, 1]
        assert tasks.poll_sources(batch, cycle) == "polled already this cycle"
        assert [web.count(f"/f{n}.xml") for n in range(3)] == [1, 1, 1]
