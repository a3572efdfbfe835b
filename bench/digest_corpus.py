"""Invented news for the digest benchmark: a stream of polls, as a busy newsroom stores them.

``polls(count)`` yields the first ``count`` articles of one endless, seeded stream, in the
batches a poller would save (one ``now`` and one ``seen_only`` flag per batch). The stream:

- about 9,000 articles a day, a poll every one to six minutes, so 1,000,000 articles cover
  some 110 days; first sight grows with time, publication is minutes to hours before it
  (8% undated, 2% days old, 1% dated ahead of first sight);
- words drawn from a 30,000-word invented vocabulary with Zipf frequencies (s = 1.07), so
  texts are distinct and a few words are very common, most rare;
- about 12% of articles about the benchmark's topics (Putin and Biden, Russia and the US,
  central banks and rates, climate summits, crypto), the rest about councils, courts,
  companies, leagues...; topic words also turn up now and then in unrelated stories;
- 4% syndicated copies (the same text from another outlet within hours) and, now and then, a
  new feed whose current items are stored "seen only".

``GENERATOR_VERSION`` names this recipe: change it whenever the output changes, so cached
stores built from an older recipe are rebuilt.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from itertools import accumulate

from bot.model import Article

GENERATOR_VERSION = 1
START = datetime(2026, 1, 5, 6, 0, tzinfo=UTC)
VOCABULARY = 30_000
ZIPF_S = 1.07
COPY_SHARE = 0.04
_ONSETS = "b br c ch d dr f g gr h j k l m n p pr r s st t tr v w z".split()
_VOWELS = "a e i o u ai ea io ou".split()
_CODAS = ["", "", "n", "r", "s", "l", "t", "nd", "st", "ck"]
_OUTLETS = [f"Outlet {n}" for n in range(240)]

# Topic stories: (share of articles, title words, lead phrases). Matching is what topics.toml
# and the ad hoc slugs of bench/digest.py look for.
_TOPICS = (
    (0.020, ["Putin", "Biden"], ["Vladimir Putin", "Joe Biden", "the Kremlin", "the White House"]),
    (0.030, ["Russia", "Washington"], ["Russian officials", "American diplomats", "Moscow"]),
    (0.015, ["ECB", "rates"], ["the European Central Bank", "interest rates", "a rate cut"]),
    (0.012, ["Fed", "rates"], ["the Federal Reserve", "the FOMC", "interest rates"]),
    (0.006, ["Bank of England", "rates"], ["the Bank of England", "a rate hike"]),
    (0.020, ["COP31", "climate"], ["the climate summit", "emissions", "adaptation funds"]),
    (0.008, ["crypto", "markets"], ["bitcoin", "the Fed", "regulators"]),
    (0.010, ["Ukraine", "ceasefire"], ["Kyiv", "the front line", "Russia"]),
)
_SUBJECTS = "Council Court Company League Union Ministry Board Agency Hospital School".split()
_VERBS = "approves rejects delays announces reviews extends cuts backs weighs plans".split()
_STRAY_WORDS = ["Putin", "Biden", "Russia", "climate", "rates", "Fed", "crypto", "ECB"]


@dataclass(frozen=True)
class Poll:
    """One save: articles first seen at ``now`` (all "seen only" when a feed was just added)."""

    now: datetime
    seen_only: bool
    articles: tuple[Article, ...]


class _Words:
    def __init__(self, rng: random.Random) -> None:
        made: dict[str, None] = {}
        while len(made) < VOCABULARY:
            parts = rng.randint(1, 3)
            word = "".join(rng.choice(_ONSETS) + rng.choice(_VOWELS) for _ in range(parts))
            made[word + rng.choice(_CODAS)] = None
        self.words = list(made)
        self.cumulative = list(accumulate(1 / (r + 1) ** ZIPF_S for r in range(VOCABULARY)))

    def some(self, rng: random.Random, n: int) -> list[str]:
        return rng.choices(self.words, cum_weights=self.cumulative, k=n)


def polls(count: int, seed: int = 11) -> Iterator[Poll]:
    """The first ``count`` articles of the stream, poll by poll."""
    rng = random.Random(seed)
    words = _Words(rng)
    now = START
    made = 0
    recent: list[Article] = []  # originals of the last hours, for syndicated copies
    while made < count:
        now += timedelta(seconds=rng.randint(60, 360))
        size = min(count - made, rng.randint(5, 40))
        seen_only = rng.random() < 0.004  # a feed was added: its current items are not news
        batch = tuple(_article(rng, words, now, made + n, recent) for n in range(size))
        made += size
        recent = [*recent[-200:], *batch]
        yield Poll(now, seen_only, batch)


def _article(
    rng: random.Random, words: _Words, now: datetime, number: int, recent: list[Article]
) -> Article:
    outlet = rng.choice(_OUTLETS)
    url = f"https://{outlet.replace(' ', '').lower()}.example/{now:%Y/%m/%d}/{number}"
    if recent and rng.random() < COPY_SHARE:
        original = rng.choice(recent)
        return Article(
            title=original.title,
            paragraphs=original.paragraphs,
            url=url,
            outlet=outlet,
            agency=original.agency or "Wire Service",
            published=original.published,
        )
    title, mentions = _headline(rng, words)
    paragraphs = tuple(_paragraph(rng, words, mentions, n) for n in range(4))
    return Article(
        title=title,
        paragraphs=paragraphs,
        url=url,
        outlet=outlet,
        published=_published(rng, now),
        guid=f"tag:{url[8:]}" if rng.random() < 0.5 else None,
        byline=f"By Reporter {rng.randrange(3000)}",
        language="en",
    )


def _headline(rng: random.Random, words: _Words) -> tuple[str, list[str]]:
    pick = rng.random()
    for share, title_words, mentions in _TOPICS:
        if pick < share:
            extra = " ".join(words.some(rng, rng.randint(3, 6)))
            return f"{' and '.join(title_words)} {rng.choice(_VERBS)} {extra}", mentions
        pick -= share
    subject = rng.choice(_SUBJECTS)
    rest = words.some(rng, rng.randint(4, 8))
    if rng.random() < 0.05:  # a topic word where the story is about something else
        rest.insert(rng.randrange(len(rest) + 1), rng.choice(_STRAY_WORDS))
    return f"{subject} {rng.choice(_VERBS)} {' '.join(rest)}", []


def _paragraph(rng: random.Random, words: _Words, mentions: list[str], n: int) -> str:
    body = words.some(rng, rng.randint(10, 22))
    if mentions and rng.random() < 0.6:
        body.insert(rng.randrange(len(body) + 1), rng.choice(mentions))
    text = " ".join(body).capitalize() + "."
    if n == 1:
        quote = " ".join(words.some(rng, rng.randint(6, 12))).capitalize()
        text += f' "{quote}," said Official {rng.randrange(500)}.'
    return text


def _published(rng: random.Random, now: datetime) -> datetime | None:
    kind = rng.random()
    if kind < 0.08:
        return None
    if kind < 0.10:
        return now - timedelta(days=rng.uniform(2, 30))
    if kind < 0.11:
        return now + timedelta(minutes=rng.uniform(1, 180))
    return now - timedelta(minutes=rng.expovariate(1 / 90))
