"""Where quotations are: quote marks paired into content spans, before any attribution.

Rules, each named for what it decides:

* **style per article**: an article quotes with double marks ("", “”, «», and the ''two
  apostrophes'' some copy uses) or, in British style, with single marks (‘’ or ''). The style
  with more quotations wins for the whole article; marks of the other style inside an open
  quote are nested and ignored. A double-style paragraph with no double marks (often a
  headline) may still quote with single marks.
* **apostrophes**: a single mark is an apostrophe, not a quote mark, inside a word ("don't"),
  before a cut year ("'90s"), in a mistyped contraction ("That’ s"), after a plural
  possessive ("the Lines’ Carnival") and after an elided word end ("Cos'", "nothin'").
* **restart**: an opening mark met inside an open quote (a mark with a space before it and a
  word after it) means the earlier quote was never closed. Text without paragraph breaks
  runs a quote on that way ("A. "B," she said.): the earlier part ends before the new mark,
  so the narrative between never becomes quoted.
* **run-on paragraphs**: a quote left open at the end of a paragraph runs on when the next
  paragraph opens with a quote mark.

One pass over the marks of each paragraph: linear, no backtracking regex.
"""

from __future__ import annotations

import re

from bot.nlp.sentences import paragraph_spans
from bot.nlp.stream import QuoteSpan

TWO_APOSTROPHES = "''"
_DOUBLE = re.compile(r"''|[\"“”«»„]")
_SINGLE = re.compile(r"['‘’]")
_SINGLES = frozenset("'‘’")
_SINGLE_OPENER = re.compile(r"(?<![\w'‘’])[‘'](?=[^\W\d_])")
OPENERS = frozenset(('"', "“", "„", "«", "‘", "'", TWO_APOSTROPHES))
_CLOSES = {
    '"': ('"', "”"),
    "“": ("”", '"'),
    "„": ("“", "”", '"'),
    "«": ("»",),
    "'": ("'", "’"),
    "‘": ("’", "'"),
    TWO_APOSTROPHES: (TWO_APOSTROPHES,),
}
_RESTARTS = frozenset(("“", "«", '"', TWO_APOSTROPHES))
# Contraction endings that a stray space cut off: "That’ s", "don’ t", "we’ ll".
_CUT_CONTRACTIONS = frozenset(("s", "t", "re", "ll", "ve", "d", "m"))
# Words that end in an elision mark: "Cos' I said so", "nothin'".
_ELIDED = frozenset(("cos", "cause", "an", "o", "rock", "n"))
Mark = tuple[int, str]


def _char(text: str, pos: int, start: int, end: int) -> str:
    return text[pos] if start <= pos < end else " "


def _next_word(text: str, pos: int, end: int) -> str:
    stop = pos
    while stop < end and text[stop].isalpha():
        stop += 1
    return text[pos:stop]


def _word_before(text: str, pos: int, start: int) -> str:
    k = pos
    while k > start and text[k - 1].isalpha():
        k -= 1
    return text[k:pos]


def is_apostrophe(text: str, pos: int, start: int, end: int) -> bool:
    """Is the single mark at ``pos`` an apostrophe (see the module's rules)?"""
    before, after = _char(text, pos - 1, start, end), _char(text, pos + 1, start, end)
    if before.isalnum() and after.isalnum():
        return True  # "don't", "O’Neill"
    if after.isdigit() and text[pos + 1 : pos + 3].isdigit() and not before.isalnum():
        return not _char(text, pos + 3, start, end).isdigit()  # "'90", "'90s"
    if before.isalpha() and after == " ":
        word = _next_word(text, pos + 2, end)
        if (
            word.lower() in _CUT_CONTRACTIONS
            and not _char(text, pos + 2 + len(word), start, end).isalpha()
        ):
            return True  # "That’ s"
        if word and before in "sS" and word[0].isalpha():
            return True  # "the Lines’ Carnival", "the players’ union"
        elided = _word_before(text, pos, start).lower()
        if word and (elided in _ELIDED or (len(elided) > 3 and elided.endswith("in"))):
            return True  # "Cos' I said", "nothin' left"
    return False


