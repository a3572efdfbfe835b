"""What the speaker rules decide for one quote: an :class:`Attribution`, and the
:class:`Resolved` name a speaker phrase became."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, NamedTuple

from bot.nlp.rules import Resolution, Rule

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
