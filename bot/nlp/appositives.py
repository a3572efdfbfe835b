"""Speaker phrases around commas: "Jane Doe, an economist, said", "said X, head of Y".

An appositive sits between commas beside the name: a title, an age, a place, a relative
clause. These functions find the name and the title on either side of it; like names.py they
walk a bounded window of tokens, so the cost stays linear in the text size.
"""

from __future__ import annotations

from collections.abc import Sequence

from bot.nlp.lexicon import (
    DETAIL_PREPOSITIONS,
    DETERMINERS,
    HONORIFICS,
    OPENER_WORDS,
    ORG_HEADS,
    ORG_WORDS,
    PHRASE_STOPS,
    PREPOSITIONS,
    RELATIVES,
    SPEECH_VERBS,
)
from bot.nlp.names import (
    MAX_PHRASE,
    PUNCT_STOP,
    is_role,
    leading_name,
    name_run_start,
    parse_phrase,
    title_of,
)
from bot.nlp.phrases import phrase_before
from bot.nlp.tokens import Token

_DETAIL_PREPOSITIONS = DETAIL_PREPOSITIONS
_RELATIVE_REACH = 16  # tokens a comma-set relative clause may take


def phrase_before_appositive(
    text: str, tokens: Sequence[Token], end: int, *, details: bool = True
) -> tuple[list[Token], str | None, int]:
    """Like :func:`phrase_before`, also reading "Jane Doe, an economist, said" and
    "the head of the delegation, Karim Haddad, said". Returns (name tokens, title, first index).
    """
    if end >= 3 and tokens[end - 1].text == ")" and tokens[end - 3].text == "(":
        end -= 3  # "The General Food Workers' Union (GFWU) said"
    if end == 0 or tokens[end - 1].text != ",":
        phrase = phrase_before(tokens, end)
        return phrase, None, (end - len(phrase))
    bare_end = _before_details(tokens, end) if details else end
    if bare_end != end:
        # "Joan Freel, 67, of Elm Row, said": the speaker stands before the details (read
        # once: a list of a thousand ", 10," must not recurse a thousand times).
        found = phrase_before_appositive(text, tokens, bare_end, details=False)
        if found[0]:
            return found
        phrase = phrase_before(tokens, bare_end - 1)
        return phrase, None, (bare_end - 1 - len(phrase))
    i = end - 1
    while i > 0 and end - i <= _RELATIVE_REACH and tokens[i - 1].text not in PUNCT_STOP:
        i -= 1
    if i == 0 or tokens[i - 1].text != ",":
        return [], None, end
    inner = list(tokens[i : end - 1])
    bare = [t for t in inner if t.low not in HONORIFICS]
    named = leading_name(bare)  # "His deputy, Ana Varga of the Social party, said"
    run = name_run_start(bare)
    noun_phrase = bool(bare) and (bare[0].low in DETERMINERS or is_role(bare[0]))
    # "chief operating officer of Salvan Terminals", "director of the Retail Association".
    k = run - 1 if run > 1 and bare[run - 1].low == "the" else run
    affiliation = k > 0 and bare[k - 1].low in PREPOSITIONS
    if noun_phrase and not affiliation and 0 < run <= len(bare) - 2 and title_of(text, bare[:run]):
        # "The chair of judges, the broadcaster and critic Anthony Vell, said": the name
        # closes the inner phrase; the outer title is the office that speaks.
        outer_title = title_of(text, title_before(tokens, i - 1))
        first = i + inner.index(bare[run])
        return list(bare[run:]), outer_title or title_of(text, bare[:run]), first
    outer = phrase_before(tokens, i - 1)
    title = title_of(text, inner)
    if outer and inner and title and not named:
        return outer, title, i - 1 - len(outer)
    outer = title_before(tokens, i - 1)
    named_body = _body_named(outer, bare)
    if named_body:
        return named_body, title_of(text, outer), i - 1 - len(outer)
    outer_title = title_of(text, outer) if outer else None
    if outer_title and bare and bare[0].is_cap and (named or name_run_start(bare) == 0):
        inner = named or bare
        head = [t for t in outer if is_role(t)][-1]
        name = inner if head.low not in ORG_HEADS else [*outer, *inner]
        return name, outer_title, i - 1 - len(outer)
    return _named_before_aside(text, tokens, i - 1, end)


