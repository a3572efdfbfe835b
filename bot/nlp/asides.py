"""The speech verb after a speaker phrase: '"...," Ann Lee said', and past a comma-set aside
of any length: '"...," Ann Lee, who ran the port under two governors, told reporters'.

The aside is skipped clause by clause up to the sentence end, never by a fixed window: real
relative clauses and appositives run to thirty words. The scan stops at the next quotation, so
every token is read by at most one quote's scan and the cost stays linear in the text.
"""

from __future__ import annotations

from collections.abc import Sequence

from bot.nlp.appositives import phrase_before_appositive
from bot.nlp.lexicon import (
    AUXILIARIES,
    BE_FORMS,
    DETERMINERS,
    PHRASE_STOPS,
    PRONOUNS,
    RELATIVES,
)
from bot.nlp.names import Mention, is_adverb, is_role_word, parse_phrase
from bot.nlp.phrases import is_modifier
from bot.nlp.salience import is_verb
from bot.nlp.stream import PARTY_STATE, Stream
from bot.nlp.tokens import Token

_SENTENCE_END = frozenset(".!?")
_WINDOW = 14  # tokens from a speaker phrase to its verb when no aside stands between
_ASIDE_MARKS = frozenset({",", "—", "–"})
_LIST_WORDS = frozenset({"and", "&", "or"})
_AUXILIARIES = AUXILIARIES - {"is", "are", "was", "were"}  # "Lee was told" is no speech
_NOT_DESCRIBING = PHRASE_STOPS | PRONOUNS | DETERMINERS | BE_FORMS | RELATIVES
_DESCRIBED = frozenset(("the", "another"))  # "the retired surgeon", "another supporter"
_DESCRIPTION_REACH = 7  # tokens from "the" to the person noun: "the 75-year-old retired author"
_EPITHET_WORDS = 2  # plain words before a speaker's name: "warm-and-fuzzy Trump said"


def verb_after_phrase(
    text: str, stream: Stream, start: int
) -> tuple[int, Mention | None, str | None]:
    """The speech verb whose subject starts at ``start``: (verb index, subject, title)."""
    toks = stream.tokens
    for v in range(start + 1, min(len(toks), start + _WINDOW)):
        if toks[v].low in _SENTENCE_END or stream.is_marker(v):
            break
        if is_verb(toks[v]):
            subject_end = v
            # Adverbs and auxiliaries may stand between: "Lee also said", "Lee has said".
            while subject_end > start and (
                is_adverb(toks[subject_end - 1]) or toks[subject_end - 1].low in _AUXILIARIES
            ):
                subject_end -= 1
            phrase, title, first = phrase_before_appositive(text, toks, subject_end)
            if phrase and (first == start or _described_by(toks, start, first)):
                return v, parse_phrase(text, phrase), title
            described = description(text, toks, start, subject_end)
            if described is not None:
                return v, described, None
            break
    return -1, None, None


def description(text: str, toks: Sequence[Token], start: int, end: int) -> Mention | None:
    """Rule "description speaker": "the retired neurosurgeon", "the 75-year-old author",
    "the Gawker employee", "another supporter", "the 46-year-old": "the" (or "another"),
    then words that describe, then a noun for a person (or an age), all before the verb.
    A group mention, which the resolver may turn into a person named before; as written
    otherwise."""
    words = toks[start:end]
    if not 2 <= len(words) <= _DESCRIPTION_REACH or words[0].low not in _DESCRIBED:
        return None
    if words[-1].low.endswith("-old") and words[0].low == "the":
        return Mention("group", text[words[0].start : words[-1].end])  # "said the 46-year-old"
    if (len(words) < 3 and words[0].low == "the") or not is_role_word(words[-1].low):
        return None
    if not words[-1].text.islower() or not all(_describes(t) for t in words[1:-1]):
        return None
    return Mention("group", text[words[0].start : words[-1].end])


def description_after(text: str, toks: Sequence[Token], start: int) -> tuple[Mention, int] | None:
    """The description opening at ``start`` ("said the 75-year-old author.") and its end,
    when it ends at punctuation or a preposition."""
    for end in range(start + 3, min(len(toks), start + _DESCRIPTION_REACH) + 1):
        if end < len(toks) and toks[end].is_word and toks[end].low not in PHRASE_STOPS:
            continue
        found = description(text, toks, start, end)
        return (found, end) if found is not None else None
    return None


def _describes(tok: Token) -> bool:
    """A word of a description: "retired", "75-year-old", "Gawker", "former", "top"."""
    if tok.is_word:
        return tok.low not in _NOT_DESCRIBING
    return tok.text.isdigit() or tok.text == "-"  # "75-year-old" is three tokens


def _described_by(toks: Sequence[Token], start: int, first: int) -> bool:
    """ "warm-and-fuzzy Trump said", "longtime Varn said": one or two plain lower-case words
    before the speaker phrase describe the speaker."""
    return 0 < first - start <= _EPITHET_WORDS and all(is_modifier(t) for t in toks[start:first])


def verb_after_aside(stream: Stream, comma: int) -> int:
    """The speech verb after the aside opened by the comma (or dash) at ``comma``: the first
    speech verb that follows a closing comma or dash (past adverbs), in the same sentence.
    -1 when there is none, or when the aside is a list of names ("Ana Lee, Bo Park and ...")."""
    toks = stream.tokens
    if comma >= len(toks) or toks[comma].text not in _ASIDE_MARKS:
        return -1
    k = comma + 1
    while k < len(toks) and not stream.ends_sentence(k) and not stream.is_marker(k):
        if toks[k].text in _ASIDE_MARKS and k > comma + 1:
            v = k + 1
            while v < len(toks) and is_adverb(toks[v]):
                v += 1
            if v < len(toks) and is_verb(toks[v]) and not toks[v].low.endswith("ing"):
                return v if _is_aside(toks[comma + 1 : k]) else -1
        k += 1
    return -1


def _is_aside(words: Sequence[Token]) -> bool:
    """A description or clause, not more names: its first comma-set part has a lower-case
    word other than "and" ("Bo Park, Cy Dunn and Di Moss, all of ..." is a list)."""
    first = []
    for tok in words:
        if tok.text in _ASIDE_MARKS:
            break
        first.append(tok)
    if first and PARTY_STATE.match(first[0].text):
        return True  # Rule "party-state tag": "Sen. Ann Lee, R-Ky., said"
    lower = [t for t in first if t.is_word and not t.is_cap and not t.is_initial]
    return bool(lower) and not all(t.low in _LIST_WORDS for t in lower)
