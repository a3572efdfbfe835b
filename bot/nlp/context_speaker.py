"""The last resort for a quote no rule read a speaker for: who the text is about right there.

Real copy weaves partial quotes into sentences with no speech verb near them ('Trump groused
that CNN "doesn't treat me properly"', 'He criticized the plan, which he called "a
disaster"') and lets a paragraph of quotes follow its speaker's narrative. When no named rule
fired, two named context rules decide, in this order:

- ``context:sentence-subject``: the person who opens the quote's own sentence (a name, or
  "he"/"she" resolved as everywhere else), when the quote is not that sentence's opening;
- ``context:paragraph-speaker``: for a quote that opens its sentence, the person who last
  spoke earlier in the same paragraph.

Both read only what the mention memory already holds, so they add no pass over the text.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import NamedTuple

from bot.nlp.attribution import Resolved
from bot.nlp.memory import Event, Memory
from bot.nlp.names import Mention
from bot.nlp.rules import Resolution, Rule
from bot.nlp.stream import Stream

_SUBJECT_PRONOUNS = frozenset(("he", "she"))
Resolve = Callable[[Mention | None, int, str | None], Resolved]


class ContextFinding(NamedTuple):
    """What a context rule read: the resolved speaker, the rule, and the evidence tokens."""

    found: Resolved
    rule: Rule
    lo: int
    hi: int


def _end(event: Event) -> int:
    """The stream index just past the mention (one token a word: names are plain words)."""
    return event.at + event.name.count(" ") + 1


def _finding(memory: Memory, event: Event, rule: Rule) -> ContextFinding:
    """The person ``event`` names, with the full name and title the text gave earlier."""
    name = memory.full_name(event.name)
    how = Resolution.FULL_NAME if name != event.name else Resolution.AS_WRITTEN
    return ContextFinding(Resolved(name, memory.titles.get(name), how), rule, event.at, _end(event))


def sentence_subject(
    stream: Stream, memory: Memory, resolve: Resolve, p: int
) -> ContextFinding | None:
    """The person opening the sentence that holds quote placeholder ``p``."""
    start = stream.sentence_start(p)
    if start >= p:
        return None  # the quote opens its sentence: nothing before it to be its subject
    toks = stream.tokens
    first = next((k for k in range(start, p) if toks[k].is_word), None)
    if first is None:
        return None
    if toks[first].low in _SUBJECT_PRONOUNS:
        found = resolve(Mention("pronoun", toks[first].low), first, None)
        if found.name:
            return ContextFinding(found, Rule.CONTEXT_SUBJECT, first, first + 1)
        return None
    for event in memory.events_between(start, p):
        if event.subject and memory.is_person(event):
            return _finding(memory, event, Rule.CONTEXT_SUBJECT)
    return None


def paragraph_speaker(stream: Stream, memory: Memory, p: int) -> ContextFinding | None:
    """The person who last spoke before quote placeholder ``p`` in its paragraph."""
    if stream.sentence_start(p) < p:
        return None  # the quote sits inside a sentence of its own subject ("A sign read: ...")
    for event in reversed(memory.events_between(stream.paragraph_start(p), p)):
        if event.speech and memory.is_person(event):
            return _finding(memory, event, Rule.CONTEXT_SPEAKER)
    return None
