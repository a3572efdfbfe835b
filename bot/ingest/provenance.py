"""Who made a story: the news agency a copy credits and the site that publishes it.

Readers of every format (feeds, HTML, text dumps) use the agency rules. A wire names itself in
the lead's dateline ("MOSCOW, Nov 27 (CPA) -"); a syndicating site names itself in its chrome:
a "by NAME staff" credit, a masthead line at the top, or the copyright owner at the bottom.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence

_AGENCIES = {
    "reuters": "Reuters",
    "ap": "AP",
    "associated press": "AP",
    "the associated press": "AP",
    "afp": "AFP",
    "agence france-presse": "AFP",
    "pti": "PTI",
    "press trust of india": "PTI",
    "ani": "ANI",
    "ians": "IANS",
    "uni": "UNI",
    "dpa": "dpa",
    "efe": "EFE",
    "ansa": "ANSA",
    "xinhua": "Xinhua",
    "tass": "TASS",
    "kyodo": "Kyodo",
    "kyodo news": "Kyodo",
    "yonhap": "Yonhap",
    "bloomberg": "Bloomberg",
    "pa media": "PA Media",
    "anadolu": "Anadolu",
    "anadolu agency": "Anadolu",
    "interfax": "Interfax",
    "ria novosti": "RIA Novosti",
    "bernama": "Bernama",
    "aap": "AAP",
}
_AGENCY_IN_DATELINE = re.compile(
    r"\((" + "|".join(sorted((re.escape(k) for k in _AGENCIES), key=len, reverse=True)) + r")\)",
    re.IGNORECASE,
)
# A wire dateline: a city in capitals, maybe a date, then the credited agency in brackets and a
# dash ("LONDON, Nov 26 (CPA) -"). By convention the bracketed name is the agency, known or not.
_DATELINE_CREDIT = re.compile(
    r"^[A-Z][A-Z'’.-]+(?:\s[A-Z][A-Z'’.-]+){0,3}(?:,\s*[^()\n]{2,30}?)?"
    r"\s*\(([A-Z][\w&'’.-]*(?:\s[A-Z&][\w&'’.-]*){0,3})\)\s*[-–—:]"
)
_NAME_FILLERS = frozenset({"the", "of", "and", "&", "for"})
# The words newspaper names end with ("Harbor Daily", "The Northern Courier"): a short line at
# the top of the page ending in one is the masthead.
_PAPER_WORDS = frozenset(
    "daily herald times post courier ledger news journal tribune gazette chronicle observer"
    " express star telegraph guardian independent standard mirror record review press sun mail"
    " globe bulletin register dispatch examiner inquirer enquirer monitor reporter sentinel"
    " messenger courant today weekly argus advertiser echo mercury statesman leader pioneer"
    " voice banner beacon wire".split()
)
# Menu entries: a line with two of them is navigation, not a masthead ("News Politics World").
_SECTION_WORDS = frozenset(
    "home news world politics business sport sports culture opinion weather tech science"
    " health entertainment menu search local money travel video live lifestyle markets latest"
    " top breaking more".split()
)
_MASTHEAD_LINES = 8
_COPYRIGHT_MARK = re.compile(r"©|\(c\)|\bcopyright\b", re.IGNORECASE)
_COPYRIGHT_LEAD = re.compile(r"^(?:\s|©|\(c\)|copyright|\d{4}(?:\s*[-–]\s*\d{4})?|,|by\b)*", re.I)
_FOOTER_WORDS = frozenset(
    "all terms privacy cookies accessibility contact about sitemap careers advertise"
    " disclaimer help".split()
)
# Legal and corporate tails of a copyright owner: "Harbor Daily Media Ltd." is "Harbor Daily".
_COMPANY_WORDS = frozenset(
    "ltd limited inc llc llp plc gmbh corp corporation co company group holdings pvt private"
    " media publishing publications and &".split()
)
_STAFF_CREDIT = re.compile(
    r"(?i:\bby)\s+([A-Z][\w&'’.-]*(?:\s[A-Z&][\w&'’.-]*){0,4}?)\s+(?i:staff|newsroom)\b"
)


def agency_name(text: str) -> str | None:
    """The canonical name of a news agency when ``text`` is one ("Associated Press" -> "AP")."""
    return _AGENCIES.get(" ".join(text.split()).strip(" .,").casefold())


def agency_from_paragraphs(paragraphs: Sequence[str]) -> str | None:
    """The agency named in a lead dateline such as "MOSCOW (Reuters) -", if any."""
    if not paragraphs:
        return None
    lead = paragraphs[0][:160]
    match = _AGENCY_IN_DATELINE.search(lead)
    if match:
        return agency_name(match.group(1))
    credit = _DATELINE_CREDIT.match(lead)
    return (agency_name(credit.group(1)) or credit.group(1)) if credit else None


def _initials(name: str) -> str:
    return "".join(w[0] for w in name.split() if w.casefold() not in _NAME_FILLERS).casefold()


def agency_credit(agency: str | None, outlet: str | None) -> str | None:
    """``agency``, unless it is the outlet itself: a wire's own page credits no other agency.

    "CPA" on Continental Press Agency's site is the outlet by its initials, not a syndication.
    """
    if not agency or not outlet:
        return agency
    same = agency.casefold() in {outlet.casefold(), _initials(outlet)}
    return None if same or agency_name(outlet) == agency else agency


def is_note(line: str) -> bool:
    """A paragraph wholly in brackets: an editorial note or credit, not article text."""
    return (line[0], line[-1]) in {("(", ")"), ("[", "]")}


def _copyright_owner(line: str) -> str | None:
    """The name after a copyright mark and year, without its legal tail."""
    mark = _COPYRIGHT_MARK.search(line)
    if mark is None:
        return None
    words: list[str] = []
    for word in _COPYRIGHT_LEAD.sub("", line[mark.start() :], count=1).split():
        bare = word.rstrip(".,;:")
        if not bare[:1].isupper() or bare.casefold() in _FOOTER_WORDS:
            break
        words.append(bare)
        if bare != word or len(words) == 6:  # a full stop or comma ends the name
            break
    while len(words) > 1 and words[-1].casefold() in _COMPANY_WORDS:
        words.pop()
    return " ".join(words) or None


def _masthead(line: str, owner: str | None) -> str | None:
    """``line`` as a site name when it looks like a masthead (or starts the copyright owner)."""
    words = line.split()
    if not 1 <= len(words) <= 5 or not all(c.isalpha() or c in " &'’.-" for c in line):
        return None
    if not all(w[0].isupper() or w.casefold() in _NAME_FILLERS for w in words):
        return None
    if sum(w.casefold() in _SECTION_WORDS for w in words) > 1:
        return None
    name = line.title() if line.isupper() else line
    if owner is not None and owner.casefold().startswith(name.casefold()):
        return name
    # One word ending in a paper word is a menu entry ("News"); a masthead has two or more.
    return name if len(words) > 1 and words[-1].casefold() in _PAPER_WORDS else None


def site_name(lines: Sequence[str], top: int, *, is_prose: Callable[[str], bool]) -> str | None:
    """The publishing site as the page's chrome names it: staff credit, masthead, copyright.

    ``top`` is the index of the first article line (the masthead is above it); ``is_prose``
    is the reader's rule for article text, so the copyright line is looked for in the rest.
    """
    for line in lines:
        staff = _STAFF_CREDIT.search(line) if line.startswith("By ") or is_note(line) else None
        if staff:
            return staff.group(1)
    chrome = (line for line in reversed(lines) if not is_prose(line))
    owner = next((name for line in chrome if (name := _copyright_owner(line))), None)
    top_lines = lines[: min(top, _MASTHEAD_LINES)]
    top_name = next((name for line in top_lines if (name := _masthead(line, owner))), None)
    return top_name or owner
