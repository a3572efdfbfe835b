"""When does a predicted speaker count as the annotated source? (real-news scoring)

Annotated sources are mentions as the text gives them: "Republican pollster Bill McInturff",
"Sen. Ted Cruz (R-Texas)", "Vitter", "he", "a spokesman for the Clinton campaign". newsbot
prints a resolved name ("Bill McInturff", "David Vitter"). A predicted speaker P matches the
source mention M when one of these holds (case, spacing, a leading article and a possessive
"'s" do not count):

1. ``same``: P and M are the same words;
2. ``name``: P names the person M's name head names. M's name head is the trailing run of
   capitalised words of M's first part (before a comma, bracket or relative clause). Their
   last words (the surnames) must agree, and when both give a word before the surname, those
   agree too unless M's is a title or honorific ("Mrs. Clinton" is Hillary Clinton; "Bill
   Clinton" is not);
3. ``inside``: P is a capitalised run of words inside M with no capitalised word after it in
   M: the organisation in "a spokesman for the Clinton campaign", "the Trump campaign's
   spokeswoman";
4. ``coref``: M has no proper name ("he", "the senator") and P matches, by 1 or 2, one of the
   proper-noun mentions of M's coreference chain (CoreNLP's, shipped with the corpus).

A None prediction matches only an unsourced quote.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from bot.nlp.lexicon import HONORIFICS, TITLE_WORDS

_WORD = re.compile(r"[^\W_]+(?:['’.\-][^\W_]+)*\.?")
_ARTICLES = ("a", "an", "the")
_FIRST_PART = re.compile(r",|\(|\s(?:who|which|whose)\s")
_AFFILIATION = re.compile(r"\s(?:of|at|for|from|with)\s")


def _words(text: str) -> list[str]:
    out = []
    for w in _WORD.findall(text):
        for tail in ("'s", "’s"):
            w = w.removesuffix(tail)
        out.append(w)
    return out


def _norm(text: str) -> list[str]:
    words = [w.casefold() for w in _words(text)]
    return words[1:] if words and words[0] in _ARTICLES else words


def _trailing_caps(words: list[str]) -> list[str]:
    k = len(words)
    while k > 0 and words[k - 1][:1].isupper():
        k -= 1
    return words[k:]


def _name_head(mention: str) -> list[str]:
    first = _FIRST_PART.split(mention, maxsplit=1)[0]
    # "Dr. Ana Lee of the institute" is Ana Lee; "Secretary of State John Kerry" is Kerry.
    before = _trailing_caps(_words(_AFFILIATION.split(first, maxsplit=1)[0]))
    if any(not _is_title(w) for w in before):
        return before
    return _trailing_caps(_words(first))


def _is_title(word: str) -> bool:
    low = word.casefold()
    return low in TITLE_WORDS or low in HONORIFICS or low.endswith(".")


def _same_person(predicted: Sequence[str], head: Sequence[str]) -> bool:
    if not predicted or not head or predicted[-1].casefold() != head[-1].casefold():
        return False
    if len(predicted) >= 2 and len(head) >= 2:
        mine, theirs = predicted[-2].casefold(), head[-2].casefold()
        return mine == theirs or _is_title(head[-2]) or _is_title(predicted[-2])
    return True


def _inside(predicted: Sequence[str], mention: Sequence[str]) -> bool:
    """A capitalised run of words of ``mention`` with nothing capitalised after it."""
    n = len(predicted)
    if not n or not predicted[0][:1].isupper():
        return False
    low = [w.casefold() for w in predicted]
    for k in range(len(mention) - n + 1):
        if [w.casefold() for w in mention[k : k + n]] == low:
            rest = mention[k + n :]
            return not any(w[:1].isupper() for w in rest)
    return False


def match_kind(predicted: str | None, source: str | None, coref: Sequence[str] = ()) -> str:
    """Which definition matched (``same``/``name``/``inside``/``coref``), or "" for none."""
    if predicted is None or source is None:
        return "same" if predicted is None and source is None else ""
    mine = _words(predicted)
    if _norm(predicted) == _norm(source):
        return "same"
    if _same_person(mine, _name_head(source)):
        return "name"
    if _inside(mine, _words(source)):
        return "inside"
    for name in coref:
        if _norm(predicted) == _norm(name) or _same_person(mine, _name_head(name)):
            return "coref"
    return ""


def speaker_matches(predicted: str | None, source: str | None, coref: Sequence[str] = ()) -> bool:
    return bool(match_kind(predicted, source, coref))
