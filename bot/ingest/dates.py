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


def _resolve_abbreviation(abbrev: str, naive: datetime, hints: ReadHints) -> tzinfo | None:
    own = _zone(hints.timezone) if hints.timezone else None
    # The source's own zone wins when it ever uses the abbreviation (winter or summer name).
    if own is not None and abbrev in {own.tzname(naive.replace(month=m, day=1)) for m in (1, 7)}:
        return own
    if abbrev in hints.tz_abbreviations:
        return _zone(hints.tz_abbreviations[abbrev])
    if abbrev in _FIXED_OFFSETS:
        return timezone(timedelta(hours=_FIXED_OFFSETS[abbrev]))
    return None


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
    abbrev = None
    match = _ZONE_WORD.search(text)
    if match and match.group(1) not in {"AM", "PM"}:
        abbrev, text = match.group(1), text[: match.start()]
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
    free = _parse_free(_AMPM.sub(lambda m: f"{m.group(1).upper()}M", cleaned), hints)
    if free is None:
        return None
    parsed, abbrev = free
    if parsed.tzinfo is not None:
        return parsed
    return _aware(parsed, abbrev, hints)
