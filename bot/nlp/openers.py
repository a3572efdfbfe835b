"""What stands before a sentence's subject, or around its verb, without being the speaker.

Rules read on real US news (PolNeAR train), each named for ``--explain``'s evidence:

- "sentence opener": "Hours later, Trump ...", "At a rally in Ames, Iowa, Mrs. Lee ...",
  "Facing criticism, Mr. Trump ...": an opening phrase before a comma is no subject;
- "name after a dash": "POLLS MISSED IOWA - Ann Lee: "..."": a roundup's heading, then the
  one quoted;
- "document's sender": "Ann Lee released a statement saying ...": the statement is what
  she sent, so the participle is hers.

Pure functions over a sentence's tokens; ``bot.nlp.speakers`` decides when to ask them.
"""

from __future__ import annotations

from collections.abc import Sequence

from bot.nlp.lexicon import DASHES, DETERMINERS, NOT_ADVERBS, OPENER_WORDS, PRONOUNS
from bot.nlp.names import parse_phrase
from bot.nlp.phrases import np_word
from bot.nlp.tokens import Token

_DOCUMENTS = frozenset(("statement", "letter", "email", "memo", "release", "note"))


def opens_with_phrase(toks: Sequence[Token], start: int) -> bool:
    """Rule "sentence opener": does the sentence at ``start`` open with a phrase ("Hours
    later,", "At a rally", "Facing criticism", "Hastily politicizing") before its subject?"""
    first = toks[start]
    if first.low in OPENER_WORDS:
        return True
    followed = start + 1 < len(toks) and toks[start + 1].text[:1].islower()
    return followed and first.low.endswith(("ing", "ly")) and first.low not in NOT_ADVERBS


def subject_after_opener(
    text: str, toks: Sequence[Token], start: int, i: int
) -> tuple[int, int] | None:
    """(first, end) of the person named right after a comma of the opening phrase at
    ``start``, before a verb and before ``i``; None when no comma is followed by one."""
    for k in range(start + 1, i - 1):
        if toks[k].text != ",":
            continue
        end = k + 1
        while end < i and (toks[end].is_cap or toks[end].is_initial):
            end += 1  # a name: "Mr. Morrow", "Cleveland Police Chief Calvin Williams"
        if end == k + 1 and toks[end].low in PRONOUNS:
            end += 1
        mention = parse_phrase(text, toks[k + 1 : end]) if end > k + 1 else None
        if mention is None or mention.kind not in ("person", "name", "pronoun"):
            continue
        if end < i and toks[end].text[:1].islower():
            return k + 1, end
    return None


def after_dash(toks: Sequence[Token], start: int, i: int) -> int:
    """Rule "name after a dash": where the subject of ``start``..``i`` starts once a roundup's
    heading is set aside ("Pollsters agree - Ann Lee and Tom Reed:"); ``start`` if none."""
    dashes = [k for k in range(start, i) if toks[k].text in DASHES]
    if not dashes:
        return start
    named = toks[dashes[-1] + 1 : i]
    if named and named[0].is_cap and all(np_word(t) or t.low == "and" for t in named):
        return dashes[-1] + 1
    return start


def object_document(toks: Sequence[Token], phrase: Sequence[Token], first: int, v: int) -> bool:
    """Rule "document's sender": is ``phrase`` (from ``first``) a document that a verb before
    it sent ("issued a statement Tuesday saying"), so the participle at ``v`` is the
    sender's?"""
    if not toks[v].low.endswith("ing") or phrase[-1].low not in _DOCUMENTS:
        return False
    k = first - 1
    while k >= 0 and toks[k].low in DETERMINERS:
        k -= 1
    return k >= 0 and toks[k].text.islower() and toks[k].low.endswith("ed")
