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
from bot.nlp.attribution import Attribution
from bot.nlp.lexicon import FRAMING_VERBS, SPEECH_VERBS, TITLE_SMALL_WORDS, WORK_NOUNS
from bot.nlp.passes import attribute_all
from bot.nlp.quotemarks import scan_spans
from bot.nlp.rules import Rule
from bot.nlp.stream import QuoteSpan

__all__ = ["ExplainedQuote", "explain_quotes", "find_quotes", "scan_spans"]

_WORD = re.compile(r"[^\W_]+")
_SHORT = 3  # unattributed quotes of this many words or fewer are scare quotes
# Words a title leaves in lower case: "Steps and Cognition in Later Life".
_SMALL = TITLE_SMALL_WORDS


def _word_count(text: str) -> int:
    return len(_WORD.findall(text))  # one C call; quotes are short, the list is small


def _title_case(content: str) -> bool:
    """ "Steps and Cognition in Later Life": every word but the small ones capitalised."""
    return all(w[0].isupper() for w in content.split() if w[0].isalpha() and w not in _SMALL)


def _names_a_work(text: str, mark: int) -> bool:
    """Rule "work title": a quote right after a work's noun, a space between, is its title:
    'in her post “I failed”', 'the blog “In 2310”'. Not after a colon ("in a post: “We
    failed.”"), nor when a verb frames the work ('called the film “a quiet earthquake”')."""
    before = text[max(0, mark - 40) : mark]
    if not before.endswith(" "):
        return False
    words = before.lower().split()
    return (
        bool(words)
        and words[-1] in WORK_NOUNS
        and not any(w in FRAMING_VERBS or w in SPEECH_VERBS for w in words[-4:-1])
    )


def _is_speech(text: str, span: QuoteSpan, att: Attribution, in_utterance: bool) -> bool:
    """Speech, not a scare quote or a title: a speech act beside it or in its sentence, or a
    full thought of several words that is not a Capitalised Title."""
    content = text[span.start : span.end]
    words = _word_count(content)
    if words == 0:
        return False
    if text[max(0, span.open - 10) : span.open].rstrip().lower().endswith("so-called"):
        return False  # the writer's label, not anybody's words
    if _names_a_work(text, span.open):
        return False
    title_like = _title_case(content)
    if content[-1] in "!?" and att.how in ("none", "context") and not (title_like and words > 1):
        return True  # "Shame on you!" rang out (but the film "Where Is Anna?" is a title)
    if title_like and words <= _SHORT and att.how in ("partial", "context", "none"):
        return False  # a name inside reported speech: the new "Dark Harbour" range
    if in_utterance:
        return True
    if att.how not in ("none", "context"):
        return True
    if att.how == "context" and words > 1 and not title_like:
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
