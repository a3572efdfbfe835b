"""Key quotes as whole utterances, and speakers that name someone.

A quote split by its attribution ('"A," he said. "B."') is two ``Quote`` parts of one
utterance. A digest picks utterances, not parts: when a part is chosen, every part of its
utterance comes with it, in text order, so "But the direction is clear..." is never shown
without what came before it.

Rule "a speaker names someone": a speaker is kept when it holds a capitalised word (a name,
an organisation, "White House official") or is a lower-case role the speaker rules know
("analysts", "a spokesperson"). Anything else ("minutes", from "minutes released on Wednesday
showed") is no one, and the quote is shown as said by a speaker not named. The attribution
itself comes from ``bot.nlp``; this only keeps a digest from showing a thing as a person.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from bot.model import Quote
from bot.nlp.names import is_role_word


def names_someone(speaker: str | None) -> bool:
    """The rule in the module docstring."""
    if not speaker or not speaker.strip():
        return False
    words = speaker.split()
    if any(w[:1].isupper() for w in words):
        return True
    return is_role_word(words[-1].strip(".,;:").casefold())


def with_named_speaker(quote: Quote) -> Quote:
    """The quote, its speaker and title dropped when the speaker names no one."""
    if quote.speaker is None or names_someone(quote.speaker):
        return quote
    return replace(quote, speaker=None, speaker_title=None)


def whole_utterances(chosen: Sequence[Quote], every: Sequence[Quote]) -> tuple[Quote, ...]:
    """Each chosen quote with the other parts of its utterance (from ``every``), in text
    order; utterances in the order they were chosen."""
    out: list[Quote] = []
    done: set[tuple[str | None, str | None, int]] = set()
    for quote in chosen:
        key = quote.utterance_key
        if key in done:
            continue
        done.add(key)
        parts = [q for q in every if q.utterance_key == key] or [quote]
        out.extend(sorted(parts, key=lambda q: q.start))
    return tuple(out)
