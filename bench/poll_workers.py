"""Polling many loopback feeds with 4 queue workers against one process:
``python -m bench poll_workers [--quick] [--postgres URL]``.

Input: 10,000 distinct feeds (--quick: 200; BENCH_POLL_FEEDS=N: N), 10 distinct items each
(bench.ingest_poll's feeds), spread over 100 loopback hosts (127.0.0.2 ...; --quick: 10; N:
N/100), each feed with its own
ETag. Two cycles each: the first fetches and stores everything, the second is all 304 Not
Modified (conditional GET). Per-host politeness is kept on both sides: the one process fetches
at most ``per_host_concurrency`` (2) URLs of a host at once, and the queue's per-host locks keep
the same limit across all workers.

Baseline: one process polling the same feeds (``poll_sources``, as the single-process scheduler
does), in a process of its own. Queue: the clock's enqueueing (``QueueDispatch.enqueue_polls``:
batches of one host lock's sources) then 4 ``newsbot worker --queue poll --concurrency 8``
processes, started and registered before the clock runs, timed from enqueue to an empty queue.
Both on fresh schemas of the same PostgreSQL server (--postgres or NEWSBOT_TEST_POSTGRES_URL);
the real clock throughout.
"""

from __future__ import annotations

import multiprocessing
import os
import random
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import Engine, create_engine, text

from bench import results
from bench.ingest_poll import _feed
from bot.config import Settings
from bot.ingest.poll import poll_sources
from bot.ingest.sources import SourceConfig
from bot.ingest.ssrf import UrlGuard
from bot.queue.app import make_app
from bot.queue.dispatch import QueueDispatch, cycle_start
from bot.store.db import open_engine
from fakes.web import FakeWeb

