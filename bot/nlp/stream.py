"""The token stream speakers.py reads: words outside quotations, one placeholder per quote.

Paragraph breaks are marker tokens too, so an attribution never reaches across a paragraph
unless a rule asks for it (a colon at the end of the previous paragraph).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from bot.nlp.names import Token, tokenize
from bot.nlp.sentences import paragraph_spans

PLACEHOLDER = "\x00"
PARAGRAPH = "\n"
_ENDERS = frozenset((".", "!", "?", PARAGRAPH))


@dataclass(frozen=True, slots=True)
class QuoteSpan:
    """A quotation's content ``text[start:end]`` and where its marks are."""

    start: int
    end: int
    open: int
    # Position of the closing mark; None when the quote runs on into the next paragraph.
    close: int | None

    @property
    def outer_end(self) -> int:
        return self.close + 1 if self.close is not None else self.end


@dataclass(frozen=True, slots=True)
class Stream:
    tokens: list[Token]
    quote_index: list[int]
    paragraphs: list[int]
    sentence_starts: list[int]

    def is_marker(self, i: int) -> bool:
        return self.tokens[i].text in (PLACEHOLDER, PARAGRAPH)

    def is_paragraph_break(self, i: int) -> bool:
        return self.tokens[i].text == PARAGRAPH

    def paragraph(self, i: int) -> int:
        return self.paragraphs[min(i, len(self.paragraphs) - 1)] if self.paragraphs else 0

    def sentence_start(self, i: int) -> int:
        return self.sentence_starts[min(i, len(self.sentence_starts) - 1)] if self.tokens else 0


def _merge(text: str, spans: Sequence[QuoteSpan]) -> tuple[list[Token], list[int]]:
    """Tokens paragraph by paragraph, each quotation replaced by one placeholder."""
    out: list[Token] = []
    quote_index: list[int] = []
    k = 0
    for n, (start, end) in enumerate(paragraph_spans(text)):
        if n:
            out.append(Token(start, start, PARAGRAPH, PARAGRAPH))
        pos = start
        while k < len(spans) and spans[k].open < end:
            out.extend(tokenize(text, pos, spans[k].open))
            quote_index.append(len(out))
            out.append(Token(spans[k].open, spans[k].outer_end, PLACEHOLDER, PLACEHOLDER))
            pos = max(pos, spans[k].outer_end)
            k += 1
        out.extend(tokenize(text, pos, end))
    return out, quote_index


def _ends_sentence(text: str, toks: list[Token], i: int) -> bool:
    tok = toks[i]
    if tok.text == PARAGRAPH or tok.low in (".", "!", "?"):
        return True
    if tok.text != PLACEHOLDER or tok.end - tok.start < 2:
        return False
    inner = text[tok.start : tok.end].rstrip("\"'”’»“«„ ")
    nxt = toks[i + 1] if i + 1 < len(toks) else None
    return inner[-1:] in (".", "!", "?") and (nxt is None or not nxt.text[0].islower())


def build_stream(text: str, spans: Sequence[QuoteSpan]) -> Stream:
    tokens, quote_index = _merge(text, spans)
    paragraphs: list[int] = []
    starts: list[int] = []
    para, start = 0, 0
    for i, tok in enumerate(tokens):
        mark = tok.text
        if mark == PARAGRAPH:
            para += 1
        paragraphs.append(para)
        starts.append(start)
        if mark in _ENDERS or (mark == PLACEHOLDER and _ends_sentence(text, tokens, i)):
            start = i + 1
    return Stream(tokens, quote_index, paragraphs, starts)
