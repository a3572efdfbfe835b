"""The worker loop: procrastinate's worker, started again when the database goes away, and a
sweep that hands the jobs of dead workers back to the queue.

procrastinate marks a job ``doing`` while a worker runs it. A worker killed outright (SIGKILL,
a lost machine) leaves its jobs ``doing`` and their locks held; its heartbeat stops, so after
``stalled_after`` seconds every live worker's sweep may put them back to ``todo`` (rule
"stalled jobs are retried"; the tasks are safe to run twice: see ``bot.worker.tasks``).

A live worker can orphan a job too: when the database goes away as a job ends, the job's end
is never written and it stays ``doing`` under a worker whose heartbeat goes on. So the sweep
also retries this worker's own ``doing`` jobs that it is not running (rule "orphans are
retried").
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import signal
from collections.abc import Awaitable, Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

import procrastinate
from procrastinate.job_context import JobContext
from procrastinate.jobs import Job, Status
from procrastinate.worker import Worker

from bot.queue.app import DELIVER_TASK, INDEX_TASK, POLL_TASK, QUEUES
from bot.worker.tasks import Tasks

log = logging.getLogger(__name__)

# Seconds between attempts to reach the database again after it went away.
RECONNECT_SECONDS = 2.0
FETCH_SECONDS = 0.2


@dataclass(frozen=True)
class WorkerOptions:
    concurrency: int = 8
    # A worker silent this long is presumed dead and its running jobs are retried.
    stalled_after: float = 30.0
    # A task that is not settled (database down, slot held elsewhere) runs again after this.
    retry_seconds: float = 5.0
    retry_attempts: int = 200
    queues: tuple[str, ...] = QUEUES


def register(app: procrastinate.App, tasks: Tasks, options: WorkerOptions) -> None:
    """The three tasks, each retried while not settled."""
    retry = procrastinate.RetryStrategy(
        max_attempts=options.retry_attempts, wait=int(max(1, options.retry_seconds))
    )
    app.task(name=POLL_TASK, retry=retry)(tasks.poll_sources)
    app.task(name=DELIVER_TASK, retry=retry)(tasks.deliver_slot)
    app.task(name=INDEX_TASK, retry=retry)(tasks.index_quotes)


def run_worker(app: procrastinate.App, options: WorkerOptions) -> None:
    """Run until SIGTERM or SIGINT; a lost database costs a reconnect, never the process."""
    asyncio.run(_supervise(app, options))


async def _supervise(app: procrastinate.App, options: WorkerOptions) -> None:
    loop = asyncio.get_running_loop()
    # Sync tasks run in the loop's default executor: one thread per concurrent job.
    loop.set_default_executor(ThreadPoolExecutor(max_workers=options.concurrency))
    stopping = asyncio.Event()
    current: list[Worker] = []

    def stop() -> None:
        stopping.set()
        for worker in current:
            worker.stop()  # type: ignore[no-untyped-call]

    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop)
    while not stopping.is_set():
        try:
            await _run_once(app, options, current)
        except (procrastinate.exceptions.ConnectorException, OSError) as exc:
            log.warning("task queue unreachable (%s); trying again", _reason(exc))
        finally:
            current.clear()
        if not stopping.is_set():
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stopping.wait(), RECONNECT_SECONDS)


class _Running:
    """The ids of the jobs this worker is running (a worker middleware keeps it)."""

    def __init__(self) -> None:
        self.ids: set[int] = set()

    async def __call__(
        self, process: Callable[[], Awaitable[Any]], context: JobContext, _worker: Worker
    ) -> Any:
        job_id = context.job.id or 0
        self.ids.add(job_id)
        try:
            return await process()
        finally:
            self.ids.discard(job_id)


async def _run_once(app: procrastinate.App, options: WorkerOptions, current: list[Worker]) -> None:
    running = _Running()
    async with app.open_async():
        worker = Worker(
            app,
            queues=list(options.queues),
            name="newsbot",
            concurrency=options.concurrency,
            install_signal_handlers=False,
            update_heartbeat_interval=max(0.5, options.stalled_after / 3),
            stalled_worker_timeout=options.stalled_after,
            delete_jobs="successful",
            worker_middleware=[running],
            # Ending a job notifies nobody, so a job held back by a host lock is only seen
            # on the next look: look often (one cheap query).
            fetch_job_polling_interval=FETCH_SECONDS,
        )
        current.append(worker)
        sweep = asyncio.create_task(_sweep_forever(app, options, worker, running))
        try:
            await worker.run()  # type: ignore[no-untyped-call]
        finally:
            sweep.cancel()


async def _sweep_forever(
    app: procrastinate.App, options: WorkerOptions, worker: Worker, running: _Running
) -> None:
    while True:
        try:
            await retry_stalled(app, options.stalled_after)
            if worker.worker_id is not None:
                await retry_orphans(app, worker.worker_id, running.ids)
        except procrastinate.exceptions.ConnectorException as exc:
            log.info("stalled-job sweep skipped: %s", _reason(exc))
        await asyncio.sleep(max(0.5, options.stalled_after / 3))


async def retry_stalled(app: procrastinate.App, stalled_after: float) -> int:
    """Put the running jobs of workers silent for ``stalled_after`` seconds back to ``todo``."""
    manager = app.job_manager
    stalled: list[Job] = list(await manager.get_stalled_jobs(seconds_since_heartbeat=stalled_after))
    return await _retry(app, stalled, "of stalled workers")


async def retry_orphans(app: procrastinate.App, worker_id: int, running: set[int]) -> int:
    """Put this worker's ``doing`` jobs that it is not running back to ``todo``."""
    mine = await app.job_manager.list_jobs_async(status="doing", worker_id=worker_id)
    # Read after the query: a job fetched meanwhile is in ``running`` by now.
    orphans = [job for job in mine if job.id not in running]
    return await _retry(app, orphans, "whose end was never written")


async def _retry(app: procrastinate.App, jobs: list[Job], which: str) -> int:
    manager = app.job_manager
    retried = 0
    for job in jobs:
        try:
            await manager.retry_job(job)
            retried += 1
        except procrastinate.exceptions.UniqueViolation:
            # A copy of the job already waits (same queueing lock): that copy does the work.
            await manager.finish_job(job, status=Status.FAILED, delete_job=True)
        except procrastinate.exceptions.ConnectorException as exc:
            log.info("job %s: another worker retried it first (%s)", job.id, _reason(exc))
    if retried:
        log.warning("retried %d job(s) %s", retried, which)
    return retried


def _reason(exc: BaseException) -> str:
    cause = exc.__cause__ or exc
    text = str(cause).strip().splitlines()
    return text[0] if text else type(cause).__name__
