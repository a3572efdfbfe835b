"""The Slack calls a delivery hands to whatever runs its steps, and running them on a thread.

A delivery is plain sequential code written as a generator (``Steps``). It yields three kinds
of thing and gets an answer back for each:

- a float, the monotonic time of a turn it must wait for (its channel's next second, its
  workspace's next slot, the end of a 429 back-off); it gets None back once the turn has come;
- a ``SlackCall``, a Web API call it wants made; it gets the ``SlackResponse`` back, or the
  call's exception raised at the ``yield``, exactly as if it had made the call itself;
- a ``StoreCall``, a short read or write on the store; it gets the work's result back (or
  its exception raised at the ``yield``). A driver may do the store calls of many deliveries
  that come due together on one connection (``bot.slack.delivery_loop``);
- ``READY``, once: the delivery has claimed its slot and built and saved its digest, and will
  post next. A driver that caps how many deliveries post at once waits here for a place, so
  the next deliveries prepare while the posting ones wait for their turns; it gets None back.

So the same delivery runs on a thread that sleeps and calls (``run_steps``), on a pool of
threads (``bot.slack.delivery_pool.StepPool``) or on one event loop that makes many calls at
once (``bot.slack.delivery_loop``), and its exactly-once logic is written once.
"""

from __future__ import annotations

from collections.abc import Callable, Generator
from contextlib import AbstractContextManager
from dataclasses import dataclass
from typing import Any, TypeVar

from slack_sdk import WebClient
from slack_sdk.web import SlackResponse
from sqlalchemy import Connection

T = TypeVar("T")


@dataclass(frozen=True)
class SlackCall:
    """``client.<method>(**kwargs)``, to be made by the driver of a delivery's steps."""

    client: WebClient  # its token, base URL and timeout also make the event loop's client
    method: str  # a WebClient method name: "chat_postMessage"
    kwargs: dict[str, Any]

    def run(self) -> SlackResponse:
        answer: SlackResponse = getattr(self.client, self.method)(**self.kwargs)
        return answer


@dataclass(frozen=True)
class StoreCall:
    """``work(conn)`` on a connection from ``opens(doing)`` (a transaction, or a connection
    for reads), made by the driver.

    ``work`` only reads or writes and answers: it raises nothing of its own, so a driver may run
    the work of several deliveries on one connection (and, should that fail, each on its own).
    """

    opens: Callable[[str], AbstractContextManager[Connection]]
    doing: str
    work: Callable[[Connection], Any]

    def run(self) -> Any:
        with self.opens(self.doing) as conn:
            return self.work(conn)


class Ready:
    """The type of ``READY``: a delivery is prepared and about to post."""

    def __repr__(self) -> str:
        return "READY"


READY = Ready()

# A delivery's steps: yields turns (float), Slack and store calls and READY, returns T.
Steps = Generator["float | SlackCall | StoreCall | Ready", Any, T]
# What goes back into the generator next: (value, None) or (None, the call's exception).
Sent = tuple[Any, BaseException | None]
NOTHING: Sent = (None, None)


def resume(steps: Steps[Any], sent: Sent) -> float | SlackCall | StoreCall | Ready:
    """The next thing ``steps`` waits for, after giving it ``sent``; StopIteration at the end."""
    value, error = sent
    if error is not None:
        return steps.throw(error)
    return steps.send(value)


def call_now(call: SlackCall | StoreCall) -> Sent:
    """Make ``call`` (to Slack or the store) on this thread; its answer or its exception, to
    send back."""
    try:
        return call.run(), None
    except Exception as exc:  # handed to the delivery, which decides what it means
        return None, exc


def run_steps(steps: Steps[T], sleep_until: Callable[[float], None]) -> T:
    """Run ``steps`` to the end on this thread, sleeping through each turn it waits for."""
    sent = NOTHING
    try:
        while True:
            item = resume(steps, sent)
            if isinstance(item, (SlackCall, StoreCall)):
                sent = call_now(item)
            elif isinstance(item, Ready):
                sent = NOTHING  # one delivery on this thread: it posts at once
            else:
                sleep_until(item)
                sent = NOTHING
    except StopIteration as done:
        result: T = done.value
        return result
