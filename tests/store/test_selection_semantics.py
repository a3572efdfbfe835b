"""The index-driven selection returns exactly what the topic rules say, on a varied store.

The oracle below reads every article and its terms and applies the rules in Python: one word of
every group (``all`` terms, the ``any`` terms together), no excluded word, first seen in the
window, seen-only and sent articles (and copies of sent ones) left out when asked, newest
(publication, else first sight) first, ties by id, cut at the limit.
"""

from __future__ import annotations

import random
from collections import defaultdict
from dataclasses import dataclass, replace
from datetime import datetime, timedelta

import pytest
from sqlalchemy import Connection, Engine, select

from bot.resources import resource_dir
from bot.store import selection
from bot.store.articles import save_articles
from bot.store.schema import article_terms, articles, sent_articles
from bot.store.selection import candidate_ids, mark_sent
from bot.text.topics import Topic, TopicCatalog, load_topics, parse_topics
from fakes.digest import T0, article, store_article

_WORDS = (
    "putin vladimir biden joe russia russian washington american ecb european fed fomc "
    "federal reserve england boe central bank rates interest rate hike cut crypto climate "
    "cop cop31 emissions council court budget"
).split()
_FILLER = "talks summit plan market vote minister deal week report storm".split()
_SLUGS = (
    "putin-biden",
    "russia-us",
    "central-banks",
    "rates",
    "climate",
    "ecb-rates",
    "council",
    "crypto-fed",
    "absentword",
)


@dataclass(frozen=True)
class _Row:
    id: int
    order: datetime
    first_seen: datetime
    seen_only: bool
    duplicate_of: int | None
    terms: frozenset[str]


