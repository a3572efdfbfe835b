"""The push endpoint's payload: JSON -> Articles, with one clear error per bad item. Pure.

A payload is one article object or a list of them::

    {"title": str, "url": "https://...", "text": str | "paragraphs": [str, ...],
     "outlet"?, "agency"?, "published"? (ISO 8601), "byline"?, "language"?, "guid"?}

A ``published`` time without an offset is read as UTC.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from bot.model import Article

PUSH_SOURCE = "push"
MAX_ITEMS = 500
# Column widths in bot/store/schema.py: refuse here rather than fail in the database.
_MAX_LENGTHS = {"outlet": 255, "agency": 255, "byline": 512, "language": 16, "guid": 2000}
_OPTIONAL = ("outlet", "agency", "byline", "language", "guid")
_KNOWN = frozenset({"title", "url", "text", "paragraphs", "published", *_OPTIONAL})
_BLANK_LINES = re.compile(r"\n\s*\n")


class PayloadError(ValueError):
    """The whole body is unusable (not JSON, not an object or list): answered with 400."""


@dataclass(frozen=True, slots=True)
class Rejected:
    index: int
    error: str


def parse_payload(body: bytes) -> tuple[list[tuple[int, Article]], list[Rejected]]:
    """Valid articles with their index in the payload, and the rejected items with reasons."""
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
    return " ".join(title.split())


def _url(item: dict[str, Any]) -> str:
    url = item.get("url")
    if not isinstance(url, str) or not re.match(r"^https?://[^\s/]+", url.strip()):
        raise ValueError("url is required and must be an http(s) address")
    return url.strip()


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
    paragraphs = tuple(p.strip() for p in raw if p.strip())
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
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _optional_text(item: dict[str, Any], name: str) -> str | None:
    value = item.get(name)
    if value is None:
        return None
    if not isinstance(value, str):
        raise ValueError(f"{name} must be a string")
    value = value.strip()
    if len(value) > _MAX_LENGTHS[name]:
        raise ValueError(f"{name} is longer than {_MAX_LENGTHS[name]} characters")
    return value or None
