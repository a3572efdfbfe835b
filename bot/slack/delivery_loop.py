"""Many deliveries on one event loop: their Slack calls in flight together, no thread pool.

Each delivery's steps (``bot.slack.delivery_calls``) run as one task on an asyncio loop: a turn
is an ``asyncio.sleep``, a ``SlackCall`` is made with slack_sdk's ``AsyncWebClient`` on one
shared aiohttp session, and everything else (the ledger's short transactions, building and
rendering the digest) runs inline on the loop's thread.

Why not threads (``StepPool``): every database call releases Python's GIL and must win it back,
and beside a pool of threads parsing Slack's answers it waits in line each time. Measured on a
2-core machine, a two-statement SQLite transaction took 0.11 ms alone and 0.81 ms beside 16 busy
threads, so the ledger's writes, not Slack's pace, bounded a thread pool's delivery
(docs/delivery.md). On one loop nothing competes for the GIL, and a write costs what it costs.

The Slack calls are made with the token, base URL and timeout of the delivery's own
``WebClient`` and no retry handlers: posting is never retried on a connection error, and a 429
goes back to the delivery, which paces itself (``bot.slack.clients``).
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

import aiohttp
from slack_sdk.web import SlackResponse
from slack_sdk.web.async_client import AsyncWebClient

from bot.slack.delivery_calls import (
    NOTHING,
    Ready,
    Sent,
    SlackCall,
    Steps,
    StoreCall,
    call_now,
    resume,
)

T = TypeVar("T")
# Deliveries in flight when the caller does not say (``deliver_many`` says: as many as a
# ``StepPool`` of its workers would have, ``IN_FLIGHT_PER_THREAD`` each).
IN_FLIGHT = 512


class _Clients:
    """One ``AsyncWebClient`` per (token, base URL, timeout), all on one aiohttp session."""

    def __init__(self, session: aiohttp.ClientSession) -> None:
        self._session = session
        self._clients: dict[tuple[str | None, str, int], AsyncWebClient] = {}

    def for_call(self, call: SlackCall) -> AsyncWebClient:
        sync = call.client
        key = (sync.token, sync.base_url, sync.timeout)
        client = self._clients.get(key)
        if client is None:
            client = AsyncWebClient(
                token=sync.token,
                base_url=sync.base_url,
                timeout=sync.timeout,
                session=self._session,
                retry_handlers=[],
            )
            self._clients[key] = client
        return client

    async def make(self, call: SlackCall) -> Sent:
        try:
            answer: SlackResponse = await getattr(self.for_call(call), call.method)(**call.kwargs)
        except Exception as exc:  # handed to the delivery, which decides what it means
            return None, exc
        return answer, None


class _StoreCalls:
    """Rule "store calls that come due together share a connection": the ``StoreCall``s that
    deliveries yield while the loop runs its ready callbacks (Slack's answers or pacing turns
    that came together) are made right after those callbacks, all that open alike (the same
    deliverer's transaction, say) in one, instead of one each. Every delivery still gets its
    own answer before it goes on; if the shared one fails, each call is made again on its own,
    so a bad call fails only its own delivery."""

    def __init__(self) -> None:
        self._due: list[tuple[StoreCall, asyncio.Future[Any]]] = []

    def make(self, call: StoreCall) -> asyncio.Future[Any]:
        loop = asyncio.get_running_loop()
        if not self._due:
            loop.call_soon(self._flush)  # after the callbacks ready now
        future: asyncio.Future[Any] = loop.create_future()
        self._due.append((call, future))
        return future

    def _flush(self) -> None:
        due, self._due = self._due, []
        # Grouped by equality, not hash: a bound ``Deliverer.transaction`` is not hashable.
        groups: list[list[tuple[StoreCall, asyncio.Future[Any]]]] = []
        for call, future in due:
            group = next((g for g in groups if g[0][0].opens == call.opens), None)
            if group is None:
                groups.append([(call, future)])
            else:
                group.append((call, future))
        for group in groups:
            _together(group)


def _together(group: list[tuple[StoreCall, asyncio.Future[Any]]]) -> None:
    first = group[0][0]
    try:
        with first.opens(first.doing) as conn:
            results = [call.work(conn) for call, _ in group]
    except Exception:  # one at a time, so each call gets its own answer
        for call, future in group:
            value, error = call_now(call)
            if error is not None:
                future.set_exception(error)
            else:
                future.set_result(value)
        return
    for (_, future), value in zip(group, results, strict=True):
        future.set_result(value)


class _Gates:
    """Rule "prepare while others post": at most ``in_flight`` deliveries post at once, and as
    many more may claim, build and save meanwhile, then wait at ``READY`` for a place. So the
    CPU work of the next deliveries fills the seconds the posting ones spend waiting for their
    channels' turns, instead of starting only when a posting delivery has finished."""

    def __init__(self, in_flight: int) -> None:
        self.preparing = asyncio.Semaphore(max(1, in_flight))
        self.posting = asyncio.Semaphore(max(1, in_flight))


async def _drive(
    make: Callable[[], Steps[T]],
    clients: _Clients,
    monotonic: Callable[[], float],
    gates: _Gates,
    store: _StoreCalls,
) -> T:
    """Run one delivery; it holds a preparing place until READY, then a posting place."""
    await gates.preparing.acquire()
    held = gates.preparing
    sent = NOTHING
    try:
        steps = make()
        while True:
            try:
                item = resume(steps, sent)
            except StopIteration as done:
                result: T = done.value
                return result
            sent = NOTHING
            if isinstance(item, SlackCall):
                sent = await clients.make(item)
            elif isinstance(item, StoreCall):
                try:
                    sent = (await store.make(item), None)
                except Exception as exc:  # handed to the delivery, as from call_now
                    sent = (None, exc)
            elif isinstance(item, Ready):
                if held is gates.preparing:
                    await gates.posting.acquire()
                    gates.preparing.release()
                    held = gates.posting
            elif (wait := item - monotonic()) > 0:
                await asyncio.sleep(wait)
    finally:
        held.release()


async def _run_all(
    runs: Sequence[Callable[[], Steps[T]]], monotonic: Callable[[], float], in_flight: int
) -> list[T | BaseException]:
    gates, store = _Gates(in_flight), _StoreCalls()
    connector = aiohttp.TCPConnector(limit=max(1, in_flight))
    async with aiohttp.ClientSession(connector=connector) as session:
        clients = _Clients(session)

        drives = (_drive(make, clients, monotonic, gates, store) for make in runs)
        return await asyncio.gather(*drives, return_exceptions=True)


def run_on_loop(
    runs: Sequence[Callable[[], Steps[T]]],
    *,
    monotonic: Callable[[], float] = time.monotonic,
    in_flight: int = IN_FLIGHT,
) -> list[T]:
    """Run each ``runs[i]()``'s steps to the end on a new event loop; their results in order.

    Each generator is made only when its delivery starts, so a delivery's clock starts then
    too: ``in_flight`` post at once, and as many more prepare (``_Gates``). A delivery that
    crashed re-raises here after all others have finished (``deliver`` itself never raises).
    """
    if not runs:
        return []
    outcomes = asyncio.run(_run_all(runs, monotonic, in_flight))
    results: list[T] = []
    for outcome in outcomes:
        if isinstance(outcome, BaseException):
            raise outcome
        results.append(outcome)
    return results
