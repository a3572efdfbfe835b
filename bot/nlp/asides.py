"""A speaker, a comma-set aside of any length, then the speech verb:
'"...," Ann Lee, who ran the port under two governors, told reporters'.

The aside is skipped clause by clause up to the sentence end, never by a fixed window: real
relative clauses and appositives run to thirty words. The scan stops at the next quotation, so
every token is read by at most one quote's scan and the cost stays linear in the text.
"""

from __future__ import annotations

from collections.abc import Sequence

from bot.nlp.mentions import is_verb
from bot.nlp.names import is_adverb
from bot.nlp.stream import Stream
from bot.nlp.tokens import Token

_SENTENCE_END = frozenset(".!?")
_ASIDE_MARKS = frozenset({",", "—", "–"})
_LIST_WORDS = frozenset({"and", "&", "or"})


def verb_after_aside(stream: Stream, comma: int) -> int:
    """The speech verb after the aside opened by the comma (or dash) at ``comma``: the first
    speech verb that follows a closing comma or dash (past adverbs), in the same sentence.
    -1 when there is none, or when the aside is a list of names ("Ana Lee, Bo Park and ...")."""
    toks = stream.tokens
    if comma >= len(toks) or toks[comma].text not in _ASIDE_MARKS:
        return -1
    k = comma + 1
    while k < len(toks) and toks[k].low not in _SENTENCE_END and not stream.is_marker(k):
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
    lower = [t for t in first if t.is_word and not t.is_cap and not t.is_initial]
    return bool(lower) and not all(t.low in _LIST_WORDS for t in lower)
