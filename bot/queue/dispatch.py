"""The clock's side of queue mode: enqueue poll tasks for the due sources (a batch of one host's
sources per task) and a delivery task per due subscription slot, and nothing else.

Two clocks may run. They enqueue the same work at most once:

- Rule "one poll per source per cycle": a cycle is a whole poll interval since 1970 (both clocks
  poll at the same aligned instants). A source whose last poll is inside the current cycle, or
  that waits out a failure backoff, is not enqueued; a poll task still waiting in the queue
  holds the queueing lock ``poll:<host lock>:<n>``, so a second clock's copy is refused; and
  the task itself skips a source polled since its cycle began (``bot.worker.tasks``).
- Rule "a poll task is one host lock's batch": the due sources sharing a host lock
  (``bot.queue.app.host_lock``) are polled by tasks of up to ``POLL_BATCH`` sources each, run
  under that lock. A task pays its HTTP client, event loop and queue round trips once for
  its whole batch instead of once per source, and the host sees no more than before: one
  fetch at a time per lock (the task fetches its batch one by one).
- Rule "one delivery task per slot": queueing lock ``deliver:<subscription>:<slot>``. The
  delivery ledger stays the exactly-once guard whatever the queue does.
"""

from __future__ import annotations

import dataclasses
import logging
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import Engine

from bot.config import Settings
from bot.ingest.sources import SourceConfig, load_sources
from bot.queue.app import (
    DELIVER_QUEUE,
    DELIVER_TASK,
    INDEX_QUEUE,
    INDEX_TASK,
    POLL_QUEUE,
    POLL_TASK,
    host_lock,
)
from bot.store.db import reading
from bot.store.fetch_state import FetchState, load_states

if TYPE_CHECKING:
    import procrastinate
    from procrastinate.jobs import Job

    from bot.store.subscriptions import SubscriptionRow

log = logging.getLogger(__name__)

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_BATCH = 500  # jobs per INSERT: one round trip for many sources
# Workers take higher first: a digest due at 09:00 goes before a backlog of polls, and the
# quote index (for /news who) is brought up to date once a cycle's polls are done.
DELIVER_PRIORITY, POLL_PRIORITY, INDEX_PRIORITY = 10, 0, -10
MIN_POLL_MINUTES = 0.1
# Sources per poll task: enough to spread a task's fixed cost (client, loop, queue round trips)
# thin, few enough that a task cut short by a fault repeats little and many tasks run at once.
POLL_BATCH = 20
_PATIENCE = 60.0  # seconds an enqueue waits for the database to come back


