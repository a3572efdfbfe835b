"""Sentence boundaries as character spans, tuned for news prose.

A small rule splitter rather than a library: on our hard cases sentencex split after "Ms." and
missed a sentence ending in "p.m." before a quote, pysbd missed the "p.m." case too and is ~300x
slower, and blingfire returns text rather than offsets (README: "Quotes, speakers and
summaries"). One pass over the candidate endings with bounded look-around keeps it linear in
the text size, whatever the text (docs/hardening.md, "Linear time").
"""

from __future__ import annotations

import re
from functools import lru_cache

# A candidate ending: terminal punctuation plus any closing quotes/brackets glued to it, then
# whitespace or the end of the text. Decimals ("3.5") never match: no whitespace follows.
# One character class first (not "(?:\.\.\.|…|[.!?])+", which matches the same runs), so the
# regex engine's fast prefix scan skips the text between endings.
# Linear on any run of marks (rule: a run is read once, from its first mark). The look-behind
# refuses a start inside a run: a match from there would end where the one from the run's first
# mark ends, and without it "." * n + "x" was rescanned from each of its n marks (quadratic:
# 130 s at 100 KB). The possessive quantifiers never give marks back: a shorter run would be
# followed by another mark, never by the whitespace the look-ahead needs. Paragraphs start after
# whitespace, so the look-behind never sees a mark of the paragraph before.
_ENDING = re.compile(r"[.!?…](?<![.!?…]{2})[.!?…]*+[\"'”’»)\]]*+(?=\s|$)")
# The longest quotation (in characters) whose full stops do not end the sentence around it.
QUOTE_HOLD_MAX = 500
_PARAGRAPH_BREAK = re.compile(r"\n[ \t\r\f\v]*\n\s*")
_NEXT_WORD = re.compile(r"\s*([\"'“‘«(\[]?)(\S{0,40})")

# Abbreviations that never end a sentence (titles are always followed by a name).
_TITLES = frozenset(
    "mr mrs ms dr prof sen rep gov gen col lt sgt capt cmdr adm maj st mt rev hon pres supt "
    "insp det fr sr jr messrs mmes vs v cf e.g i.e approx dept est fig".split()
)
# Abbreviations that end a sentence only when the next word clearly starts one.
_AMBIGUOUS = frozenset(
    "u.s u.k u.n e.u u.s.a d.c a.m p.m inc corp ltd co plc llc etc bros no nos jan feb mar apr "
    "jun jul aug sep sept oct nov dec".split()
)
# Words that typically open a sentence; after an ambiguous abbreviation they mark a boundary.
_STARTERS = frozenset(
    "the a an he she it they we i you his her its their our this that these those there but "
    "and so yet or in on at as after before when while if however meanwhile still also then "
    "officials police one some many no what why how who".split()
)


def paragraph_spans(text: str) -> list[tuple[int, int]]:
    """Spans of the blank-line separated paragraphs of ``text`` (untrimmed, maybe empty)."""
    return list(_paragraph_spans(text))


# Quotes, the speaker stream and the summary each need the paragraphs of the same text: find
# them once. A string keeps its hash, so a hit costs one dictionary look-up.
@lru_cache(maxsize=8)
def _paragraph_spans(text: str) -> tuple[tuple[int, int], ...]:
    spans: list[tuple[int, int]] = []
    start = 0
    for brk in _PARAGRAPH_BREAK.finditer(text):
        spans.append((start, brk.start()))
        start = brk.end()
    spans.append((start, len(text)))
    return tuple(spans)


