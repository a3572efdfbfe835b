"""Slash-command latency through the real app: ``python -m bench slack [--quick]``.

Input: the digest benchmark's cached stores (``bench/digest_store.py``: the first articles of
the invented stream of ``bench/digest_corpus.py``, bulk-built once, kept in ``--cache-dir``,
default ~/.cache/newsbot-bench) of 10,000 and 1,000,000 articles on SQLite (``--quick``: 1,000).

The app: ``create_app`` and ``create_web_app`` as ``newsbot serve`` builds them, served by
uvicorn on loopback with its lifespan (the analysis workers) and the system clock. Slack's Web
API and every response_url are the fake of ``fakes/slack_api.py``, on loopback too.

Requests: distinct signed ``/news TOPIC`` requests, no two alike: each its own topic, user and
channel (drawn without repeats from 11 topics, 5 bundled and 6 ad hoc, 40 users and 24
channels) and its own response_url, signed with the current time, which the app checks against
its real clock. ``CONCURRENCY`` clients send at once, each its next request as soon as the
previous one is fully answered. Before timing, each topic is asked once, untimed: its articles'
analyses get computed and cached, as the first digest of the day does.

Timed from the moment each request is sent: the ack (the HTTP answer) and the full answer (the
digest's last message reaching the fake response_url). Prints p50/p99 of both per store, and
the full answer's p99 against the 300 ms target.
"""

from __future__ import annotations

import json
import os
import queue
import random
import statistics
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from bench import results
from bench.digest import AD_HOC, TOPICS
from bench.digest_store import DEFAULT_CACHE, sqlite_store
from bot.config import Settings
from bot.render.actions import ACTION_FULL_QUOTES, ACTION_SHARE
from bot.slack.app import create_app
from bot.slack.web import create_web_app
from bot.store.db import open_engine
from fakes.signed import SIGNING_SECRET, SlackSender, serve, slash_command
from fakes.slack_api import RESPONSE_URL, Call, FakeSlackApi

TARGET_MS = 300.0
SIZES, QUICK_SIZES = (10_000, 1_000_000), (1_000,)
REQUESTS, QUICK_REQUESTS = 240, 24
CONCURRENCY = 4
USERS, CHANNELS = 40, 24
SLUGS = TOPICS + AD_HOC
ANSWER_TIMEOUT = 60.0


@dataclass(frozen=True)
class Slash:
    """One ``/news`` request: who asks where, and where the answer goes."""

    key: str
    topic: str
    user: str
    channel: str


def plan(count: int, seed: int = 13) -> list[Slash]:
    """``count`` requests, no two with the same topic, user and channel."""
    rng = random.Random(seed)
    combos = rng.sample(range(len(SLUGS) * USERS * CHANNELS), count)
    out = []
    for n, combo in enumerate(combos):
        topic, rest = divmod(combo, USERS * CHANNELS)
        user, channel = divmod(rest, CHANNELS)
        out.append(Slash(f"r{n}", SLUGS[topic], f"U{user:04d}", f"C{channel:04d}"))
    return out


@dataclass(frozen=True)
class Timing:
    ack_ms: float
    answer_ms: float
    stories: bool  # the answer held stories (not an empty digest)


def _buttons(call: Call) -> set[str]:
    blocks = call.params.get("blocks") or []
    if isinstance(blocks, str):
        blocks = json.loads(blocks)
    return {
        str(element.get("action_id"))
        for block in blocks
        if block.get("type") == "actions"
        for element in block.get("elements", [])
    }


def _answered(calls: list[Call]) -> bool:
    """The answer is whole when its last part (the one with "Share") arrived, or when it is
    a single message without stories (an empty digest, or an error)."""
    return any(ACTION_SHARE in _buttons(c) for c in calls) or (
        len(calls) == 1 and ACTION_FULL_QUOTES not in _buttons(calls[0])
    )


def _wait_answer(fake: FakeSlackApi, key: str) -> list[Call]:
    deadline = time.monotonic() + ANSWER_TIMEOUT
    count = 1
    while True:
        calls = fake.wait_for(RESPONSE_URL, count=count, key=key, timeout=ANSWER_TIMEOUT)
        if _answered(calls):
            return calls
        count = len(calls) + 1
        if time.monotonic() > deadline:
            raise RuntimeError(f"request {key}: no whole answer in {ANSWER_TIMEOUT:.0f} s")


def send(sender: SlackSender, fake: FakeSlackApi, request: Slash) -> Timing:
    """Send one request and wait for its whole answer."""
    body = slash_command(
        request.topic,
        fake.response_url(request.key),
        user_id=request.user,
        user_name=request.user.lower(),
        channel_id=request.channel,
        channel_name=request.channel.lower(),
    )
    started = time.monotonic()
    response = sender.post(body)
    ack_ms = (time.monotonic() - started) * 1000
    if response.status_code != 200:
        raise RuntimeError(f"request {request.key} answered HTTP {response.status_code}")
    calls = _wait_answer(fake, request.key)
    text = " ".join(str(c.params.get("text", "")) for c in calls)
    if "Sorry" in text:
        raise RuntimeError(f"request {request.key} ({request.topic}) got an error: {text[:200]}")
    answer_ms = (max(c.time for c in calls) - started) * 1000
    return Timing(ack_ms, answer_ms, ACTION_SHARE in set().union(*map(_buttons, calls)))


