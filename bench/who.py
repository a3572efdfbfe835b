"""``who NAME`` answer time over a large store: ``python -m bench who [--quick]``.

Fills a temporary SQLite store with synthetic articles (each quoting one or two of a few
thousand invented people, under several attribution forms), indexes their quotes through the
real path (``index_pending``: analysis, cache, speaker index), then times ``who_said`` on the
wall clock for varied names: surnames, full names, title-and-name forms, and misspelt names
that match nobody (the suggestion path), each asked once, in random order. The ratio printed is
p99 against the 100 ms target.
"""

from __future__ import annotations

import random
import statistics
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from itertools import islice
from pathlib import Path

from bench import results
from bot.digest.backfill import index_pending
from bot.model import Article
from bot.store.articles import save_articles
from bot.store.db import open_engine
from bot.who.service import who_said

NOW = datetime(2026, 11, 28, 8, 0, tzinfo=UTC)
TARGET_MS = 100.0
BATCH = 2000
QUERIES = 600
MISS_SHARE = 0.15

_FIRST = "Anna Boris Clara Daniel Elena Farid Greta Hiro Ines Jonas Kemal Lena Marek Nadia Omar \
Petra Quentin Rosa Samir Tomas Uma Viktor Wen Yara Zoltan Aiko Bruno Carmen Dmitri Esther".split()
_SYLLABLES = (
    "ka lo mi ren sha vo tin gar bel du fen hol is jor kev lan mor nik pas rud sel tov".split()
)
_TITLES = [
    "Kremlin aide",
    "Finance Minister",
    "central bank governor",
    "union leader",
    "Foreign Minister",
    "company spokesman",
    "UN envoy",
    "opposition leader",
]
_VERBS = ["said", "told reporters", "added", "warned"]
_TOPICS = "talks budget strike election treaty rates pipeline harvest summit reform".split()


@dataclass(frozen=True)
class Person:
    first: str
    last: str
    title: str

    @property
    def full(self) -> str:
        return f"{self.first} {self.last}"


def people(count: int, rng: random.Random) -> list[Person]:
    surnames: set[str] = set()
    while len(surnames) < count:
        surnames.add("".join(rng.choice(_SYLLABLES) for _ in range(3)).capitalize())
    return [Person(rng.choice(_FIRST), s, rng.choice(_TITLES)) for s in sorted(surnames)]


def _words(rng: random.Random, n: int) -> str:
    return " ".join(f"w{rng.randrange(4000)}" for _ in range(n))


def _quote(rng: random.Random, person: Person) -> str:
    words = f"The {rng.choice(_TOPICS)} {_words(rng, rng.randrange(6, 16))}"
    form = rng.randrange(3)
    if form == 0:
        return f'"{words}," {person.title} {person.full} {rng.choice(_VERBS)}.'
    if form == 1:
        return f'{person.full}, the {person.title}, said: "{words}."'
    return (
        f'{person.title.capitalize()} {person.full} spoke on Friday. "{words}," {person.last} said.'
    )


def articles(
    count: int, cast: list[Person], rng: random.Random, quoted: set[Person]
) -> Iterator[Article]:
    """``count`` articles; everyone they quote is added to ``quoted``."""
    for i in range(count):
        speakers = rng.sample(cast, rng.choice((1, 2)))
        quoted.update(speakers)
        topic = rng.choice(_TOPICS)
        yield Article(
            title=f"{speakers[0].last} on the {topic} {_words(rng, 3)}",
            paragraphs=(
                f"The {topic} dominated the day {_words(rng, 25)}.",
                *(_quote(rng, p) for p in speakers),
                f"{_words(rng, 40)}.",
            ),
            url=f"https://news{i % 7}.example/{topic}/{i}",
            outlet=f"Outlet {i % 7}",
            published=NOW - timedelta(minutes=rng.randrange(60 * 24 * 60)),
        )


def build(
    url: str, count: int, cast: list[Person], rng: random.Random
) -> tuple[float, float, list[Person]]:
    """Fill and index the store; the seconds each took, and the people quoted."""
    engine = open_engine(url)
    quoted: set[Person] = set()
    made = articles(count, cast, rng, quoted)
    start = time.perf_counter()
    with engine.begin() as conn:
        while batch := list(islice(made, BATCH)):
            save_articles(conn, batch, now=NOW)
    filled = time.perf_counter() - start
    start = time.perf_counter()
    index_pending(engine)
    indexed = time.perf_counter() - start
    engine.dispose()
    return filled, indexed, sorted(quoted, key=lambda p: p.last)


def _misspelt(name: str, rng: random.Random) -> str:
    at = rng.randrange(1, len(name))
    return name[:at] + rng.choice("xqz") + name[at + 1 :]


def queries(cast: list[Person], rng: random.Random) -> list[tuple[str, bool]]:
    """(name, expected to match) in random order: every person asked at most once."""
    out = []
    for person in rng.sample(cast, min(QUERIES, len(cast))):
        if rng.random() < MISS_SHARE:
            out.append((_misspelt(person.last, rng), False))
        else:
            form = rng.choice((person.last, person.full, f"{person.title} {person.full}"))
            out.append((form.lower() if rng.random() < 0.3 else form, True))
    return out


def _p(samples: list[float], q: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def run(count: int, cast_size: int) -> None:
    rng = random.Random(count)
    cast = people(cast_size, rng)
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite:///{Path(folder) / 'bench.db'}"
        filled, indexed, quoted = build(url, count, cast, rng)
        engine = open_engine(url)
        hits: list[float] = []
        misses: list[float] = []
        empty = 0
        for name, expected in queries(quoted, rng):
            start = time.perf_counter()
            answer = who_said(engine, name)
            elapsed = (time.perf_counter() - start) * 1000
            (hits if expected else misses).append(elapsed)
            empty += expected and not answer.quotes
        engine.dispose()
    every = hits + misses
    p50, p99 = statistics.median(every), _p(every, 0.99)
    print(
        f"{count:>7} articles, {cast_size} people: fill {filled:.0f} s, index {indexed:.0f} s; "
        f"who p50 {p50:.1f} ms, p99 {p99:.1f} ms ({p99 / TARGET_MS:.2f}x the {TARGET_MS:.0f} ms "
        f"target); matches p99 {_p(hits, 0.99):.1f} ms, misses (suggestions) p99 "
        f"{_p(misses, 0.99):.1f} ms; {empty} of {len(hits)} matching names found nothing"
    )
    results.record(
        "who",
        f"{count:,} articles: p50 / p99 ({len(every)} names)",
        f"{p50:.1f} ms / {p99:.1f} ms",
        f"{TARGET_MS:.0f} ms target: {p99 / TARGET_MS:.2f}x",
    )
    results.record(
        "who",
        f"{count:,} articles: p99 matches / misses",
        f"{_p(hits, 0.99):.1f} ms / {_p(misses, 0.99):.1f} ms",
    )


def main(quick: bool) -> None:
    results.describe(
        "who",
        "synthetic SQLite store (bench/who.py): articles quoting 1-2 of 3,000 invented people "
        "in 3 attribution forms, indexed through index_pending; 600 names each asked once "
        "(surname, full, title + name, 15% misspelt), wall clock",
    )
    for count in (2_000,) if quick else (10_000, 100_000):
        run(count, 3_000)
