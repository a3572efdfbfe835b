"""Who acts in a sentence: whether a mention is the speaker of a verb or its sentence's
subject, the two flags the speaker memory keeps for every mention.

Read in text order, because one rule depends on what came before it ("one subject per
verb": the first name before a verb, past the asides after it, takes it; a later name inside
that aside does not speak). bot/nlp/mentions.py asks :meth:`Salience.flags` once per
mention; pronouns are then resolved against these flags (bot/nlp/memory.py).
"""

from __future__ import annotations

from collections.abc import Sequence

from bot.nlp.lexicon import (
    ALL_PREPOSITIONS,
    CLOCK_WORDS,
    DASHES,
    DETERMINERS,
    FRAMING_VERBS,
    ORG_WORDS,
    PHRASE_STOPS,
    PREPOSITIONS,
    ROLE_NOUNS,
    SPEECH_VERBS,
)
from bot.nlp.names import is_adverb, is_role_word
from bot.nlp.openers import opens_with_phrase
from bot.nlp.phrases import is_modifier
from bot.nlp.stream import Stream
from bot.nlp.tokens import Token

_TIMES = CLOCK_WORDS
_DASHES = DASHES
_DATELINE_REACH = 12  # tokens a dateline may take: "WASHINGTON, Dec 3 (Reuters) -"
_NOT_MODIFIERS = PHRASE_STOPS | PREPOSITIONS
_GROUP_REACH = 30  # tokens a comma-set group after a name may take: relative clauses run long
_SUBJECT_REACH = 30  # tokens a subject's noun phrase may stand from its sentence's start
SENTENCE_ENDS = frozenset((".", "!", "?", "\n", "\x00"))
_INVERSION_OPENERS = frozenset((",", ":", ";", "(", *DASHES))
_LOOSE_TITLE_WORDS = 3  # plain lower-case words a title before a subject may hold
_SHORT_OPENER = 3  # words of an opener before its comma: "Hours later,", "In the end,"


def is_verb(tok: Token, framing: bool = False) -> bool:
    return tok.low in SPEECH_VERBS or (framing and tok.low in FRAMING_VERBS)


def _np_like(tok: Token) -> bool:
    return tok.is_word and (
        tok.is_cap
        or tok.is_initial
        or tok.low in DETERMINERS
        or tok.low in ROLE_NOUNS
        or tok.low in ("of", "for", "at")
        or tok.low.endswith(("'s", "’s"))
    )


def _comma_before(toks: Sequence[Token], start: int) -> bool:
    """A comma just before ``start``, maybe with a modifier between: ", retired teacher X"."""
    j = start - 1
    while (
        j >= 0 and start - j <= 2 and toks[j].text.islower() and toks[j].low not in _NOT_MODIFIERS
    ):
        j -= 1  # "retired", not "of" (", of Elm Row, said": a place, not the subject)
    return j >= 0 and toks[j].text == ","


def _introduced(toks: Sequence[Token], end: int) -> bool:
    """ "retired postman Keith Lloyd, 67, who ...": a person given an age is introduced to be
    heard from, as salient as a sentence subject."""
    return (
        end + 2 < len(toks)
        and toks[end].text == ","
        and toks[end + 1].text.isdigit()
        and toks[end + 2].text == ","
    )


def _inverts(toks: Sequence[Token], verb: int) -> bool:
    """Rule "said X inverts": the name after a speech verb is its speaker only when nothing
    before the verb could be its subject: a quotation, a comma or the sentence's start
    ("..." said Ann Lee; ..., said Ann Lee). In "Pantucci said China and Russia have" the
    verb has its subject, and China is what was said about."""
    if verb == 0:
        return True
    before = toks[verb - 1]
    return before.text in _INVERSION_OPENERS or before.low in SENTENCE_ENDS or is_adverb(before)


def _modifies_noun(toks: Sequence[Token], end: int) -> bool:
    """Rule "name as modifier": a name right before a lower-case role or body ("a Trump
    supporter", "the Clinton campaign", "Sanders aides") describes someone else."""
    if end >= len(toks) or not toks[end].is_word or not toks[end].text.islower():
        return False
    if toks[end - 1].low.endswith(("'s", "’s")):
        return False  # "Arjun Iyer's father said": the mention is the father himself
    low = toks[end].low
    return is_role_word(low) or low in ORG_WORDS


