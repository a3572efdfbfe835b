"""Many deliveries at once on a few threads: a delivery waiting for its turn holds no thread.

A delivery is written as plain sequential code that *yields* the (monotonic) time of each turn
it must wait for (``bot.slack.delivery_parts.Steps``): its channel's next second, its
workspace's next slot, the end of a 429 back-off. ``StepPool`` runs each step on a bounded
thread pool and parks the delivery in a timer heap until its turn, so a thousand channels each
waiting a second need a thousand heap entries, not a thousand sleeping threads (which would
also each want a database connection).

Each delivery is only ever run by one thread at a time, and every database write it makes is
its own short transaction, exactly as when ``deliver`` runs it alone.
"""

from __future__ import annotations

import heapq
import itertools
import threading
import time
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any, Generic, TypeVar

from bot.slack.delivery_calls import (
    NOTHING,
    Ready,
    SlackCall,
    Steps,
    StoreCall,
    call_now,
    resume,
)

T = TypeVar("T")
# How early a turn may be taken: a step due within this is run now rather than parked.
TURN_SLACK = 0.002
# Rule "32 deliveries in flight per thread": enough to keep every thread busy while the others
# wait out their channels' seconds, few enough that a delivery's replies follow its digest
# soon and that ten thousand queued subscriptions do not all hold a claim at once.
IN_FLIGHT_PER_THREAD = 32


class StepPool:
    """Run step generators on ``workers`` threads; ``submit`` returns a future of the result."""

    def __init__(
        self,
        workers: int,
        monotonic: Callable[[], float] = time.monotonic,
        in_flight: int | None = None,
    ) -> None:
        self._monotonic = monotonic
        # ``submit`` blocks while this many deliveries are started and not finished.
        self._slots = threading.BoundedSemaphore(
            in_flight or max(1, workers) * IN_FLIGHT_PER_THREAD
        )
        self._executor = ThreadPoolExecutor(max_workers=max(1, workers), thread_name_prefix="post")
        self._heap: list[tuple[float, int, _Task[Any]]] = []
        self._order = itertools.count()
        self._changed = threading.Condition()
        self._closed = False
        self._running = 0  # steps being run, or handed from the timer to the pool, right now
        self._timer = threading.Thread(target=self._wake, name="post-timer", daemon=True)
        self._timer.start()

    def submit(self, steps: Steps[T]) -> Future[T]:
        """Start ``steps``; blocks while the pool has its fill of deliveries in flight."""
        self._slots.acquire()
        task = _Task(steps)
        task.future.add_done_callback(lambda _: self._slots.release())
        with self._changed:
            self._running += 1  # counted from now, so close() waits for it
        self._executor.submit(self._step, task)
        return task.future

    def close(self) -> None:
        """Stop once every submitted delivery has finished."""
        with self._changed:
            self._changed.wait_for(lambda: not self._heap and not self._busy())
            self._closed = True
            self._changed.notify_all()
        self._timer.join()
        self._executor.shutdown(wait=True)

    def __enter__(self) -> StepPool:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    def _busy(self) -> bool:
        return self._running > 0

    def _step(self, task: _Task[Any]) -> None:
        """Run ``task`` to its next wait; its caller counted it in ``_running``."""
        turn = task.advance(self._monotonic, TURN_SLACK)
        with self._changed:
            if turn is not None:
                heapq.heappush(self._heap, (turn, next(self._order), task))
            self._running -= 1
            self._changed.notify_all()

    def _wake(self) -> None:
        """Hand each parked delivery back to the pool when its turn comes."""
        while True:
            with self._changed:
                while not self._closed and (not self._heap or self._wait_left() > 0):
                    self._changed.wait(self._wait_left() if self._heap else None)
                if self._closed:
                    return
                _, _, task = heapq.heappop(self._heap)
                self._running += 1  # counted busy from here, so close() cannot slip past it
            self._executor.submit(self._step, task)

    def _wait_left(self) -> float:
        return self._heap[0][0] - self._monotonic()


class _Task(Generic[T]):
    """One delivery's generator and the future of its result."""

    def __init__(self, steps: Steps[T]) -> None:
        self.steps = steps
        self.future: Future[T] = Future()
        self._sent = NOTHING

    def advance(self, monotonic: Callable[[], float], slack: float) -> float | None:
        """Run steps until one must wait (returns its turn) or the delivery ends (None); the
        Slack calls it asks for are made here, on this thread."""
        try:
            while True:
                item = resume(self.steps, self._sent)
                self._sent = NOTHING
                if isinstance(item, (SlackCall, StoreCall)):
                    self._sent = call_now(item)
                elif isinstance(item, Ready):
                    continue  # the pool's threads are its cap on posting deliveries
                elif item - monotonic() > slack:
                    return item
        except StopIteration as done:
            self.future.set_result(done.value)
        except BaseException as exc:  # a crash of one delivery is its future's, not the pool's
            self.future.set_exception(exc)
        return None
