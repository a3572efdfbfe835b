"""Digest latency against store size: ``python -m bench digest [--quick] [--postgres URL]``.

Input: stores of 10,000, 100,000 and 1,000,000 invented articles (``--quick``: 1,000 and
10,000), the first articles of one stream (``bench/digest_corpus.py``: ~9,000 a day, Zipf
vocabulary, 12% on the benchmark's topics, copies, seen-only feeds), bulk-built once and cached
(``bench/digest_store.py``; ``--cache-dir``, default ~/.cache/newsbot-bench). SQLite always;
PostgreSQL as well when ``--postgres URL`` or NEWSBOT_TEST_POSTGRES_URL names a server (a copy
of the same store in a schema there, kept too).

Requests: a seeded mix of distinct digests, the bundled topics and ad hoc slugs, on demand
(whole store, or the last 7 days) and scheduled (a channel's window of 1-24 hours, leaving out
what that channel was already sent). The clock is real: "now" starts at the store's last first
sight and runs with the wall clock. Each request runs once untimed (it computes and caches the
analyses of its articles, as the first digest of a day does), then ``RUNS`` requests drawn
from the mix are timed end to end (``on_demand_digest`` / ``scheduled_digest``). The topic
selection (``candidate_ids``) is also timed alone against the baseline, the aggregate query
before revision 0008 (``bench/digest_baseline.py``), on the same requests; both must agree.
"""

from __future__ import annotations

import os
import random
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import partial
from pathlib import Path
from typing import TypeVar

from sqlalchemy import Engine, func, select

from bench import results
from bench.digest_baseline import old_candidate_ids
from bench.digest_store import DEFAULT_CACHE, postgres_store, sqlite_store
from bot.digest.service import (
    DEFAULT_LIMIT,
    candidate_pool,
    mark_digest_sent,
    on_demand_digest,
    scheduled_digest,
    scheduled_window_start,
)
from bot.resources import resource_dir
from bot.store.db import create_store_engine
from bot.store.schema import articles
from bot.store.selection import candidate_ids
from bot.text.topics import TopicCatalog, load_topics

TARGET_P99_MS = 100.0
SIZES = (10_000, 100_000, 1_000_000)
QUICK_SIZES = (1_000, 10_000)
RUNS, QUICK_RUNS = 300, 60
BASELINE_RUNS, QUICK_BASELINE_RUNS = 60, 20
TOPICS = ("putin-biden", "russia-us", "central-banks", "rates", "climate")
T = TypeVar("T")
AD_HOC = ("ecb-rates", "ukraine-ceasefire", "crypto-fed", "putin", "biden-kremlin", "council")


@dataclass(frozen=True)
class Request:
    slug: str
    since_hours: float | None  # None: on demand over the whole store
    channel: str | None = None  # a scheduled digest for this channel

    def describe(self) -> str:
        window = "all" if self.since_hours is None else f"{self.since_hours:.0f} h"
        return f"{self.slug} ({self.channel or 'on demand'}, {window})"


def requests(rng: random.Random) -> list[Request]:
    """The distinct digests of the mix: 12 on demand, 24 scheduled for 24 channels."""
    slugs = TOPICS + AD_HOC
    out = [Request(slug, None) for slug in slugs]
    out += [Request(slug, 24 * 7) for slug in rng.sample(slugs, 4)]
    out += [
        Request(rng.choice(TOPICS + AD_HOC[:2]), rng.uniform(1, 24), f"C{n:03d}") for n in range(24)
    ]
    return out


class _Clock:
    """Real time, starting at the store's newest first sight."""

    def __init__(self, start: datetime) -> None:
        self.offset = start - datetime.now(UTC)

    def __call__(self) -> datetime:
        return datetime.now(UTC) + self.offset


def _digest(engine: Engine, topics: TopicCatalog, request: Request, now: datetime) -> int:
    since = None if request.since_hours is None else now - timedelta(hours=request.since_hours)
    if request.channel is None:
        digest = on_demand_digest(engine, request.slug, topics=topics, now=now, since=since)
    else:
        digest = scheduled_digest(
            engine,
            request.slug,
            topics=topics,
            team_id="TBENCH",
            channel_id=request.channel,
            since=since,
            now=now,
        )
    return len(digest.stories)


def _selection(
    engine: Engine,
    topics: TopicCatalog,
    request: Request,
    now: datetime,
    select_: Callable[..., list[int]],
) -> list[int]:
    since = None if request.since_hours is None else now - timedelta(hours=request.since_hours)
    if request.channel is not None:
        since = scheduled_window_start(since, now, 24)
    with engine.connect() as conn:
        return select_(
            conn,
            topics.resolve(request.slug),
            since=since,
            exclude_sent_to=("TBENCH", request.channel) if request.channel else None,
            include_seen_only=request.channel is None,
            limit=candidate_pool(DEFAULT_LIMIT),
        )


def _timed(work: Callable[[], T]) -> tuple[float, T]:
    """Milliseconds taken by ``work`` and its result."""
    start = time.perf_counter()
    result = work()
    return (time.perf_counter() - start) * 1000, result


