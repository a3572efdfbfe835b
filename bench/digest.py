"""Digest build time over a large store: ``python -m bench digest [--quick]``.

Fills a temporary SQLite store with synthetic articles (``bench/_store.py``: about 5% about
Putin and Biden, spread over events reported by one to four outlets), timing the fill, then
times ``on_demand_digest`` for ``putin-biden``: once cold (analyses computed and cached) and
the p50 of several warm runs. The ratio printed is warm p50 against the 200 ms target.
"""

from __future__ import annotations

import statistics
import tempfile
import time
from pathlib import Path

from bench import results
from bench._store import NOW, build_store
from bot.digest.service import on_demand_digest
from bot.digest.topics import load_topics
from bot.resources import resource_dir
from bot.store.db import open_engine

TARGET_MS = 200.0
RUNS = 7


def _time_ms(url: str) -> tuple[float, float, int]:
    engine = open_engine(url)
    topics = load_topics(resource_dir("config") / "topics.toml")
    samples = []
    stories = 0
    for _ in range(RUNS + 1):
        start = time.perf_counter()
        digest = on_demand_digest(engine, "putin-biden", topics=topics, now=NOW)
        samples.append((time.perf_counter() - start) * 1000)
        stories = len(digest.stories)
    engine.dispose()
    return samples[0], statistics.median(samples[1:]), stories


def run(count: int) -> None:
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite:///{Path(folder) / 'bench.db'}"
        fill_s = build_store(url, count)
        cold, warm, stories = _time_ms(url)
    print(
        f"{count:>7} articles: fill {fill_s:6.1f} s; digest cold {cold:7.1f} ms, "
        f"warm p50 {warm:6.1f} ms ({warm / TARGET_MS:.2f}x the {TARGET_MS:.0f} ms target), "
        f"{stories} stories"
    )
    results.record(
        "digest",
        f"{count:,} articles: warm p50 / cold",
        f"{warm:.0f} ms / {cold:.0f} ms",
        f"{TARGET_MS:.0f} ms target: {warm / TARGET_MS:.2f}x",
    )


def main(quick: bool) -> None:
    results.describe(
        "digest", "synthetic SQLite store (bench/_store.py), topic putin-biden, 7 warm runs"
    )
    for count in (1_000, 10_000) if quick else (10_000, 100_000):
        run(count)
