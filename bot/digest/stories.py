"""Stories: articles about one event, from one or many outlets, merged into one ``Story``.

Two articles belong together when

- one is a stored duplicate of the other (``duplicate_of``), or their texts are near-duplicates
  (Jaccard similarity of word 5-gram shingles), which catches syndicated agency copies, or
- they report the same event: their title-and-lead terms overlap strongly and they appeared
  within a time window. Overlap is the weighted overlap coefficient, shared weight over the
  smaller article's weight, with smoothed idf weights taken over the articles being clustered
  (words many candidates share count little). Overlap rather than cosine: a short report of an
  event is mostly contained in the wire's longer one.

Whether two articles report one event is a property of the two articles, not of the topic
that selected them: the topic's own words count like any others. (They once did not, and the
'rates' digest, whose words include 'bank of england', 'rates' and 'cut', split one Bank of
England decision in two that 'central-banks' merged.)

Clusters are the connected components of those links. Everything here is pure.
"""

from __future__ import annotations

import hashlib
import math
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from itertools import chain, combinations

from bot.digest.utterances import whole_utterances, with_named_speaker
from bot.model import Article, Quote, Source, Story
from bot.nlp.ranking import key_quotes
from bot.text.keys import quote_words, speaker_key
from bot.text.similarity import may_reach
from bot.text.similarity import shingles as word_shingles
from bot.text.topics import indexable, phrase_words

SHINGLE_SIZE = 5
# Syndicated copies differ only by datelines, credits and trimmed paragraphs: well above this.
DUPLICATE_JACCARD = 0.5
# Same-event threshold, tuned on invented reports (tests/digest/conftest.py and samples/):
# separate write-ups of one event overlap 0.24-0.61, different events on one topic under 0.1.
EVENT_OVERLAP = 0.2
# Two terms in common never make an event on their own.
MIN_SHARED_TERMS = 3
# idf as if this many more articles, none with the term, were clustered too: in a small pool
# (three reports of one event) plain idf would call every shared word common and worthless.
BACKGROUND_DOCS = 10
EVENT_WINDOW = timedelta(hours=48)
EVENT_LEAD_PARAGRAPHS = 2
# Among many candidates, a term or shingle in more than this share of them cannot on its own
# make two of them a pair worth comparing (it still counts in their similarity): keeps pair
# generation near linear. Up to _ALL_PAIRS_UP_TO candidates every sharing pair is compared.
_COMMON_SHARE = 0.5
_ALL_PAIRS_UP_TO = 50
KEY_QUOTES = 2
_NEVER = datetime.max.replace(tzinfo=UTC)


@dataclass(frozen=True)
class Item:
    """One article with its analysis, ready to be clustered."""

    id: int
    article: Article
    quotes: tuple[Quote, ...] = ()
    summary: tuple[str, ...] = ()
    first_seen: datetime | None = None
    duplicate_of: int | None = None
    match: float = 0.0

    @property
    def when(self) -> datetime | None:
        return self.article.published or self.first_seen


def shingles(text: str, size: int = SHINGLE_SIZE) -> frozenset[str]:
    return word_shingles(phrase_words(text), size)


class _Components:
    """Union-find over item positions."""

    def __init__(self, n: int) -> None:
        self.parent = list(range(n))

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def union(self, a: int, b: int) -> None:
        self.parent[self.find(a)] = self.find(b)

    def groups(self) -> list[list[int]]:
        out: dict[int, list[int]] = defaultdict(list)
        for i in range(len(self.parent)):
            out[self.find(i)].append(i)
        return list(out.values())


def _pairs_sharing(features: Sequence[Iterable[str]], max_df: int) -> set[tuple[int, int]]:
    """Pairs of positions that share at least one feature held by at most ``max_df`` items."""
    postings: dict[str, list[int]] = defaultdict(list)
    for i, feats in enumerate(features):
        for f in feats:
            postings[f].append(i)
    pairs: set[tuple[int, int]] = set()
    for holders in postings.values():
        if 1 < len(holders) <= max_df:
            pairs.update(combinations(holders, 2))
    return pairs


def _age_key(item: Item) -> tuple[datetime, int]:
    return (item.when or _NEVER, item.id)


def _max_df(n: int) -> int:
    return max(_ALL_PAIRS_UP_TO, int(n * _COMMON_SHARE))


