"""Tokens and speaker phrases: "Kremlin advisor Yuri Ushakov" -> person, name, title.

Pure functions over a flat token list; every loop is bounded by a small window or walks the
tokens once, so the cost stays linear in the text size.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from bot.nlp.lexicon import (
    DETERMINERS,
    HONORIFICS,
    NAME_PARTICLES,
    NOT_NAMES,
    ORG_WORDS,
    PRONOUNS,
    ROLE_NOUNS,
    SPEAKER_NOUNS,
    TITLE_MODIFIERS,
    TITLE_WORDS,
)

_TOKEN = re.compile(
    r"(?:[^\W\d_]\.){2,}"  # dotted acronyms: U.S., U.N.
    r"|[^\W\d_](?:[\w'’-]*[^\W_])?\.?"  # words, with a trailing full stop for now
    r"|\d[\d.,:%]*"
    r"|[^\w\s]"
)
_KEEP_DOT = (
    HONORIFICS
    | {w for w in TITLE_WORDS if w.endswith(".")}
    | {w for w in ORG_WORDS if w.endswith(".")}
    | {w for w in NOT_NAMES if w.endswith(".")}
    | frozenset("st. jr. sr. no. vs. mt. ft.".split())
)
PREPOSITIONS = frozenset("of for at with from".split())
MAX_PHRASE = 10

Kind = Literal["person", "org", "group", "pronoun", "name"]


@dataclass(frozen=True, slots=True)
class Token:
    start: int
    end: int
    text: str
    low: str

    @property
    def is_word(self) -> bool:
        return self.text[0].isalpha()

    @property
    def is_cap(self) -> bool:
        return self.text[0].isupper() and self.low not in NOT_NAMES

    @property
    def is_initial(self) -> bool:
        return len(self.text) == 2 and self.text[1] == "." and self.text[0].isupper()


@dataclass(frozen=True, slots=True)
class Mention:
    """A speaker phrase read as a person, organisation, group, bare name or pronoun."""

    kind: Kind
    name: str
    title: str | None = None


def tokenize(text: str, start: int = 0, end: int | None = None) -> list[Token]:
    """Word, number and punctuation tokens of ``text[start:end]`` with absolute offsets."""
    stop = len(text) if end is None else end
    out: list[Token] = []
    for m in _TOKEN.finditer(text, start, stop):
        word = m.group()
        # Keep the full stop of initials, acronyms and known abbreviations; split it off others.
        plain_stop = len(word) > 2 and word[-1] == "." and word.count(".") == 1
        if plain_stop and word.lower() not in _KEEP_DOT:
            out.append(Token(m.start(), m.end() - 1, word[:-1], word[:-1].lower()))
            out.append(Token(m.end() - 1, m.end(), ".", "."))
            continue
        out.append(Token(m.start(), m.end(), word, word.lower()))
    return out


def _is_name_token(tok: Token) -> bool:
    return (tok.is_cap or tok.is_initial) and tok.low not in TITLE_WORDS and tok.is_word


def _name_run_start(phrase: Sequence[Token]) -> int:
    """Index where the trailing run of name tokens begins (len(phrase) when there is none)."""
    i = len(phrase)
    while i > 0:
        tok = phrase[i - 1]
        name = _is_name_token(tok) and tok.low not in HONORIFICS
        # A particle counts only between name words: "Ursula von der Leyen".
        particle = (
            i < len(phrase)
            and i >= 2
            and tok.low in NAME_PARTICLES
            and (_is_name_token(phrase[i - 2]) or phrase[i - 2].low in NAME_PARTICLES)
        )
        if not (name or particle):
            break
        i -= 1
    return i


def _is_org(words: Sequence[Token], definite: bool) -> bool:
    if any(t.low in ORG_WORDS or _is_acronym(t) for t in words):
        return True
    return definite


def _is_acronym(tok: Token) -> bool:
    return (tok.text.isalpha() and tok.text.isupper() and len(tok.text) > 1) or (
        tok.text.count(".") > 1
    )


def _slice(text: str, toks: Sequence[Token]) -> str:
    return text[toks[0].start : toks[-1].end]


def _title_of(text: str, toks: Sequence[Token]) -> str | None:
    toks = [t for t in toks if t.low not in HONORIFICS]
    while toks and (toks[0].low in DETERMINERS or toks[0].low in PREPOSITIONS):
        toks = toks[1:]
    if not any(t.low in ROLE_NOUNS or t.low in TITLE_WORDS for t in toks):
        return None
    return _slice(text, toks)


def parse_phrase(text: str, phrase: Sequence[Token]) -> Mention | None:
    """Read a speaker phrase (the words before "said", or after it)."""
    phrase = [t for t in phrase if t.text not in ("'s", "’s")]
    if not phrase:
        return None
    if len(phrase) == 1 and phrase[0].low in PRONOUNS:
        return Mention("pronoun", phrase[0].low)
    definite = phrase[0].low == "the"
    body = phrase[1:] if phrase[0].low in DETERMINERS else phrase
    if not body:
        return None
    run = _name_run_start(body)
    if run < len(body) and not _is_org(body[run:], definite and run == 0):
        name_toks = body[run:]
        if run > 0 and body[run - 1].low == "of" and len(name_toks) > 1:
            name_toks = name_toks[1:]  # "Secretary of State Antony Blinken"
            run += 1
        title = _title_of(text, body[:run]) if run > 0 else None
        kind: Kind = "person" if len(name_toks) > 1 or title else "name"
        return Mention(kind, _slice(text, name_toks), title)
    if any(t.is_cap for t in body):
        return Mention("org", _slice(text, body))
    if any(t.low in SPEAKER_NOUNS or t.low in ROLE_NOUNS for t in body):
        shown = body if definite else phrase
        return Mention("group", _slice(text, shown))
    return None


def _np_word(tok: Token) -> bool:
    low = tok.low
    return tok.is_word and (
        tok.is_cap
        or tok.is_initial
        or low in ROLE_NOUNS
        or low in TITLE_MODIFIERS
        or low in NAME_PARTICLES
        or low in HONORIFICS
        or low in PREPOSITIONS
        or low in ("'s", "’s")
    )


def phrase_before(tokens: Sequence[Token], end: int) -> list[Token]:
    """The noun phrase ending just before ``tokens[end]`` (a speech verb), maybe empty."""
    i = end
    if i > 0 and tokens[i - 1].low in PRONOUNS:
        return [tokens[i - 1]]
    while i > 0 and end - i < MAX_PHRASE:
        tok = tokens[i - 1]
        if _np_word(tok):
            i -= 1
        elif tok.low in DETERMINERS:
            i -= 1
            # "a spokeswoman for the ministry": keep walking through the prepositional phrase.
            if not (i > 0 and tokens[i - 1].low in PREPOSITIONS):
                break
        else:
            break
    while i < end and tokens[i].low in PREPOSITIONS:
        i += 1
    return list(tokens[i:end])


def phrase_before_appositive(
    text: str, tokens: Sequence[Token], end: int
) -> tuple[list[Token], str | None]:
    """Like :func:`phrase_before`, but reads "Jane Doe, a senior economist at Acme, said"."""
    if end == 0 or tokens[end - 1].text != ",":
        return phrase_before(tokens, end), None
    i = end - 1
    while i > 0 and end - i <= MAX_PHRASE + 2 and tokens[i - 1].text not in ',.;:!?"”':
        i -= 1
    if i == 0 or tokens[i - 1].text != ",":
        return [], None
    title = _title_of(text, tokens[i : end - 1])
    name = phrase_before(tokens, i - 1)
    return (name, title) if title and name else ([], None)


def phrase_after(tokens: Sequence[Token], start: int) -> tuple[list[Token], int]:
    """The noun phrase starting at ``tokens[start]`` (after a speech verb) and its end index."""
    i = start
    if i < len(tokens) and tokens[i].low in PRONOUNS:
        return [tokens[i]], i + 1
    if i < len(tokens) and tokens[i].low in DETERMINERS:
        i += 1
    while i < len(tokens) and i - start < MAX_PHRASE and _np_word(tokens[i]):
        if tokens[i].low in PREPOSITIONS and not _role_head(tokens[start:i]):
            break
        i += 1
    while i > start and tokens[i - 1].low in PREPOSITIONS:
        i -= 1
    return list(tokens[start:i]), i


def _role_head(toks: Sequence[Token]) -> bool:
    return bool(toks) and (toks[-1].low in ROLE_NOUNS or toks[-1].low in TITLE_WORDS)


def appositive(text: str, tokens: Sequence[Token], comma: int) -> str | None:
    """The title in ", a senior economist at Acme Bank," starting at the comma token."""
    if comma >= len(tokens) or tokens[comma].text != ",":
        return None
    i = comma + 1
    while i < len(tokens) and i - comma <= MAX_PHRASE + 2 and tokens[i].text not in ',.;:!?"”':
        i += 1
    return _title_of(text, tokens[comma + 1 : i]) if i > comma + 1 else None
