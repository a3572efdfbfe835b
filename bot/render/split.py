"""Packing rendered units (a digest's stories, a story's quotes) into Slack-sized messages.

A unit is never cut between messages: a digest splits at story boundaries and a full-quote
reply at quote boundaries. Units are measured after rendering, so the sizes are exact.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from bot.errors import RenderError
from bot.render.limits import MAX_BLOCKS, MAX_MESSAGE_TEXT, blocks_text_length


@dataclass(frozen=True, slots=True)
class Size:
    """Blocks and characters of text a unit (or a message's fixed part) takes."""

    blocks: int
    chars: int

    @classmethod
    def of(cls, blocks: list[dict[str, Any]]) -> Size:
        return cls(len(blocks), blocks_text_length(blocks))

    def __add__(self, other: Size) -> Size:
        return Size(self.blocks + other.blocks, self.chars + other.chars)

    def fits(self, max_blocks: int = MAX_BLOCKS, max_chars: int = MAX_MESSAGE_TEXT) -> bool:
        return self.blocks <= max_blocks and self.chars <= max_chars


def pack(units: Sequence[Size], *, first: Size, rest: Size) -> list[range]:
    """Split ``units`` into consecutive runs that each fit one message.

    ``first`` is the fixed part of the first message (header, context, closing buttons) and
    ``rest`` that of each continuation. Raises RenderError when one unit cannot fit at all.
    """
    parts: list[range] = []
    start = 0
    used = first
    for index, unit in enumerate(units):
        if (used + unit).fits():
            used = used + unit
            continue
        if index == start:
            raise RenderError(f"item {index + 1} is too large for one Slack message ({unit})")
        parts.append(range(start, index))
        start, used = index, rest + unit
        if not used.fits():
            raise RenderError(f"item {index + 1} is too large for one Slack message ({unit})")
    parts.append(range(start, len(units)))
    return parts
