"""One entry point for every kind of input: sniff what the bytes are, hand them to its reader.

Readers are pure functions from bytes to ``Article`` values; hints carry what the bytes alone
cannot say (which outlet a page came from, which timezone "IST" means on that site).
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType

from bot.model import Article

log = logging.getLogger(__name__)

# Big enough for any real article page (most are under 2 MB), small enough that a hostile
# 50 MB page is refused up front instead of keeping a worker busy for minutes.
MAX_INPUT_BYTES = 8 * 1024 * 1024

DEFAULT_TZ_ABBREVIATIONS: Mapping[str, str] = MappingProxyType(
    {
        "IST": "Asia/Kolkata",
        "ET": "America/New_York",
        "CT": "America/Chicago",
        "MT": "America/Denver",
        "PT": "America/Los_Angeles",
        "BST": "Europe/London",
        "CET": "Europe/Paris",
        "CEST": "Europe/Paris",
        "MSK": "Europe/Moscow",
        "JST": "Asia/Tokyo",
        "KST": "Asia/Seoul",
        "HKT": "Asia/Hong_Kong",
        "SGT": "Asia/Singapore",
        "AEST": "Australia/Sydney",
        "AEDT": "Australia/Sydney",
    }
)


@dataclass(frozen=True)
class ReadHints:
    """What the caller knows about a document's source that the bytes may not say."""

    outlet: str | None = None
    # IANA zone for times without a zone, and for abbreviations this zone uses (IST in Dublin).
    timezone: str | None = None
    tz_abbreviations: Mapping[str, str] = field(default_factory=lambda: DEFAULT_TZ_ABBREVIATIONS)
    language: str | None = None
    # "03-12-2021" is 3 December on most of the world's sites; a US source sets this False.
    day_first: bool = True
    max_bytes: int = MAX_INPUT_BYTES


def read_document(
    data: bytes,
    *,
    url: str | None = None,
    content_type: str | None = None,
    hints: ReadHints | None = None,
) -> list[Article]:
    """Read a feed, an HTML page or a plain-text dump into articles (a feed may yield many)."""
    raise NotImplementedError


def read_path(path: Path, hints: ReadHints | None = None) -> list[Article]:
    """Read a file on disk like ``read_document`` (the URL is unknown, so None)."""
    raise NotImplementedError