def cycle_start(now: datetime, seconds: float) -> datetime:
    """The start of the poll cycle holding ``now``: a whole number of intervals since 1970."""
    elapsed = (now - _EPOCH).total_seconds()
    return _EPOCH + timedelta(seconds=(elapsed // seconds) * seconds)


@dataclass(frozen=True)
class Enqueued:
    added: int = 0  # tasks
    already_queued: int = 0  # tasks refused by a queueing lock: a copy still waits
    not_due: int = 0  # sources polled this cycle already, or backing off after failures
    due: int = 0  # sources in the tasks offered


def source_args(source: SourceConfig, sources_path: Path) -> dict[str, Any]:
    """The source as plain JSON for a task; a directory source carries its absolute path."""
    if source.kind == "directory":
        source = dataclasses.replace(source, path=str(source.directory(sources_path)))
    return dataclasses.asdict(source)


def _due(state: FetchState | None, now: datetime, start: datetime) -> bool:
    if state is None:
        return True
    if state.last_polled is not None and state.last_polled >= start:
        return False
    return state.is_due(now)


class QueueDispatch:
    """Enqueues through a synchronous procrastinate app (opened on first use)."""

    def __init__(self, app: procrastinate.App, engine: Engine, settings: Settings) -> None:
        self.app, self.engine, self.settings = app, engine, settings
        self._opened = False

    def _ready(self) -> procrastinate.App:
        if not self._opened:
            self.app.open()
            self._opened = True
        return self.app

    def close(self) -> None:
        if self._opened:
            self.app.close()
            self._opened = False

    # -- polls -------------------------------------------------------------------------------
    def enqueue_polls(
        self, now: datetime, sources: Sequence[SourceConfig] | None = None
    ) -> Enqueued:
        if sources is None:
            sources = load_sources(self.settings.sources_path)
        active = [s for s in sources if s.enabled]
        seconds = max(MIN_POLL_MINUTES, self.settings.poll_interval_minutes) * 60
        start = cycle_start(now, seconds)
        with reading(self.engine, "read the fetch states") as conn:
            states = load_states(conn, [s.url for s in active if s.url])
        due = [s for s in active if _due(states.get(s.url or ""), now, start)]
        jobs = [self._poll_job(lock, n, batch, start) for lock, n, batch in self._batches(due)]
        if jobs:
            jobs.append(self._index_job())
        added, queued = self._defer(jobs)
        result = Enqueued(added, queued, len(active) - len(due), len(due))
        log.info("poll cycle %s: %s", start.isoformat(), result)
        return result

    @staticmethod
    def _index_job() -> Job:
        from procrastinate.jobs import Job

        return Job(
            id=None,
            queue=INDEX_QUEUE,
            priority=INDEX_PRIORITY,
            lock="index",
            queueing_lock="index",
            task_name=INDEX_TASK,
        )

    def _batches(
        self, due: Sequence[SourceConfig]
    ) -> Iterator[tuple[str, int, list[SourceConfig]]]:
        """(lock, n, sources) per task: each lock's sources, in a fixed order, in batches."""
        groups: dict[str, list[SourceConfig]] = {}
        for source in due:
            groups.setdefault(self._lock(source), []).append(source)
        for lock in sorted(groups):
            members = sorted(groups[lock], key=lambda s: s.location)
            for n, first in enumerate(range(0, len(members), POLL_BATCH)):
                yield lock, n, members[first : first + POLL_BATCH]

    def _lock(self, source: SourceConfig) -> str:
        if source.url:
            return host_lock(source.url, self.settings.per_host_concurrency)
        return f"dir:{source.path or source.name}"

    def _poll_job(self, lock: str, n: int, batch: list[SourceConfig], start: datetime) -> Job:
        from procrastinate.jobs import Job

        return Job(
            id=None,
            queue=POLL_QUEUE,
            priority=POLL_PRIORITY,
            lock=lock,
            queueing_lock=f"poll:{lock}:{n}",
            task_name=POLL_TASK,
            task_kwargs={
                "sources": [source_args(s, self.settings.sources_path) for s in batch],
                "cycle": start.isoformat(),
            },
        )

    # -- deliveries --------------------------------------------------------------------------
    def enqueue_deliveries(self, subs: Iterable[SubscriptionRow], now: datetime) -> Enqueued:
        from procrastinate.jobs import Job

        from bot.errors import DeliveryError
        from bot.slack.delivery import slot_for

        jobs = []
        for sub in subs:
            try:
                slot = slot_for(sub.timezone, sub.hour, sub.minute, now)
            except DeliveryError:  # an unknown zone: the worker pauses it, with the reason
                slot = now.date().isoformat()
            jobs.append(
                Job(
                    id=None,
                    queue=DELIVER_QUEUE,
                    priority=DELIVER_PRIORITY,
                    lock=None,
                    queueing_lock=f"deliver:{sub.id}:{slot}",
                    task_name=DELIVER_TASK,
                    task_kwargs={"subscription_id": sub.id, "slot": slot},
                )
            )
        added, queued = self._defer(jobs)
        return Enqueued(added, queued)

    # -- both --------------------------------------------------------------------------------
    def _defer(self, jobs: list[Job]) -> tuple[int, int]:
        """Insert ``jobs`` (many per round trip); returns (added, refused as already queued).

        A batch is one INSERT, so one refused job refuses its batch: that batch is then
        inserted job by job.
        """
        import procrastinate

        manager = self._ready().job_manager
        added = queued = 0
        for first in range(0, len(jobs), _BATCH):
            batch = jobs[first : first + _BATCH]
            try:
                _patiently(partial(manager.batch_defer_jobs, batch))
                added += len(batch)
                continue
            except procrastinate.exceptions.AlreadyEnqueued:
                pass
            for job in batch:
                try:
                    _patiently(partial(manager.defer_job, job))
                    added += 1
                except procrastinate.exceptions.AlreadyEnqueued:
                    queued += 1
        return added, queued


def _patiently(insert: Callable[[], object]) -> None:
    """Run ``insert``, again over a database restart (up to ``_PATIENCE`` seconds).

    A cycle's enqueueing cut short by a restart would otherwise lose the rest of the cycle. An
    INSERT that did commit before the connection broke is refused the second time by its
    queueing lock, which the caller counts as already queued.
    """
    import procrastinate

    deadline = time.monotonic() + _PATIENCE
    while True:
        try:
            insert()
            return
        except procrastinate.exceptions.AlreadyEnqueued:
            raise
        except procrastinate.exceptions.ConnectorException as exc:
            if time.monotonic() > deadline:
                raise
            log.warning("task queue unreachable, enqueueing again in 1 s: %s", exc.__cause__)
            time.sleep(1)


def queue_dispatch(settings: Settings, engine: Engine) -> QueueDispatch | None:
    """The dispatch of a clock in queue mode; None in the single-process default."""
    from bot.queue.app import make_app, queue_mode

    if not queue_mode(settings):
        return None
    return QueueDispatch(make_app(settings.database_url, asynchronous=False), engine, settings)
