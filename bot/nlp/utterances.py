"""Which quotes continue an utterance: the later parts of one speech ('"A," she said. "B."')
and a quote paragraph that follows on from the same speaker's quote."""

from __future__ import annotations

import bisect
from collections.abc import Sequence

from bot.nlp.attribution import Attribution
from bot.nlp.stream import QuoteSpan, Stream

_SENTENCE_END = frozenset(".!?")


def follows_on(stream: Stream, k: int) -> bool:
    """Does untagged quote ``k`` open the paragraph right after the one where quote
    ``k - 1`` and its attribution end it? Then it is the same speaker going on."""
    prev, p = stream.quote_index[k - 1], stream.quote_index[k]
    if p < 1 or not stream.is_paragraph_break(p - 1):
        return False
    if stream.paragraph(prev) != stream.paragraph(p) - 1:
        return False
    rest = stream.tokens[p + 1 : stream.paragraph_end(p)]
    if any(t.is_word for t in rest):
        return False  # words of its own ("... was the refrain at the station")
    # Only the previous quote's own attribution sentence may stand between them.
    ends = sum(1 for i in range(prev + 1, p - 1) if stream.tokens[i].low in _SENTENCE_END)
    return ends <= 1


def joins(stream: Stream, spans: Sequence[QuoteSpan], atts: Sequence[Attribution], k: int) -> bool:
    """Is quote ``k`` the next part of quote ``k - 1``'s utterance?"""
    prev, p = stream.quote_index[k - 1], stream.quote_index[k]
    if spans[k - 1].close is None:  # ran on into the next paragraph, or restarted in this one
        return p == prev + 1 or (p == prev + 2 and stream.is_paragraph_break(prev + 1))
    gap = range(prev + 1, p)
    if any(stream.is_marker(i) for i in gap) or stream.tokens[p - 1].text == ":":
        return False  # a colon introduces a quote of its own: 'A notice read: "..."'
    if atts[k].speaker is not None and atts[k].speaker != atts[k - 1].speaker:
        return False
    if atts[k - 1].how not in ("after", "according"):
        return all(not stream.tokens[i].is_word for i in gap)  # "A." "B."
    # "A," said X, head of Y. "B."  -- one attribution sentence between the parts.
    # Sentence ends as the stream found them: "(D-Ill.)" or "Jr." ends no sentence.
    enders = stream.enders
    ends = bisect.bisect_left(enders, p) - bisect.bisect_left(enders, atts[k - 1].tail_end)
    return ends <= 1
