"""Who said each quote: "X said", "said X, title", "according to X", "X: ...", pronouns.

The text is read as one token stream in which every quotation is a single placeholder token, so
an attribution is simply the words beside a placeholder. Pronouns go to the person most recently
named as a speaker or sentence subject; surnames go to the full name and title given earlier.
When nothing fits the speaker is None: a wrong name is worse than none.
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence
from dataclasses import dataclass, replace
from itertools import compress, count, repeat
from operator import add, attrgetter, gt
from typing import Literal

from bot.nlp.lexicon import (
    AUXILIARIES,
    DETERMINERS,
    FRAMING_VERBS,
    ORG_WORDS,
    ROLE_NOUNS,
    SPEECH_VERBS,
    TITLE_WORDS,
    VERB_ADVERBS,
)
from bot.nlp.memory import Event, Memory
from bot.nlp.names import (
    PREPOSITIONS,
    Mention,
    appositive,
    is_modifier,
    name_after_comma,
    np_word,
    parse_phrase,
    phrase_after,
    phrase_before,
    phrase_before_appositive,
)
from bot.nlp.stream import QuoteSpan, Stream, build_stream, indices_where
from bot.nlp.tokens import Token

How = Literal["after", "before", "colon", "according", "partial", "none"]
_SENTENCE_END = frozenset(".!?")
_WINDOW = 14
_ARTICLES = frozenset(("a", "an", "the"))
_ROLE_OR_ORG = ROLE_NOUNS | ORG_WORDS
_LOW = attrgetter("low")
_IS_CAP = attrgetter("is_cap")
_DASHES = frozenset(("-", "–", "—", "--"))
_DATELINE_REACH = 12  # tokens a dateline may take: "WASHINGTON, Dec 3 (Reuters) -"
_ROLE_REACH = 12  # a role noun this many tokens after "a"/"the" may end a group mention


@dataclass(frozen=True, slots=True)
class Attribution:
    speaker: str | None
    title: str | None
    how: How
    # Stream index just past the attribution that follows the quote (for split quotes).
    tail_end: int
    # Part of the previous quote's utterance: "A," he said. "B." or a continued paragraph.
    joins_previous: bool = False


def _np_like(tok: Token) -> bool:
    return tok.is_word and (
        tok.is_cap
        or tok.is_initial
        or tok.low in DETERMINERS
        or tok.low in ROLE_NOUNS
        or tok.low in ("of", "for", "at")
        or tok.low.endswith(("'s", "’s"))
    )


def _is_verb(tok: Token, framing: bool = False) -> bool:
    return tok.low in SPEECH_VERBS or (framing and tok.low in FRAMING_VERBS)


def _verb_after_phrase(
    text: str, stream: Stream, start: int
) -> tuple[int, Mention | None, str | None]:
    """The speech verb whose subject starts at ``start``: (verb index, subject, title)."""
    toks = stream.tokens
    for v in range(start + 1, min(len(toks), start + _WINDOW)):
        if toks[v].low in _SENTENCE_END or stream.is_marker(v):
            break
        if _is_verb(toks[v]):
            subject_end = v
            while subject_end > start and toks[subject_end - 1].low in VERB_ADVERBS:
                subject_end -= 1
            phrase, title, first = phrase_before_appositive(text, toks, subject_end)
            if phrase and first == start:
                return v, parse_phrase(text, phrase), title
            break
    return -1, None, None


def _affiliated(phrase: Sequence[Token]) -> bool:
    """ "spokesman for Kelsford Business District": a role noun, then whose it is."""
    return any(
        phrase[k].low in PREPOSITIONS and phrase[k - 1].low in ROLE_NOUNS
        for k in range(1, len(phrase) - 1)
    )


def _through_affiliation(phrase: list[Token]) -> list[Token]:
    """The phrase if it ends in a role noun, or in a role noun's affiliation; else empty."""
    if phrase and phrase[-1].is_cap and not _affiliated(phrase):
        return []
    return phrase


