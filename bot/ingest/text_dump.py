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
credits ("MOSCOW, Nov 27 (CPA) -") is the agency; the site is named by the page's chrome
(``bot.ingest.provenance`` holds both rules).
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from bot.errors import EmptyInput, UnsupportedInput
from bot.ingest.provenance import (
    agency_credit,
    agency_from_paragraphs,
    agency_name,
    is_note,
    site_name,
)
from bot.model import Article, content_fingerprint

if TYPE_CHECKING:
    from collections.abc import Iterable, Sequence

    from bot.ingest.readers import ReadHints

# A real article dump is tens of kilobytes; scanning more is only ever a hostile or broken page.
MAX_DUMP_CHARS = 2_000_000
_META_SEARCH_LINES = 60
_STOP_AFTER_NON_PROSE = 4
_TITLE_WINDOW = 4

_MONTH = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?"
_DATE = re.compile(
    rf"\b(?:\d{{4}}-\d{{2}}-\d{{2}}|\d{{1,2}}[-/.]\d{{1,2}}[-/.]\d{{2,4}}"
    rf"|{_MONTH}\s+\d{{1,2}},?\s+\d{{4}}|\d{{1,2}}\s+{_MONTH},?\s+\d{{4}})",
    re.IGNORECASE,
)
_META_LABEL = re.compile(r"\b(?:updated|published|posted|created|modified)\b", re.IGNORECASE)
_UPDATED_LABEL = re.compile(r"\b(?:updated|modified)\b", re.IGNORECASE)
# From the first space of a run only: tried from every space, a long run without a "|" was
# rescanned from each of its spaces (quadratic). A match from inside a run ends where the one
# from its first space does, so the look-behind changes no result.
_FIELD_SEPARATORS = re.compile(r"(?<!\s)\s++[|·•]\s++")
_TERMINAL = re.compile(r"[.!?…][\"'”’)\]]*$")
_CRUFT = re.compile(
    r"^(?:advertisement|sponsored|related\b|read (?:more|also|next)|also read|see also|watch:"
    r"|listen:|sign up|subscribe|click here|follow us|share (?:this|on)|story continues"
    r"|continue reading|recommended|tags?:|photo:|image:|credit:|email:|phone:|tel:)",
    re.IGNORECASE,
)
_NOTICE = re.compile(r"©|^\(c\) ?\d{4}|\bcopyright\b|all rights reserved", re.I)
# E-mail addresses and a closing link are looked for word by word: as one regex search
# ("\S+@\S+\.\w+", "https?://\S+$") each start in a long word rescanned the rest of it
# (9 s for one 100 KB word). A line here has its whitespace collapsed, so words are split().
_URL_START = re.compile(r"https?://\S", re.I)
_DOT_WORD = re.compile(r"\.\w")


@dataclass
class _Meta:
    published: datetime | None = None
    updated: datetime | None = None
    agency: str | None = None
    outlet: str | None = None
    byline: str | None = None
    extra: dict[str, str] = field(default_factory=dict)


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
    return bool(_CRUFT.match(line) or _NOTICE.search(line) or _is_contact(line))


def _is_contact(line: str) -> bool:
    """An e-mail address anywhere ("x@y.org"), or a line ending in a link."""
    words = line.split()
    return bool(words) and (
        bool(_URL_START.search(words[-1])) or any(_is_email(word) for word in words)
    )


def _is_email(word: str) -> bool:
    # Something, "@", something, then "." and a letter or digit: the first "@" past the
    # word's first character leaves the most room for the rest.
    at = word.find("@", 1)
    return at > 0 and bool(_DOT_WORD.search(word, at + 2))


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
        if _is_cruft(line) or is_note(line):
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
    named, agency = _credits(meta, paragraphs, site_name(lines, top, is_prose=_is_prose))
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