def _clause_follows(toks: Sequence[Token], end: int) -> bool:
    """Does a verb follow the name, as in "said Fairlie had"? ("said Ushakov on Friday" is
    still the speaker: a preposition or conjunction follows there.)"""
    if end >= len(toks) or not toks[end].is_word or not toks[end].text[0].islower():
        return False
    return toks[end].low not in PHRASE_STOPS


class Salience:
    """The speech and subject flags of one text's mentions, asked in text order."""

    def __init__(self, stream: Stream) -> None:
        self.stream = stream
        self.toks = stream.tokens
        self._verbs_taken: set[int] = set()  # speech verbs a subject before them has claimed
        self._said_in: dict[int, int] = {}  # sentence start -> its first claimed speech verb
        self._openers: dict[int, int] = {}  # sentence start -> where its subject may start
        self.dateline_end = self.after_dateline(0, len(self.toks))

    def flags(self, start: int, end: int, kind: str, name_at: int) -> tuple[bool, bool]:
        """(speech, subject) of the mention from ``start`` to ``end`` (its name from
        ``name_at``), read in text order: the speaker of a verb, the subject of its sentence."""
        toks = self.toks
        after = self._skip_appositive(end)
        while after < len(toks) and is_adverb(toks[after]):
            after += 1
        # "said Ushakov." or "said Ushakov, an aide" name the speaker; in "said Fairlie had
        # treated ..." Fairlie is what was said about.
        # "told Ann Ruiz on Monday": the one told is a listener, not a speaker.
        told = start > 0 and toks[start - 1].low in ("told", "tells")
        inverted = (
            start > 0
            and is_verb(toks[start - 1])
            and not told
            and not _clause_follows(toks, end)
            and _inverts(toks, start - 1)
            and start - 1 not in self._verbs_taken  # "Lee, of the institute, said Norland"
        )
        # "The chair, the critic Rafe Ellingham, said": the comma closes an appositive.
        closing = (
            end + 1 < len(toks)
            and toks[end].text == ","
            and is_verb(toks[end + 1])
            and any(is_role_word(t.low) for t in toks[max(0, start - 1) : end])
            and end + 1 not in self._verbs_taken  # the verb's subject came before the aside
        )
        according = start > 1 and toks[start - 1].low == "to" and toks[start - 2].low == "according"
        # "In Saint-Orlan, below the glacier, guide Remi Cast said": a preposition's object
        # is no subject, so it takes no verb.
        object_of = start > 0 and toks[start - 1].low in ALL_PREPOSITIONS
        claimed = not object_of and self._claims_verb(end, after, kind == "person")
        speech = (claimed and is_verb(toks[after])) or inverted or closing or according
        # "Her neighbour, retired teacher Colm Reddy, stayed", "his wife, Jane, called" and
        # "Asked about it, Marisol Quintero smiled": the subject, set off by commas. The name's
        # own start counts, not its title's ("his wife").
        set_off = (
            toks[name_at].low not in DETERMINERS  # "the MP for Cadley and Thorne" describes
            and _comma_before(toks, name_at)
            and _clause_follows(toks, end + 1)
            and (claimed or end + 1 not in self._verbs_taken)
        )
        after_intro = start > 0 and toks[start - 1].text == "," and _clause_follows(toks, end)
        subject = (
            speech
            or self.is_subject(start)
            or _introduced(toks, end)
            or (set_off and toks[end].text == ",")
            or after_intro
        )
        if _modifies_noun(toks, end):
            speech = subject = False  # "a Trump supporter", "the Clinton campaign said"
        said = self._said_in.get(self.stream.sentence_start(start))
        if not speech and said is not None and said < start:
            subject = False  # "Amano said that, if true, North Korea is ...": what was said
        return speech, subject

    def _claims_verb(self, end: int, verb: int, person: bool) -> bool:
        """Rule "one subject per verb": the first name before a verb, past the asides after it,
        is its subject; a later name was inside that subject's aside ("Sandy Phillips, who
        lost her daughter in Aurora, Colorado, in July 2012, said": Colorado says nothing).
        True when the name ending at ``end`` is the first to reach ``verb``. Any other verb
        only a person claims: in "Russia, a country that the nominee, Mitt Romney, called"
        the verb is Romney's."""
        if verb >= len(self.toks) or verb in self._verbs_taken:
            return False
        other_verb = person and verb > end and _clause_follows(self.toks, verb)
        if is_verb(self.toks[verb]) or other_verb:
            self._verbs_taken.add(verb)
            if is_verb(self.toks[verb]):
                self._said_in.setdefault(self.stream.sentence_start(verb), verb)
            return True
        return False

    def _skip_appositive(self, i: int) -> int:
        """Past up to three comma-set groups: "Joan Freel, 67, of Elm Row, said" gives the
        index of "said". A group's closing comma opens the next group."""
        toks, groups = self.toks, 0
        while groups < 3 and i < len(toks) and toks[i].text == ",":
            close = self._group_close(i)
            if close is None:
                break
            i, groups = close, groups + 1
        return i + 1 if groups and i < len(toks) and toks[i].text == "," else i

    def _group_close(self, comma: int) -> int | None:
        """The comma closing the group of words and numbers that opens at ``comma``."""
        for j in range(comma + 1, min(len(self.toks), comma + _GROUP_REACH)):
            tok = self.toks[j]
            if tok.text == ",":
                return j
            # ", Mo., who": an abbreviation's full stop right before the closing comma
            abbreviation = (
                tok.text == "." and self.toks[j + 1 : j + 2] and self.toks[j + 1].text == ","
            )
            if is_verb(tok) or not (tok.is_word or tok.text.isdigit() or abbreviation):
                return None
        return None

    def is_subject(self, start: int) -> bool:
        """Only a noun phrase stands between the sentence start and ``start``."""
        first = self.stream.sentence_start(start)
        if first == 0:
            first = min(self.dateline_end, start)
        elif self.stream.is_paragraph_break(first - 1):
            first = self.after_dateline(first, start)  # a live update: "4.10 p.m. - X said"
        if start - first > _SUBJECT_REACH:
            return False  # so a sentence-long list of names costs each one a bounded walk
        first = self._past_short_opener(first, start)
        loose = 0  # "Democratic presidential front-runner Ann Lee": a title's plain words
        for j in range(first, start):
            tok = self.toks[j]
            if tok.text == "," or _np_like(tok):
                continue
            loose += 1
            if loose > _LOOSE_TITLE_WORDS or not is_modifier(tok):
                return False
        return True

    def _past_short_opener(self, first: int, start: int) -> int:
        """Rule "short opener": past "There,", "Hours later," or "Still," that open the
        sentence (up to three plain words and a comma, no name), where its subject begins."""
        known = self._openers.get(first)
        if known is None:
            known = self._openers[first] = self._opener_end(first)
        return known if known <= start else first

    def _opener_end(self, first: int) -> int:
        """Where the subject of the sentence at ``first`` starts (once per sentence)."""
        toks = self.toks
        if not opens_with_phrase(toks, first) and not is_adverb(toks[first]):
            return first
        for k in range(first + 1, min(len(toks), first + _SHORT_OPENER + 1)):
            if toks[k].text == ",":
                return k + 1
            if toks[k].is_cap or not toks[k].is_word:
                return first
        return first

    def after_dateline(self, first: int, limit: int) -> int:
        """Index just past a dateline ("VERLANGE, Helvaria (HNA) –") opening at ``first``."""
        for j in range(first, min(limit, first + _DATELINE_REACH)):
            tok = self.toks[j]
            if tok.text in _DASHES:
                return j + 1 if j > first else first
            upper = tok.text[0].isupper()  # not is_cap: "March" in "OSLOVIK, March 4" counts
            if not (upper or tok.text in "(),." or tok.text[0].isdigit() or tok.low in _TIMES):
                break
        return first