@dataclass(frozen=True)
class _Words:
    """An article's words, read once for both kinds of link: title and each paragraph.

    No word spans the space or paragraph break that joins two texts, so the words of any
    joined text are these, concatenated.
    """

    title: tuple[str, ...]
    paragraphs: tuple[tuple[str, ...], ...]

    @classmethod
    def of(cls, article: Article) -> _Words:
        return cls(phrase_words(article.title), tuple(map(phrase_words, article.paragraphs)))

    def text(self) -> tuple[str, ...]:
        """The words of ``Article.text``."""
        return tuple(chain.from_iterable(self.paragraphs))

    def lead(self, paragraphs: int) -> tuple[str, ...]:
        """The words of the title and the first ``paragraphs`` paragraphs."""
        return tuple(chain(self.title, *self.paragraphs[:paragraphs]))


def _link_duplicates(
    items: Sequence[Item], words: Sequence[_Words], comps: _Components
) -> dict[int, int]:
    """Join copies to their originals; returns copy id -> original id for near-duplicates
    the store did not already know of (the earlier of two copies counts as the original)."""
    position = {item.id: i for i, item in enumerate(items)}
    for i, item in enumerate(items):
        if item.duplicate_of in position:
            comps.union(i, position[item.duplicate_of])
    sets = [word_shingles(w.text(), SHINGLE_SIZE) for w in words]
    found: dict[int, int] = {}
    for a, b in _pairs_sharing(sets, max_df=_max_df(len(items))):
        # Jaccard is at most the smaller set's size over the larger's: most pairs stop here.
        if not may_reach(sets[a], sets[b], DUPLICATE_JACCARD):
            continue
        shared = len(sets[a] & sets[b])
        if shared / (len(sets[a]) + len(sets[b]) - shared) >= DUPLICATE_JACCARD:
            comps.union(a, b)
            first, later = sorted((items[a], items[b]), key=_age_key)
            if later.duplicate_of is None:
                found.setdefault(later.id, first.id)
    return found


def _close_in_time(a: datetime | None, b: datetime | None) -> bool:
    return a is None or b is None or abs(a - b) <= EVENT_WINDOW


def _idf_weights(terms: Sequence[frozenset[str]], comps: _Components) -> dict[str, float]:
    # Document frequency per group of copies found so far: ten copies of one wire story must
    # not make its words look common.
    per_group: dict[int, set[str]] = defaultdict(set)
    for i, ts in enumerate(terms):
        per_group[comps.find(i)].update(ts)
    df = Counter(chain.from_iterable(per_group.values()))
    n = len(per_group) + BACKGROUND_DOCS
    return {t: math.log(1 + n / d) ** 2 for t, d in df.items()}


def _event_terms(words: _Words) -> frozenset[str]:
    return frozenset(filter(indexable, words.lead(EVENT_LEAD_PARAGRAPHS)))


def _link_events(items: Sequence[Item], words: Sequence[_Words], comps: _Components) -> None:
    terms = [_event_terms(w) for w in words]
    weight = _idf_weights(terms, comps)
    mass = [sum(map(weight.__getitem__, ts)) or 1.0 for ts in terms]
    when = [it.when for it in items]
    n = len(items)
    # Up to _ALL_PAIRS_UP_TO items every pair sharing a term is compared, and a pair sharing
    # none fails MIN_SHARED_TERMS: taking every pair links the same, without a term index.
    pairs = (
        combinations(range(n), 2) if n <= _ALL_PAIRS_UP_TO else _pairs_sharing(terms, _max_df(n))
    )
    for a, b in pairs:
        if comps.find(a) == comps.find(b):
            continue  # joined already: a link would change nothing
        shared = terms[a] & terms[b]
        if len(shared) < MIN_SHARED_TERMS or not _close_in_time(when[a], when[b]):
            continue
        if sum(map(weight.__getitem__, shared)) / min(mass[a], mass[b]) >= EVENT_OVERLAP:
            comps.union(a, b)


def cluster(items: Sequence[Item]) -> list[list[Item]]:
    """Group ``items`` by event; each group keeps the input order.

    A near-duplicate found here comes back with ``duplicate_of`` set to its original.
    """
    comps = _Components(len(items))
    words = [_Words.of(item.article) for item in items]
    copies = _link_duplicates(items, words, comps)
    _link_events(items, words, comps)
    marked = [replace(it, duplicate_of=copies[it.id]) if it.id in copies else it for it in items]
    return [[marked[i] for i in sorted(g)] for g in sorted(comps.groups(), key=min)]


