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
from typing import Literal

from bot.nlp.lexicon import FRAMING_VERBS, SPEECH_VERBS, VERB_ADVERBS
from bot.nlp.names import (
    Mention,
    Token,
    appositive,
    parse_phrase,
    phrase_after,
    phrase_before,
    phrase_before_appositive,
)
from bot.nlp.stream import QuoteSpan, Stream, build_stream

How = Literal["after", "before", "colon", "according", "partial", "none"]
_SENTENCE_END = frozenset(".!?")
_WINDOW = 14


@dataclass(frozen=True, slots=True)
class Attribution:
    speaker: str | None
    title: str | None
    how: How
    # Stream index just past the attribution that follows the quote (for split quotes).
    tail_end: int
    # Part of the previous quote's utterance: "A," he said. "B." or a continued paragraph.
    joins_previous: bool = False


@dataclass(frozen=True, slots=True)
class _Event:
    index: int
    paragraph: int
    name: str
    kind: str
    speech: bool  # the subject of a speech verb: "Ushakov said", "said Ushakov"
    subject: bool  # opens its sentence


class _Memory:
    """Everyone named in the text, outside quotations: full names, titles, salience."""

    def __init__(self) -> None:
        self.titles: dict[str, str | None] = {}
        self.surnames: dict[str, str] = {}
        self.events: list[_Event] = []

    def add(self, mention: Mention, event: _Event, title: str | None) -> None:
        if mention.kind == "person":
            name = self.full_name(mention.name)
            if self.titles.get(name) is None:
                self.titles[name] = title or mention.title
            for part in mention.name.split()[1:]:
                self.surnames.setdefault(part.rstrip(",").lower(), mention.name)
        self.events.append(event)

    def full_name(self, name: str) -> str:
        return name if " " in name else self.surnames.get(name.lower(), name)

    def resolve_pronoun(self, pronoun: str, index: int, paragraph: int) -> str | None:
        kinds = {"he": ("person",), "she": ("person",), "they": ("org", "group"), "it": ("org",)}
        wanted = kinds.get(pronoun)
        if wanted is None:
            return None
        cut = bisect.bisect_left([e.index for e in self.events], index)
        before = [e for e in self.events[:cut] if e.kind in wanted]
        same = [e for e in before if e.paragraph == paragraph]
        salient = [e for e in before if e.speech or e.subject]
        for pool in ([e for e in same if e.speech], [e for e in same if e.subject], salient):
            if pool:
                return pool[-1].name
        return None


def _is_verb(tok: Token, framing: bool = False) -> bool:
    return tok.low in SPEECH_VERBS or (framing and tok.low in FRAMING_VERBS)


def _verb_after_phrase(stream: Stream, start: int) -> int | None:
    """Index of a speech verb whose subject phrase starts exactly at ``start``."""
    toks = stream.tokens
    for v in range(start + 1, min(len(toks), start + _WINDOW)):
        if toks[v].low in _SENTENCE_END or stream.is_marker(v):
            return None
        if _is_verb(toks[v]):
            subject_end = v
            while subject_end > start and toks[subject_end - 1].low in VERB_ADVERBS:
                subject_end -= 1
            phrase = phrase_before(toks, subject_end)
            return v if phrase and phrase[0] is toks[start] else None
    return None