class _Attributor:
    def __init__(self, text: str, stream: Stream) -> None:
        self.text = text
        self.stream = stream
        self.toks = stream.tokens
        self.memory = Memory()
        # Where role nouns and organisation words are, for a cheap look-ahead from "a"/"the".
        self._role_at = indices_where(self.toks, _LOW, _ROLE_OR_ORG)
        self._remember_all()
        self.memory.finish()

    def _remember_all(self) -> None:
        toks = self.toks
        # Only capitalised words and articles can start a mention: visit just those tokens, and
        # of the articles only those with a role noun close enough to make a group mention.
        caps = compress(count(), map(_IS_CAP, toks))
        starts = sorted({*caps, *self._articles_before_roles()})
        covered = 0
        for i in starts:
            if i < covered:
                continue
            tok = toks[i]
            if tok.low in _ARTICLES:
                self._remember_group(i)
            if not (tok.is_cap and tok.is_word):
                continue
            end = self._run_end(i)
            covered = end
            found = self._mention_at(i, end)
            if found is not None:
                mention, title, first = found
                self.memory.add(mention, self._event(first, end, mention), title)

    def _articles_before_roles(self) -> list[int]:
        """Indices of "a"/"an"/"the" with :meth:`_role_ahead` true, all found in C."""
        articles = indices_where(self.toks, _LOW, _ARTICLES)
        after = [*self._role_at, len(self.toks) + _ROLE_REACH]  # a sentinel out of reach
        nearest = map(after.__getitem__, map(bisect.bisect_right, repeat(self._role_at), articles))
        reach = map(add, articles, repeat(_ROLE_REACH))
        return list(compress(articles, map(gt, reach, nearest)))

    def _role_ahead(self, i: int) -> bool:
        """Is there a role noun or an organisation word within the next 11 tokens?"""
        k = bisect.bisect_right(self._role_at, i)
        return k < len(self._role_at) and self._role_at[k] < i + _ROLE_REACH

    def _remember_group(self, i: int) -> None:
        """ "A rebel spokesman rejected the claim": later "the spokesman" means him."""
        if not self._role_ahead(i):
            return  # cheap test first: most "a"/"the" phrases name no speaker
        phrase, _ = phrase_after(self.toks, i + 1)
        phrase = _through_affiliation(phrase)
        if not phrase:
            return
        head = phrase[-1].low
        if head not in ROLE_NOUNS and head not in ORG_WORDS and not _affiliated(phrase):
            return
        if not all(np_word(t) or is_modifier(t) for t in phrase):
            return
        name = self.text[phrase[0].start : phrase[-1].end]
        if self.toks[i].low == "the":
            name = self.memory.named_org(phrase[-1].low)  # "the college": one named before
            name = name if name != phrase[-1].low else self.text[phrase[0].start : phrase[-1].end]
        event = Event(i, self.stream.paragraph(i), name, "group", False, self._is_subject(i))
        self.memory.append(event)

    def _run_end(self, i: int) -> int:
        """End of the capitalised run at ``i``, through "of": "Royal College of Nursing"."""
        toks, end = self.toks, i
        while end < len(toks) and toks[end].is_word:
            if not (toks[end].is_cap or toks[end].is_initial or self._of_continues(i, end)):
                break
            end += 1
        return end

    def _of_continues(self, i: int, end: int) -> bool:
        """ "of" stays in a run that names an institution or a title, not after a person."""
        toks = self.toks
        if toks[end].low != "of" or end + 1 >= len(toks) or not toks[end + 1].is_cap:
            return False
        return end > i and (toks[end - 1].low in ORG_WORDS or toks[end - 1].low in TITLE_WORDS)

    def _mention_at(self, i: int, end: int) -> tuple[Mention, str | None, int] | None:
        toks = self.toks
        between_commas = i > 0 and toks[i - 1].text == "," and end < len(toks)
        if between_commas and toks[end].text == ",":
            # "The operator, Coastline Rail, said" / "Her coach, Samuel Otieno, said"
            names, title, first = phrase_before_appositive(self.text, toks, end + 1)
            if names and names[-1] is toks[end - 1] and title:
                mention = parse_phrase(self.text, names)
                if mention is not None:
                    return mention, title, first
        while end < len(toks) and toks[end - 1].low.endswith(("'s", "’s")):
            if not (toks[end].text.islower() and toks[end].low in ROLE_NOUNS):
                break
            end += 1  # "Arjun Iyer's father" is the father, not Arjun Iyer
        phrase = phrase_before(toks, end)
        mention = parse_phrase(self.text, phrase) if phrase else None
        if mention is None or mention.kind == "pronoun":
            return None
        return mention, appositive(self.text, toks, end), end - len(phrase)

    def _skip_appositive(self, i: int) -> int:
        """Past up to three comma-set groups: "Joan Freel, 67, of Elm Row, said"."""
        toks = self.toks
        for _ in range(3):
            if i >= len(toks) or toks[i].text != ",":
                break
            for j in range(i + 1, min(len(toks), i + 14)):
                if toks[j].text == ",":
                    i = j + 1
                    break
                if not (toks[j].is_word or toks[j].text.isdigit()):
                    return i
            else:
                return i
        return i

    def _is_subject(self, start: int) -> bool:
        """Only a noun phrase stands between the sentence start and ``start``."""
        for j in range(self._after_dateline(self.stream.sentence_start(start), start), start):
            tok = self.toks[j]
            if not (tok.text == "," or _np_like(tok)):
                return False
        return True

    def _after_dateline(self, first: int, limit: int) -> int:
        """Index just past a dateline ("VERLANGE, Helvaria (HNA) –") opening at ``first``."""
        for j in range(first, min(limit, first + _DATELINE_REACH)):
            tok = self.toks[j]
            if tok.text in _DASHES:
                return j + 1 if j > first else first
            if not (tok.is_cap or tok.text in "(),." or tok.text[0].isdigit()):
                break
        return first

    def _event(self, start: int, end: int, mention: Mention) -> Event:
        toks = self.toks
        after = self._skip_appositive(end)
        while after < len(toks) and toks[after].low in VERB_ADVERBS:
            after += 1
        speech = (after < len(toks) and _is_verb(toks[after])) or (
            start > 0 and _is_verb(toks[start - 1])
        )
        subject = speech or self._is_subject(start)
        name = self.memory.full_name(mention.name) if mention.kind != "org" else mention.name
        kind = mention.kind if mention.kind != "name" or name != mention.name else "name"
        if kind == "name" and name in self.memory.titles:
            kind = "person"
        return Event(start, self.stream.paragraph(start), name, kind, speech, subject)

    def resolve(
        self, mention: Mention | None, at: int, title: str | None
    ) -> tuple[str | None, str | None]:
        if mention is None:
            return None, None
        if mention.kind == "pronoun":
            name = self.memory.resolve_pronoun(mention.name, at, self.stream.paragraph(at))
            return (name, self.memory.titles.get(name)) if name else (None, None)
        if mention.kind == "group":
            return self.memory.named_org(mention.name), None
        if mention.kind == "org":
            return mention.name, None
        name = self.memory.full_name(mention.name)
        return name, self.memory.titles.get(name) or title or mention.title

    def _after(self, p: int) -> Attribution | None:
        toks, i = self.toks, p + 1
        inner = self.text[toks[p].start : toks[p].end].rstrip("\"'”’»“«„ ")
        if inner.endswith(".") and not inner.endswith(".."):
            return None  # a full stop inside the marks ended the sentence: no tag follows
        if i < len(toks) and toks[i].text in (",", "—", "–"):
            i += 1
        if i >= len(toks) or self.stream.is_marker(i):
            return None
        if _is_verb(toks[i]) or (
            toks[i].low == "according" and toks[i + 1 : i + 2] and toks[i + 1].low == "to"
        ):
            first = i + 1 if _is_verb(toks[i]) else i + 2
            how: How = "after" if _is_verb(toks[i]) else "according"
            phrase, end = phrase_after(toks, first)
            mention = parse_phrase(self.text, phrase)
            title = appositive(self.text, toks, end)
            named = name_after_comma(toks, end)
            if mention is not None and mention.kind == "group" and named:
                # "said the authority's enforcement director, Rachel Kim"
                mention = Mention("person", self.text[named[0].start : named[-1].end], mention.name)
                end += len(named) + 1
            who, t = self.resolve(mention, first, title)
            return Attribution(who, t, how, end)
        v, mention, title = _verb_after_phrase(self.text, self.stream, i)
        if v < 0:
            return None
        who, t = self.resolve(mention, i, title)
        return Attribution(who, t, "after", v + 1)

    def _before(self, p: int) -> Attribution | None:
        toks, i = self.toks, p - 1
        if i >= 0 and self.stream.is_paragraph_break(i) and i > 0 and toks[i - 1].text == ":":
            i -= 1
        if i < 0:
            return None
        if toks[i].text in (":", ",") and i > 0:
            if _is_verb(toks[i - 1]) or toks[i - 1].low in ("reporters", "journalists"):
                v = i - 1 if _is_verb(toks[i - 1]) else i - 2
                return self._subject_of(v, "before")
            verb = self._verb_before_colon(i)
            if verb is not None:
                return self._subject_of(verb, "before")  # "X said in a statement:"
            if toks[i].text == ":":
                phrase = phrase_before(toks, i)
                who, t = (
                    self.resolve(parse_phrase(self.text, phrase), i, None)
                    if phrase
                    else (None, None)
                )
                return Attribution(who, t, "colon", p) if who else None
            return self._according_before(i)
        if _is_verb(toks[i]) or (toks[i].low == "that" and i > 0 and _is_verb(toks[i - 1])):
            return self._subject_of(i if _is_verb(toks[i]) else i - 1, "before")
        return self._partial(p)

    def _verb_before_colon(self, colon: int) -> int | None:
        """The verb of "said in a statement:" or "told the BBC on Monday:"."""
        if self.toks[colon].text != ":":
            return None
        for v in range(colon - 1, max(-1, colon - 7), -1):
            if not self.toks[v].is_word:
                return None
            if _is_verb(self.toks[v]):
                return v
        return None

    def _subject_of(self, v: int, how: How) -> Attribution | None:
        if v < 0:
            return None
        end = v
        while end > 0 and (
            self.toks[end - 1].low in AUXILIARIES or self.toks[end - 1].low in VERB_ADVERBS
        ):
            end -= 1
        phrase, title, _ = phrase_before_appositive(self.text, self.toks, end)
        who, t = self.resolve(parse_phrase(self.text, phrase), v, title) if phrase else (None, None)
        return Attribution(who, t, how, v)

    def _according_before(self, comma: int) -> Attribution | None:
        toks = self.toks
        for j in range(comma - 1, max(0, comma - _WINDOW), -1):
            if toks[j].low == "to" and j > 0 and toks[j - 1].low == "according":
                who, t = self.resolve(parse_phrase(self.text, toks[j + 1 : comma]), j, None)
                return Attribution(who, t, "according", comma)
            if toks[j].low in _SENTENCE_END or self.stream.is_marker(j):
                return None
        return None

    def _partial(self, p: int) -> Attribution | None:
        """A quote inside a sentence whose speech verb came earlier: X said the plan was "..."."""
        start = self.stream.sentence_start(p)
        for v in range(p - 1, max(start, p - 3 * _WINDOW) - 1, -1):
            if self.stream.is_marker(v):
                return None
            if _is_verb(self.toks[v], framing=True):
                found = self._subject_of(v, "partial")
                if found is not None and found.speaker is None and self.toks[v].low[-1] == "s":
                    return None  # "similar claims about": a noun, not a speech act
                return found
        return None

    def attribute(self, k: int) -> Attribution:
        p = self.stream.quote_index[k]
        after = self._after(p)
        if after is not None and after.speaker:
            return after
        before = self._before(p)
        if before is not None and (before.speaker or after is None):
            return replace(before, tail_end=p + 1)
        # A speech act with no readable speaker still marks speech: keep it, speaker None.
        return after or Attribution(None, None, "none", p + 1)


