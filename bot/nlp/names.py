"""Speaker phrases: "Kremlin advisor Yuri Ushakov" -> person, name, title.

Pure functions over a flat token list (see tokens.py); every loop is bounded by a small window
or walks the tokens once, so the cost stays linear in the text size.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

from bot.nlp.given_names import gender_of_given_name
from bot.nlp.lexicon import (
    DETERMINERS,
    FEMALE_WORDS,
    HONORIFICS,
    IST_VERBS,
    LOWER_CASE_ROLES,
    MALE_WORDS,
    NAME_OPENING_MODIFIERS,
    NAME_PARTICLES,
    NAME_SUFFIXES,
    NAMED_THINGS,
    NOT_ADVERBS,
    ORG_HEADS,
    ORG_WORDS,
    PHRASE_STOPS,
    PREPOSITIONS,
    PRONOUNS,
    RELATIVES,
    ROLE_NOUNS,
    SPEAKER_NOUNS,
    TITLE_MODIFIERS,
    TITLE_WORDS,
    VERB_ADVERBS,
)
from bot.nlp.tokens import Token

MAX_PHRASE = 10
_MALE_HONORIFICS = HONORIFICS & MALE_WORDS
_FEMALE_HONORIFICS = HONORIFICS & FEMALE_WORDS
PUNCT_STOP = frozenset(',.;:!?"”“')
_IST_VERBS = IST_VERBS

Kind = Literal["person", "org", "group", "pronoun", "name"]


@dataclass(frozen=True, slots=True)
class Mention:
    """A speaker phrase read as a person, organisation, group, bare name or pronoun."""

    kind: Kind
    name: str
    title: str | None = None
    # "he" or "she" when an honorific says so ("Mrs. Clinton"): which Clinton it is.
    gender: str | None = None


def is_adverb(tok: Token) -> bool:
    """A word that may stand between a speaker and the verb: "also", "reportedly"."""
    low = tok.low
    if low in VERB_ADVERBS:
        return True
    return len(low) > 4 and low.endswith("ly") and tok.text.islower() and low not in NOT_ADVERBS


def _is_name_token(tok: Token) -> bool:
    return (tok.is_cap or tok.is_initial) and tok.low not in TITLE_WORDS and tok.is_word


def _surname_like_title(phrase: Sequence[Token], k: int) -> bool:
    """Rule "title word as surname": "Peter T. King", "Steve King", "Howard Dean": a
    capitalised title word right after an initial or a known first name is a surname."""
    tok = phrase[k]
    if k == 0 or not tok.is_cap or tok.low not in TITLE_WORDS or "." in tok.text:
        return False
    before = phrase[k - 1]
    if before.is_initial:
        return True
    # Only last: in "Virginia Gov. Terry McAuliffe" the state is no first name.
    return k == len(phrase) - 1 and gender_of_given_name(before.text) is not None


def name_run_start(phrase: Sequence[Token]) -> int:
    """Index where the trailing run of name tokens begins (len(phrase) when there is none)."""
    i = len(phrase)
    while i > 0:
        tok = phrase[i - 1]
        name = (_is_name_token(tok) and tok.low not in HONORIFICS) or _surname_like_title(
            phrase, i - 1
        )
        # A particle counts only between name words: "Ursula von der Leyen".
        particle = (
            i < len(phrase)
            and i >= 2
            and tok.low in NAME_PARTICLES
            and (_is_name_token(phrase[i - 2]) or phrase[i - 2].low in NAME_PARTICLES)
        )
        if not (name or particle):
            break
        if i < len(phrase) and tok.low.endswith(("'s", "’s")):
            break  # "Ethiopia's Tadesse Beraki": whose, not part of the name
        if i <= len(phrase) - 2 and tok.low in LOWER_CASE_ROLES:
            break  # "Baker Enzo Morandi said": a job before a full name ("Ann Baker" is a name)
        if i < len(phrase) and tok.low in NAME_OPENING_MODIFIERS:
            break  # "Former Ross speechwriter Ines Hart": "Former" describes, names nobody
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


def _name_slice(text: str, toks: Sequence[Token]) -> str:
    """A name without a possessive ending: "Aleksander Nowak's memoir" -> "Aleksander Nowak"."""
    name = _slice(text, toks)
    return name[:-2] if name.endswith(("'s", "’s")) else name


def is_role(tok: Token) -> bool:
    # "Ann Baker" is a name: a role that is also a surname counts only in lower case.
    kind = _role_kind(tok.low)
    return kind == _ANY_CASE or (kind == _LOWER_CASE and tok.text.islower())


def is_role_word(low: str) -> bool:
    """A role noun ("minister", "spokeswoman", "epidemiologist"), given in lower case."""
    return _role_kind(low) != _NOT_ROLE


_NOT_ROLE, _ANY_CASE, _LOWER_CASE = 0, 1, 2


@lru_cache(maxsize=8192)
def _role_kind(low: str) -> int:
    # Cached: asked of nearly every token the speaker rules look at.
    if _role_word(low):
        return _ANY_CASE
    lower_case = low in LOWER_CASE_ROLES or (low.endswith("s") and low[:-1] in LOWER_CASE_ROLES)
    return _LOWER_CASE if lower_case else _NOT_ROLE


@lru_cache(maxsize=4096)
def _role_word(low: str) -> bool:
    word = low.removesuffix("'s").removesuffix("’s")
    # The whole word ("front-runner"), then its parts ("co-founder", "ex-minister").
    parts = [word, *word.split("-")] if "-" in word else [word]
    return any(_role_part(p) or (p.endswith("s") and _role_part(p[:-1])) for p in parts)


def _role_part(word: str) -> bool:
    return word in ROLE_NOUNS or word in TITLE_WORDS or _ist(word)


def _ist(word: str) -> bool:
    """Professions in -ist: epidemiologist, neurologist, economist, activist, journalist."""
    return len(word) > 6 and word.endswith("ist") and word not in _IST_VERBS


_BRACKETS = ("(", "[")
_STYLES = frozenset(("cllr", "cllr."))  # a councillor's style, a title only when alone


def title_of(text: str, toks: Sequence[Token]) -> str | None:
    # "an astronomer at the observatory who confirmed it": the title ends at the clause.
    # A bracket opens an aside too: "member of United Russia ('the party of power')".
    ends = (k for k, t in enumerate(toks) if t.low in RELATIVES or t.text in _BRACKETS)
    cut = next(ends, len(toks))
    toks = _after_line_break(text, toks[:cut])
    toks = [t for t in toks if t.low not in HONORIFICS]
    # One slice after the loop: slicing off one word at a time was quadratic in the phrase.
    first = 0
    while first < len(toks) and _before_title(toks[first]):
        first += 1
    toks = toks[first:]
    if len(toks) > 1 and toks[-1].low in _STYLES and any(is_role(t) for t in toks[:-1]):
        toks = toks[:-1]  # "Committee chairman Cllr Rhys Dorne": a style after the office
    if not any(is_role(t) for t in toks):
        return None
    return _slice(text, toks)


def _before_title(tok: Token) -> bool:
    """A word that opens the phrase but not the title: "the", "of", "until substitute Jo
    Pyle", "handing Prime Minister Ilse Varnhagen" (but "acting director" keeps "acting")."""
    low = tok.low
    if low in DETERMINERS or low in PREPOSITIONS or low in PHRASE_STOPS:
        return True
    return low.endswith("ing") and tok.text.islower() and low not in TITLE_MODIFIERS


