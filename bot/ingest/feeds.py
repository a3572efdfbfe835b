"""RSS 0.9x/1.0/2.0 and Atom feeds read into one Article per item.

feedparser is only ever given bytes (wrapped in a stream): handed a ``str`` or ``bytes`` it
may treat the value as a file name or URL and open it. Documents that declare XML entities are
refused before parsing, so an entity-expansion bomb can never reach a parser.
"""

from __future__ import annotations

import calendar
import io
import itertools
import logging
import re
from collections import deque
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any
from urllib.parse import urljoin, urlsplit

import feedparser

from bot.errors import FeedError
from bot.ingest.dates import parse_datetime
from bot.ingest.html import fragment_paragraphs, language_tag
from bot.ingest.provenance import agency_credit, agency_from_paragraphs, agency_name
from bot.model import PARAGRAPH_SEPARATOR, Article

if TYPE_CHECKING:
    from bot.ingest.readers import ReadHints

log = logging.getLogger(__name__)

_ENTITY_DECLARATION = re.compile(rb"<!ENTITY", re.IGNORECASE)
# A feed is a list of recent items; anything past this is a broken or hostile document.
MAX_FEED_ITEMS = 1000
# The end of one item (RSS) or entry (Atom), with or without a namespace prefix.
_ITEM_END = re.compile(rb"</(?:[A-Za-z_][\w.-]*:)?(?:item|entry)\s*>", re.IGNORECASE)
# How a document that opens with this root element is closed after its last kept item.
_ROOT_CLOSERS = (
    (re.compile(rb"<rss[\s>]", re.IGNORECASE), b"</channel></rss>"),
    (re.compile(rb"<feed[\s>]", re.IGNORECASE), b"</feed>"),
    (re.compile(rb"<rdf:RDF[\s>]"), b"</rdf:RDF>"),
)
_ROOT_WINDOW = 4096  # the root element opens within the first few kilobytes
# A summary-only item shorter than this is a teaser: the poller fetches the page for the rest.
TEASER_MAX_CHARS = 1200
_TRUNCATION = re.compile(r"(?:…|\.\.\.|\[…\]|\[\.\.\.\]|read more|continue reading)\W*$", re.I)


def _text(html: str | None) -> str:
    return " ".join(fragment_paragraphs(html)) if html else ""


def _struct_time(value: Any) -> datetime | None:
    # feedparser's *_parsed fields are UTC struct_times.
    try:
        return datetime.fromtimestamp(calendar.timegm(value), UTC) if value else None
    except (TypeError, ValueError, OverflowError):
        return None


def _date(entry: Any, key: str, hints: ReadHints) -> datetime | None:
    # dict.get, not entry.get: feedparser quietly answers "updated" with "published".
    raw = dict.get(entry, key)
    parsed = parse_datetime(raw, hints=hints) if isinstance(raw, str) else None
    return parsed or _struct_time(dict.get(entry, f"{key}_parsed"))


def _full_content(entry: Any) -> str | None:
    bodies = [c.get("value") or "" for c in entry.get("content") or []]
    return max(bodies, key=len) if any(bodies) else None


def _link(entry: Any, feed: Any, url: str | None) -> str | None:
    link = entry.get("link") or None
    # A feed read from disk has no URL of its own: resolve against the site link it names.
    base = url or feed.get("link")
    return urljoin(base, link) if link and base else link


def _outlet(feed: Any, url: str | None, hints: ReadHints) -> str | None:
    host = urlsplit(url or feed.get("link") or "").hostname
    return hints.outlet or _text(feed.get("title")) or (host.removeprefix("www.") if host else None)


def _item(entry: Any, feed: Any, url: str | None, hints: ReadHints) -> Article | None:
    summary = PARAGRAPH_SEPARATOR.join(fragment_paragraphs(entry.get("summary") or ""))
    content = _full_content(entry)
    paragraphs = fragment_paragraphs(content) if content else tuple(summary.split("\n\n"))
    paragraphs = tuple(p for p in paragraphs if p)
    title = _text(entry.get("title"))
    if not title and not paragraphs:
        return None  # an empty or cut-off item carries nothing to read
    author = _text(entry.get("author")) or None
    updated = _date(entry, "updated", hints)
    detail = entry.get("title_detail") or {}
    outlet = _outlet(feed, url, hints)
    agency = agency_name(author or "") or agency_from_paragraphs(paragraphs)
    return Article(
        title=title or paragraphs[0][:120],
        paragraphs=paragraphs,
        url=_link(entry, feed, url),
        outlet=outlet,
        agency=agency_credit(agency, outlet),
        # RSS 1.0 items carry a single dc:date, which feedparser files under "updated".
        published=_date(entry, "published", hints) or _date(entry, "created", hints) or updated,
        updated=updated,
        byline=author,
        language=language_tag(detail.get("language") or feed.get("language")) or hints.language,
        guid=entry.get("id") or None,
        feed_summary=summary or None,
    )


def first_items(data: bytes, limit: int = MAX_FEED_ITEMS) -> bytes:
    """The document cut after its ``limit``-th item and closed again, so the parser never
    reads (or builds objects for) items that would be thrown away. Unchanged when it has no
    more items than that, or when its root element is not one this knows how to close."""
    ends = _ITEM_END.finditer(data)
    kept = deque(itertools.islice(ends, limit), maxlen=1)  # only the last kept item's end
    if not kept or next(ends, None) is None:
        return data
    head = data[:_ROOT_WINDOW]
    closer = next((c for root, c in _ROOT_CLOSERS if root.search(head)), None)
    return data if closer is None else data[: kept[0].end()] + closer


def _parse(data: bytes, url: str | None, content_type: str | None) -> Any:
    # content-location makes relative item links absolute against the feed's own URL.
    headers = {"content-type": content_type or "application/xml"}
    if url:
        headers["content-location"] = url
    return feedparser.parse(io.BytesIO(data), response_headers=headers, sanitize_html=True)


def read_feed(
    data: bytes, *, url: str | None, hints: ReadHints, content_type: str | None = None
) -> list[Article]:
    """One Article per usable item; raises ``FeedError`` when the feed yields none."""
    source = url or "feed"
    if _ENTITY_DECLARATION.search(data):
        raise FeedError(source, "the feed declares XML entities; refused (entity expansion)")
    parsed = _parse(first_items(data), url, content_type)
    entries = parsed.entries[:MAX_FEED_ITEMS]
    articles = [a for e in entries if (a := _item(e, parsed.feed, url, hints)) is not None]
    if not articles:
        reason = parsed.get("bozo_exception") or "no items"
        raise FeedError(source, f"no readable items in the feed ({reason})")
    if parsed.get("bozo"):
        log.warning(
            "%s: malformed feed, read %d items: %s", source, len(articles), parsed.bozo_exception
        )
    return articles


def is_teaser(article: Article) -> bool:
    """True when a feed item holds only a short or cut-off summary, not the full article."""
    if not article.paragraphs:
        return True
    text = article.text
    if _TRUNCATION.search(text[-40:]):
        return True
    from_summary = article.feed_summary is not None and text == article.feed_summary
    return from_summary and len(text) < TEASER_MAX_CHARS
