"""How a key quote reads in a digest: a whole utterance inside quote marks.

The parts of one utterance (consecutive key quotes sharing ``Quote.utterance_key``) are shown
as one quote, joined by " … " where the attribution stood. A comma that ends a part is the
typography of "...," he said, not a word of the quote: it is left out of what is shown (the
stored quote stays verbatim, and the full-quotes reply shows it as written).
"""

from __future__ import annotations

from collections.abc import Sequence

from bot.model import Quote

OPEN_MARK, CLOSE_MARK = "“", "”"
PART_JOINER = " … "
_TYPOGRAPHIC_ENDINGS = ",;: \n\t"


def utterances(quotes: Sequence[Quote]) -> list[tuple[Quote, ...]]:
    """Consecutive quotes grouped by utterance (``Quote.utterance_key``), each part after
    the one before it in the text."""
    groups: list[list[Quote]] = []
    for quote in quotes:
        last = groups[-1][-1] if groups else None
        # A next part follows the one before it in the text; anything else is another quote.
        if last and last.utterance_key == quote.utterance_key and quote.start >= last.end:
            groups[-1].append(quote)
        else:
            groups.append([quote])
    return [tuple(g) for g in groups]


def shown_words(text: str) -> str:
    """A part's words as shown: outer spaces and a trailing comma (or ; or :) removed."""
    return text.strip().rstrip(_TYPOGRAPHIC_ENDINGS)


def utterance_text(parts: Sequence[Quote]) -> str:
    """The parts' words joined, without quote marks (see ``in_marks``)."""
    return PART_JOINER.join(w for w in (shown_words(p.text) for p in parts) if w)


def in_marks(text: str) -> str:
    return f"{OPEN_MARK}{text}{CLOSE_MARK}"
