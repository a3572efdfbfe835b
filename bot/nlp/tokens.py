"""Word, number and punctuation tokens with absolute offsets, built for speed.

Every token of an article outside its quotations is made here, so this is the hottest code in
newsbot's reading. The per-token work runs in C: one ``re.split`` gives the gaps and the tokens,
running sums of their lengths give the offsets, and a word's lower-case form and flags come
from a cache keyed by the word (news reuses a small vocabulary). Only full stops that belong to
an abbreviation or an initial ("Mr.", "W.") take a Python step, to be glued back on.
"""

from __future__ import annotations

import re
from itertools import accumulate, compress, count, repeat
from operator import add
from typing import NamedTuple

from bot.nlp.lexicon import ABBREVIATIONS, HONORIFICS, NOT_NAMES, ORG_WORDS, TITLE_WORDS

_KEEP_DOT = (
    HONORIFICS
    | {w for w in TITLE_WORDS if w.endswith(".")}
    | {w for w in ORG_WORDS if w.endswith(".")}
    | {w for w in NOT_NAMES if w.endswith(".")}
    | ABBREVIATIONS
)
_ABBREVIATIONS = frozenset(w[:-1] for w in _KEEP_DOT if w.endswith("."))
# Cheap alternatives only: a full stop is always its own token here, and the few that belong
# to an abbreviation or an initial are glued back on afterwards. The whole token is group 1 and
# its first character group 2, so ``split`` returns [gap, token, first, gap, token, first, ...].
# The pattern opens with that one character class so the regex engine skips whitespace with its
# fast prefix scan instead of trying every alternative at every gap (about a third faster);
# the branch is then chosen by looking back at that first character.
_TOKEN = re.compile(
    r"(([^\s_\"“”«»„‘’'])"  # any character that can start a token (quote marks: quotes.py)
    r"(?:(?<=[^\W\d_])(?:\.(?:[^\W\d_]\.)+"  # dotted acronyms: U.S., U.N.
    r"|(?:[\w'’-]*[^\W_])?)"  # words
    r"|(?<=\d)\d*(?:[.,:]\d+)*(?:%|st\b|nd\b|rd\b|th\b)?"  # 3.5%, 40,000, 19:23, 1st
    r"|\2*))"  # punctuation: one run of the same mark per token
)
_STRIDE = 3
_CACHE_LIMIT = 50_000  # distinct words remembered; a flood of new words just starts afresh


class Token(NamedTuple):
    start: int
    end: int
    text: str
    low: str
    is_word: bool  # starts with a letter
    is_cap: bool  # capitalised, and not a function word or a date that opens sentences
    is_initial: bool  # "W."


_Info = tuple[str, bool, bool, bool]


class _WordInfo(dict[str, _Info]):
    """``word -> (low, is_word, is_cap, is_initial)``, computed once per distinct word."""

    def __missing__(self, word: str) -> _Info:
        if len(self) >= _CACHE_LIMIT:
            self.clear()
        low = word.lower()
        first = word[0]
        info = (
            low,
            first.isalpha(),
            # "AS" in "Nordfuel AS", "US": all capitals is an acronym, whatever word it spells.
            first.isupper() and (low not in NOT_NAMES or (len(word) > 1 and word.isupper())),
            len(word) == 2 and word[1] == "." and first.isupper(),
        )
        self[word] = info
        return info


_INFO = _WordInfo()


def make_token(start: int, end: int, text: str) -> Token:
    return Token(start, end, text, *_INFO[text])


def tokenize(text: str, start: int = 0, end: int | None = None) -> list[Token]:
    """Word, number and punctuation tokens of ``text[start:end]`` with absolute offsets."""
    stop = len(text) if end is None else end
    parts = _TOKEN.split(text[start:stop])
    words = parts[1::_STRIDE]
    if not words:
        return []
    lengths = [0] * (2 * len(words) + 1)
    lengths[0::2] = map(len, parts[0::_STRIDE])
    lengths[1::2] = map(len, words)
    offsets = list(accumulate(lengths, initial=start))
    # (start, end, text) + (low, is_word, is_cap, is_initial), made into Tokens in C.
    spans = zip(offsets[1:-1:2], offsets[2::2], words, strict=True)
    fields = map(add, spans, map(_INFO.__getitem__, words))
    toks: list[Token] = list(map(tuple.__new__, repeat(Token), fields))
    if "." not in words:
        return toks
    return _glue_dots(text, toks, list(compress(count(), map(".".__eq__, words))))


def _keeps_dot(prev: Token, text: str, dot: Token) -> bool:
    """Is this full stop part of the word before it: "Mr.", "W.", "No. 10"?"""
    if prev.end != dot.start:
        return False
    if prev.low in _ABBREVIATIONS or (len(prev.text) == 1 and prev.text.isupper()):
        return True
    if prev.low in ("no", "nos"):
        return text[dot.end : dot.end + 2].strip()[:1].isdigit()
    return False


def _glue_dots(text: str, toks: list[Token], dots: list[int]) -> list[Token]:
    """``toks`` with the full stops at indices ``dots`` glued to their word where they belong."""
    out: list[Token] = []
    last = 0
    for i in dots:
        if i > 0 and _keeps_dot(toks[i - 1], text, toks[i]):
            out.extend(toks[last : i - 1])
            prev = toks[i - 1]
            out.append(make_token(prev.start, toks[i].end, prev.text + "."))
            last = i + 1
    out.extend(toks[last:])
    return out
