"""The push endpoint's payload: JSON -> Articles, with one clear error per bad item. Pure.

A payload is one article object or a list of them::

    {"title": str, "url": "https://...", "text": str | "paragraphs": [str, ...],
     "outlet"?, "agency"?, "published"? (ISO 8601), "byline"?, "language"?, "guid"?}

A ``published`` time without an offset is read as UTC.

Each item is judged on its own, so one bad item never costs the others their place: a string
that cannot be stored (a lone surrogate, a NUL) or a date outside ``PUBLISHED_RANGE`` rejects
that item only. Nesting deeper than ``MAX_DEPTH`` is refused by a scan of the bytes before the
JSON parser (which recurses) ever sees them.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Final

from bot.model import Article

PUSH_SOURCE = "push"
MAX_ITEMS = 500
# A valid payload nests three deep (list > article > paragraphs); anything far deeper is an
# attack on the recursive JSON parser, refused before it runs.
MAX_DEPTH: Final = 8
# Published times newsbot accepts: older ones are typos or epoch-zero junk, later ones cannot
# be news; far outside it (year 1 at +14:00) they cannot even be stored.
PUBLISHED_RANGE: Final = (datetime(1970, 1, 1, tzinfo=UTC), datetime(2101, 1, 1, tzinfo=UTC))
# Column widths in bot/store/schema.py: refuse here rather than fail in the database.
_MAX_LENGTHS = {"outlet": 255, "agency": 255, "byline": 512, "language": 16, "guid": 2000}
_OPTIONAL = ("outlet", "agency", "byline", "language", "guid")
_KNOWN = frozenset({"title", "url", "text", "paragraphs", "published", *_OPTIONAL})
_BLANK_LINES = re.compile(r"\n\s*\n")
# One JSON string (escapes included; linear: the two classes never overlap) or one bracket.
_JSON_TOKEN = re.compile(rb'"[^"\\]*(?:\\.[^"\\]*)*"|[\[\]{}]')


class PayloadError(ValueError):
    """The whole body is unusable (not JSON, not an object or list): answered with 400."""


@dataclass(frozen=True, slots=True)
class Rejected:
    index: int
    error: str


def parse_payload(body: bytes) -> tuple[list[tuple[int, Article]], list[Rejected]]:
    """Valid articles with their index in the payload, and the rejected items with reasons."""
    if nesting_depth(body, limit=MAX_DEPTH) > MAX_DEPTH:
        raise PayloadError(f"the JSON nests deeper than {MAX_DEPTH} levels")
    try:
        data = json.loads(body)
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise PayloadError(f"body is not JSON: {exc}") from exc
    items = data if isinstance(data, list) else [data]
    if not items or len(items) > MAX_ITEMS:
        raise PayloadError(f"send between 1 and {MAX_ITEMS} articles, got {len(items)}")
    accepted: list[tuple[int, Article]] = []
    rejected: list[Rejected] = []
    for index, item in enumerate(items):
        try:
            accepted.append((index, article_from_item(item)))
        except ValueError as exc:
            rejected.append(Rejected(index, str(exc)))
    return accepted, rejected


def nesting_depth(body: bytes, *, limit: int) -> int:
    """How deep the brackets of ``body`` nest, counting no further than ``limit + 1``.

    A flat scan: strings are skipped whole (brackets inside them do not count), and it stops
    as soon as the limit is passed, so a megabyte of ``[`` costs microseconds.
    """
    depth = deepest = 0
    for match in _JSON_TOKEN.finditer(body):
        token = match[0]
        if token in (b"[", b"{"):
            depth += 1
            deepest = max(deepest, depth)
            if deepest > limit:
                break
        elif token in (b"]", b"}"):
            depth -= 1
    return deepest


def article_from_item(item: Any) -> Article:
    """One JSON object -> Article; ValueError names the first bad field."""
    if not isinstance(item, dict):
        raise ValueError("each article must be a JSON object")
    unknown = sorted(set(item) - _KNOWN)
    if unknown:
        raise ValueError(f"unknown field(s) {unknown}")
    return Article(
        title=_title(item),
        url=_url(item),
        paragraphs=_paragraphs(item),
        published=_published(item.get("published")),
        source=PUSH_SOURCE,
        outlet=_optional_text(item, "outlet"),
        agency=_optional_text(item, "agency"),
        byline=_optional_text(item, "byline"),
        language=_optional_text(item, "language"),
        guid=_optional_text(item, "guid"),
    )


def _title(item: dict[str, Any]) -> str:
    title = item.get("title")
    if not isinstance(title, str) or not title.strip():
        raise ValueError("title is required and must be a non-empty string")
    return " ".join(_storable("title", title).split())


def _url(item: dict[str, Any]) -> str:
    url = item.get("url")
    if not isinstance(url, str) or not re.match(r"^https?://[^\s/]+", url.strip()):
        raise ValueError("url is required and must be an http(s) address")
    return _storable("url", url.strip())


def _paragraphs(item: dict[str, Any]) -> tuple[str, ...]:
    if ("text" in item) == ("paragraphs" in item):
        raise ValueError('give the body as exactly one of "text" or "paragraphs"')
    if "text" in item:
        if not isinstance(item["text"], str):
            raise ValueError("text must be a string")
        raw = _BLANK_LINES.split(item["text"])
    else:
        raw = item["paragraphs"]
        if not isinstance(raw, list) or not all(isinstance(p, str) for p in raw):
            raise ValueError("paragraphs must be a list of strings")
    paragraphs = tuple(_storable("text", p.strip()) for p in raw if p.strip())
    if not paragraphs:
        raise ValueError("the article body is empty")
    return paragraphs


def _published(value: Any) -> datetime | None:
    if value is None:
        return None
    if not isinstance(value, str):
        raise ValueError("published must be an ISO 8601 string")
    try:
        moment = datetime.fromisoformat(value.strip())
    except ValueError:
        raise ValueError(f"published {value[:40]!r} is not ISO 8601") from None
    moment = moment if moment.tzinfo else moment.replace(tzinfo=UTC)
    earliest, latest = PUBLISHED_RANGE
    # Compared, never converted: year 1 at +14:00 has no UTC value (OverflowError).
    if not earliest <= moment < latest:
        raise ValueError(f"published {value[:40]!r} is outside {earliest.year}-{latest.year - 1}")
    return moment


def _optional_text(item: dict[str, Any], name: str) -> str | None:
    value = item.get(name)
    if value is None:
        return None
    if not isinstance(value, str):
        raise ValueError(f"{name} must be a string")
    value = _storable(name, value.strip())
    if len(value) > _MAX_LENGTHS[name]:
        raise ValueError(f"{name} is longer than {_MAX_LENGTHS[name]} characters")
    return value or None


def _storable(name: str, value: str) -> str:
    """``value`` when the database can hold it; ValueError naming the field otherwise."""
    # JSON's \ud800 escapes decode to lone surrogates, which no UTF-8 column can take.
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise ValueError(f"{name} holds a lone surrogate: not valid text") from None
    if "\x00" in value:
        raise ValueError(f"{name} holds a NUL character")
    return value
