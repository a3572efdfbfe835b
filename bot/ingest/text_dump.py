"""Plain-text page dumps (a scraper's copy of a whole page) read into one Article.

A dump holds the article and the site around it: menus, teasers of other stories, share
buttons, footers. The article is found by general shape, not by any one site's words:

- the *meta line* is the line near the top that carries a date (best: labelled "Updated" or
  "Published" and split by ``|``); it also names the agency, outlet or byline; a byline or a
  bare date on the lines right next to it belongs with it ("By NAME" over "27 November 2026");
- the *title* is the headline-shaped line closest to the meta lines;
- the *body* is the run of prose paragraphs after the meta line; single cruft lines inside it
  ("Advertisement", "Read more: ...") are skipped, and a section heading in capitals or a
  long run of non-prose lines (lists of other stories, links) ends it.

The outlet is the site that publishes the page, which is not always the name on the meta line:
a syndicated copy names the wire there ("CPA | Updated: ..."). A name that the lead's dateline
credits ("MOSCOW, Nov 27 (CPA) -") is the agency; the site is named by the page's chrome: a
"by NAME staff" credit, a masthead line at the top, or the copyright line at the bottom.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from bot.errors import EmptyInput, UnsupportedInput
from bot.model import Article, content_fingerprint

if TYPE_CHECKING:
    from collections.abc import Iterable, Sequence

    from bot.ingest.readers import ReadHints

# A real article dump is tens of kilobytes; scanning more is only ever a hostile or broken page.
MAX_DUMP_CHARS = 2_000_000
_META_SEARCH_LINES = 60
_STOP_AFTER_NON_PROSE = 4
_TITLE_WINDOW = 4

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
_MONTH = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?"
_DATE = re.compile(
    rf"\b(?:\d{{4}}-\d{{2}}-\d{{2}}|\d{{1,2}}[-/.]\d{{1,2}}[-/.]\d{{2,4}}"
    rf"|{_MONTH}\s+\d{{1,2}},?\s+\d{{4}}|\d{{1,2}}\s+{_MONTH},?\s+\d{{4}})",
    re.IGNORECASE,
)
_META_LABEL = re.compile(r"\b(?:updated|published|posted|created|modified)\b", re.IGNORECASE)
_UPDATED_LABEL = re.compile(r"\b(?:updated|modified)\b", re.IGNORECASE)
_FIELD_SEPARATORS = re.compile(r"\s+[|·•]\s+")
_TERMINAL = re.compile(r"[.!?…][\"'”’)\]]*$")
_CRUFT = re.compile(
    r"^(?:advertisement|sponsored|related\b|read (?:more|also|next)|also read|see also|watch:"
    r"|listen:|sign up|subscribe|click here|follow us|share (?:this|on)|story continues"
    r"|continue reading|recommended|tags?:|photo:|image:|credit:|email:|phone:|tel:)",
    re.IGNORECASE,
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
_CONTACT = re.compile(
    r"\S+@\S+\.\w+|https?://\S+$|©|^\(c\) ?\d{4}|\bcopyright\b|all rights reserved", re.I
)


@dataclass
class _Meta:
    published: datetime | None = None
    updated: datetime | None = None
    agency: str | None = None
    outlet: str | None = None
    byline: str | None = None
    extra: dict[str, str] = field(default_factory=dict)


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


def clean_paragraphs(paragraphs: Iterable[str], title: str = "") -> tuple[str, ...]:
    """Collapse whitespace, drop empty ones, the title and repeats (by word fingerprint)."""
    seen = {content_fingerprint(title)} if title else set()
    kept: list[str] = []
    for raw in paragraphs:
        text = " ".join(raw.split())
        key = content_fingerprint(text)
        if text and key not in seen:
            seen.add(key)
            kept.append(text)
    return tuple(kept)


def _is_cruft(line: str) -> bool:
    return bool(_CRUFT.match(line) or _CONTACT.search(line))


def _is_note(line: str) -> bool:
    # A paragraph wholly in brackets is an editorial note or credit, not article text.
    return (line[0], line[-1]) in {("(", ")"), ("[", "]")}


def _is_prose(line: str) -> bool:
    return len(line.split()) >= 4 and bool(_TERMINAL.search(line)) and not _is_cruft(line)


def _is_heading(line: str) -> bool:
    letters = [c for c in line if c.isalpha()]
    return bool(letters) and line.upper() == line and len(line.split()) <= 6


def _is_headline(line: str) -> bool:
    words = line.split()
    return (
        3 <= len(words) <= 30
        and 15 <= len(line) <= 250
        and not line.endswith((".", ":", ","))
        and (line[0].isupper() or line[0].isdigit() or line[0] in "\"'“‘")
        and not _FIELD_SEPARATORS.search(line)
        and not _DATE.search(line)
        and not _is_cruft(line)
    )


def _meta_score(line: str) -> int:
    if len(line) > 250 or (_is_prose(line) and not _META_LABEL.search(line)):
        return -1
    has_date, byline = bool(_DATE.search(line)), line.startswith("By ")
    if not (has_date or byline):
        return -1
    return 2 * bool(_META_LABEL.search(line)) + bool(_FIELD_SEPARATORS.search(line)) + byline


def _find_meta_line(lines: Sequence[str]) -> int | None:
    best, best_score = None, -1
    for index, line in enumerate(lines[:_META_SEARCH_LINES]):
        score = _meta_score(line)
        if score > best_score:
            best, best_score = index, score
    return best


def _read_field(text: str, meta: _Meta, hints: ReadHints) -> None:
    from bot.ingest.dates import parse_datetime

    date_match = _DATE.search(text)
    if date_match:
        when = parse_datetime(text[date_match.start() :], hints=hints)
        slot = "updated" if _UPDATED_LABEL.search(text) or meta.published else "published"
        if when is not None and getattr(meta, slot) is None:
            setattr(meta, slot, when)
    elif text.startswith("By "):
        name, _, rest = text[3:].partition(",")
        meta.byline = name.strip() or None
        meta.agency = meta.agency or agency_name(rest)
    elif agency_name(text):
        meta.agency = agency_name(text)
    elif len(text.split()) <= 6 and not any(c.isdigit() for c in text):
        meta.outlet = meta.outlet or text.strip()


def _read_meta(lines: Sequence[str], hints: ReadHints) -> _Meta:
    meta = _Meta()
    for line in lines:
        for text in _FIELD_SEPARATORS.split(line):
            if text.strip():
                _read_field(text.strip(), meta, hints)
    return meta


def _meta_block(lines: Sequence[str], index: int) -> tuple[int, int]:
    """First and last index of the meta lines: the best one and meta-like lines beside it."""
    first, last = index, index
    while first > max(index - 2, 0) and _meta_score(lines[first - 1]) >= 0:
        first -= 1
    while last < min(index + 2, len(lines) - 1) and _meta_score(lines[last + 1]) >= 0:
        last += 1
    return first, last


def _find_title(lines: Sequence[str], anchor: int) -> int | None:
    above = range(anchor - 1, max(anchor - _TITLE_WINDOW, 0) - 1, -1)
    below = range(anchor + 1, min(anchor + _TITLE_WINDOW, len(lines)))
    for index in itertools.chain(above, below):
        if _is_headline(lines[index]):
            return index
    return None


def _body(lines: Sequence[str], start: int) -> list[str]:
    body: list[str] = []
    non_prose = 0
    for line in lines[start:]:
        if _is_cruft(line) or _is_note(line):
            continue
        if _is_prose(line):
            body.append(line)
            non_prose = 0
            continue
        non_prose += 1
        if body and (_is_heading(line) or non_prose >= _STOP_AFTER_NON_PROSE):
            break
    return body


def _first_prose(lines: Sequence[str]) -> int:
    return next((i for i, line in enumerate(lines) if _is_prose(line)), len(lines))


def _locate(lines: Sequence[str], hints: ReadHints) -> tuple[int | None, int, _Meta]:
    """(title index, body start, meta) for the dump's lines."""
    meta_index = _find_meta_line(lines)
    if meta_index is not None:
        first, last = _meta_block(lines, meta_index)
        title_index = _find_title(lines, first)
        start = max(last, title_index or 0) + 1
        if _body(lines, start):
            return title_index, start, _read_meta(lines[first : last + 1], hints)
    first = _first_prose(lines)
    return _find_title(lines, first), first, _Meta()


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


