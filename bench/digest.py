"""Digest build time over a large store: ``python -m bench digest [--quick]``.

Fills a temporary SQLite store with synthetic articles (about 5% about Putin and Biden, spread
over events reported by one to four outlets), then times ``on_demand_digest`` for
``putin-biden``: once cold (analyses computed and cached) and the p50 of several warm runs.
The ratio printed is warm p50 against the 200 ms target.
"""

from __future__ import annotations

import random
import statistics
import tempfile
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

from bot.digest.service import on_demand_digest
from bot.digest.topics import load_topics
from bot.model import Article
from bot.resources import resource_dir
from bot.store.articles import save_articles
from bot.store.db import open_engine

TARGET_MS = 200.0
MATCH_SHARE = 0.05
RUNS = 7
BATCH = 2000
NOW = datetime(2026, 11, 28, 8, 0, tzinfo=UTC)

_SUBJECTS = ["council", "ministry", "union", "court", "company", "league", "agency", "board"]
_VERBS = ["approves", "rejects", "delays", "announces", "reviews", "extends", "cuts", "backs"]
_OUTLETS = ["Northbridge Herald", "Meridian Post", "Harbor Daily", "The Ledger", "Coast Times"]


def _words(rng: random.Random, n: int) -> str:
    return " ".join(f"w{rng.randrange(5000)}" for _ in range(n))


def _paragraphs(rng: random.Random, lead: str, speaker: str) -> tuple[str, ...]:
    quote = f'"{_words(rng, 12).capitalize()}," said {speaker}.'
    return (lead, f"{_words(rng, 30)}. {quote}", f"{_words(rng, 40)}.", f"{_words(rng, 35)}.")


def _matching(rng: random.Random, event: int) -> str:
    return f"Putin and Biden {rng.choice(_VERBS)} plan {event} after call"


def _other(rng: random.Random) -> str:
    return f"{rng.choice(_SUBJECTS).title()} {rng.choice(_VERBS)} {_words(rng, 4)}"


def synthetic_articles(count: int, seed: int = 7) -> Iterator[Article]:
    rng = random.Random(seed)
    for i in range(count):
        about = rng.random() < MATCH_SHARE
        event = rng.randrange(max(1, count // 60))
        title = _matching(rng, event) if about else _other(rng)
        lead = f"{title} on {_words(rng, 20)}."
        yield Article(
            title=title,
            paragraphs=_paragraphs(rng, lead, f"Speaker {rng.randrange(300)}"),
            url=f"https://news{i % 5}.example/a/{i}",
            outlet=_OUTLETS[i % len(_OUTLETS)],
            published=NOW - timedelta(minutes=rng.randrange(60 * 24 * 90)),
        )


def _fill(url: str, count: int) -> None:
    engine = open_engine(url)
    batch: list[Article] = []
    with engine.begin() as conn:
        for article in synthetic_articles(count):
            batch.append(article)
            if len(batch) == BATCH:
                save_articles(conn, batch, now=NOW)
                batch = []
        if batch:
            save_articles(conn, batch, now=NOW)
    engine.dispose()


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
        start = time.perf_counter()
        _fill(url, count)
        fill_s = time.perf_counter() - start
        cold, warm, stories = _time_ms(url)
    print(
        f"{count:>7} articles: fill {fill_s:6.1f} s; digest cold {cold:7.1f} ms, "
        f"warm p50 {warm:6.1f} ms ({warm / TARGET_MS:.2f}x the {TARGET_MS:.0f} ms target), "
        f"{stories} stories"
    )


def main(quick: bool) -> None:
    for count in (1_000, 10_000) if quick else (10_000, 100_000):
        run(count)