def _p(samples: list[float]) -> tuple[float, float]:
    return statistics.median(samples), statistics.quantiles(samples, n=100, method="inclusive")[98]


@dataclass(frozen=True)
class Figures:
    digest: tuple[float, float]
    selection: tuple[float, float]
    baseline: tuple[float, float]
    stories: float


def measure(url: str, runs: int, baseline_runs: int, seed: int = 5) -> Figures:
    engine = create_store_engine(url)
    topics = load_topics(resource_dir("config") / "topics.toml")
    with engine.connect() as conn:
        clock = _Clock(conn.execute(select(func.max(articles.c.first_seen))).scalar_one())
    rng = random.Random(seed)
    mix = requests(rng)
    stories = []
    for request in mix:  # untimed: channels get a sent history, then analyses get cached
        now = clock()
        if request.channel is not None:
            earlier = scheduled_digest(
                engine,
                request.slug,
                topics=topics,
                team_id="TBENCH",
                channel_id=request.channel,
                since=now - timedelta(hours=48),
                now=now,
            )
            mark_digest_sent(engine, earlier, team_id="TBENCH", channel_id=request.channel, now=now)
        stories.append(_digest(engine, topics, request, now))
    drawn = [rng.choice(mix) for _ in range(runs)]
    digest_ms = [_timed(partial(_digest, engine, topics, r, clock()))[0] for r in drawn]
    slowest = sorted(zip(digest_ms, drawn, strict=True), key=lambda x: -x[0])[:3]
    print("  slowest:", "; ".join(f"{r.describe()} {ms:.0f} ms" for ms, r in slowest))
    selection_ms, baseline_ms = [], []
    for request in drawn[:baseline_runs]:
        now = clock()
        took, new = _timed(partial(_selection, engine, topics, request, now, candidate_ids))
        selection_ms.append(took)
        took, old = _timed(partial(_selection, engine, topics, request, now, old_candidate_ids))
        baseline_ms.append(took)
        if new != old:
            raise RuntimeError(f"selection differs from the baseline for {request.describe()}")
    engine.dispose()
    return Figures(_p(digest_ms), _p(selection_ms), _p(baseline_ms), statistics.mean(stories))


def _postgres(given: str | None) -> str | None:
    return given or os.environ.get("NEWSBOT_TEST_POSTGRES_URL") or None


def main(
    quick: bool = False, *, postgres: str | None = None, cache_dir: Path | None = None
) -> None:
    sizes = QUICK_SIZES if quick else SIZES
    runs, baseline_runs = (QUICK_RUNS, QUICK_BASELINE_RUNS) if quick else (RUNS, BASELINE_RUNS)
    pg_url = _postgres(postgres)
    stores: dict[int, dict[str, str]] = {}
    for size in sizes:
        start = time.perf_counter()
        path, built = sqlite_store(size, cache_dir or DEFAULT_CACHE)
        stores[size] = {"SQLite": f"sqlite:///{path}"}
        if pg_url:
            stores[size]["PostgreSQL"], pg_built = postgres_store(pg_url, size, path)
            built = built or pg_built
        how = f"built in {time.perf_counter() - start:.0f} s" if built else "cached"
        print(f"store {size:>9,}: {how} ({path.name})")
    engines = ["SQLite", *(["PostgreSQL"] if pg_url else [])]
    results.describe(
        "digest",
        f"invented stream (bench/digest_corpus.py), stores of {', '.join(f'{s:,}' for s in sizes)} "
        f"articles on {' and '.join(engines)}; 36 distinct on-demand/scheduled digests of "
        f"{len(TOPICS)} bundled topics and {len(AD_HOC)} ad hoc slugs, real clock; {runs} timed "
        f"digests, {baseline_runs} selections against the pre-0008 aggregate query",
    )
    print(
        f"{'':9} {'store':>9}  {'digest p50/p99':>17}  {'selection p50/p99':>17}  "
        f"{'baseline p50/p99':>17}  stories"
    )
    for name in engines:
        for size in sizes:
            f = measure(stores[size][name], runs, baseline_runs)
            print(
                f"{name:9} {size:>9,}  {_pair(f.digest):>17}  {_pair(f.selection):>17}  "
                f"{_pair(f.baseline):>17}  {f.stories:.1f}"
            )
            # Wall-clock tails on a shared machine follow its load: say what it was.
            load = os.getloadavg()[0]
            print(f"  load average {load:.1f} on {os.cpu_count()} cores")
            results.record(
                "digest",
                f"{name} {size:,}: digest p50 / p99",
                _pair(f.digest),
                f"p99 / {TARGET_P99_MS:.0f} ms target = {f.digest[1] / TARGET_P99_MS:.2f}; "
                f"load average {load:.1f}",
            )
            results.record(
                "digest",
                f"{name} {size:,}: selection p50 / p99",
                _pair(f.selection),
                f"baseline (pre-0008 query) {_pair(f.baseline)}",
            )


def _pair(values: tuple[float, float]) -> str:
    return f"{values[0]:.1f} / {values[1]:.1f} ms"
