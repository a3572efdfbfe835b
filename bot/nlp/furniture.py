"""Page furniture: sentences that belong to the page around a story, not to the story.

Bylines, time stamps, photo captions and credits, pointers to a video or a gallery, "read more"
links and reporting credits are scraped along with the body, and on news sites they sit exactly
where a summary looks first: at the top. None of them says what happened, so none may be a
summary sentence. Each rule has a name; ``furniture_rule`` says which one a sentence breaks.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

BYLINE_MAX_WORDS = 12
# Rules that look at how the sentence starts (one anchored match each).
_STARTS = {
    # "By Jane Reporter", "By . Associated Press .", "By: Staff" (not "By Tuesday, the storm").
    "byline": re.compile(
        r"[Bb]y\s*[.:]?\s*$|[Bb]y\s*[.:]?\s+(?:\.\s*)?(?!(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|"
        r"Sunday|January|February|March|April|May|June|July|August|September|October|"
        r"November|December|The|This|That|Then|Now|Late|Early|Mid|Next|Last)\b)[A-Z]"
    ),
    # "10:04 EST, 2 June 2022": what is left of a time stamp once "PUBLISHED:" split off.
    "time stamp": re.compile(r"\d{1,2}:\d{2}\b"),
    # "Pictured: ...", "ABOVE: ...", "Photo: ...", "Left, the mayor ..."
    "caption label": re.compile(
        r"(?:pictured|picture|photo(?:graph)?s?|image|caption|above|below|left|right|top|"
        r"bottom|inset|main picture|main image|file photo|credit|source)\s*(?::|,|-|–|—)\s",
        re.IGNORECASE,
    ),
    # "Scroll down for video", "Watch the video", "WATCH: ...", "Video: ...", "See the photos"
    "media pointer": re.compile(
        r"(?:scroll (?:down|up)|watch|see|view|click|play|video|videos|gallery|photos)\b"
        r"(?:\s+(?:for|to|the|our|this|more|all)){0,2}\s*(?::|\b(?:video|clip|footage|photos?|gallery|"
        r"below|above|here|full)\b)",
        re.IGNORECASE,
    ),
    # "READ: ...", "MORE: ...", "Related: ...", "Read more ...", "Sign up ...", "Follow us ..."
    "link label": re.compile(
        r"(?:read|more|related|see also|opinion|listen|updated|published)\s*:|"
        r"(?:read more|click here|sign up|subscribe|follow us|share this|advertisement|"
        r"don'?t miss)\b",
        re.IGNORECASE,
    ),
}
# Rules for marks anywhere in the sentence, tried only when a cheap keyword test passes.
_ANYWHERE = {
    # "(pictured)", "(pictured left)", "(above)", "(file photo)": words written under a photo.
    "caption pointer": re.compile(
        r"\((?:pictured|picture[ds]?|above|below|left|right|centre|center|top|bottom|inset|"
        r"file (?:photo|picture|image))\b[^()]{0,30}\)",
        re.IGNORECASE,
    ),
    # "(Photo: Jane Doe/Getty Images)", "Credit: AFP", "Photograph: Reuters", "Image copyright".
    "photo credit": re.compile(
        r"getty images|\b(?:ap|afp|epa|reuters|rex)\s*/|\b(?:photo|image|picture|photograph|"
        r"credit)s?\s*(?:by|:|copyright)",
        re.IGNORECASE,
    ),
    # "The video is at the top of this story.", "as seen in the clip below".
    "media pointer": re.compile(
        r"\b(?:video|clip|footage|photos?|pictures?|images?|gallery|graphic)\b.{0,40}?"
        r"\b(?:above|below|at the (?:top|bottom|end)|of this (?:story|article|page|post))\b",
        re.IGNORECASE,
    ),
    # "PUBLISHED: . 14:11 EST, 25 October 2013 . | . UPDATED: ..."
    "time stamp": re.compile(r"\b(?:published|updated|created|last modified)\s*:", re.IGNORECASE),
    # "CNN's Jane Doe contributed to this report.", "Reporting by ...; editing by ..."
    "credit line": re.compile(
        r"contributed (?:to )?(?:this|the) (?:report|story|article)|contributed reporting|"
        r"\b(?:reporting|editing|writing) by\b|this (?:story|article) (?:has|was)|"
        r"all rights reserved|copyright",
        re.IGNORECASE,
    ),
}
# A sentence with no "(" or "/" and none of these words can break none of the rules above.
_KEYWORDS = frozenset(
    "getty photo photos photograph photographs image images picture pictures pictured credit "
    "credits video videos clip clips footage gallery graphic published updated created "
    "modified contributed reporting editing writing story article rights copyright".split()
)
_WORD = re.compile(r"[^\W_]+")
# The start rules in one anchored match: the group that matched names the rule.
_START = re.compile(
    "|".join(
        f"(?P<{name.replace(' ', '_')}>{'(?i:' if p.flags & re.IGNORECASE else '(?:'}{p.pattern}))"
        for name, p in _STARTS.items()
    )
)


def _short_byline(sentence: str) -> bool:
    # A byline is a name and maybe a role or a stamp; a long "By ..." sentence is prose.
    return len(sentence.split()) <= BYLINE_MAX_WORDS or "PUBLISHED" in sentence


def furniture_rule(sentence: str, words: Iterable[str] | None = None) -> str | None:
    """The name of the furniture rule ``sentence`` breaks, or None for a story sentence.

    ``words`` are the sentence's lower-cased words if the caller has them already (any
    superset of its content words will do); they only decide whether the costlier rules run.
    """
    start = _START.match(sentence)
    if start and start.lastgroup and (start.lastgroup != "byline" or _short_byline(sentence)):
        return start.lastgroup.replace("_", " ")
    if "(" not in sentence and "/" not in sentence:
        if words is None:
            words = _WORD.findall(sentence.lower())
        if _KEYWORDS.isdisjoint(words):
            return None
    for name, pattern in _ANYWHERE.items():
        if pattern.search(sentence):
            return name
    return None


def is_furniture(sentence: str) -> bool:
    """Is ``sentence`` page furniture (byline, caption, credit, media pointer, link)?"""
    return furniture_rule(sentence) is not None
