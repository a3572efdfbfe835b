"""Article analysis with a time budget, in worker processes, so no article can stop the server.

The web process (``newsbot serve``) answers Slack, ``/articles`` and ``/healthz`` on one event
loop, and builds digests in threads beside it. A thread alone does not protect that loop: the
rules are pure Python and much of their time is spent inside single regex calls, which hold the
GIL from start to end, so one slow article in a thread stalls every other thread and the loop.
(Measured: ``python -m bench analysis``.) Worker processes have their own GIL; the thread that
waits for them blocks on a pipe, which releases it. A process can also be stopped: an article
still being analysed when its budget runs out has its worker killed (and replaced), and gets a
*skipped* analysis ("too slow") that the cache keeps, so it is neither retried nor logged again.

Rules: ``within_budget`` — each article gets ``analysis_budget_seconds`` of a worker's time,
counted from when a worker starts on it (not while it waits its turn); ``server_first`` — the
workers leave a core to the server and run at a lower CPU priority, so a busy worker does not
slow the event loop either.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import threading
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import TimeoutError as FutureTimeout
from contextlib import contextmanager
from typing import Protocol

from pebble import ProcessExpired, ProcessPool

from bot.model import Article
from bot.nlp.analyze import (
    SKIPPED_TOO_SLOW,
    SKIPPED_WORKER_DIED,
    Analysis,
    analyze,
    skipped_analysis,
)

log = logging.getLogger(__name__)

# Up to two workers, and always a core left for the server itself: a worker busy with a slow
# article must not take the CPU the event loop needs (rule ``server_first``).
MAX_WORKERS = 2
# Workers also run at a lower CPU priority than the server, for machines with fewer cores.
WORKER_NICENESS = 10
# The modules a worker needs, imported once in the fork server instead of in every new worker.
_PRELOAD = ["bot.digest.analysis_pool"]


def default_workers() -> int:
    return max(1, min(MAX_WORKERS, (os.cpu_count() or 1) - 1))


def _lower_priority() -> None:
    if hasattr(os, "nice"):
        os.nice(WORKER_NICENESS)


class Analyzer(Protocol):
    """Analyses of ``articles``, in order; ``budget_seconds`` is None when there is no budget."""

    @property
    def budget_seconds(self) -> float | None: ...

    def __call__(self, articles: Sequence[Article]) -> list[Analysis]: ...


class InlineAnalyzer:
    """In the calling thread, without a budget: the CLI's digests, and tests."""

    budget_seconds: float | None = None

    def __call__(self, articles: Sequence[Article]) -> list[Analysis]:
        return [analyze(article) for article in articles]


class AnalysisPool:
    """Analyses in worker processes, each article within ``budget_seconds`` (rule above).

    Workers start on first use, so an app that never builds a digest starts no process.
    Thread-safe: concurrent digests share the workers.
    """

    def __init__(
        self,
        budget_seconds: float,
        *,
        workers: int | None = None,
        work: Callable[[Article], Analysis] = analyze,
    ) -> None:
        if budget_seconds <= 0:
            raise ValueError("an analysis budget must be positive")
        self._budget = budget_seconds
        self._workers = workers or default_workers()
        self._work = work  # picklable by reference: a module-level function
        self._pool: ProcessPool | None = None
        self._lock = threading.Lock()

    @property
    def budget_seconds(self) -> float:
        return self._budget

    def __call__(self, articles: Sequence[Article]) -> list[Analysis]:
        pool = self._started()
        futures = [pool.schedule(self._work, args=(a,), timeout=self._budget) for a in articles]
        results: list[Analysis] = []
        for article, future in zip(articles, futures, strict=True):
            try:
                results.append(future.result())
            except FutureTimeout:
                results.append(self._skipped(article, SKIPPED_TOO_SLOW))
            except ProcessExpired as exc:  # killed from outside, or out of memory
                log.warning("analysis worker died (%s)", exc)
                results.append(self._skipped(article, SKIPPED_WORKER_DIED))
        return results

    def close(self) -> None:
        with self._lock:
            pool, self._pool = self._pool, None
        if pool is not None:
            pool.stop()  # type: ignore[no-untyped-call]
            pool.join(timeout=5)

    def _skipped(self, article: Article, reason: str) -> Analysis:
        log.warning(
            "analysis skipped: %s (budget %.1f s): %r from %s",
            reason,
            self._budget,
            article.title[:80],
            article.url or article.outlet or "an unknown source",
        )
        return skipped_analysis(article, reason, self._budget)

    def _started(self) -> ProcessPool:
        with self._lock:
            if self._pool is None:
                self._pool = ProcessPool(
                    max_workers=self._workers, initializer=_lower_priority, context=_context()
                )
            return self._pool


def _context() -> multiprocessing.context.BaseContext:
    # Never a plain fork: the server has threads (uvicorn, Bolt, the scheduler), and a forked
    # copy of a lock some thread held stays locked forever. A fork server starts clean, once.
    if "forkserver" in multiprocessing.get_all_start_methods():
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(_PRELOAD)
        return context
    return multiprocessing.get_context("spawn")


_inline = InlineAnalyzer()
_current: Analyzer = _inline


def current_analyzer() -> Analyzer:
    """The analyzer digests use in this process: a pool while ``analysis_pool`` is open."""
    return _current


@contextmanager
def analysis_pool(budget_seconds: float) -> Iterator[Analyzer]:
    """Analyse in worker processes with this budget while open; 0 keeps analysis inline."""
    global _current
    if budget_seconds <= 0:
        yield _current
        return
    pool = AnalysisPool(budget_seconds)
    previous, _current = _current, pool
    try:
        yield pool
    finally:
        if _current is pool:
            _current = previous
        pool.close()
