"""One entry point for every kind of input: sniff what the bytes are, hand them to its reader.

Readers are pure functions from bytes to ``Article`` values; hints carry what the bytes alone
cannot say (which outlet a page came from, which timezone "IST" means on that site).
"""

from __future__ import annotations

import dataclasses
import logging
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType

from bot.errors import EmptyInput, ReadError, UnsupportedInput
from bot.ingest.decode import BOMS as _BOMS
from bot.ingest.decode import decode_bytes
from bot.ingest.text_dump import read_text_dump
from bot.model import Article

log = logging.getLogger(__name__)

# Big enough for any real article page (most are under 2 MB), small enough that a hostile
# 50 MB page is refused up front instead of keeping a worker busy for minutes.
MAX_INPUT_BYTES = 8 * 1024 * 1024

_SNIFF_BYTES = 8192
# Past the XML declaration, comments and a DOCTYPE (with its internal subset) to the root.
_ROOT = re.compile(
    r"\s*(?:<\?.*?\?>\s*|<!--.*?-->\s*|<!doctype[^\[>]*(?:\[.*?\])?\s*>\s*)*<([a-z][\w:.-]*)",
    re.S,
)
_FEED_ROOTS = frozenset({"rss", "feed", "rdf:rdf", "rdf"})
_FEED_TYPES = frozenset(
    {
        "application/rss+xml",
        "application/atom+xml",
        "application/rdf+xml",
        "application/xml",
        "text/xml",
    }
)
_SUFFIX_TYPES = {
    ".xml": "application/xml",
    ".rss": "application/rss+xml",
    ".atom": "application/atom+xml",
    ".rdf": "application/rdf+xml",
    ".html": "text/html",
    ".htm": "text/html",
    ".txt": "text/plain",
}

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
    tz_abbreviations: Mapping[str, str] = field(
        default_factory=lambda: DEFAULT_TZ_ABBREVIATIONS, hash=False
    )
    language: str | None = None
    # "03-12-2021" is 3 December on most of the world's sites; a US source sets this False.
    day_first: bool = True
    max_bytes: int = MAX_INPUT_BYTES


def _sniff_head(data: bytes) -> str:
    head = data[:_SNIFF_BYTES]
    for bom, encoding in _BOMS:
        if head.startswith(bom):
            return head[len(bom) :].decode(encoding, errors="ignore").lower()
    # Only ASCII markers are looked for, so any single-byte decoding will do.
    return head.decode("latin-1").lower()


def _root_tag(head: str) -> str | None:
    """The first element's name, past the XML declaration, comments and DOCTYPE."""
    match = _ROOT.match(head)
    return match.group(1) if match else None


def sniff_kind(data: bytes, content_type: str | None = None) -> str:
    """``"feed"``, ``"html"`` or ``"text"``: the content decides, the content type breaks ties.

    Servers often mislabel feeds as text/html or text/plain, so a feed's root element wins
    over the header; a document that does not start with markup is HTML only when labelled so.
    """
    head = _sniff_head(data)
    root = _root_tag(head)
    if root in _FEED_ROOTS:
        return "feed"
    if root is not None or head.lstrip().startswith("<!doctype html"):
        return "html"
    media = (content_type or "").split(";")[0].strip().lower()
    if media in _FEED_TYPES:
        return "feed"
    if "html" in media and "<" in head:
        return "html"
    return "text"


def _charset(content_type: str | None) -> str | None:
    match = re.search(r"charset\s*=\s*[\"']?([\w.:-]+)", content_type or "", re.IGNORECASE)
    return match.group(1) if match else None


def file_problem(exc: OSError) -> str:
    """Why a file could not be read, worded alike by every reader and command."""
    if isinstance(exc, FileNotFoundError):
        return "no such file or directory"
    if isinstance(exc, IsADirectoryError):
        return "is a folder, not a file"
    if isinstance(exc, PermissionError):
        return "permission denied"
    return f"cannot read: {exc.strerror or exc}"


def read_document(
    data: bytes,
    *,
    url: str | None = None,
    content_type: str | None = None,
    hints: ReadHints | None = None,
) -> list[Article]:
    """Read a feed, an HTML page or a plain-text dump into articles (a feed may yield many).

    Raises ``EmptyInput`` for an empty document, ``UnsupportedInput`` for binary data or a
    page over ``hints.max_bytes``, ``FeedError`` for a feed with no readable item.
    """
    hints = hints or ReadHints()
    source = url or "input"
    if len(data) > hints.max_bytes:
        raise UnsupportedInput(source, f"page too large: {len(data)} bytes > {hints.max_bytes}")
    if not data.strip():
        raise EmptyInput(source, "the document is empty")
    kind = sniff_kind(data, content_type)
    log.debug("%s: reading as %s", source, kind)
    # The feed and HTML readers (feedparser, trafilatura) load when first needed: reading a
    # text dump, or just starting the command line, never pays for them.
    if kind == "feed":
        from bot.ingest.feeds import read_feed

        return read_feed(data, url=url, hints=hints, content_type=content_type)
    charset = _charset(content_type)
    if kind == "html":
        from bot.ingest.html import read_html

        return [read_html(data, url=url, hints=hints, charset=charset)]
    text = decode_bytes(data, charset, source=source)
    return [read_text_dump(text, url=url, hints=hints)]


def read_path(path: Path, hints: ReadHints | None = None) -> list[Article]:
    """Read a file on disk like ``read_document`` (the URL is unknown, so None).

    The size is checked before reading, so a huge file is refused without loading it.
    """
    hints = hints or ReadHints()
    try:
        size = path.stat().st_size
        if size > hints.max_bytes:
            raise UnsupportedInput(str(path), f"page too large: {size} bytes > {hints.max_bytes}")
        data = path.read_bytes()
    except OSError as exc:
        raise ReadError(str(path), file_problem(exc)) from exc
    try:
        articles = read_document(
            data, content_type=_SUFFIX_TYPES.get(path.suffix.lower()), hints=hints
        )
    except ReadError as exc:
        # Name the file, not the placeholder source the readers use for anonymous bytes.
        raise type(exc)(str(path), exc.reason) from exc
    return [_with_file_identity(article, path) for article in articles]


def _with_file_identity(article: Article, path: Path) -> Article:
    """Give a page saved on disk a stable identity: its file, when it names no URL or GUID.

    Without one, re-reading the same file after its text (or the reader) changed would store
    a second article instead of updating the first.
    """
    if article.url or article.guid:
        return article
    return dataclasses.replace(article, guid=path.resolve().as_uri())
