"""A ``FakeSlackApi`` in a child process, for benchmarks: Slack's work is not the bot's.

In a test the fake shares the process of the code under test, which is what makes it easy to
inspect. A benchmark that times the bot should not also pay for the server it talks to (real
Slack runs elsewhere), so this runs the same fake in its own process and answers a few
questions about it over a pipe.
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Iterable
from multiprocessing.connection import Connection
from typing import Any

from fakes.slack_api import FakeSlackApi


def _serve(pipe: Connection, options: dict[str, Any]) -> None:
    with FakeSlackApi(**options) as slack:
        pipe.send(slack.api_url)
        while (question := pipe.recv()) is not None:
            name, args = question
            pipe.send(_answer(slack, name, *args))


def _answer(slack: FakeSlackApi, name: str, *args: Any) -> Any:
    if name == "parts":  # channel -> the delivery parts (d0, q0.0, ...) it holds, in order
        return {
            channel: [
                m["metadata"]["event_payload"]["part"]
                for m in slack.messages(channel)
                if "metadata" in m
            ]
            for channel in args[0]
        }
    if name == "counts":  # messages held per channel
        return {channel: len(slack.messages(channel)) for channel in args[0]}
    if name == "rate_violations":
        return slack.rate_violations
    if name == "clear":
        slack.clear()
        return None
    raise ValueError(f"unknown question {name!r}")


class SlackProcess:
    """``with SlackProcess(one_message_per_second=True) as slack: slack.api_url ...``"""

    def __init__(self, **options: Any) -> None:
        context = multiprocessing.get_context("spawn")
        self._pipe, child = context.Pipe()
        self._process = context.Process(target=_serve, args=(child, options), daemon=True)
        self.api_url = ""

    def __enter__(self) -> SlackProcess:
        self._process.start()
        self.api_url = str(self._pipe.recv())
        return self

    def __exit__(self, *_exc: object) -> None:
        self._pipe.send(None)
        self._process.join(timeout=10)

    def _ask(self, name: str, *args: Any) -> Any:
        self._pipe.send((name, args))
        return self._pipe.recv()

    def parts(self, channels: Iterable[str]) -> dict[str, list[str]]:
        return dict(self._ask("parts", list(channels)))

    def counts(self, channels: Iterable[str]) -> dict[str, int]:
        return dict(self._ask("counts", list(channels)))

    @property
    def rate_violations(self) -> int:
        return int(self._ask("rate_violations"))

    def clear(self) -> None:
        self._ask("clear")