def run_concurrently(
    base_url: str, fake: FakeSlackApi, requests: list[Slash], clients: int
) -> list[Timing]:
    """``clients`` senders at once, each with its own connection, until all are answered."""
    todo: queue.Queue[Slash] = queue.Queue()
    for request in requests:
        todo.put(request)
    done: list[Timing] = []
    failures: list[BaseException] = []
    lock = threading.Lock()

    def client() -> None:
        sender = SlackSender(base_url, lambda: int(time.time()))  # the real clock
        try:
            while not failures:
                try:
                    request = todo.get_nowait()
                except queue.Empty:
                    return
                timing = send(sender, fake, request)
                with lock:
                    done.append(timing)
        except BaseException as exc:  # reported by the caller, with the others stopped
            failures.append(exc)
        finally:
            sender.close()

    threads = [threading.Thread(target=client) for _ in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if failures:
        raise failures[0]
    return done


@contextmanager
def served_app(url: str, fake: FakeSlackApi) -> Iterator[str]:
    """The app as ``newsbot serve`` runs it (lifespan and system clock), on loopback."""
    settings = Settings(
        database_url=url,
        slack_bot_token="xoxb-bench",
        slack_signing_secret=SIGNING_SECRET,
        slack_api_url=fake.api_url,
    )
    engine = open_engine(url)
    try:
        app = create_app(settings, engine)
        with serve(create_web_app(settings, engine, app), lifespan="on") as base:
            yield base
    finally:
        engine.dispose()


@dataclass(frozen=True)
class Figures:
    ack: tuple[float, float]
    answer: tuple[float, float]
    with_stories: int
    requests: int


def _p(samples: list[float]) -> tuple[float, float]:
    return statistics.median(samples), statistics.quantiles(samples, n=100, method="inclusive")[98]


def measure(url: str, requests: int, clients: int = CONCURRENCY) -> Figures:
    """Warm each topic once, then time ``requests`` distinct requests from ``clients``."""
    with FakeSlackApi() as fake, served_app(url, fake) as base:
        warm = [Slash(f"warm{n}", slug, "U9999", "C9999") for n, slug in enumerate(SLUGS)]
        run_concurrently(base, fake, warm, 1)
        timings = run_concurrently(base, fake, plan(requests), clients)
    return Figures(
        _p([t.ack_ms for t in timings]),
        _p([t.answer_ms for t in timings]),
        sum(t.stories for t in timings),
        len(timings),
    )


def main(quick: bool = False, *, cache_dir: Path | None = None) -> None:
    sizes = QUICK_SIZES if quick else SIZES
    requests = QUICK_REQUESTS if quick else REQUESTS
    urls = {}
    for size in sizes:
        start = time.perf_counter()
        path, built = sqlite_store(size, cache_dir or DEFAULT_CACHE)
        how = f"built in {time.perf_counter() - start:.0f} s" if built else "cached"
        print(f"store {size:>9,}: {how} ({path.name})")
        urls[size] = f"sqlite:///{path}"
    described = (
        f"invented stream (bench/digest_corpus.py), SQLite stores of "
        f"{', '.join(f'{s:,}' for s in sizes)} articles; the app served by uvicorn on "
        f"loopback with its lifespan and the real clock, fake Slack on loopback; {requests} "
        f"distinct signed /news requests (topic, user, channel: {len(SLUGS)} topics, {USERS} "
        f"users, {CHANNELS} channels, none repeated) from {CONCURRENCY} concurrent clients, "
        f"each topic asked once untimed first"
    )
    print(f"input: {described}")
    results.describe("slack", described)
    print(f"{'store':>9}  {'ack p50/p99':>17}  {'answer p50/p99':>17}  with stories")
    for size, url in urls.items():
        f = measure(url, requests)
        print(
            f"{size:>9,}  {_pair(f.ack):>17}  {_pair(f.answer):>17}  {f.with_stories}/{f.requests}"
        )
        load = os.getloadavg()[0]  # wall-clock tails on a shared machine follow its load
        print(f"  load average {load:.1f} on {os.cpu_count()} cores")
        results.record("slack", f"SQLite {size:,}: ack p50 / p99", _pair(f.ack))
        results.record(
            "slack",
            f"SQLite {size:,}: whole answer at response_url p50 / p99",
            _pair(f.answer),
            f"p99 / {TARGET_MS:.0f} ms target = {f.answer[1] / TARGET_MS:.2f}; "
            f"load average {load:.1f}",
        )


def _pair(values: tuple[float, float]) -> str:
    return f"{values[0]:.0f} / {values[1]:.0f} ms"