def _fill(conn: Connection, rng: random.Random, count: int) -> None:
    ids: list[int] = []
    for n in range(count):
        words = rng.sample(_WORDS, rng.randint(1, 4)) + rng.sample(_FILLER, 2)
        # First sight grows with the id, as when polls store articles, give or take a few hours.
        first_seen = T0 - timedelta(hours=24 * 20 * (count - n) / count + rng.uniform(-3, 3))
        published = rng.choice(
            [
                None,
                first_seen - timedelta(minutes=rng.randrange(600)),
                first_seen - timedelta(days=rng.randrange(30)),  # old news, seen late
                first_seen + timedelta(hours=1),  # future-dated by its feed
                T0 - timedelta(days=2),  # shared by many: ties broken by id
            ]
        )
        copy_of = rng.choice(ids) if ids and rng.random() < 0.1 else None
        item = article(f"{' '.join(words).title()} {n}", "Lead.", published=published)
        seen_only = rng.random() < 0.15
        ids.append(
            store_article(
                conn, item, first_seen=first_seen, seen_only=seen_only, duplicate_of=copy_of
            )
        )
    mark_sent(conn, "T1", "C1", rng.sample(ids, count // 5), T0)


def _rows(conn: Connection) -> list[_Row]:
    terms: defaultdict[int, set[str]] = defaultdict(set)
    for term, article_id in conn.execute(select(article_terms.c.term, article_terms.c.article_id)):
        terms[article_id].add(term)
    query = select(
        articles.c.id,
        articles.c.published,
        articles.c.first_seen,
        articles.c.seen_only,
        articles.c.duplicate_of,
    )
    return [_Row(i, p or f, f, s, d, frozenset(terms[i])) for i, p, f, s, d in conn.execute(query)]


def _expected(
    rows: list[_Row],
    sent: set[int],
    topic: Topic,
    *,
    since: datetime | None,
    sent_to: bool,
    include_seen_only: bool,
    limit: int,
) -> list[int]:
    groups = [t.key_words() for t in topic.all_terms]
    if topic.any_terms:
        groups.append(frozenset().union(*(t.key_words() for t in topic.any_terms)))
    excluded = {p[0] for t in topic.exclude for p in t.phrases if len(p) == 1}
    hits = [
        r
        for r in rows
        if all(r.terms & g for g in groups)
        and not r.terms & excluded
        and (since is None or r.first_seen >= since)
        and (include_seen_only or not r.seen_only)
        and not (sent_to and (r.id in sent or r.duplicate_of in sent))
    ]
    hits.sort(key=lambda r: (r.order, r.id), reverse=True)
    return [r.id for r in hits[:limit]]


@pytest.fixture
def catalog() -> TopicCatalog:
    configured = load_topics(resource_dir("config") / "topics.toml")
    extra = parse_topics({"topics": {"council": {"all": ["council"], "exclude": ["budget"]}}})
    configured.topics.update(extra.topics)
    return configured


@pytest.mark.parametrize(
    ("rare_group_rows", "narrow_window_ids"),
    [(1, 60), (selection.RARE_GROUP_ROWS, 60), (1000, 10_000)],
)
def test_selection_matches_the_topic_rules(
    engine: Engine,
    catalog: TopicCatalog,
    monkeypatch: pytest.MonkeyPatch,
    rare_group_rows: int,
    narrow_window_ids: int,
) -> None:
    # 1: every group counts as common, so the first group drives; else the rarest drives.
    monkeypatch.setattr(selection, "RARE_GROUP_ROWS", rare_group_rows)
    # 60 of 400 ids: windows of up to 3 days are read by id range, longer ones walked.
    monkeypatch.setattr(selection, "NARROW_WINDOW_IDS", narrow_window_ids)
    with engine.begin() as conn:
        _fill(conn, random.Random(13), 400)
        rows = _rows(conn)
        sent = {i for (i,) in conn.execute(select(sent_articles.c.article_id))}
        checked = 0
        for since in (
            None,
            T0 - timedelta(hours=1),
            T0 - timedelta(days=2),
            T0 - timedelta(days=12),
            T0 - timedelta(days=40),
        ):
            for slug in _SLUGS:
                topic = catalog.resolve(slug)
                for sent_to, include_seen_only, limit in (
                    (False, True, 200),
                    (False, False, 7),
                    (True, False, 200),
                    (True, False, 3),
                    (False, True, 1),
                ):
                    got = candidate_ids(
                        conn,
                        topic,
                        since=since,
                        exclude_sent_to=("T1", "C1") if sent_to else None,
                        include_seen_only=include_seen_only,
                        limit=limit,
                    )
                    want = _expected(
                        rows,
                        sent,
                        topic,
                        since=since,
                        sent_to=sent_to,
                        include_seen_only=include_seen_only,
                        limit=limit,
                    )
                    assert got == want, (slug, since, sent_to, include_seen_only, limit)
                    checked += len(want)
    assert checked > 1000  # the store is varied enough that most requests find articles


def test_a_window_with_no_article_selects_nothing(engine: Engine, catalog: TopicCatalog) -> None:
    with engine.begin() as conn:
        store_article(conn, article("Putin and Biden talk"), first_seen=T0)
        got = candidate_ids(conn, catalog.resolve("putin-biden"), since=T0 + timedelta(hours=1))
    assert got == []


def test_a_corrected_publication_time_moves_the_article(
    engine: Engine, catalog: TopicCatalog
) -> None:
    """save_articles rewrites an updated article's index rows with its new order."""
    topic = catalog.resolve("putin-biden")
    first = article("Putin and Biden meet", url="https://a.example/1", published=T0)
    second = article("Putin, Biden talk", url="https://a.example/2", published=T0)
    with engine.begin() as conn:
        saved = save_articles(conn, [first, second], now=T0)
        assert candidate_ids(conn, topic) == saved.new[::-1]  # same time: higher id first
        moved = replace(first, published=T0 + timedelta(hours=1))
        save_articles(conn, [moved], now=T0 + timedelta(hours=2))
        assert candidate_ids(conn, topic) == saved.new