def _edge(text: str, pos: int, size: int, opening: bool, start: int, end: int) -> bool:
    """A mark with a word edge on the right side: an opener before a word, a closer after."""
    before = _char(text, pos - 1, start, end)
    after = _char(text, pos + size, start, end)
    if opening:
        return not before.isalnum() and (after.isalnum() or after in "‘'“\"(….[")
    return not before.isspace() and not after.isalnum()


def _single_marks(text: str, start: int, end: int) -> list[Mark]:
    out = []
    for m in _SINGLE.finditer(text, start, end):
        pos = m.start()
        if _char(text, pos + 1, start, end) == "'" or _char(text, pos - 1, start, end) == "'":
            continue  # two apostrophes: a double mark
        if not is_apostrophe(text, pos, start, end):
            out.append((pos, m.group()))
    return out


def single_style(text: str) -> bool:
    """Does the article quote with single marks? More single openers than double-quoted
    stretches (two double marks each)."""
    doubles = len(_DOUBLE.findall(text))
    if doubles == 0:
        return True
    # Counted in C: a single mark after no word character and before a letter ("'90" and
    # "'em" are rare enough not to tip an article's style).
    return len(_SINGLE_OPENER.findall(text)) > doubles / 2


def _marks(text: str, start: int, end: int, single: bool) -> list[Mark]:
    if not single:
        marks = [(m.start(), m.group()) for m in _DOUBLE.finditer(text, start, end)]
        if marks:
            return marks
    return _single_marks(text, start, end)


def _trimmed(text: str, start: int, end: int, open_pos: int, close: int | None) -> QuoteSpan | None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return QuoteSpan(start, end, open_pos, close) if start < end else None


def _pair(text: str, start: int, end: int, single: bool) -> tuple[list[QuoteSpan], Mark | None]:
    """Quote spans closed in this paragraph, and the mark of one left open at its end."""
    spans: list[QuoteSpan] = []
    opened: Mark | None = None
    for pos, char in _marks(text, start, end, single):
        size = len(char)
        in_single = char in _SINGLES
        if opened is None:
            if char in OPENERS and (not in_single or _edge(text, pos, 1, True, start, end)):
                opened = (pos, char)
            continue
        content = opened[0] + len(opened[1])
        restart = (
            char in _RESTARTS and char == opened[1] and _edge(text, pos, size, True, start, end)
        )
        if restart and not _edge(text, pos, size, False, start, end):
            span = _trimmed(text, content, pos, opened[0], None)  # never closed: ends here
            if span:
                spans.append(span)
            opened = (pos, char)
        elif char in _CLOSES[opened[1]] and (
            not in_single or _edge(text, pos, 1, False, start, end)
        ):
            span = _trimmed(text, content, pos, opened[0], pos)
            if span:
                spans.append(span)
            opened = None
    return spans, opened


def scan_spans(text: str) -> list[QuoteSpan]:
    """Every quotation's content span, before any attribution or filtering."""
    paragraphs = [p for p in paragraph_spans(text) if p[0] < p[1]]
    single = single_style(text)
    out: list[QuoteSpan] = []
    for n, (start, end) in enumerate(paragraphs):
        spans, left_open = _pair(text, start, end, single)
        out.extend(spans)
        if left_open is None or n + 1 >= len(paragraphs):
            continue
        nxt = text[paragraphs[n + 1][0] : paragraphs[n + 1][1]].lstrip()
        if nxt[:1] and (nxt[0] in OPENERS or nxt[:2] == TWO_APOSTROPHES):
            part = _trimmed(text, left_open[0] + len(left_open[1]), end, left_open[0], None)
            if part:
                out.append(part)
    out.sort(key=lambda s: s.open)
    return out
