"""Copy detection for new articles: which stored or earlier article each one copies, if any.

A *different* article whose text is the same (same fingerprint) or nearly the same (5-word
shingle Jaccard >= 0.8) as a recent original is a copy of it. Candidates are found cheaply:
by fingerprint (indexed) and by the few longest terms of the title and lead (*probes*),
looked up in ``article_terms`` for stored articles and in memory within the batch. Only
originals are ever copied from, so a chain of copies all point at its first article.

``copy_key`` is pure; ``find_copies`` reads the store in a few bulk statements.
"""

from __future__ import annotations

import heapq
import re
from collections import Counter, defaultdict, deque
from collections.abc import Collection, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from itertools import chain, islice
from typing import Any

from sqlalchemy import Connection, select, union_all

from bot.store.schema import article_terms, articles
from bot.text.similarity import jaccard, may_reach, sample_may_reach, shingles

# Copies of one story arrive within hours; looking further back only costs time.
DUPLICATE_WINDOW = timedelta(days=3)
NEAR_DUPLICATE = 0.8
# Below this many words two texts can match by accident (teasers, "Developing story...").
MIN_WORDS_FOR_COPY = 25
PROBE_TERMS = 4
MIN_PROBE_HITS = 2
MAX_CANDIDATES = 10
# Only the latest originals per probe term are looked at: a term in thousands of articles
# says nothing, and the bound keeps a save linear in the batch whatever the store holds.
MAX_POSTINGS = 50
_TOKEN = re.compile(r"\w+")
_CHUNK = 500  # ids per IN (...): well under SQLite's variable limit
_TERMS_PER_QUERY = 50  # limited sub-selects per UNION ALL
_SAMPLE = 24  # shingles: a stranger shares almost none, a copy almost all


@dataclass(frozen=True)
class CopyKey:
    """What copy detection needs of one new article; no shingles: too short to judge."""

    fingerprint: str
    shingles: frozenset[str]
    probes: tuple[str, ...]
    # A few of the shingles, to rule out most candidates cheaply (``sample_may_reach``).
    sample: frozenset[str] = frozenset()


@dataclass(frozen=True)
class CopyOf:
    """The original of a copy: a stored article's id, or an earlier position in the batch."""

    stored: int | None = None
    earlier: int | None = None


def copy_key(body: str, fingerprint: str, terms: Collection[str]) -> CopyKey:
    """The key of an article with this body, fingerprint and index terms."""
    tokens = _tokens(body)
    # Words are counted as written: case folding can split a word in other scripts.
    count = len(tokens) if body.isascii() else len(_TOKEN.findall(body))
    if count < MIN_WORDS_FOR_COPY:
        return CopyKey(fingerprint, frozenset(), ())
    runs = shingles(tokens)
    return CopyKey(fingerprint, runs, probe_terms(terms), frozenset(islice(runs, _SAMPLE)))


def probe_terms(terms: Collection[str]) -> tuple[str, ...]:
    """The ``PROBE_TERMS`` longest terms (alphabetical among equally long ones)."""
    return tuple(heapq.nsmallest(PROBE_TERMS, terms, key=_probe_order))


def text_shingles(text: str) -> frozenset[str]:
    return shingles(_tokens(text))


def _tokens(text: str) -> list[str]:
    return _TOKEN.findall(text.casefold())


def find_copies(conn: Connection, keys: Sequence[CopyKey], now: datetime) -> list[CopyOf | None]:
    """For each key in order, the original it copies, or None when it is an original."""
    stored_roots = _roots_by_fingerprint(conn, keys)
    stored_candidates = _stored_candidates(conn, keys, now)
    found: list[CopyOf | None] = []
    first_with: dict[str, int] = {}
    probe_index: defaultdict[str, deque[int]] = defaultdict(lambda: deque(maxlen=MAX_POSTINGS))
    for position, key in enumerate(keys):
        copy = _copy_of(position, key, keys, stored_roots, stored_candidates, first_with)
        if copy is None:
            copy = _near_in_batch(key, keys, probe_index)
        found.append(copy)
        if copy is None and key.shingles:  # an original: later ones may copy it
            first_with.setdefault(key.fingerprint, position)
            for probe in key.probes:
                probe_index[probe].append(position)
    return found


def _probe_order(term: str) -> tuple[int, str]:
    return (-len(term), term)


