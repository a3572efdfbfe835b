"""The token stream speakers.py reads: words outside quotations, one placeholder per quote.

Paragraph breaks are marker tokens too, so an attribution never reaches across a paragraph
unless a rule asks for it (a colon at the end of the previous paragraph). Which paragraph and
sentence a token is in are bisections over the few break positions, not per-token tables.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import compress, count
from operator import attrgetter

from bot.nlp.lexicon import FRAMING_VERBS, SPEECH_VERBS
from bot.nlp.sentences import paragraph_spans
from bot.nlp.tokens import Token, make_token, tokenize

PLACEHOLDER = "\x00"
PARAGRAPH = "\n"
_ENDERS = frozenset((".", "!", "?", PARAGRAPH))
_BREAK_CANDIDATES = _ENDERS | {PLACEHOLDER}
_STOPS = frozenset((".", "!", "?"))
_OPEN_BRACKET = frozenset(("(",))
_TEXT = attrgetter("text")
_START = attrgetter("start")


def indices_where(
    tokens: Sequence[Token], field: attrgetter[str], words: frozenset[str]
) -> list[int]:
    """Indices of the tokens whose ``field`` is one of ``words``, found in C (no Python loop)."""
    return list(compress(count(), map(words.__contains__, map(field, tokens))))


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
    breaks: list[int]  # indices of the paragraph-break tokens
    enders: list[int]  # indices of the tokens that end a sentence

    def is_marker(self, i: int) -> bool:
        return self.tokens[i].text in (PLACEHOLDER, PARAGRAPH)

    def is_paragraph_break(self, i: int) -> bool:
        return self.tokens[i].text == PARAGRAPH

    def paragraph(self, i: int) -> int:
        """How many paragraph breaks come at or before token ``i``."""
        return bisect.bisect_right(self.breaks, min(i, len(self.tokens) - 1))

    def paragraph_start(self, i: int) -> int:
        """Index of the first token of the paragraph holding token ``i``."""
        k = self.paragraph(i)
        return self.breaks[k - 1] + 1 if k else 0

    def paragraph_end(self, i: int) -> int:
        """Index of the paragraph break after token ``i`` (the stream's length if none)."""
        k = bisect.bisect_right(self.breaks, i)
        return self.breaks[k] if k < len(self.breaks) else len(self.tokens)

    def closes_sentence(self, i: int) -> bool:
        """Does the sentence end at token ``i``, maybe after an appositive set off by a comma
        ("said Ann Lee, a pilot.") with no quotation or paragraph break in it?"""
        toks = self.tokens
        if i < len(toks) and toks[i].text in (",", ")"):
            while i < len(toks) and toks[i].low not in _STOPS and not self.is_marker(i):
                if self.is_paragraph_break(i):
                    break
                i += 1
        return i >= len(toks) or self.is_paragraph_break(i) or toks[i].low in _STOPS

    def ends_sentence(self, i: int) -> bool:
        """Does a sentence end at token ``i`` (a full stop, a paragraph break, a quotation
        ending in one)?"""
        k = bisect.bisect_left(self.enders, i)
        return k < len(self.enders) and self.enders[k] == i

    def sentence_start(self, i: int) -> int:
        """Index of the first token of the sentence holding token ``i``."""
        if not self.tokens:
            return 0
        before = bisect.bisect_left(self.enders, min(i, len(self.tokens) - 1))
        return self.enders[before - 1] + 1 if before else 0


def _masked(text: str, spans: Sequence[QuoteSpan]) -> str:
    """``text`` with each quotation, marks included, blanked out: offsets stay, words go."""
    pieces: list[str] = []
    pos = 0
    for span in spans:
        if span.outer_end > pos:
            start = max(pos, span.open)
            pieces += (text[pos:start], " " * (span.outer_end - start))
            pos = span.outer_end
    pieces.append(text[pos:])
    return "".join(pieces)


def _markers(text: str, spans: Sequence[QuoteSpan]) -> list[Token]:
    """Paragraph breaks and quote placeholders, in text order (a break before a quote)."""
    breaks = [make_token(start, start, PARAGRAPH) for start, _ in paragraph_spans(text)[1:]]
    quotes = [make_token(s.open, s.outer_end, PLACEHOLDER) for s in spans]
    return sorted(breaks + quotes, key=lambda t: (t.start, t.text != PARAGRAPH))


_CAPITAL_VERBS = frozenset(w.capitalize() for w in SPEECH_VERBS | FRAMING_VERBS)


def _verbs_inside_names(words: list[Token]) -> None:
    """Rule "verbs inside names": a capitalised speech verb right after a capitalised word is
    part of a name ("the United States", "Consumer Reports"), not a verb: its ``low`` keeps
    its capital, so no verb list matches it."""
    for i in compress(count(), map(_CAPITAL_VERBS.__contains__, map(_TEXT, words))):
        if i > 0 and words[i - 1].is_cap:
            words[i] = words[i]._replace(low=words[i].text)


# A US lawmaker's party and state, after the name: "R-Ky.", "D-N.Y.", "I-Vt." (asides.py reads
# it set off by commas; here in a bracket, where a bare "(R)" counts too).
PARTY_STATE = re.compile(r"^[RDI]-[A-Z]")
_PARTIES = frozenset(("D", "R", "I"))
_PARTY_REACH = 6  # tokens from "(" to ")": "( D-N . Y. )"


def _without_party_brackets(words: list[Token]) -> list[Token]:
    """Rule "party bracket": "Sen. Harry Reid (D-Nev.) said" reads as "Sen. Harry Reid said".
    A bracket right after a capitalised word that opens with a party letter is a label of
    the name before it, and would otherwise part the name from its verb."""
    opens = [i for i in indices_where(words, _TEXT, _OPEN_BRACKET) if 0 < i < len(words) - 2]
    drop: list[tuple[int, int]] = []
    for i in opens:
        label = words[i + 1].text
        if not (words[i - 1].is_cap and (label in _PARTIES or PARTY_STATE.match(label))):
            continue
        close = next(
            (k for k in range(i + 2, min(len(words), i + _PARTY_REACH)) if words[k].text == ")"),
            None,
        )
        # Only where the name goes on to its verb or aside: in "Rep. Ann Lee (D-Fla.) and Sen.
        # Tom Reed (R-Mont.)" the bracket keeps two people apart.
        if close is not None and close + 1 < len(words) and _goes_on(words[close + 1]):
            drop.append((i, close + 1))
    if not drop:
        return words
    out: list[Token] = []
    last = 0
    for lo, hi in drop:
        out += words[last:lo]
        last = hi
    return out + words[last:]


def _goes_on(tok: Token) -> bool:
    return tok.text == "," or (tok.is_word and tok.text.islower() and tok.low != "and")


_PHRASAL_VERBS = frozenset(v for v in SPEECH_VERBS if " " in v)
_PHRASAL_FIRSTS = frozenset(v.split()[0] for v in _PHRASAL_VERBS)


def _goes_on_to_a_noun(words: list[Token], i: int) -> bool:
    """ "the Senate goes on recess", "went on vacation": "on" with an object is no speech."""
    nxt = words[i + 2] if i + 2 < len(words) else None
    return words[i + 1].low == "on" and nxt is not None and nxt.is_word and nxt.low != "to"


def _phrasal_verbs(text: str, words: list[Token]) -> list[Token]:
    """Rule "phrasal verb": "shot back" and "went on" are one speech-verb token, so that
    '"Let me talk," Lee shot back.' names Lee as "Lee said" would."""
    firsts = indices_where(words, _TEXT, _PHRASAL_FIRSTS)
    if not firsts:
        return words
    out: list[Token] = []
    last = 0
    for i in firsts:
        if i < last or i + 1 >= len(words):
            continue
        both = text[words[i].start : words[i + 1].end]
        if both.lower() in _PHRASAL_VERBS and not _goes_on_to_a_noun(words, i):
            out += words[last:i]
            out.append(make_token(words[i].start, words[i + 1].end, both))
            last = i + 2
    return out + words[last:] if out else words


def _merge(text: str, spans: Sequence[QuoteSpan]) -> tuple[list[Token], list[int]]:
    """All tokens outside quotations (one tokenizer pass), each quotation one placeholder."""
    masked = _masked(text, spans)
    words = _phrasal_verbs(masked, _without_party_brackets(tokenize(masked)))
    _verbs_inside_names(words)
    starts = list(map(_START, words))
    out: list[Token] = []
    quote_index: list[int] = []
    taken = 0
    for marker in _markers(text, spans):
        cut = bisect.bisect_left(starts, marker.start, taken)
        out += words[taken:cut]
        taken = cut
        if marker.text == PLACEHOLDER:
            quote_index.append(len(out))
        out.append(marker)
    out += words[taken:]
    return out, quote_index


def _ends_sentence(text: str, toks: list[Token], i: int) -> bool:
    tok = toks[i]
    if tok.text == PARAGRAPH:
        return True
    if tok.low in (".", "!", "?"):
        # "Sen. Ann Lee (D-Maine) said": a full stop right inside a bracket ends no sentence;
        # nor one right before a comma: "Sen. Ann Lee, R-Ky., said", "Acme Inc., which".
        nxt = toks[i + 1] if i + 1 < len(toks) else None
        after = nxt.text if nxt is not None else ""
        if tok.low == "." and nxt is not None and nxt.start == tok.end and after[:1].isalpha():
            return False  # inside an abbreviation: "D-N.Y.", "Washington, D.C."
        return not (after == ")" or (after == "," and tok.low == "."))
    if tok.text != PLACEHOLDER or tok.end - tok.start < 2:
        return False
    inner = text[tok.start : tok.end].rstrip("\"'”’»“«„ ")
    nxt = toks[i + 1] if i + 1 < len(toks) else None
    return inner[-1:] in (".", "!", "?") and (nxt is None or not nxt.text[0].islower())


def build_stream(text: str, spans: Sequence[QuoteSpan]) -> Stream:
    tokens, quote_index = _merge(text, spans)
    candidates = indices_where(tokens, _TEXT, _BREAK_CANDIDATES)
    breaks = [i for i in candidates if tokens[i].text == PARAGRAPH]
    enders = [i for i in candidates if _ends_sentence(text, tokens, i)]
    return Stream(tokens, quote_index, breaks, enders)