class _Attributor:
    def __init__(self, text: str, stream: Stream) -> None:
        self.text = text
        self.stream = stream
        self.toks = stream.tokens
        self.memory = _Memory()
        self._remember_all()

    def _remember_all(self) -> None:
        toks = self.toks
        for i, tok in enumerate(toks):
            starts_run = tok.is_cap and tok.is_word and not (i > 0 and toks[i - 1].is_cap)
            if not starts_run:
                continue
            end = i
            while (
                end < len(toks) and toks[end].is_word and (toks[end].is_cap or toks[end].is_initial)
            ):
                end += 1
            phrase = phrase_before(toks, end)
            mention = parse_phrase(self.text, phrase) if phrase else None
            if mention is None or mention.kind == "pronoun":
                continue
            title = appositive(self.text, toks, end)
            self.memory.add(mention, self._event(i, end, mention), title)

    def _event(self, start: int, end: int, mention: Mention) -> _Event:
        toks = self.toks
        after = end
        while after < len(toks) and toks[after].low in VERB_ADVERBS:
            after += 1
        speech = (after < len(toks) and _is_verb(toks[after])) or (
            start > 0 and _is_verb(toks[start - 1])
        )
        subject = speech or self.stream.sentence_start(start) >= start - 3
        name = self.memory.full_name(mention.name) if mention.kind != "org" else mention.name
        kind = mention.kind if mention.kind != "name" or name != mention.name else "name"
        if kind == "name" and name in self.memory.titles:
            kind = "person"
        return _Event(start, self.stream.paragraph(start), name, kind, speech, subject)

    def resolve(
        self, mention: Mention | None, at: int, title: str | None
    ) -> tuple[str | None, str | None]:
        if mention is None:
            return None, None
        if mention.kind == "pronoun":
            name = self.memory.resolve_pronoun(mention.name, at, self.stream.paragraph(at))
            return (name, self.memory.titles.get(name)) if name else (None, None)
        if mention.kind in ("org", "group"):
            return mention.name, None
        name = self.memory.full_name(mention.name)
        return name, self.memory.titles.get(name) or title or mention.title

    def _after(self, p: int) -> Attribution | None:
        toks, i = self.toks, p + 1
        if i < len(toks) and toks[i].text in (",", "—", "–"):
            i += 1
        if i >= len(toks) or self.stream.is_marker(i):
            return None
        if _is_verb(toks[i]):
            phrase, end = phrase_after(toks, i + 1)
            title = appositive(self.text, toks, end)
            who, t = self.resolve(parse_phrase(self.text, phrase), i + 1, title)
            return Attribution(who, t, "after", end) if who else None
        if toks[i].low == "according" and i + 1 < len(toks) and toks[i + 1].low == "to":
            phrase, end = phrase_after(toks, i + 2)
            who, t = self.resolve(parse_phrase(self.text, phrase), i + 2, None)
            return Attribution(who, t, "according", end) if who else None
        v = _verb_after_phrase(self.stream, i)
        if v is None:
            return None
        subject_end = v
        while toks[subject_end - 1].low in VERB_ADVERBS:
            subject_end -= 1
        who, t = self.resolve(parse_phrase(self.text, toks[i:subject_end]), i, None)
        return Attribution(who, t, "after", v + 1) if who else None

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

    def _subject_of(self, v: int, how: How) -> Attribution | None:
        if v < 0:
            return None
        phrase, title = phrase_before_appositive(self.text, self.toks, v)
        who, t = self.resolve(parse_phrase(self.text, phrase), v, title) if phrase else (None, None)
        return Attribution(who, t, how, v) if who else None

    def _according_before(self, comma: int) -> Attribution | None:
        toks = self.toks
        for j in range(comma - 1, max(0, comma - _WINDOW), -1):
            if toks[j].low == "to" and j > 0 and toks[j - 1].low == "according":
                who, t = self.resolve(parse_phrase(self.text, toks[j + 1 : comma]), j, None)
                return Attribution(who, t, "according", comma) if who else None
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
                return self._subject_of(v, "partial")
        return None

    def attribute(self, k: int) -> Attribution:
        p = self.stream.quote_index[k]
        after = self._after(p)
        if after is not None:
            return after
        before = self._before(p)
        return replace(before, tail_end=p + 1) if before else Attribution(None, None, "none", p + 1)


def _joins(stream: Stream, spans: Sequence[QuoteSpan], atts: Sequence[Attribution], k: int) -> bool:
    prev, p = stream.quote_index[k - 1], stream.quote_index[k]
    if spans[k - 1].close is None:
        return p == prev + 2 and stream.is_paragraph_break(prev + 1)
    gap_start = max(prev + 1, atts[k - 1].tail_end)
    if gap_start > p:
        return False
    return all(
        not stream.tokens[i].is_word and not stream.is_marker(i) for i in range(gap_start, p)
    )


def attribute(text: str, spans: Sequence[QuoteSpan]) -> list[Attribution]:
    """One attribution per quote span, in order; parts of one utterance share a speaker."""
    stream = build_stream(text, spans)
    attributor = _Attributor(text, stream)
    atts = [attributor.attribute(k) for k in range(len(spans))]
    for k in range(1, len(atts)):
        if _joins(stream, spans, atts, k):
            atts[k] = replace(atts[k], joins_previous=True)
    return atts