def _copy_of(
    position: int,
    key: CopyKey,
    keys: Sequence[CopyKey],
    stored_roots: Mapping[str, int],
    stored_candidates: Mapping[int, list[tuple[int, frozenset[str]]]],
    first_with: Mapping[str, int],
) -> CopyOf | None:
    """A copy by fingerprint (stored, then in the batch) or near a stored original."""
    if not key.shingles:
        return None  # too short to tell a copy from a coincidence
    if key.fingerprint in stored_roots:
        return CopyOf(stored=stored_roots[key.fingerprint])
    if key.fingerprint in first_with:
        return CopyOf(earlier=first_with[key.fingerprint])
    for row_id, theirs in stored_candidates.get(position, ()):
        if _near(key, theirs):
            return CopyOf(stored=row_id)
    return None


def _near_in_batch(
    key: CopyKey, keys: Sequence[CopyKey], probe_index: Mapping[str, Sequence[int]]
) -> CopyOf | None:
    """A near copy of an earlier original of the batch sharing enough probe terms."""
    if not key.shingles:
        return None
    hits = Counter(chain.from_iterable(probe_index.get(probe, ()) for probe in key.probes))
    for other in _best(hits):
        if _near(key, keys[other].shingles):
            return CopyOf(earlier=other)
    return None


def _best(hits: Mapping[int, int]) -> list[int]:
    """Up to ``MAX_CANDIDATES`` with at least ``MIN_PROBE_HITS`` hits, most hits first."""
    good = [k for k, n in hits.items() if n >= MIN_PROBE_HITS]
    return sorted(good, key=lambda k: -hits[k])[:MAX_CANDIDATES]


def _near(key: CopyKey, theirs: frozenset[str]) -> bool:
    mine = key.shingles
    return (
        may_reach(mine, theirs, NEAR_DUPLICATE)
        and sample_may_reach(key.sample, len(mine), theirs, NEAR_DUPLICATE)
        and jaccard(mine, theirs) >= NEAR_DUPLICATE
    )


# -- the store's side ---------------------------------------------------------------------


def _roots_by_fingerprint(conn: Connection, keys: Sequence[CopyKey]) -> dict[str, int]:
    """For each fingerprint already stored, the id of its first (original) copy."""
    prints = list({k.fingerprint for k in keys if k.shingles})
    roots: dict[str, int] = {}
    query = select(articles.c.fingerprint, articles.c.id, articles.c.duplicate_of)
    for chunk in _chunks(prints):
        for fingerprint, row_id, duplicate_of in conn.execute(
            query.where(articles.c.fingerprint.in_(chunk))
        ):
            root = duplicate_of or row_id
            roots[fingerprint] = min(root, roots.get(fingerprint, root))
    return roots


def _stored_candidates(
    conn: Connection, keys: Sequence[CopyKey], now: datetime
) -> dict[int, list[tuple[int, frozenset[str]]]]:
    """Recent stored originals sharing enough probe terms with each key, with shingles."""
    wanted = sorted({probe for key in keys for probe in key.probes})
    postings = _recent_postings(conn, wanted)
    per_key: dict[int, list[int]] = {}
    for position, key in enumerate(keys):
        hits = Counter(chain.from_iterable(postings.get(probe, ()) for probe in key.probes))
        if good := _best(hits):
            per_key[position] = good
    candidates = {r for ids in per_key.values() for r in ids}
    bodies = _shingles_of_originals(conn, candidates, now - DUPLICATE_WINDOW)
    return {key: [(r, bodies[r]) for r in ids if r in bodies] for key, ids in per_key.items()}


def _recent_postings(conn: Connection, terms: Sequence[str]) -> dict[str, list[int]]:
    """The latest ``MAX_POSTINGS`` article ids per term (ids grow with time)."""
    postings: defaultdict[str, list[int]] = defaultdict(list)
    for start in range(0, len(terms), _TERMS_PER_QUERY):
        limited = [
            select(article_terms.c.term, article_terms.c.article_id)
            .where(article_terms.c.term == term)
            .order_by(article_terms.c.article_id.desc())
            .limit(MAX_POSTINGS)
            .subquery()
            for term in terms[start : start + _TERMS_PER_QUERY]
        ]
        for term, row_id in conn.execute(union_all(*(select(sub) for sub in limited))):
            postings[term].append(row_id)
    return postings


def _shingles_of_originals(
    conn: Connection, ids: set[int], since: datetime
) -> dict[int, frozenset[str]]:
    """Shingles of the recent originals among ``ids``."""
    out: dict[int, frozenset[str]] = {}
    for chunk in _chunks(sorted(ids)):
        query = select(articles.c.id, articles.c.body).where(
            articles.c.id.in_(chunk),
            articles.c.first_seen >= since,
            articles.c.duplicate_of.is_(None),
        )
        for row_id, body in conn.execute(query):
            out[row_id] = text_shingles(body)
    return out


def _chunks(values: Sequence[Any]) -> Iterator[list[Any]]:
    for start in range(0, len(values), _CHUNK):
        yield list(values[start : start + _CHUNK])