def _after_line_break(text: str, toks: Sequence[Token]) -> Sequence[Token]:
    """The words after the last line break: a title never runs across a caption or heading
    join ("... in a row↵President Ilse Marr" is titled "President", not "row President")."""
    for k in range(len(toks) - 1, 0, -1):
        if "\n" in text[toks[k - 1].end : toks[k].start]:
            return toks[k:]
    return toks


def _leading_role(tok: Token) -> bool:
    return tok.low in ORG_HEADS or (tok.low in SPEAKER_NOUNS and tok.low not in ORG_WORDS)


def _of_title(body: Sequence[Token], run: int) -> bool:
    """Is the name run preceded by "Secretary of" (so its first word is part of the title)?"""
    return run >= 2 and body[run - 1].low == "of" and body[run - 2].low in TITLE_WORDS


def _person_before_prep(text: str, phrase: Sequence[Token]) -> Mention | None:
    """ "Dr. Paulo Mendes of the University of Valmora": the person before the affiliation."""
    cut = next((i for i, t in enumerate(phrase) if t.low in PREPOSITIONS), 0)
    if cut < 2 or not _is_name_token(phrase[cut - 2]):
        return None
    if not (_is_name_token(phrase[cut - 1]) or _surname_like_title(phrase, cut - 1)):
        return None
    mention = parse_phrase(text, phrase[:cut])
    return mention if mention is not None and mention.kind == "person" else None


def leading_name(toks: Sequence[Token]) -> list[Token]:
    """The full name opening "Ana Varga of the Social party", else []."""
    n = 0
    while n < len(toks) and _is_name_token(toks[n]) and toks[n].low not in HONORIFICS:
        n += 1
    return list(toks[:n]) if n >= 2 and n < len(toks) and toks[n].low in PREPOSITIONS else []


