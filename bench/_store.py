"""A synthetic article store for the benchmarks that need a big one (digest, slack).

``build_store(url, count)`` saves ``count`` invented articles through ``save_articles`` in
batches, as a poll would, and returns how long that took. About 5% of them are about Putin
and Biden (the ``putin-biden`` topic), spread over events that one to four outlets report;
the rest are about councils, courts and companies, with filler words.
"""

from __future__ import annotations

import random
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from itertools import islice

from bot.model import Article
from bot.store.articles import save_articles
from bot.store.db import open_engine

NOW = datetime(2026, 11, 28, 8, 0, tzinfo=UTC)
MATCH_SHARE = 0.05
BATCH = 2000

_SUBJECTS = ["council", "ministry", "union", "court", "company", "league", "agency", "board"]
_VERBS = ["approves", "rejects", "delays", "announces", "reviews", "extends", "cuts", "backs"]
_OUTLETS = ["Northbridge Herald", "Meridian Post", "Harbor Daily", "The Ledger", "Coast Times"]


def build_store(url: str, count: int, *, seed: int = 7) -> float:
    """Fill the (new) store at ``url`` with ``count`` synthetic articles; the seconds taken."""
    engine = open_engine(url)
    articles = synthetic_articles(count, seed)
    start = time.perf_counter()
    with engine.begin() as conn:
        while batch := list(islice(articles, BATCH)):
            save_articles(conn, batch, now=NOW)
    elapsed = time.perf_counter() - start
    engine.dispose()
    return elapsed


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


def _words(rng: random.Random, n: int) -> str:
    return " ".join(f"w{rng.randrange(5000)}" for _ in range(n))


def _paragraphs(rng: random.Random, lead: str, speaker: str) -> tuple[str, ...]:
    quote = f'"{_words(rng, 12).capitalize()}," said {speaker}.'
    return (lead, f"{_words(rng, 30)}. {quote}", f"{_words(rng, 40)}.", f"{_words(rng, 35)}.")


def _matching(rng: random.Random, event: int) -> str:
    return f"Putin and Biden {rng.choice(_VERBS)} plan {event} after call"


def _other(rng: random.Random) -> str:
    return f"{rng.choice(_SUBJECTS).title()} {rng.choice(_VERBS)} {_words(rng, 4)}"