def _best_key(item: Item, ids: set[int]) -> tuple[bool, bool, int, datetime, int]:
    # The original beats its copies; an article with a summary beats one without; then the
    # longest text (the most complete report), then the earliest, then the lowest id.
    is_copy = item.duplicate_of is not None and item.duplicate_of in ids
    return (is_copy, not item.summary, -len(item.article.text), *_age_key(item))


def order_best_first(items: Sequence[Item]) -> list[Item]:
    ids = {it.id for it in items}
    return sorted(items, key=lambda it: _best_key(it, ids))


def same_quote(a: Quote, b: Quote) -> bool:
    """One quote, perhaps worded more fully in one copy (see ``merge_quotes``)."""
    sa, sb = speaker_key(a.speaker), speaker_key(b.speaker)
    if sa is not None and sb is not None and sa != sb:
        return False
    ka, kb = quote_words(a), quote_words(b)
    return bool(ka and kb) and (ka in kb or kb in ka)


def _fuller(a: Quote, b: Quote) -> bool:
    """Whether ``a`` says more than ``b``: longer wording, else a (longer) speaker name."""

    def key(q: Quote) -> tuple[int, int]:
        return (len(quote_words(q)), len(q.speaker or ""))

    return key(a) > key(b)


def _tagged(quote: Quote, article: Article) -> Quote:
    """The quote with the article it was read in (kept when already set)."""
    if quote.source_url or quote.source_outlet:
        return quote
    return replace(quote, source_url=article.url, source_outlet=article.outlet)


def merge_quotes(items: Sequence[Item]) -> tuple[Quote, ...]:
    """Every distinct quote of ``items`` (best article first), each tagged with its source
    (URL and outlet).

    Two quotes are one when their speakers agree (or one is unknown) and one's words contain
    the other's; the fuller one is kept (see ``_fuller``), in the place of the first seen.
    """
    merged: list[Quote] = []
    for item in items:
        for quote in item.quotes:
            tagged = _tagged(quote, item.article)
            match = next((i for i, q in enumerate(merged) if same_quote(q, tagged)), None)
            if match is None:
                merged.append(tagged)
            elif _fuller(tagged, merged[match]):
                merged[match] = tagged
    return tuple(merged)


def story_sources(items: Sequence[Item]) -> tuple[Source, ...]:
    out: dict[object, Source] = {}
    for it in items:
        a = it.article
        key = a.url or (a.outlet, a.title)
        out.setdefault(key, Source(a.outlet, a.url, a.agency, a.published))
    return tuple(out.values())


def story_id(best: Item) -> str:
    """Stable across runs: the same best article gives the same id."""
    basis = best.article.url or best.article.fingerprint
    return "s" + hashlib.sha256(basis.encode("utf-8")).hexdigest()[:12]


def _earliest(values: Iterable[datetime | None]) -> datetime | None:
    present = [v for v in values if v is not None]
    return min(present) if present else None


def outline_story(items: Sequence[Item]) -> Story:
    """A story from a cluster without its quotes: title and summary of the best article, its
    sources, times, match strength and articles, which is all a digest ranks by. A digest
    outlines every cluster and quotes only the stories it shows (``with_quotes``)."""
    ordered = order_best_first(items)
    best = ordered[0]
    return Story(
        id=story_id(best),
        title=best.article.title,
        summary=best.summary,
        key_quotes=(),
        quotes=(),
        sources=story_sources(ordered),
        first_seen=_earliest(it.first_seen for it in ordered),
        published=_earliest(it.article.published for it in ordered),
        score=max(it.match for it in ordered),
        article_ids=tuple(sorted(it.id for it in ordered)),
    )


def with_quotes(story: Story, items: Sequence[Item]) -> Story:
    """``story``, outlined from ``items``, with every quote of its articles merged and its key
    quotes: the ``KEY_QUOTES`` best utterances, each with all of its parts."""
    ordered = order_best_first(items)
    best = ordered[0]
    quotes = tuple(with_named_speaker(q) for q in merge_quotes(ordered))
    chosen = key_quotes(list(quotes), title=best.article.title, text=best.article.text)
    return replace(story, key_quotes=whole_utterances(chosen[:KEY_QUOTES], quotes), quotes=quotes)


def make_story(items: Sequence[Item]) -> Story:
    """One story from a cluster: title and summary of the best article, everything merged."""
    return with_quotes(outline_story(items), items)


def make_stories(items: Sequence[Item]) -> list[Story]:
    return [make_story(group) for group in cluster(items)]
