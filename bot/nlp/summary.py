"""Extractive summaries: one to three sentences of the article, verbatim and in article order.

Each sentence is scored by its position (news puts the point first), its overlap with the title,
and its centrality (how common its words are in the whole article). Datelines are cut off the
front of a sentence; bylines, boilerplate and sentences that are mostly quotation are skipped.
Linear in the text size, so far cheaper than graph rankers such as LexRank.
"""

from __future__ import annotations

import bisect
import re
from collections import Counter
from collections.abc import Sequence
from itertools import chain
from typing import NamedTuple

from bot.model import Quote
from bot.nlp.lexicon import STOPWORDS
from bot.nlp.sentences import split_sentences

# "MOSCOW (Reuters) - ", "WASHINGTON, Dec 3 (AP) — ", "LONDON — ": the dateline before the news.
_DATELINE = re.compile(
    r"^[A-Z][A-Z.'’ -]{1,30}(?:,\s?[A-Z][\w.]{0,12}(?: \d{1,2})?)?\s?"
    r"(?:\([^()\n]{1,30}\))?\s?[-–—]{1,2}\s+(?=\S)"
)
# Two patterns rather than one "^...|\|..." alternation: a search for that tries both at every
# position of every sentence, while these are one anchored match and a rare "|" check.
_BOILERPLATE = re.compile(
    r"(?:by\s+[A-Z]|\(?this (?:story|article) (?:has|was)|reporting by|editing by|writing by|"
    r"additional reporting|copyright|all rights reserved|click here|read more|sign up|"
    r"subscribe|follow us|related:|advertisement|share this|updated:)",
    re.IGNORECASE,
)
_STAMP = re.compile(r"\|\s*(?:updated|created)\s*:", re.IGNORECASE)
_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)?")
MIN_WORDS, MAX_WORDS = 6, 70
_W_POSITION, _W_TITLE, _W_CENTRAL = 1.0, 1.2, 0.8


class _Candidate(NamedTuple):
    # A named tuple, not a frozen dataclass: most sentences are candidates, and a tuple is
    # several times cheaper to make. ``terms`` become a set only for the few that are compared.
    order: int
    text: str
    terms: list[str]
    score: float


def _content_terms(text: str) -> list[str]:
    # Plain lower-cased words: scoring needs no accent folding, and this runs per sentence.
    return [t for t in _WORD.findall(text.lower()) if len(t) > 1 and t not in STOPWORDS]


def strip_dateline(sentence: str) -> str:
    """The sentence without a leading dateline ("MOSCOW (Reuters) - ")."""
    match = _DATELINE.match(sentence)
    return sentence[match.end() :] if match else sentence


def _quoted_share(start: int, end: int, quotes: Sequence[Quote], starts: Sequence[int]) -> float:
    """Share of ``text[start:end]`` inside quotes (sorted by start; ``starts`` their starts)."""
    inside = 0
    # Quotes never overlap, so only the one before ``start`` and those opening inside count.
    for q in quotes[
        max(0, bisect.bisect_right(starts, start) - 1) : bisect.bisect_left(starts, end)
    ]:
        inside += max(0, min(end, q.end) - max(start, q.start))
    return inside / max(1, end - start)


def _usable(text: str, sentence: str) -> bool:
    n = len(sentence.split())
    return (
        MIN_WORDS <= n <= MAX_WORDS
        and not _BOILERPLATE.match(sentence)
        and not ("|" in sentence and _STAMP.search(sentence))
        and sentence[0].isupper()
        and sentence[-1] in ".!\"”’'»)"
    )


def _candidates(text: str, title: str | None, quotes: Sequence[Quote]) -> list[_Candidate]:
    spans = split_sentences(text)
    quotes = sorted(quotes, key=lambda q: q.start)
    starts = [q.start for q in quotes]
    # Sentences tile the text's words, so their terms together are the text's terms: one pass.
    sentence_terms = [_content_terms(text[start:end]) for start, end in spans]
    freq = Counter(chain.from_iterable(sentence_terms))
    top = max(freq.values(), default=1)
    title_terms = set(_content_terms(title or ""))
    out: list[_Candidate] = []
    for order, (start, end) in enumerate(spans):
        raw = text[start:end]
        sentence = strip_dateline(raw)
        if (
            not sentence
            or not _usable(text, sentence)
            or _quoted_share(start, end, quotes, starts) > 0.4
        ):
            continue
        terms = sentence_terms[order] if sentence is raw else _content_terms(sentence)
        if not terms:
            continue
        central = sum(map(freq.__getitem__, terms)) / (len(terms) * top)
        overlap = len(title_terms.intersection(terms)) / len(title_terms) if title_terms else 0.0
        position = 1.0 / (1.0 + order)
        score = _W_POSITION * position + _W_TITLE * overlap + _W_CENTRAL * central
        out.append(_Candidate(order, sentence, terms, score))
    return out


def _redundant(terms: frozenset[str], chosen: Sequence[frozenset[str]]) -> bool:
    return any(len(terms & c) / max(1, len(terms | c)) > 0.5 for c in chosen)


def summarize(
    text: str,
    *,
    title: str | None = None,
    quotes: Sequence[Quote] = (),
    max_sentences: int = 3,
) -> list[str]:
    """Up to ``max_sentences`` sentences of ``text``, verbatim, in article order.

    ``quotes`` are the quotes to avoid repeating (sentences mostly inside them are skipped).
    An empty or sentence-less text gives an empty list.
    """
    chosen: list[_Candidate] = []
    chosen_terms: list[frozenset[str]] = []
    ranked = sorted(_candidates(text, title, quotes), key=lambda c: (-c.score, c.order))
    for cand in ranked:
        if len(chosen) >= max_sentences:
            break
        terms = frozenset(cand.terms)
        if not _redundant(terms, chosen_terms):
            chosen.append(cand)
            chosen_terms.append(terms)
    return [c.text for c in sorted(chosen, key=lambda c: c.order)]
