"""Slash-command latency through the real app: ``python -m bench slack [--quick]``.

Serves the app with uvicorn on loopback against the fake Slack Web API, over a SQLite store of
synthetic articles (bench/_store.py, 100,000; quick: 10,000). Sends signed
``/news putin-biden`` requests one after another and times, from the moment each is sent:
the ack (the HTTP answer) and the digest's arrival at the fake response_url.
Prints p50/p99 of both and the digest p99 against the 300 ms target.
"""

from __future__ import annotations

import statistics
import tempfile
import time
from pathlib import Path

from bench import results
from bench._store import NOW, build_store
from bot.clock import FrozenClock
from bot.config import Settings
from bot.slack.app import create_app
from bot.slack.web import create_web_app
from bot.store.db import open_engine
from tests.fakes.slack_api import FakeSlackApi
from tests.slack.signed import SIGNING_SECRET, SlackSender, serve, slash_command

TARGET_MS = 300.0
TOPIC = "putin-biden"


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def _measure(sender: SlackSender, fake: FakeSlackApi, requests: int) -> tuple[list[float], ...]:
    acks: list[float] = []
    digests: list[float] = []
    for n in range(requests):
        key = f"r{n}"
        started = time.monotonic()
        response = sender.post(slash_command(TOPIC, fake.response_url(key)))
        acks.append((time.monotonic() - started) * 1000)
        if response.status_code != 200:
            raise RuntimeError(f"request {n} answered {response.status_code}")
        [arrived] = fake.wait_for("response_url", key=key, timeout=30)
        digests.append((arrived.time - started) * 1000)
    return acks, digests


def main(quick: bool = False) -> None:
    articles, requests = (10_000, 20) if quick else (100_000, 200)
    with tempfile.TemporaryDirectory() as folder, FakeSlackApi() as fake:
        url = f"sqlite:///{Path(folder) / 'bench.db'}"
        print(f"store: {articles:,} articles in {build_store(url, articles):.1f} s")
        settings = Settings(
            database_url=url,
            slack_bot_token="xoxb-bench",
            slack_signing_secret=SIGNING_SECRET,
            slack_api_url=fake.api_url,
        )
        engine = open_engine(url)
        clock = FrozenClock(NOW)
        app = create_app(settings, engine, clock=clock)
        with serve(create_web_app(settings, engine, app, clock=clock)) as base:
            sender = SlackSender(base, lambda: int(clock().timestamp()))
            _measure(sender, fake, 2)  # warm-up: first analyses, connection set-up
            acks, digests = _measure(sender, fake, requests)
            sender.close()
        engine.dispose()
    p99 = _percentile(digests, 0.99)
    print(f"/news {TOPIC}: {requests} signed requests, sequential")
    print(
        f"  ack     p50 {statistics.median(acks):7.1f} ms   p99 {_percentile(acks, 0.99):7.1f} ms"
    )
    print(f"  digest  p50 {statistics.median(digests):7.1f} ms   p99 {p99:7.1f} ms")
    print(f"  digest p99 / {TARGET_MS:.0f} ms target = {p99 / TARGET_MS:.2f}")
    results.describe(
        "slack",
        f"{articles:,} synthetic articles (bench/_store.py), {requests} signed "
        f"/news {TOPIC} requests one at a time, fake Slack on loopback",
    )
    results.record(
        "slack",
        "ack p50 / p99",
        f"{statistics.median(acks):.0f} / {_percentile(acks, 0.99):.0f} ms",
    )
    results.record(
        "slack",
        "digest at response_url p50 / p99",
        f"{statistics.median(digests):.0f} / {p99:.0f} ms",
        f"{TARGET_MS:.0f} ms p99 target: {p99 / TARGET_MS:.2f}x",
    )
