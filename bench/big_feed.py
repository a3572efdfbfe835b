"""Read an oversized feed: 47,000 distinct RSS items (about 8 MB), of which newsbot keeps 1,000.

Three ways in the same run, each on the same bytes:

- ``read_feed`` as it is (the document cut after item 1,000 before parsing);
- baseline "whole document": feedparser over all 47,000 items, then the first 1,000 kept,
  which is what ``read_feed`` did before the cut;
- floor: ``read_feed`` on a feed that holds only those 1,000 items.

Prints seconds and peak traced memory for each, and the ratios against the baseline.
"""

from __future__ import annotations

import random
import time
import tracemalloc
from collections.abc import Callable
from typing import Any

from bench import results
from bot.ingest import feeds
from bot.ingest.readers import ReadHints

URL = "https://harbor.example/rss"
_WORDS = (
    "port council ferry strike budget minister harbour wind storm dredging union vote court "
    "tariff rail bridge school hospital election energy grid fishing quota tourism housing"
).split()


def make_feed(items: int, seed: int = 20261206) -> bytes:
    """A valid RSS 2.0 feed of ``items`` distinct items (own link each; words, dates vary)."""
    rng = random.Random(seed)
    parts = [
        '<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0"><channel>'
        "<title>Harbor Daily</title><link>https://harbor.example/</link>"
    ]
    for i in range(items):
        words = " ".join(rng.choice(_WORDS) for _ in range(3))
        day, hour = 1 + i % 28, i % 24
        parts.append(
            f"<item><title>{words.capitalize()}</title>"
            f"<link>https://harbor.example/{i}</link>"
            f"<pubDate>Mon, {day:02d} Nov 2026 {hour:02d}:15:00 +0000</pubDate>"
            f"<description>{words}.</description></item>"
        )
    parts.append("</channel></rss>")
    return "".join(parts).encode("utf-8")


def _whole_document(data: bytes) -> list[Any]:
    """The reading before the cut: parse everything, keep the first 1,000."""
    parsed = feeds._parse(data, URL, "application/rss+xml")
    hints = ReadHints()
    entries = parsed.entries[: feeds.MAX_FEED_ITEMS]
    return [a for e in entries if (a := feeds._item(e, parsed.feed, URL, hints)) is not None]


def _read(data: bytes) -> list[Any]:
    return feeds.read_feed(data, url=URL, hints=ReadHints(), content_type="application/rss+xml")


def _measure(work: Callable[[bytes], list[Any]], data: bytes) -> tuple[float, float, int]:
    started = time.perf_counter()
    count = len(work(data))
    seconds = time.perf_counter() - started
    tracemalloc.start()
    work(data)
    peak = tracemalloc.get_traced_memory()[1] / 2**20
    tracemalloc.stop()
    return seconds, peak, count


def main(quick: bool = False) -> None:
    total = 4_700 if quick else 47_000
    big = make_feed(total)
    floor_feed = feeds.first_items(big)
    print(f"feed: {total} items, {len(big) / 2**20:.1f} MiB; kept: {feeds.MAX_FEED_ITEMS}")
    runs = {
        "read_feed (cut after item 1,000)": _measure(_read, big),
        "baseline: whole document parsed": _measure(_whole_document, big),
        "floor: a 1,000-item feed alone": _measure(_read, floor_feed),
    }
    for name, (seconds, peak, count) in runs.items():
        print(f"{name:36s} {seconds:7.2f} s  {peak:7.1f} MiB peak  {count} articles")
    now, base = runs["read_feed (cut after item 1,000)"], runs["baseline: whole document parsed"]
    print(
        f"ratio read_feed / baseline: time {now[0] / base[0]:.3f}x, memory {now[1] / base[1]:.3f}x"
    )
    results.describe(
        "big_feed", f"one RSS feed of {total} distinct items, {len(big) / 2**20:.1f} MiB"
    )
    against = f"whole document parsed: {base[0]:.2f} s, {base[1]:.1f} MiB"
    results.record("big_feed", "read_feed time", f"{now[0]:.2f} s", against)
    results.record("big_feed", "read_feed peak traced memory", f"{now[1]:.1f} MiB", against)


if __name__ == "__main__":
    main()
