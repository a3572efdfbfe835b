"""run_on_loop: deliveries prepare while others post, never more than in_flight post, and
writes that come due together share a transaction."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import partial
from typing import Any

import pytest

from bot.slack.delivery_calls import READY, Ready, Steps, StoreCall, run_steps
from bot.slack.delivery_loop import run_on_loop
from bot.slack.delivery_pool import StepPool


class Log:
    def __init__(self) -> None:
        self.events: list[str] = []
        self.posting = 0
        self.most_posting = 0
        self.started = 0
        self.most_started = 0  # begun and not yet finished: preparing, waiting or posting

    def delivery(self, index: int, posts: int = 2) -> Steps[int]:
        self.started += 1
        self.most_started = max(self.most_started, self.started)
        self.events.append(f"prepare {index}")
        yield READY
        self.posting += 1
        self.most_posting = max(self.most_posting, self.posting)
        try:
            for _ in range(posts):
                yield time.monotonic() + 0.02
                self.events.append(f"post {index}")
            return index
        finally:
            self.posting -= 1
            self.started -= 1


def _runs(log: Log, count: int) -> list[Callable[[], Steps[int]]]:
    return [partial(log.delivery, i) for i in range(count)]


def test_the_next_delivery_prepares_while_one_posts_and_posts_after_it() -> None:
    log = Log()
    assert run_on_loop(_runs(log, 3), in_flight=1) == [0, 1, 2]
    assert log.events == [
        "prepare 0",
        "prepare 1",  # while 0 waits for its turn
        "post 0",
        "post 0",
        "prepare 2",
        "post 1",
        "post 1",
        "post 2",
        "post 2",
    ]
    assert log.most_posting == 1


@pytest.mark.parametrize("in_flight", [1, 3, 8])
def test_no_more_than_in_flight_post_and_as_many_more_wait(in_flight: int) -> None:
    log = Log()
    assert run_on_loop(_runs(log, 20), in_flight=in_flight) == list(range(20))
    assert log.most_posting == in_flight
    assert log.most_started == 2 * in_flight


def test_a_delivery_that_crashes_before_ready_frees_its_place() -> None:
    def broken() -> Steps[int]:
        raise RuntimeError("build failed")
        yield READY  # pragma: no cover - makes this a generator

    log = Log()
    runs: list[Callable[[], Steps[int]]] = [broken, *_runs(log, 2)]
    with pytest.raises(RuntimeError, match="build failed"):
        run_on_loop(runs, in_flight=1)
    assert log.events.count("post 1") == 2  # the others still ran to the end


def test_ready_costs_nothing_on_a_thread_or_in_the_pool() -> None:
    log = Log()

    def sleep_until(until: float) -> None:
        time.sleep(max(0.0, until - time.monotonic()))

    assert run_steps(log.delivery(7), sleep_until) == 7
    with StepPool(1, in_flight=2) as pool:
        future = pool.submit(log.delivery(8))
    assert future.result() == 8
    assert isinstance(READY, Ready)


class FakeStore:
    """Transactions as lists of the work done in them; a failed one keeps nothing."""

    def __init__(self) -> None:
        self.committed: list[list[int]] = []

    @contextmanager
    def transaction(self, doing: str) -> Iterator[Any]:
        done: list[int] = []
        yield done  # work raising here is a rolled-back transaction
        self.committed.append(done)


def _writer(store: FakeStore, index: int, *, fail: bool = False) -> Steps[str]:
    def work(conn: Any) -> int:
        if fail:
            raise ValueError(f"write {index} failed")
        conn.append(index)
        return index

    try:
        got = yield StoreCall(store.transaction, "record", work)
    except ValueError as exc:
        return str(exc)
    return f"wrote {got}"


def test_writes_that_come_due_together_share_one_transaction() -> None:
    store = FakeStore()
    runs = [partial(_writer, store, i) for i in range(5)]
    assert run_on_loop(runs, in_flight=8) == [f"wrote {i}" for i in range(5)]
    assert store.committed == [[0, 1, 2, 3, 4]]


def test_a_failing_write_fails_only_its_own_delivery() -> None:
    store = FakeStore()
    runs = [partial(_writer, store, i, fail=i == 2) for i in range(4)]
    assert run_on_loop(runs, in_flight=8) == ["wrote 0", "wrote 1", "write 2 failed", "wrote 3"]
    assert store.committed == [[0], [1], [3]]  # the shared one rolled back, then one each


def test_a_write_on_a_thread_is_done_at_once() -> None:
    store = FakeStore()
    assert run_steps(_writer(store, 7), lambda until: None) == "wrote 7"
    assert store.committed == [[7]]
