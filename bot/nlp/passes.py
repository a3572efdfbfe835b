"""Who said each quote of a text: every quote attributed alone (bot/nlp/speakers.py), then
passes over all of them: the parts of one utterance share a speaker, an untagged quote after
a speaking sentence is carried over, a quote paragraph follows on from the one before, and
the last-resort context rules (bot/nlp/context_speaker.py) answer what is still open."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from bot.nlp.attribution import Attribution
from bot.nlp.rules import Rule
from bot.nlp.salience import is_verb
from bot.nlp.speakers import Attributor
from bot.nlp.stream import QuoteSpan, Stream, build_stream
from bot.nlp.utterances import follows_on, joins


def attribute_all(
    text: str, spans: Sequence[QuoteSpan]
) -> tuple[list[Attribution], list[list[Attribution]]]:
    """One attribution per quote span, in order, and the candidates each rule read for it."""
    stream = build_stream(text, spans)
    attributor = Attributor(text, stream)
    atts = [attributor.attribute(k) for k in range(len(spans))]
    for k in range(1, len(atts)):
        if joins(stream, spans, atts, k):
            atts[k] = replace(atts[k], joins_previous=True)
    for k, att in enumerate(atts):
        if att.how == "none" and not att.joins_previous:
            _settle(attributor, atts, k, attributor.carried_over(k))
    for k in range(1, len(atts)):
        _settle(attributor, atts, k, _follow_on(stream, atts, k))
    for k in range(1, len(atts)):
        _settle(attributor, atts, k, _same_sentence(stream, atts, k))
    for k, att in enumerate(atts):
        if att.speaker is None and not att.joins_previous:
            _settle(attributor, atts, k, attributor.from_context(k))
    return atts, attributor.candidates


def _settle(
    attributor: Attributor, atts: list[Attribution], k: int, found: Attribution | None
) -> None:
    """Quote ``k`` takes what a pass ``found`` for it, and --explain lists it as a candidate."""
    if found is not None:
        attributor.candidates[k].append(found)
        atts[k] = replace(found, joins_previous=False)


def _follow_on(stream: Stream, atts: Sequence[Attribution], k: int) -> Attribution | None:
    """A quote paragraph right after the previous quote's paragraph is the same speaker's."""
    att, previous = atts[k], atts[k - 1]
    if att.joins_previous or att.rule != Rule.NONE or not previous.speaker:
        return None
    if not follows_on(stream, k):
        return None
    return replace(previous, rule=Rule.FOLLOW_ON, how="partial", tail_end=stream.quote_index[k] + 1)


def _same_sentence(stream: Stream, atts: Sequence[Attribution], k: int) -> Attribution | None:
    """'Lee said it was "remarkable" because it would "mark a first"': one speaker, unless
    another speech or framing verb stands between ("..., while another praised")."""
    att, previous = atts[k], atts[k - 1]
    if att.speaker is not None or att.joins_previous or not previous.speaker:
        return None
    p, q = stream.quote_index[k], stream.quote_index[k - 1]
    if stream.sentence_start(p) != stream.sentence_start(q):
        return None
    if any(is_verb(t, framing=True) for t in stream.tokens[q + 1 : p]):
        return None
    return replace(previous, rule=Rule.PARTIAL_PREVIOUS_QUOTE, how="partial", tail_end=p + 1)


def attribute(text: str, spans: Sequence[QuoteSpan]) -> list[Attribution]:
    """One attribution per quote span, in order; parts of one utterance share a speaker."""
    return attribute_all(text, spans)[0]