# The full size; BENCH_POLL_FEEDS=N runs N feeds on N/100 hosts instead (10,000 on a shared
# 2-core machine takes over 15 minutes).
SIZE = (
    (int(os.environ["BENCH_POLL_FEEDS"]), max(10, int(os.environ["BENCH_POLL_FEEDS"]) // 100))
    if os.environ.get("BENCH_POLL_FEEDS")
    else (10_000, 100)
)
WORKERS = 4
# Tasks at once per worker: `newsbot worker`'s default; on a small machine more threads
# mostly contend for the GIL (BENCH_POLL_CONCURRENCY=N to try another).
CONCURRENCY = int(os.environ.get("BENCH_POLL_CONCURRENCY", "8"))
CYCLE_SECONDS = 6.0  # NEWSBOT_POLL_INTERVAL_MINUTES=0.1: the workers' cycle windows


@contextmanager
def _schema(server: str) -> Iterator[str]:
    admin = create_engine(server)
    name = f"bench_{uuid.uuid4().hex[:10]}"
    with admin.begin() as conn:
        conn.execute(text(f"CREATE SCHEMA {name}"))
    sep = "&" if "?" in server else "?"
    try:
        yield f"{server}{sep}options=-csearch_path%3D{name}"
    finally:
        with admin.begin() as conn:
            conn.execute(text(f"DROP SCHEMA {name} CASCADE"))
        admin.dispose()


def _farm(stack: ExitStack, feeds: int, hosts: int) -> list[SourceConfig]:
    rng = random.Random(2026)
    webs = [stack.enter_context(FakeWeb(host=f"127.0.0.{2 + h}")) for h in range(hosts)]
    sources = []
    for index in range(feeds):
        web, host = webs[index % hosts], f"127.0.0.{2 + index % hosts}"
        path = f"/feeds/{index}.xml"
        web.page(path, _feed(index, rng), content_type="application/rss+xml", etag=f'"{index}"')
        sources.append(SourceConfig(name=f"feed {index}", url=web.url(path, host=host)))
    return sources


def _one_process(url: str, sources: list[SourceConfig]) -> tuple[float, float, int]:
    settings = Settings(database_url=url, allow_private_urls=True)
    guard = UrlGuard(allow_private=True)
    engine = open_engine(url)
    now = datetime.now(UTC)
    started = time.perf_counter()
    first = poll_sources(engine, settings, now=now, sources=sources, guard=guard)
    first_s = time.perf_counter() - started
    started = time.perf_counter()
    later = now + timedelta(minutes=15)
    second = poll_sources(engine, settings, now=later, sources=sources, guard=guard)
    second_s = time.perf_counter() - started
    engine.dispose()
    assert not first.failed and not second.failed, (first.failed[:3], second.failed[:3])
    return first_s, second_s, second.unchanged


def _one_process_apart(url: str, sources: list[SourceConfig]) -> tuple[float, float, int]:
    """``_one_process`` in a process of its own, as each worker is: the loopback web servers
    run in this one, and must not take the baseline's GIL."""
    context = multiprocessing.get_context("spawn")
    with context.Pool(1) as pool:
        return pool.apply(_one_process, (url, sources))


def _open_jobs(engine: object) -> int:
    with engine.connect() as conn:  # type: ignore[attr-defined]
        query = (  # the index task waits: these workers take only the poll queue
            "SELECT count(*) FROM procrastinate_jobs "
            "WHERE status IN ('todo', 'doing') AND queue_name = 'poll'"
        )
        return int(conn.execute(text(query)).scalar_one())


def _cycle(dispatch: QueueDispatch, sources: list[SourceConfig]) -> float:
    # Start at a fresh window, so a cycle is one window's polls (see bot.queue.dispatch).
    now = datetime.now(UTC)
    nxt = cycle_start(now, CYCLE_SECONDS) + timedelta(seconds=CYCLE_SECONDS)
    time.sleep((nxt - now).total_seconds() + 0.05)
    started = time.perf_counter()
    enqueued = dispatch.enqueue_polls(datetime.now(UTC), sources)
    # Every feed, in batches, and the cycle's quote-index task (still queued from cycle 1 then).
    assert enqueued.due == len(sources) and enqueued.added > 0, enqueued
    while _open_jobs(dispatch.engine):
        time.sleep(0.05)
    return time.perf_counter() - started


def _workers(url: str, folder: Path) -> list[subprocess.Popen[bytes]]:
    env = dict(os.environ)
    env.update(
        DATABASE_URL=url,
        NEWSBOT_QUEUE="on",
        NEWSBOT_ALLOW_PRIVATE_URLS="true",
        NEWSBOT_POLL_INTERVAL_MINUTES=str(CYCLE_SECONDS / 60),
        SLACK_BOT_TOKEN="xoxb-bench",  # delivery is not run; the worker still builds its client
        NEWSBOT_ANALYSIS_BUDGET_SECONDS="0",
    )
    exe = str(Path(sys.executable).parent / "newsbot")
    argv = [exe, "worker", "--queue", "poll", "--concurrency", str(CONCURRENCY)]
    return [
        subprocess.Popen(argv, env=env, stdout=(folder / f"w{n}.log").open("wb"), stderr=-2)
        for n in range(WORKERS)
    ]


def _wait_for_workers(engine: Engine, procs: list[subprocess.Popen[bytes]]) -> None:
    """Until every worker has registered with the queue: their start-up is not a cycle's."""
    query = text("SELECT count(*) FROM procrastinate_workers")
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        with engine.connect() as conn:
            if int(conn.execute(query).scalar_one()) >= len(procs):
                return
        assert all(p.poll() is None for p in procs), "a worker exited at start"
        time.sleep(0.1)
    raise AssertionError("the workers did not start within 120 s")


def _queue(url: str, sources: list[SourceConfig], folder: Path) -> tuple[float, float]:
    settings = Settings(database_url=url, allow_private_urls=True, poll_interval_minutes=0.1)
    engine = open_engine(url)
    dispatch = QueueDispatch(make_app(url, asynchronous=False), engine, settings)
    procs = _workers(url, folder)
    try:
        _wait_for_workers(engine, procs)
        first = _cycle(dispatch, sources)
        second = _cycle(dispatch, sources)
    finally:
        for proc in procs:
            proc.terminate()
        for proc in procs:
            proc.wait(30)
        dispatch.close()
        engine.dispose()
    return first, second


def main(quick: bool = False, *, postgres: str | None = None) -> None:
    server = postgres or os.environ.get("NEWSBOT_TEST_POSTGRES_URL")
    if not server:
        print("poll_workers needs PostgreSQL: --postgres URL or NEWSBOT_TEST_POSTGRES_URL")
        return
    feeds, hosts = (200, 10) if quick else SIZE
    folder = Path(os.environ.get("TMPDIR", "/tmp"))
    with ExitStack() as stack:
        sources = _farm(stack, feeds, hosts)
        with _schema(server) as url:
            base_first, base_second, unchanged = _one_process_apart(url, sources)
        with _schema(server) as url:
            first, second = _queue(url, sources, folder)
    assert unchanged == feeds, unchanged
    load = os.getloadavg()[0]  # wall-clock figures on a shared machine follow its load
    print(f"feeds: {feeds} on {hosts} hosts, 10 items each; second cycle all 304")
    print(f"load average {load:.1f} on {os.cpu_count()} cores")
    print(f"one process:  first {base_first:.1f} s, second {base_second:.1f} s")
    print(f"{WORKERS} workers:    first {first:.1f} s, second {second:.1f} s")
    print(
        f"speed-up (one process / workers): first {base_first / first:.2f}x, "
        f"second {base_second / second:.2f}x"
    )
    results.describe(
        "poll_workers",
        f"{feeds} distinct loopback feeds on {hosts} hosts, 10 items each, 2 per host at once; "
        "cycle 1 stores all, cycle 2 all 304; PostgreSQL; one process and each of "
        f"{WORKERS} workers ({CONCURRENCY} tasks at once) in processes of their own",
    )
    results.record(
        "poll_workers",
        f"{WORKERS} workers: cycle 1 / cycle 2 (304)",
        f"{first:.1f} s / {second:.1f} s",
        f"one process {base_first:.1f} s / {base_second:.1f} s "
        f"({base_first / first:.2f}x / {base_second / second:.2f}x); load average {load:.1f}",
    )
