"""Extractive summaries: one to three sentences of the article, verbatim and in article order.

Each usable sentence is scored by its rank among the usable sentences (news puts the point
first), its overlap with the title, and its centrality (how common its words are in the whole
article). Datelines ("MOSCOW (Reuters) -", "(CNN)") are cut off the front of a sentence; bylines,
captions, photo credits, pointers to a video and sentences that are mostly quotation are never
used, nor a sentence that repeats one already chosen. Sentences are added best first until the
summary holds about 13 words per allowed sentence (40 for three): human news summaries are short,
and ROUGE F1 on the CNN/DailyMail highlights peaks there (docs/summaries.md). Linear in the text
size, so far cheaper than graph rankers such as LexRank.
"""

from __future__ import annotations

import bisect
import re
from collections import Counter
from collections.abc import Sequence
from itertools import chain
from typing import NamedTuple

from bot.model import Quote
from bot.nlp.furniture import furniture_rule
from bot.nlp.lexicon import STOPWORDS
from bot.nlp.sentences import split_sentences

# "MOSCOW (Reuters) - ", "WASHINGTON, Dec 3 (AP) — ", "LONDON — ": the dateline before the news.
_DATELINE = re.compile(
    r"^[A-Z][A-Z.'’ -]{1,30}(?:,\s?[A-Z][\w.]{0,12}(?: \d{1,2})?)?\s?"
    r"(?:\([^()\n]{1,30}\))?\s?[-–—]{1,2}\s+(?=\S)"
)
# "(CNN)The ...", "Lausanne, Switzerland (CNN)Nuclear ...", "Kano, Nigeria (AP) -- ...": a
# place in title case, then a news agency in brackets, with or without a dash or a space.
_AGENCY_REACH = 80  # an agency dateline's bracket opens this close to the start
_AGENCY_DATELINE = re.compile(
    r"^(?:[A-Z][\w.'’-]*(?:[ ,]{1,2}[A-Z][\w.'’-]*){0,4}\s?)?"
    r"\((?:CNN|AP|AFP|UPI|Reuters|Bloomberg)[\w .]{0,20}\)\s*(?:[-–—]{1,2}\s*)?(?=\S)"
)
_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)?")
MIN_WORDS, MAX_WORDS = 6, 70
# Words of summary per allowed sentence: sentences are added until the summary holds
# ``max_sentences * WORDS_PER_SENTENCE`` words. CNN/DailyMail highlights run 35-55 words.
WORDS_PER_SENTENCE = 13
# Rank among usable sentences, title overlap, centrality. Tuned on the CNN/DailyMail validation
# tuning part (docs/summaries.md): centrality matters more than it did, rank still leads.
_W_POSITION, _W_TITLE, _W_CENTRAL = 1.0, 1.2, 3.0
# Two sentences repeat each other when they share this much of their words (Jaccard), or when
# nearly all of the shorter one's words are in the other (a caption restating the lead).
_SAME_JACCARD, _SAME_CONTAINED = 0.5, 0.8
# How a usable sentence may start: a capital, a digit or an opening quote mark.
_OPENERS = frozenset("\"“‘'«(")


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
    """The sentence without a leading dateline ("MOSCOW (Reuters) - ", "(CNN)")."""
    match = _DATELINE.match(sentence)
    if match is None and "(" in sentence[:_AGENCY_REACH]:
        match = _AGENCY_DATELINE.match(sentence)
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


def _usable(sentence: str, words: list[str]) -> bool:
    n = len(sentence.split())
    first = sentence[0]
    return (
        MIN_WORDS <= n <= MAX_WORDS
        and (first.isupper() or first.isdigit() or first in _OPENERS)
        and sentence[-1] in ".!?\"”’'»)"
        and furniture_rule(sentence, words) is None
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
            or not _usable(sentence, sentence_terms[order])
            or _quoted_share(start, end, quotes, starts) > 0.4
        ):
            continue
        terms = sentence_terms[order] if sentence is raw else _content_terms(sentence)
        if not terms:
            continue
        central = sum(map(freq.__getitem__, terms)) / (len(terms) * top)
        overlap = len(title_terms.intersection(terms)) / len(title_terms) if title_terms else 0.0
        # The rank among usable sentences, not in the text: bylines, stamps and captions at
        # the top do not push the first story sentence down.
        position = 1.0 / (1.0 + len(out))
        score = _W_POSITION * position + _W_TITLE * overlap + _W_CENTRAL * central
        out.append(_Candidate(order, sentence, terms, score))
    return out


def _repeats(terms: frozenset[str], chosen: Sequence[frozenset[str]]) -> bool:
    """Does a sentence with ``terms`` say again what a chosen sentence says?"""
    for other in chosen:
        shared = len(terms & other)
        if shared / max(1, len(terms | other)) > _SAME_JACCARD:
            return True
        if shared / max(1, min(len(terms), len(other))) > _SAME_CONTAINED:
            return True
    return False


def summarize(
    text: str,
    *,
    title: str | None = None,
    quotes: Sequence[Quote] = (),
    max_sentences: int = 3,
) -> list[str]:
    """Up to ``max_sentences`` sentences of ``text``, verbatim, in article order.

    Sentences are taken best first until they hold ``max_sentences * WORDS_PER_SENTENCE``
    words. ``quotes`` are the quotes to avoid repeating (sentences mostly inside them are
    skipped). An empty or sentence-less text gives an empty list.
    """
    budget = max_sentences * WORDS_PER_SENTENCE
    words = 0
    chosen: list[_Candidate] = []
    chosen_terms: list[frozenset[str]] = []
    ranked = sorted(_candidates(text, title, quotes), key=lambda c: (-c.score, c.order))
    for cand in ranked:
        if len(chosen) >= max_sentences or words >= budget:
            break
        terms = frozenset(cand.terms)
        if not _repeats(terms, chosen_terms):
            chosen.append(cand)
            chosen_terms.append(terms)
            words += len(cand.text.split())
    return [c.text for c in sorted(chosen, key=lambda c: c.order)]
