"""Where a speaker phrase begins and ends in the token stream: the noun phrase before a
speech verb ("Kremlin advisor Yuri Ushakov said") or after it ("said Ushakov, an aide").

Pure functions over a flat token list; every walk is bounded by :data:`MAX_PHRASE` tokens, so
the cost stays linear in the text size. What a phrase means (person, title, organisation) is
bot/nlp/names.py's :func:`~bot.nlp.names.parse_phrase`.
"""

from __future__ import annotations

from collections.abc import Sequence

from bot.nlp.lexicon import (
    DETERMINERS,
    FRAMING_VERBS,
    GRADE_ORDINALS,
    HONORIFICS,
    NAME_PARTICLES,
    ORG_WORDS,
    PHRASE_STOPS,
    PREPOSITIONS,
    PRONOUNS,
    SPEECH_VERBS,
    STOPWORDS,
    TITLE_MODIFIERS,
    TITLE_WORDS,
)
from bot.nlp.names import MAX_PHRASE, is_role
from bot.nlp.tokens import Token


def np_word(tok: Token) -> bool:
    low = tok.low
    return tok.is_word and (
        tok.is_cap
        or tok.is_initial
        or is_role(tok)
        or low in TITLE_MODIFIERS
        or low in NAME_PARTICLES
        or low in HONORIFICS
        or low in PREPOSITIONS
        or low in ORG_WORDS  # "a spokesman for the service"
        or low.endswith(("'s", "’s"))
    )


def is_modifier(tok: Token) -> bool:
    """A lower-case noun that may modify a role noun: "fire chief", "enforcement director"."""
    low = tok.low
    return (
        tok.is_word
        and tok.text.islower()
        and "." not in low  # "by 3.30 p.m. Analysts at ...": an abbreviation, not a modifier
        and low not in STOPWORDS
        and low not in SPEECH_VERBS
        and low not in FRAMING_VERBS
        and low not in PHRASE_STOPS
        and not low.endswith(("ed", "ly"))
    )


def phrase_before(tokens: Sequence[Token], end: int) -> list[Token]:
    """The noun phrase ending just before ``tokens[end]`` (a speech verb), maybe empty."""
    i = end
    if i > 0 and tokens[i - 1].low in PRONOUNS:
        return [tokens[i - 1]]
    if i > 1 and tokens[i - 1].low in ORG_WORDS and tokens[i - 2].low.endswith(("'s", "’s")):
        return [*phrase_before(tokens, i - 1), tokens[i - 1]]  # "the governor's office said"
    after_prep = i > 2 and tokens[i - 3].low in PREPOSITIONS
    if i > 1 and tokens[i - 2].low == "the" and is_modifier(tokens[i - 1]) and not after_prep:
        return [tokens[i - 2], tokens[i - 1]]  # "the county said", "the college said"
    loose = 0
    stacked = -1  # index of the last loose modifier taken
    while i > 0 and end - i < MAX_PHRASE:
        tok = tokens[i - 1]
        if np_word(tok) or joins_names(tokens, i - 1):
            i -= 1
        elif loose < 2 and i < end and (_noun_head(tokens[i]) or i == stacked) and is_modifier(tok):
            # "the national weather service", "enforcement director", and stacked right on
            # one another before the noun: "crime prevention minister".
            loose += 1
            i -= 1
            stacked = i
        elif tok.low in DETERMINERS:
            i -= 1
            while i > 0 and tokens[i - 1].low in DETERMINERS:  # "the two firms"
                i -= 1
            # "a spokeswoman for the ministry": keep walking through the prepositional phrase.
            if not (i > 0 and tokens[i - 1].low in PREPOSITIONS):
                break
        else:
            break
    while i < end and tokens[i].low in PREPOSITIONS:
        i += 1
    return list(tokens[i:end])


def joins_names(tokens: Sequence[Token], k: int) -> bool:
    """Is ``tokens[k]`` an "and" or "&" inside a name: "Food and Allied Workers' Union"?"""
    return (
        0 < k < len(tokens) - 1
        and tokens[k].low in ("and", "&")
        and tokens[k - 1].is_cap
        and tokens[k + 1].text[:1].isupper()
    )


def _noun_head(tok: Token) -> bool:
    return is_role(tok) or tok.low in ORG_WORDS


def phrase_after(tokens: Sequence[Token], start: int) -> tuple[list[Token], int]:
    """The noun phrase starting at ``tokens[start]`` (after a speech verb) and its end index."""
    if start < len(tokens) and tokens[start].low in PRONOUNS:
        return [tokens[start]], start + 1
    i = start
    while i < len(tokens) and i - start < MAX_PHRASE:
        tok = tokens[i]
        if joins_names(tokens, i):
            i += 1  # "Dock and Harbour Workers' Federation", "Ferrell & Oakes"
            continue
        if tok.low in GRADE_ORDINALS and i + 1 < len(tokens) and tokens[i + 1].low in TITLE_WORDS:
            i += 1  # "said Air Force 1st Lt. Ann Lee"
            continue
        if not tok.is_word or tok.low in SPEECH_VERBS or tok.low in FRAMING_VERBS:
            break
        if tok.low in PHRASE_STOPS and not _prep_continues(tokens, start, i):
            break
        i += 1
    # Trim back to the head: the last name word, role noun or institution.
    while i > start and not _phrase_head(tokens[i - 1]):
        i -= 1
    return list(tokens[start:i]), i


def _phrase_head(tok: Token) -> bool:
    return tok.is_cap or tok.is_initial or is_role(tok) or tok.low in ORG_WORDS


def _prep_continues(tokens: Sequence[Token], start: int, i: int) -> bool:
    """ "a spokesman for the operator", "analysts at Banque Laurent": the preposition stays."""
    return tokens[i].low in PREPOSITIONS and i > start and is_role(tokens[i - 1])
