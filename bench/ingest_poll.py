"""Polling 200 loopback feeds twice: the second poll should be almost all 304 Not Modified.

Prints the seconds of each poll, how many feeds answered 304 the second time, and the ratio
second/first (lower is better: conditional GET should make a repeat poll cheap).
Each feed has its own host name (feed-001.test ...), resolved to 127.0.0.1 by the guard, so
the per-host concurrency limit behaves as it would across real sites.
"""

from __future__ import annotations

import random
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from bench import results
from bot.config import Settings
from bot.ingest.poll import poll_sources
from bot.ingest.sources import SourceConfig
from bot.ingest.ssrf import UrlGuard
from bot.store.db import open_engine
from fakes.web import FakeWeb

ITEMS_PER_FEED = 10
NOW = datetime(2026, 11, 28, 8, 0, tzinfo=UTC)
_WORDS = (
    "council harbour bridge ferry school budget storm hospital museum market railway station "
    "festival quota orchestra volunteers reservoir drought court inquiry minister summit "
    "library runway airport election mayor teachers nurses bakery fishermen league stadium"
).split()


def _sentence(rng: random.Random) -> str:
    return " ".join(rng.choices(_WORDS, k=16)).capitalize() + "."


def _feed(index: int, rng: random.Random) -> bytes:
    items = []
    for n in range(ITEMS_PER_FEED):
        paragraphs = "".join(f"<p>{_sentence(rng)} {_sentence(rng)}</p>" for _ in range(3))
        items.append(
            f"<item><title>Feed {index} story {n}: {_sentence(rng)}</title>"
            f"<link>https://feed-{index:03}.test/story/{n}</link>"
            f'<guid isPermaLink="false">feed-{index}-item-{n}</guid>'
            f"<pubDate>Sat, 28 Nov 2026 0{n % 8}:00:00 +0000</pubDate>"
            f"<content:encoded><![CDATA[{paragraphs}]]></content:encoded></item>"
        )
    return (
        '<?xml version="1.0" encoding="utf-8"?>'
        '<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">'
        f"<channel><title>Feed {index}</title><link>https://feed-{index:03}.test/</link>"
        f"{''.join(items)}</channel></rss>"
    ).encode()


def main(quick: bool = False) -> None:
    feeds = 20 if quick else 200
    rng = random.Random(2026)
    guard = UrlGuard(allow_private=True, resolver=lambda host, port: ["127.0.0.1"])
    with tempfile.TemporaryDirectory() as folder, FakeWeb() as web:
        settings = Settings(
            allow_private_urls=True,
            database_url=f"sqlite:///{Path(folder) / 'bench.db'}",
            sources_file=str(Path(folder) / "sources.toml"),
        )
        sources = []
        for index in range(feeds):
            path = f"/feeds/{index}.xml"
            web.page(
                path,
                _feed(index, rng),
                content_type="application/rss+xml",
                etag=f'"feed-{index}-v1"',
            )
            url = web.url(path, host=f"feed-{index:03}.test")
            sources.append(SourceConfig(name=f"feed {index}", url=url))
        engine = open_engine(settings.database_url)

        started = time.perf_counter()
        first = poll_sources(engine, settings, now=NOW, sources=sources, guard=guard)
        first_seconds = time.perf_counter() - started
        later = NOW + timedelta(minutes=15)
        started = time.perf_counter()
        second = poll_sources(engine, settings, now=later, sources=sources, guard=guard)
        second_seconds = time.perf_counter() - started
        engine.dispose()

    assert not first.failed and not second.failed, (first.failed, second.failed)
    print(f"feeds: {feeds}, items stored by the first poll: {first.new}")
    print(f"first poll: {first_seconds:.2f} s ({feeds / first_seconds:.0f} feeds/s)")
    print(f"second poll: {second_seconds:.2f} s, 304 Not Modified: {second.unchanged}/{feeds}")
    print(f"ratio second/first: {second_seconds / first_seconds:.2f}")
    results.describe("ingest", f"{feeds} loopback feeds, distinct items; HTML and text dumps")
    results.record(
        "ingest",
        f"poll {feeds} feeds: first / second",
        f"{first_seconds:.2f} s / {second_seconds:.2f} s ({second.unchanged} answered 304)",
        f"second/first {second_seconds / first_seconds:.2f}",
    )
