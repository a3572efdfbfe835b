"""Terms: the normalised words that topics match against and the store indexes.

Indexing and querying must agree on normalisation, so both go through ``normalize_term``.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from functools import lru_cache
from itertools import chain

_WORD = re.compile(r"[^\W_]+(?:['’-][^\W_]+)*", re.UNICODE)
MAX_TERM_LENGTH = 64
# How much of the body counts for topic matching: the title plus the lead paragraphs.
LEAD_PARAGRAPHS = 4
# Distinct words remembered by ``_cached_term``: a news vocabulary fits, memory stays small.
_CACHED_WORDS = 1 << 17

STOPWORDS = frozenset(
    (
        "a an and are as at be been but by for from had has have he her his in into is it its "
        "of on or our she that the their them they this to was we were which who will with "
        "would you your not no said says say"
    ).split()
)


def normalize_term(word: str) -> str:
    """Case-folded, accent-stripped, possessive-free form of one word."""
    if word.isascii():
        # casefold() is lower() on ASCII and there is nothing to decompose: the common case.
        folded = word.lower()
    else:
        folded = unicodedata.normalize("NFKD", word.casefold())
        folded = "".join(ch for ch in folded if not unicodedata.combining(ch))
        folded = folded.replace("’", "'")
    if folded.endswith("'s"):
        folded = folded[:-2]
    return folded[:MAX_TERM_LENGTH]


# Words repeat a lot across articles; normalising each spelling once saves most of the work.
_cached_term = lru_cache(maxsize=_CACHED_WORDS)(normalize_term)


def words(text: str) -> list[str]:
    """Every word of ``text``, normalised; hyphenated words also yield their parts."""
    out: list[str] = []
    for word in _WORD.findall(text):
        term = _cached_term(word)
        out.append(term)
        if "-" in term:
            out.extend(part for part in term.split("-") if part)
    return out


def index_terms(title: str, paragraphs: Iterable[str]) -> set[str]:
    """The distinct terms an article is found by: title and lead, stop words left out."""
    lead = " ".join(list(paragraphs)[:LEAD_PARAGRAPHS])
    # Each distinct spelling once: the set of terms is the same, the work much smaller.
    return set(chain.from_iterable(map(_indexed, set(_WORD.findall(f"{title} {lead}")))))


@lru_cache(maxsize=_CACHED_WORDS)
def _indexed(word: str) -> tuple[str, ...]:
    """The index terms one spelling gives: its term and, when hyphenated, its parts."""
    term = _cached_term(word)
    forms = [term, *term.split("-")] if "-" in term else [term]
    return tuple(t for t in forms if t not in STOPWORDS and len(t) > 1)