def _is_boundary(text: str, end_punct: int, after: int, limit: int) -> bool:
    """Is the candidate ending whose punctuation starts at ``end_punct`` a real boundary?"""
    nxt = _NEXT_WORD.match(text, after, min(limit, after + 48))
    opener, word = (nxt.group(1), nxt.group(2)) if nxt else ("", "")
    if not word and not opener:
        return True
    first = (word or opener)[0]
    if first.islower():
        return False  # a lowercase word never starts a sentence: "e.g. this", "p.m. today"
    if text[end_punct] != ".":
        return True
    # The last 40 or fewer non-space characters up to the full stop. ``str.split`` and the
    # regex engine's ``\s`` agree on whitespace, and a split is four times cheaper than a search
    # for ``\S{1,40}$`` (which tries every start in the window).
    before = text[max(0, end_punct - 39) : end_punct + 1].rsplit(None, 1)[-1]
    # "(CNN)U.S." is the token "U.S.": what a closing bracket glued on before it is not.
    token = before.rsplit(")", 1)[-1].lstrip("\"'“‘«([").lower().rstrip(".")
    if token in _TITLES:
        return False
    if len(token) == 1 and token.isalpha():
        return not first.isupper()  # an initial: "George W. Bush", "J. R. R. Tolkien"
    if _is_initials(token) and token not in _AMBIGUOUS and token not in _STATES:
        return not first.isupper()  # run-together initials: "B.B. King", "J.K. Rowling"
    if token in _STATES:
        # "DARLOW, Pa. (AP) - A former ...": a dateline goes on; "Erie, Pa. The city" ends.
        return opener != "(" and (bool(opener) or word.lower().strip(",;:") in _STARTERS)
    if token in _AMBIGUOUS:
        if token in ("no", "nos") or token in _MONTHS:
            return not first.isdigit()
        return bool(opener) or word.lower().strip(",;:") in _STARTERS
    return True


def _is_initials(token: str) -> bool:
    """ "b.b", "j.k", "j.r.r": single letters joined by full stops (lower-cased, no last stop)."""
    return len(token) >= 3 and token[1::2] == "." * (len(token) // 2) and token[::2].isalpha()


_MONTHS = frozenset("jan feb mar apr jun jul aug sep sept oct nov dec".split())
# US state abbreviations in the AP style of datelines ("BRENTFORD FALLS, Ore. (AP) -").
_STATES = frozenset(
    "ala ariz ark calif colo conn del fla ga ill ind kan ky la md mass mich minn miss mo "
    "mont neb nev n.h n.j n.m n.y n.c n.d okla ore pa r.i s.c s.d tenn tex vt va wash w.va "
    "wis wyo".split()
)
_DOUBLE_QUOTE = re.compile(r"[\"“”«»„]")
_OPENERS_ONLY = frozenset("“«„")
_CLOSERS_ONLY = frozenset("”»")


def _quoted_regions(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """(open, close) positions of the double-quote pairs that close inside this paragraph."""
    regions: list[tuple[int, int]] = []
    opened: int | None = None
    for mark in _DOUBLE_QUOTE.finditer(text, start, end):
        char, pos = mark.group(), mark.start()
        if opened is None:
            if char not in _CLOSERS_ONLY:
                opened = pos
        elif char in _OPENERS_ONLY:
            opened = pos  # the earlier mark was never closed: forget it
        else:
            regions.append((opened, pos))
            opened = None
    return regions


def _split_paragraph(text: str, start: int, end: int) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    sent_start = start
    regions = _quoted_regions(text, start, end)
    r = 0
    for match in _ENDING.finditer(text, start, end):
        while r < len(regions) and regions[r][1] < match.end() - 1:
            r += 1
        # A full stop inside a quotation that closes later does not end the sentence, unless
        # the "quotation" is too long to be one: in text without paragraph breaks one stray
        # mark pairs the marks after it wrongly, and would hold sentences open for pages.
        if (
            r < len(regions)
            and regions[r][0] < match.start()
            and regions[r][1] >= match.end()
            and regions[r][1] - regions[r][0] <= QUOTE_HOLD_MAX
        ):
            continue
        if _is_boundary(text, match.start(), match.end(), end):
            spans.append((sent_start, match.end()))
            sent_start = match.end()
    spans.append((sent_start, end))
    return spans


def _trim(text: str, span: tuple[int, int]) -> tuple[int, int]:
    start, end = span
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Sentence spans ``(start, end)`` into ``text``, whitespace-trimmed and never empty.

    Blank lines always end a sentence; a closing quote mark stays with the sentence it closes.
    """
    out: list[tuple[int, int]] = []
    for p_start, p_end in paragraph_spans(text):
        for span in _split_paragraph(text, p_start, p_end):
            start, end = _trim(text, span)
            if start < end:
                out.append((start, end))
    return out


def sentences(text: str) -> list[str]:
    """The sentences of ``text`` as strings (convenience over :func:`split_sentences`)."""
    return [text[s:e] for s, e in split_sentences(text)]
