"""Direct quotations in article text, verbatim and attributed.

Span convention: a quote's ``start:end`` is the content between its quote marks, whitespace
trimmed, with any punctuation inside the marks kept ("It's nonsense, there is no escalation,").
So ``quote.text == text[quote.start:quote.end]`` always, and the marks themselves are never part
of it. A quote that runs on over paragraphs (no closing mark before the next paragraph opens
with a quote mark again) yields one part per paragraph, all with the same ``utterance``.

Scare quotes and titles (a short phrase or a Capitalised Title with no speech act beside it or
earlier in its sentence) are left out; an unattributed quote of several words is kept with
speaker None.
One pass over the quote marks of each paragraph: linear, no backtracking regex.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from bot.model import Quote
from bot.nlp.lexicon import TITLE_SMALL_WORDS
from bot.nlp.rules import Rule
from bot.nlp.sentences import paragraph_spans
from bot.nlp.speakers import Attribution, attribute_all
from bot.nlp.stream import QuoteSpan

_DOUBLE = re.compile(r"[\"“”«»„]")
_SINGLE = re.compile(r"['‘’]")
_OPENERS = frozenset("\"“„«‘'")
_CLOSES = {'"': '"”', "“": '”"', "„": '“”"', "«": "»", "'": "'’", "‘": "’'"}
_WORD = re.compile(r"[^\W_]+")
_SHORT = 3  # unattributed quotes of this many words or fewer are scare quotes
# Words a title leaves in lower case: "Steps and Cognition in Later Life".
_SMALL = TITLE_SMALL_WORDS


def _single_ok(text: str, pos: int, opening: bool, start: int, end: int) -> bool:
    """Single marks double as apostrophes: only take ones with a word edge on the right side."""
    before = text[pos - 1] if pos > start else " "
    after = text[pos + 1] if pos + 1 < end else " "
    if opening:
        return not before.isalnum() and after.isalnum()
    return not before.isspace() and not after.isalnum()


def _marks(text: str, start: int, end: int) -> list[tuple[int, str]]:
    marks = [(m.start(), m.group()) for m in _DOUBLE.finditer(text, start, end)]
    if marks:
        return marks
    # A paragraph with no double marks (often a headline) may quote with single marks.
    out = []
    for m in _SINGLE.finditer(text, start, end):
        pos, char = m.start(), m.group()
        if _single_ok(text, pos, True, start, end) or _single_ok(text, pos, False, start, end):
            out.append((pos, char))
    return out


def _trimmed(text: str, open_pos: int, close_pos: int, close: int | None) -> QuoteSpan | None:
    start, end = open_pos + 1, close_pos
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return QuoteSpan(start, end, open_pos, close) if start < end else None


def _pair(text: str, start: int, end: int) -> tuple[list[QuoteSpan], tuple[int, str] | None]:
    """Quote spans closed in this paragraph, and the mark of one left open at its end."""
    spans: list[QuoteSpan] = []
    opened: tuple[int, str] | None = None
    single = False
    for pos, char in _marks(text, start, end):
        single = char in "'‘’"
        if opened is None:
            if char in _OPENERS and (not single or _single_ok(text, pos, True, start, end)):
                opened = (pos, char)
        elif char in _CLOSES[opened[1]] and (
            not single or _single_ok(text, pos, False, start, end)
        ):
            span = _trimmed(text, opened[0], pos, pos)
            if span:
                spans.append(span)
            opened = None
        elif char in ("“", "«") and opened[1] == char:
            opened = (pos, char)  # the earlier mark never closed: start again here
    return spans, opened


def scan_spans(text: str) -> list[QuoteSpan]:
    """Every quotation's content span, before any attribution or filtering."""
    paragraphs = [p for p in paragraph_spans(text) if p[0] < p[1]]
    out: list[QuoteSpan] = []
    for n, (start, end) in enumerate(paragraphs):
        spans, left_open = _pair(text, start, end)
        out.extend(spans)
        if left_open is None or n + 1 >= len(paragraphs):
            continue
        nxt = text[paragraphs[n + 1][0] : paragraphs[n + 1][1]].lstrip()
        if nxt[:1] and nxt[0] in _OPENERS:  # the convention for a quote that runs on
            part = _trimmed(text, left_open[0], end, None)
            if part:
                out.append(part)
    out.sort(key=lambda s: s.open)
    return out


def _word_count(text: str) -> int:
    return len(_WORD.findall(text))  # one C call; quotes are short, the list is small


def _title_case(content: str) -> bool:
    """ "Steps and Cognition in Later Life": every word but the small ones capitalised."""
    return all(w[0].isupper() for w in content.split() if w[0].isalpha() and w not in _SMALL)


def _is_speech(text: str, span: QuoteSpan, att: Attribution, in_utterance: bool) -> bool:
    """Speech, not a scare quote or a title: a speech act beside it or in its sentence, or a
    full thought of several words that is not a Capitalised Title."""
    content = text[span.start : span.end]
    words = _word_count(content)
    if words == 0:
        return False
    if text[max(0, span.open - 10) : span.open].rstrip().lower().endswith("so-called"):
        return False  # the writer's label, not anybody's words
    title_like = _title_case(content)
    if content[-1] in "!?" and att.how == "none" and not (title_like and words > 1):
        return True  # "Shame on you!" rang out (but the film "Where Is Anna?" is a title)
    if title_like and words <= _SHORT and att.how in ("partial", "none"):
        return False  # a name inside reported speech: the new "Dark Harbour" range
    if in_utterance:
        return True
    if att.how != "none":
        return True
    return words > _SHORT and not title_like


def _utterances(atts: Sequence[Attribution]) -> list[list[int]]:
    groups: list[list[int]] = []
    for k, att in enumerate(atts):
        if groups and att.joins_previous:
            groups[-1].append(k)
        else:
            groups.append([k])
    return groups


@dataclass(frozen=True, slots=True)
class ExplainedQuote:
    """A quote, the attribution that gave its speaker (``rule`` says which rule read it) and
    every candidate attribution the rules read for it."""

    quote: Quote
    rule: Rule
    decided_by: Attribution
    candidates: tuple[Attribution, ...]


def explain_quotes(text: str) -> list[ExplainedQuote]:
    """:func:`find_quotes` with the rule, evidence and candidates behind each speaker."""
    spans = scan_spans(text)
    atts, candidates = attribute_all(text, spans)
    out: list[ExplainedQuote] = []
    utterance = 0
    for group in _utterances(atts):
        multi = len(group) > 1
        kept = [k for k in group if _is_speech(text, spans[k], atts[k], multi)]
        if not kept:
            continue
        who = next((k for k in group if atts[k].speaker), group[0])
        att = atts[who]
        for k in kept:
            span = spans[k]
            quote = Quote(
                text[span.start : span.end], span.start, span.end, att.speaker, att.title, utterance
            )
            rule = att.rule if k == who or not att.speaker else Rule.SAME_UTTERANCE
            out.append(ExplainedQuote(quote, rule, att, tuple(candidates[k])))
        utterance += 1
    return out


def find_quotes(text: str) -> list[Quote]:
    """Direct quotes in ``text``, in order, with speaker and title where the text says them."""
    return [e.quote for e in explain_quotes(text)]
