"""What the speaker rules decide for one quote: an :class:`Attribution`, and the
:class:`Resolved` name a speaker phrase became."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal, NamedTuple

from bot.nlp.lexicon import PRONOUNS
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
    # For a pronoun: the character span of the mention it went to, and why that one.
    antecedent: tuple[int, int] | None = None
    antecedent_why: str | None = None


class Resolved(NamedTuple):
    name: str | None
    title: str | None
    how: Resolution
    antecedent: tuple[int, int] | None = None  # a pronoun's referent: its mention's span
    antecedent_why: str | None = None


UNRESOLVED = Resolved(None, None, Resolution.NONE)


def is_bare_pronoun(name: str) -> bool:
    """Rule "no pronoun speaker": "He", "she", "It’s" are never printed as a speaker."""
    return name.lower().removesuffix("’s").removesuffix("'s") in PRONOUNS


def make_attribution(
    toks: Sequence[Token], found: Resolved, how: How, tail: int, rule: Rule, lo: int, hi: int
) -> Attribution:
    """An attribution read by ``rule`` from the tokens ``lo:hi`` (its evidence)."""
    if found.name is not None and is_bare_pronoun(found.name):
        found = UNRESOLVED  # "He" or "It’s" read as a name: no one a reader could identify
    lo, hi = max(0, lo), min(len(toks), hi)
    evidence = (toks[lo].start, toks[hi - 1].end) if lo < hi else None
    return Attribution(
        found.name,
        found.title,
        how,
        tail,
        rule=rule,
        resolved=found.how,
        evidence=evidence,
        antecedent=found.antecedent,
        antecedent_why=found.antecedent_why,
    )
