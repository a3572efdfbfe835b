"""StepPool: many waiting deliveries on few threads, a bounded number in flight."""

from __future__ import annotations

import threading
import time
from collections.abc import Generator

import pytest

from bot.slack.delivery_calls import run_steps
from bot.slack.delivery_pool import StepPool


class Tracker:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.started = 0
        self.most_in_flight = 0
        self.threads: set[str] = set()

    def steps(self, index: int, waits: int) -> Generator[float, None, int]:
        with self.lock:
            self.started += 1
            self.most_in_flight = max(self.most_in_flight, self.started)
        try:
            for _ in range(waits):
                self.threads.add(threading.current_thread().name)
                yield time.monotonic() + 0.05
            return index
        finally:
            with self.lock:
                self.started -= 1


def test_waiting_steps_share_few_threads_and_a_bounded_flight() -> None:
    tracker = Tracker()
    with StepPool(2, in_flight=6) as pool:
        futures = [pool.submit(tracker.steps(i, waits=3)) for i in range(20)]
    assert [f.result() for f in futures] == list(range(20))
    assert len(tracker.threads) <= 2
    assert 2 < tracker.most_in_flight <= 6  # they waited side by side, never more than six


def test_a_failing_delivery_fails_only_its_own_future() -> None:
    def broken() -> Generator[float, None, int]:
        yield time.monotonic()
        raise ValueError("boom")

    tracker = Tracker()
    with StepPool(2) as pool:
        bad = pool.submit(broken())
        good = pool.submit(tracker.steps(7, waits=2))
    with pytest.raises(ValueError, match="boom"):
        bad.result()
    assert good.result() == 7


def test_run_steps_sleeps_through_each_turn_on_the_calling_thread() -> None:
    turns: list[float] = []
    assert run_steps(Tracker().steps(3, waits=2), turns.append) == 3
    assert len(turns) == 2
