"""Dates as news pages write them, read into timezone-aware datetimes.

Zone abbreviations are ambiguous ("IST" is India, Ireland or Israel), so they resolve through
the source's hints first: its own IANA zone when that zone uses the abbreviation at that time,
then its abbreviation table, then a small table of unambiguous fixed offsets.
"""

from __future__ import annotations

import re
import warnings
from datetime import UTC, datetime, timedelta, timezone, tzinfo
from email.utils import parsedate_to_datetime
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from dateutil import parser as dateutil_parser

if TYPE_CHECKING:
    from bot.ingest.readers import ReadHints

# dateutil fills missing fields from a default; year 1 marks "no date was written".
_NO_DATE = datetime(1, 1, 1)
# A date string longer than this is prose, not a date: do not hand it to the fuzzy parser.
_MAX_DATE_CHARS = 120
_FIXED_OFFSETS = {
    "UTC": 0.0,
    "GMT": 0.0,
    "Z": 0.0,
    "EST": -5.0,
    "EDT": -4.0,
    "CST": -6.0,
    "CDT": -5.0,
    "MST": -7.0,
    "MDT": -6.0,
    "PST": -8.0,
    "PDT": -7.0,
}
_AMPM = re.compile(r"\b([ap])\.\s?m\.?(?=\W|$)", re.IGNORECASE)
_ZONE_WORD = re.compile(r"\b([A-Z]{1,5})\s*$")
_ZONE_TOKEN = re.compile(r"\(?\b([A-Z]{2,5})\b\)?")
# "16.50" is a British way to write 16:50; the look-arounds leave "27.11.2026" alone.
_DOT_TIME = re.compile(r"(?<![\d.])([01]?\d|2[0-3])\.([0-5]\d)(?![\d.])")
_LABEL = re.compile(
    r"^\s*(?:(?:last\s+)?updated|modified|published|posted|created|first\s+published|date)"
    r"\s*(?:on|at)?\s*[:\-]?\s*",
    re.IGNORECASE,
)


def _zone(name: str) -> tzinfo | None:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return None


def _uses(zone: tzinfo | None, abbrev: str, naive: datetime) -> bool:
    # Winter or summer name of the zone in that year.
    if zone is None:
        return False
    return abbrev in {zone.tzname(naive.replace(month=m, day=1)) for m in (1, 7)}


def _as_named(zone: tzinfo, abbrev: str, naive: datetime) -> tzinfo:
    """The offset ``abbrev`` stands for: "CEST" means +02:00 even on a January date."""
    if zone.tzname(naive) == abbrev:
        return zone
    for month in range(1, 13):
        sample = naive.replace(month=month, day=1)
        offset = zone.utcoffset(sample)
        if zone.tzname(sample) == abbrev and offset is not None:
            return timezone(offset)
    return zone


def _resolve_abbreviation(abbrev: str, naive: datetime, hints: ReadHints) -> tzinfo | None:
    own = _zone(hints.timezone) if hints.timezone else None
    # The source's own zone wins when it ever uses the abbreviation (winter or summer name).
    if own is not None and _uses(own, abbrev, naive):
        return _as_named(own, abbrev, naive)
    named = _zone(hints.tz_abbreviations[abbrev]) if abbrev in hints.tz_abbreviations else None
    if named is not None:
        return _as_named(named, abbrev, naive)
    if abbrev in _FIXED_OFFSETS:
        return timezone(timedelta(hours=_FIXED_OFFSETS[abbrev]))
    return None


def _known_abbreviation(word: str, hints: ReadHints) -> bool:
    own = _zone(hints.timezone) if hints.timezone else None
    return (
        word in _FIXED_OFFSETS
        or word in hints.tz_abbreviations
        or _uses(own, word, datetime(2000, 1, 1))
    )


def _split_zone(text: str, hints: ReadHints) -> tuple[str, str | None]:
    """(text without its zone word, the zone word): a known one anywhere, else a trailing one."""
    for match in _ZONE_TOKEN.finditer(text):
        if _known_abbreviation(match.group(1), hints):
            rest = f"{text[: match.start()]} {text[match.end() :]}"
            return " ".join(rest.split()).strip(" ,"), match.group(1)
    trailing = _ZONE_WORD.search(text)
    if trailing and trailing.group(1) not in {"AM", "PM"}:
        return text[: trailing.start()], trailing.group(1)
    return text, None


def _default_zone(hints: ReadHints) -> tzinfo:
    # No zone on the page and none in the hints: UTC is the least surprising guess.
    return (_zone(hints.timezone) if hints.timezone else None) or UTC


def _aware(naive: datetime, abbrev: str | None, hints: ReadHints) -> datetime:
    zone = _resolve_abbreviation(abbrev, naive, hints) if abbrev else None
    return naive.replace(tzinfo=zone or _default_zone(hints))


def _parse_iso(text: str) -> datetime | None:
    try:
        return datetime.fromisoformat(text.replace("z", "Z"))
    except ValueError:
        return None


def _parse_rfc822(text: str) -> datetime | None:
    if "," not in text[:5] and not re.search(r"[+-]\d{4}$", text):
        return None  # RFC 822 dates start with a weekday or end with a numeric offset
    try:
        return parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return None


def _parse_free(text: str, hints: ReadHints) -> tuple[datetime, str | None] | None:
    """Parse with dateutil, splitting off a trailing zone word for our own resolution."""
    text, abbrev = _split_zone(text, hints)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            parsed = dateutil_parser.parse(text, dayfirst=hints.day_first, default=_NO_DATE)
    except (ValueError, OverflowError, TypeError):
        return None
    if parsed.year == _NO_DATE.year:
        return None
    return parsed, abbrev


def parse_datetime(text: str, *, hints: ReadHints) -> datetime | None:
    """A timezone-aware datetime for ``text``, or None when it is not a date.

    Reads ISO 8601, RFC 822 and the free forms pages use ("Nov 3, 2026 4:05 PM EST",
    "03-12-2021 19:23 IST", "3 November 2026, 16:05 GMT"); a leading label such as
    "Updated:" is ignored. Zone-less times take ``hints.timezone`` (else UTC).
    """
    cleaned = _LABEL.sub("", " ".join(text.split())).strip(" ,;|")
    if not cleaned or len(cleaned) > _MAX_DATE_CHARS or not re.search(r"\d", cleaned):
        return None
    parsed = _parse_iso(cleaned) or _parse_rfc822(cleaned)
    if parsed is not None:
        return parsed if parsed.tzinfo else _aware(parsed, None, hints)
    cleaned = _DOT_TIME.sub(r"\1:\2", _AMPM.sub(lambda m: f"{m.group(1).upper()}M", cleaned))
    free = _parse_free(cleaned, hints)
    if free is None:
        return None
    parsed, abbrev = free
    if parsed.tzinfo is not None:
        return parsed
    return _aware(parsed, abbrev, hints)