def parse_phrase(text: str, phrase: Sequence[Token]) -> Mention | None:
    """Read a speaker phrase (the words before "said", or after it)."""
    phrase = [t for t in phrase if t.text not in ("'s", "’s")]
    while phrase and phrase[-1].low in NAME_SUFFIXES and len(phrase) > 1:
        phrase = phrase[:-1]  # "Julian Mabry KC": the letters after a name are not the name
    if len(phrase) > 1 and phrase[0].text[0].isupper() and phrase[0].low in PREPOSITIONS:
        phrase = phrase[1:]  # "From the report:" opens a sentence; the report is who speaks
    if not phrase:
        return None
    person = _person_before_prep(text, phrase)
    if person is not None:
        return person
    if len(phrase) == 1 and phrase[0].low in PRONOUNS:
        return Mention("pronoun", phrase[0].low)
    definite = phrase[0].low == "the"
    body = phrase[1:] if phrase[0].low in DETERMINERS else phrase
    if not body:
        return None
    if (
        len(body) > 2
        and body[0].text.islower()
        and is_role(body[0])
        and body[1].low in PREPOSITIONS
    ):
        # "a spokesman for Health Secretary Alun Price": the spokesman speaks, not the minister.
        return Mention("group", _slice(text, phrase if not definite else body))
    shown = body if definite or phrase[0].low not in DETERMINERS else phrase
    head = body[-1]
    if (is_role(head) or (definite and len(body) == 1)) and head.text.islower():
        return Mention("group", _slice(text, shown))  # "a Veltra spokeswoman", "the college"
    run = name_run_start(body)
    if run == 0 and len(body) > 1 and _leading_role(body[0]):
        run = 1  # "Carmaker Veltra Motors" at the start of a sentence
    after_prep = 0 < run < len(body) and body[run - 1].low in PREPOSITIONS
    if after_prep and not (_of_title(body, run) and len(body) - run > 1):
        # "Royal College of Nursing" is an institution; "analysts at Banque Laurent" a group.
        kind: Kind = "org" if _is_org(body[:run], False) and body[0].is_cap else "group"
        if kind == "group" and not any(is_role(t) for t in body[:run]):
            return Mention("org", _slice(text, body[run:]))  # "Profits at Tallis Foods Plc"
        return Mention(kind, _slice(text, shown))
    if run < len(body) and (body[run].low in NAMED_THINGS or _definite_name(body, run)):
        return Mention("org", _slice(text, body[run:]))  # "Comet Hebblethwaite", "the Gazette"
    if run < len(body) and not _is_org(body[run:], definite and run == 0):
        name_toks = body[run:]
        if _of_title(body, run) and len(name_toks) > 1:
            name_toks = name_toks[1:]  # "Secretary of State Antony Blinken"
            run += 1
        title = title_of(text, body[:run]) if run > 0 else None
        if run > 0 and (body[run - 1].low in ORG_HEADS or body[run - 1].low in ORG_WORDS):
            return Mention("org", _slice(text, name_toks))  # "carmaker Veltra Motors"
        kind = "person" if len(name_toks) > 1 or title else "name"
        return Mention(kind, _name_slice(text, name_toks), title, _honorific_gender(body[:run]))
    if any(t.is_cap and t.low not in TITLE_WORDS for t in body):
        named = 0 < run < len(body) and _leading_role(body[run - 1])
        # "Musicians at the Valebrook Philharmonic Orchestra": the institution is the name.
        k = run - 1 if run > 0 and body[run - 1].low == "the" else run
        inside = 0 < k < len(body) and body[k - 1].low in PREPOSITIONS
        return Mention("org", _slice(text, body[run:] if named or inside else body))
    if any(is_role(t) for t in body) and head.text.islower():
        return Mention("group", _slice(text, shown))
    return None


def _honorific_gender(before: Sequence[Token]) -> str | None:
    """ "Mrs." before a name: "she"; "Mr.": "he"; else None."""
    for tok in before:
        if tok.low in _MALE_HONORIFICS:
            return "he"
        if tok.low in _FEMALE_HONORIFICS:
            return "she"
    return None


def _definite_name(body: Sequence[Token], run: int) -> bool:
    """ "the Lowick Gazette": a name after "the" is no person (unless after "spokeswoman for",
    where the phrase is read as a whole)."""
    return (
        run > 0
        and body[run - 1].low == "the"
        and not any(t.low in PREPOSITIONS for t in body[:run])
    )