def _body_named(outer: Sequence[Token], inner: Sequence[Token]) -> list[Token]:
    """ "The national weather service, Meteo-Valmont," / "the regulator, the Office of Fair
    Payments,": an organisation described, then named. Description and name read together
    ("the operator Coastline Rail", an organisation by its head noun), else []."""
    if not outer or (outer[-1].low not in ORG_WORDS and outer[-1].low not in ORG_HEADS):
        return []
    name = list(inner[1:]) if inner and inner[0].low == "the" else list(inner)
    named = name and name[0].is_cap and name_run_start(name) < len(name)
    return [*outer, *name] if named else []


def _named_before_aside(
    text: str, tokens: Sequence[Token], comma: int, end: int
) -> tuple[list[Token], str | None, int]:
    """ "Denise Okafor, one of the two no votes, said": a person named before any aside."""
    outer = phrase_before(tokens, comma)
    first = comma - len(outer)
    if outer and first > 0 and tokens[first - 1].low in OPENER_WORDS:
        return [], None, end  # "Here in Dorset, Velder said": a place the sentence opens with
    mention = parse_phrase(text, outer) if outer else None
    if mention is not None and mention.kind in ("person", "name"):
        return outer, None, first
    return [], None, end


def _before_details(tokens: Sequence[Token], end: int) -> int:
    """``end`` moved back over comma-set details before it: an age (", 67,"), a place or
    affiliation (", of Elm Row,") or a relative clause (", who cast the deciding vote,").
    ``tokens[end - 1]`` is a comma."""
    for _ in range(3):
        i = end - 1
        while i > 0 and end - i <= _RELATIVE_REACH and tokens[i - 1].text not in PUNCT_STOP:
            i -= 1
        if i == 0 or tokens[i - 1].text != "," or i == end - 1:
            break
        first, size = tokens[i], end - 1 - i
        age = size == 1 and first.text.isdigit()
        place = size <= 6 and first.low in _DETAIL_PREPOSITIONS
        # ", written by engineers at the builder,": a participle clause about the speaker.
        participle = first.text.islower() and first.low.endswith(("ed", "en"))
        if not (age or place or participle or first.low in RELATIVES):
            break
        end = i
    return end


def title_before(tokens: Sequence[Token], end: int) -> list[Token]:
    """The title phrase before a comma: "the head of the government delegation", ..."""
    i = end
    while i > 0 and end - i < MAX_PHRASE and tokens[i - 1].is_word:
        if tokens[i - 1].low in SPEECH_VERBS or tokens[i - 1].low in PHRASE_STOPS:
            break
        i -= 1
    # Start at the first determiner, so "Yesterday the minister" gives "the minister".
    for j in range(i, end):
        if tokens[j].low in DETERMINERS or tokens[j].is_cap or is_role(tokens[j]):
            return list(tokens[j:end])
    return []


def appositive(text: str, tokens: Sequence[Token], comma: int) -> str | None:
    """The title in ", a senior economist at Acme Bank," starting at the comma token."""
    if comma >= len(tokens) or tokens[comma].text != ",":
        return None
    i = comma + 1
    while i < len(tokens) and i - comma <= MAX_PHRASE + 2 and tokens[i].text not in PUNCT_STOP:
        i += 1
    return title_of(text, tokens[comma + 1 : i]) if i > comma + 1 else None


def name_after_comma(tokens: Sequence[Token], comma: int) -> list[Token]:
    """The name in "said the enforcement director, Rachel Kim." starting at the comma token."""
    if comma >= len(tokens) or tokens[comma].text != ",":
        return []
    i = comma + 1
    while i < len(tokens) and i - comma <= 5 and (tokens[i].is_cap or tokens[i].is_initial):
        i += 1
    ends = i >= len(tokens) or tokens[i].text in PUNCT_STOP or tokens[i].low in PHRASE_STOPS
    return list(tokens[comma + 1 : i]) if i > comma + 1 and ends else []