def _joins(stream: Stream, spans: Sequence[QuoteSpan], atts: Sequence[Attribution], k: int) -> bool:
    """Is quote ``k`` the next part of quote ``k - 1``'s utterance?"""
    prev, p = stream.quote_index[k - 1], stream.quote_index[k]
    if spans[k - 1].close is None:
        return p == prev + 2 and stream.is_paragraph_break(prev + 1)
    gap = range(prev + 1, p)
    if any(stream.is_marker(i) for i in gap):
        return False
    if atts[k].speaker is not None and atts[k].speaker != atts[k - 1].speaker:
        return False
    if atts[k - 1].how not in ("after", "according"):
        return all(not stream.tokens[i].is_word for i in gap)  # "A." "B."
    # "A," said X, head of Y. "B."  -- one attribution sentence between the parts.
    ends = sum(1 for i in range(atts[k - 1].tail_end, p) if stream.tokens[i].low in _SENTENCE_END)
    return ends <= 1


def attribute(text: str, spans: Sequence[QuoteSpan]) -> list[Attribution]:
    """One attribution per quote span, in order; parts of one utterance share a speaker."""
    stream = build_stream(text, spans)
    attributor = _Attributor(text, stream)
    atts = [attributor.attribute(k) for k in range(len(spans))]
    for k in range(1, len(atts)):
        if _joins(stream, spans, atts, k):
            atts[k] = replace(atts[k], joins_previous=True)
    return atts
