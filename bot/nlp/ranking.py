"""Which quotes are worth showing: newsworthy first, trivial ones last.

A quote scores for a length in the sweet spot (a full thought, not a paragraph), for a named
speaker, for sharing words with the title, and a little for coming early in the article.
"""

from __future__ import annotations

from collections.abc import Sequence

from bot.model import Quote
from bot.nlp.lexicon import STOPWORDS
from bot.text.terms import words

SWEET_SPOT = (8, 35)  # words
_TRIVIAL = frozenset({"no comment", "yes", "no", "thank you", "thanks", "ok", "okay"})


def _length_score(n: int) -> float:
    low, high = SWEET_SPOT
    if n < low:
        return n / low
    if n > high:
        return max(0.2, high / n)
    return 1.0


def _speaker_score(quote: Quote) -> float:
    if quote.speaker is None:
        return 0.0
    # A person with a full name beats an organisation or "a spokesperson".
    return 1.0 if quote.speaker[:1].isupper() and " " in quote.speaker else 0.7


def _is_trivial(terms: Sequence[str]) -> bool:
    folded = " ".join(terms)
    return folded in _TRIVIAL or len(folded.split()) < 3


def _score(quote: Quote, terms: Sequence[str], title_terms: frozenset[str], length: int) -> float:
    content = [t for t in terms if t not in STOPWORDS]
    overlap = len(title_terms.intersection(content)) / len(title_terms) if title_terms else 0.0
    early = 1.0 - quote.start / max(1, length)
    score = 1.5 * _length_score(len(quote.text.split())) + 1.2 * _speaker_score(quote)
    score += 1.0 * overlap + 0.3 * early
    return score - (2.0 if _is_trivial(terms) else 0.0)


def score_quote(quote: Quote, *, title_terms: frozenset[str], text_length: int) -> float:
    """Newsworthiness of one quote; higher is better."""
    return _score(quote, words(quote.text), title_terms, text_length)


def _ranked(quotes: Sequence[Quote], title: str, text: str) -> list[tuple[Quote, list[str]]]:
    """Quotes with their words, most newsworthy first; ties keep article order."""
    title_terms = frozenset(t for t in words(title) if t not in STOPWORDS)
    scored = []
    for i, quote in enumerate(quotes):
        terms = words(quote.text)  # normalised once, for the score and the triviality test
        scored.append((_score(quote, terms, title_terms, len(text)), i, quote, terms))
    scored.sort(key=lambda s: (-s[0], s[1]))
    return [(quote, terms) for _, _, quote, terms in scored]


def rank_quotes(quotes: Sequence[Quote], *, title: str, text: str) -> list[Quote]:
    """``quotes`` most newsworthy first; ties keep article order."""
    return [quote for quote, _ in _ranked(quotes, title, text)]


def key_quotes(quotes: Sequence[Quote], *, title: str, text: str, limit: int = 2) -> list[Quote]:
    """The best ``limit`` quotes, one per utterance, never a trivial one, in ranking order.

    A second speaker's best quote is preferred over the first speaker's second-best: a story
    with both sides quoted should show both.
    """
    candidates: list[Quote] = []
    seen: set[tuple[int, str]] = set()
    for quote, terms in _ranked(quotes, title, text):
        key = (quote.utterance, quote.source_url or "")
        if key in seen or _is_trivial(terms):
            continue
        seen.add(key)
        candidates.append(quote)
    out: list[Quote] = []
    speakers: set[str] = set()
    for quote in candidates:
        if len(out) < limit and (quote.speaker is None or quote.speaker not in speakers):
            out.append(quote)
            speakers.add(quote.speaker or "")
    out += [q for q in candidates if q not in out][: limit - len(out)]
    return sorted(out, key=candidates.index)