def _site_name(lines: Sequence[str], top: int) -> str | None:
    """The publishing site as the page's chrome names it: staff credit, masthead, copyright."""
    for line in lines:
        staff = _STAFF_CREDIT.search(line) if line.startswith("By ") or _is_note(line) else None
        if staff:
            return staff.group(1)
    chrome = (line for line in reversed(lines) if not _is_prose(line))
    owner = next((name for line in chrome if (name := _copyright_owner(line))), None)
    top_lines = lines[: min(top, _MASTHEAD_LINES)]
    masthead = next((name for line in top_lines if (name := _masthead(line, owner))), None)
    return masthead or owner


def _fallback_title(paragraphs: Sequence[str]) -> str:
    first = paragraphs[0]
    return first if len(first) <= 120 else first[:117].rsplit(" ", 1)[0] + "..."


def _credits(
    meta: _Meta, paragraphs: Sequence[str], site: str | None
) -> tuple[str | None, str | None]:
    """(outlet named by the page, agency): a meta-line name the dateline credits is the agency."""
    dateline = agency_from_paragraphs(paragraphs)
    named = meta.outlet
    if named and dateline and named.casefold() == dateline.casefold():
        return site, meta.agency or dateline
    return named or site, meta.agency or dateline


def _outlet(named: str | None, url: str | None, hints: ReadHints) -> str | None:
    host = urlsplit(url).hostname if url else None
    return hints.outlet or named or (host.removeprefix("www.") if host else None)


def read_text_dump(text: str, *, url: str | None, hints: ReadHints) -> Article:
    """The article in a plain-text page dump; raises ``EmptyInput`` when none is found."""
    source = url or "text dump"
    if len(text) > MAX_DUMP_CHARS:
        raise UnsupportedInput(source, f"page too large: {len(text)} chars > {MAX_DUMP_CHARS}")
    lines = [" ".join(line.split()) for line in text.splitlines()]
    lines = [line for line in lines if line]
    title_index, start, meta = _locate(lines, hints)
    title = lines[title_index] if title_index is not None else ""
    paragraphs = clean_paragraphs(_body(lines, start), title)
    if not paragraphs:
        raise EmptyInput(source, "no article paragraphs found in the text")
    top = title_index if title_index is not None else start
    named, agency = _credits(meta, paragraphs, _site_name(lines, top))
    outlet = _outlet(named, url, hints)
    return Article(
        title=title or _fallback_title(paragraphs),
        paragraphs=paragraphs,
        url=url,
        outlet=outlet,
        agency=agency_credit(agency, outlet),
        published=meta.published,
        updated=meta.updated,
        byline=meta.byline,
        language=hints.language,
    )
