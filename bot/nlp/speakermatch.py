"""When does a predicted speaker count as the annotated source? (real-news scoring)

Annotated sources are mentions as the text gives them: "Republican pollster Bill McInturff",
"Sen. Ted Cruz (R-Texas)", "Vitter", "he", "a spokesman for the Clinton campaign". newsbot
prints a resolved name ("Bill McInturff", "David Vitter"). A predicted speaker P matches the
source mention M when one of these holds (case, spacing, a leading article and a possessive
"'s" do not count):

1. ``same``: P and M are the same words, or P is M's plain description before its complement
   ("a longtime adviser" for "a longtime adviser to Trump", two words or more, no name);
2. ``name``: P names the person M's name head names. M's name head is the trailing run of
   capitalised words of M's first part (before a comma, bracket or relative clause), or of
   its second part when the first has none ("Trump's state director, Mike Rubino,"). A
   surname alone may stand anywhere in a person's name of two or three words ("Ms. Gao" is
   Gao Junlan). Otherwise their
   last words (the surnames) must agree, and when both give a word before the surname, those
   agree too unless M's is a title or honorific ("Mrs. Clinton" is Hillary Clinton; "Bill
   Clinton" is not); a suffix ("Jr.", "III") after either name does not count;
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

from bot.nlp.lexicon import HONORIFICS, NAME_SUFFIXES, ORG_HEADS, ORG_WORDS, TITLE_WORDS

_WORD = re.compile(r"[^\W_]+(?:['’.\-][^\W_]+)*\.?")
_ARTICLES = ("a", "an", "the")
_PRONOUNS = frozenset("i we you he she it they me us him her them".split())
_FIRST_PART = re.compile(r",|\(|\s(?:who|which|whose)\s")
_COMPLEMENT = re.compile(r",|\(|\s(?:who|which|whose|that|known|to)\s")
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
    parts = _FIRST_PART.split(mention)
    head = _part_head(parts[0])
    if not head and len(parts) > 1:
        # "Trump's Virginia state director, Mike Rubino,": the name is set off after the role.
        return _part_head(parts[1])
    return head


def _part_head(first: str) -> list[str]:
    # "Dr. Ana Lee of the institute" is Ana Lee; "Secretary of State John Kerry" is Kerry.
    before = _trailing_caps(_words(_AFFILIATION.split(first, maxsplit=1)[0]))
    if any(not _is_title(w) for w in before):
        return before
    return _trailing_caps(_words(first))


def _is_title(word: str) -> bool:
    low = word.casefold()
    return low in TITLE_WORDS or low in HONORIFICS or low.endswith(".")


def _without_suffix(words: Sequence[str]) -> Sequence[str]:
    """ "Robert P. Casey Jr." names Robert P. Casey: a suffix after a name is no surname."""
    if len(words) > 1 and words[-1].casefold() in NAME_SUFFIXES:
        return words[:-1]
    return words


def _same_person(predicted: Sequence[str], head: Sequence[str]) -> bool:
    predicted, head = _without_suffix(predicted), _without_suffix(head)
    if not predicted or not head:
        return False
    if predicted[-1].casefold() != head[-1].casefold():
        # "Ms. Gao" is Gao Junlan, "Ms. Acosta" Melba Acosta Febo: a surname alone (maybe
        # after a title) may stand first or in the middle of a full name of up to 3 words.
        surname_only = all(_is_title(w) for w in head[:-1])
        words = [w.casefold() for w in predicted]
        person = words[-1] not in ORG_WORDS and words[-1] not in ORG_HEADS  # no "X Foundation"
        return surname_only and person and 2 <= len(words) <= 3 and head[-1].casefold() in words
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
    if _norm(predicted) == _norm(source) or _same_description(predicted, source):
        return "same"
    if _same_person(mine, _name_head(source)):
        return "name"
    if _inside(mine, _words(source)):
        return "inside"
    for name in coref:
        if _norm(predicted) == _norm(name) or _same_person(mine, _name_head(name)):
            return "coref"
    return ""


def _same_description(predicted: str, source: str) -> bool:
    """ "a longtime adviser" for "a longtime adviser to Trump", "the base chief" for "the base
    chief known as Bob": the description before its complement, two words or more."""
    mine = _norm(predicted)
    head = _norm(_COMPLEMENT.split(source, maxsplit=1)[0])
    return len(mine) >= 2 and mine == head and not _has_capital(_words(predicted))


def is_nameable(source: str | None, coref: Sequence[str] = ()) -> bool:
    """Can any printed name match ``source``? Not for "I", nor for a "he" or "the official"
    whose coreference chain names nobody."""
    if source is None or coref:
        return True
    if source.strip().casefold() in _PRONOUNS:
        return False
    return bool(_name_head(source)) or _has_capital(_words(source)[1:])


def _has_capital(words: Sequence[str]) -> bool:
    return any(w[:1].isupper() for w in words)


def speaker_matches(predicted: str | None, source: str | None, coref: Sequence[str] = ()) -> bool:
    return bool(match_kind(predicted, source, coref))
