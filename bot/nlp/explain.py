"""Quotes with the rule that chose each speaker: for ``newsbot quotes --explain`` and scoring."""

from __future__ import annotations

from dataclasses import dataclass

from bot.model import Quote
from bot.nlp.quotes import find_quotes
from bot.nlp.realscore import Predicted


@dataclass(frozen=True, slots=True)
class ExplainedQuote:
    quote: Quote
    rule: str
    evidence: str


def predict_quotes(text: str) -> list[ExplainedQuote]:
    return [ExplainedQuote(q, "-", "") for q in find_quotes(text)]


def predict_for_scoring(text: str) -> list[Predicted]:
    return [
        Predicted(e.quote.start, e.quote.end, e.quote.speaker, e.rule, e.evidence)
        for e in predict_quotes(text)
    ]
