"""What the speaker rules decide for one quote: an :class:`Attribution`, and the
:class:`Resolved` name a speaker phrase became."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal, NamedTuple

from bot.nlp.rules import Resolution, Rule
from bot.nlp.tokens import Token

How = Literal["after", "before", "colon", "according", "partial", "context", "none"]


@dataclass(frozen=True, slots=True)
class Attribution:
    speaker: str | None
    title: str | None
    how: How
    # Stream index just past the attribution that follows the quote (for split quotes).
    tail_end: int
    # Part of the previous quote's utterance: "A," he said. "B." or a continued paragraph.
    joins_previous: bool = False
    rule: Rule = Rule.NONE
    resolved: Resolution = Resolution.NONE
    # Character span of the words the rule read (the verb and the speaker phrase).
    evidence: tuple[int, int] | None = None


class Resolved(NamedTuple):
    name: str | None
    title: str | None
    how: Resolution


UNRESOLVED = Resolved(None, None, Resolution.NONE)


def make_attribution(
    toks: Sequence[Token], found: Resolved, how: How, tail: int, rule: Rule, lo: int, hi: int
) -> Attribution:
    """An attribution read by ``rule`` from the tokens ``lo:hi`` (its evidence)."""
    lo, hi = max(0, lo), min(len(toks), hi)
    evidence = (toks[lo].start, toks[hi - 1].end) if lo < hi else None
    return Attribution(
        found.name, found.title, how, tail, rule=rule, resolved=found.how, evidence=evidence
    )
