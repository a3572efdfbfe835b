"""Slack mrkdwn: escaping untrusted text, and the few trusted tokens newsbot builds itself.

Slack treats ``&``, ``<`` and ``>`` as control characters: ``<!channel>``, ``<@U123>`` and
``<https://x|label>`` are only special when those characters reach Slack unescaped. So every
piece of article text is escaped once, by the template environment (``bot.render.env``), and
the only unescaped control characters in a payload come from ``Trusted`` values built here.
"""

from __future__ import annotations

import re
import urllib.parse
from dataclasses import dataclass
from datetime import UTC, datetime

_ESCAPES = {"&": "&amp;", "<": "&lt;", ">": "&gt;"}
_ESCAPE_RE = re.compile("[&<>]")
_UNESCAPE_RE = re.compile("&(amp|lt|gt);")
_UNESCAPES = {"amp": "&", "lt": "<", "gt": ">"}
# Characters that would end or split a ``<url|label>`` token, or that Slack would re-read.
_URL_UNSAFE = {"|": "%7C", "<": "%3C", ">": "%3E", " ": "%20", '"': "%22"}
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
# C (public), G (private), D (direct message), then upper-case letters and digits.
_CHANNEL_ID = re.compile(r"^[CGD][A-Z0-9]{1,30}$")
# Longer links are shown as plain labels: a few of them would eat a section's 3,000 characters.
MAX_URL_LENGTH = 500


@dataclass(frozen=True, slots=True)
class Trusted:
    """Text that is already valid mrkdwn (a link or date token built here): never re-escaped."""

    text: str

    def __str__(self) -> str:
        return self.text


def escape(text: str) -> str:
    """Escape ``&``, ``<`` and ``>`` so Slack shows them literally and parses nothing."""
    return _ESCAPE_RE.sub(lambda match: _ESCAPES[match.group()], text)


def unescape(text: str) -> str:
    """The inverse of ``escape`` (for previews and tests; never for text sent to Slack)."""
    return _UNESCAPE_RE.sub(lambda match: _UNESCAPES[match.group(1)], text)


def escaped_length(text: str) -> int:
    """How long ``text`` will be once escaped: what Slack's length limits count."""
    return len(text) + sum(len(_ESCAPES[ch]) - 1 for ch in _ESCAPE_RE.findall(text))


def safe_url(url: str | None) -> str | None:
    """``url`` made safe to put inside ``<...|...>``, or None when it is not a plain web link.

    Only absolute http(s) URLs with a host are accepted; control characters refuse the URL;
    ``|``, ``<``, ``>``, spaces and double quotes are percent-encoded, and ``&`` is escaped
    as Slack itself writes it, so the URL can neither end the token early nor add a label.
    """
    if not url:
        return None
    url = url.strip()
    if _CONTROL.search(url) or len(url) > MAX_URL_LENGTH:
        return None
    try:
        parts = urllib.parse.urlsplit(url)
    except ValueError:
        return None
    if parts.scheme.lower() not in {"http", "https"} or not parts.hostname:
        return None
    encoded = "".join(_URL_UNSAFE.get(ch, ch) for ch in url)
    return encoded.replace("&", "&amp;")


def link(url: str | None, label: str) -> Trusted:
    """``label`` linked to ``url``; just the escaped label when the URL is not safe."""
    target = safe_url(url)
    shown = escape(label.replace("\n", " ").strip()) or escape(url or "link")
    if target is None:
        return Trusted(shown)
    return Trusted(f"<{target}|{shown}>")


def date_token(moment: datetime) -> Trusted:
    """A Slack date token: each reader sees ``moment`` in their own timezone.

    The fallback after ``|`` is what clients without date support (and notifications) show.
    """
    utc = moment.astimezone(UTC)
    fallback = utc.strftime("%Y-%m-%d %H:%M UTC")
    return Trusted(f"<!date^{int(utc.timestamp())}^{{date_short_pretty}} {{time}}|{fallback}>")


def channel_mention(channel_id: str) -> Trusted:
    """``<#C123>`` for a well-formed channel id; the escaped id otherwise."""
    if _CHANNEL_ID.match(channel_id):
        return Trusted(f"<#{channel_id}>")
    return Trusted(escape(channel_id))


def _cost(char: str, newline_cost: int) -> int:
    if char == "\n":
        return newline_cost
    return len(_ESCAPES.get(char, char))


def rendered_length(text: str, newline_cost: int = 1) -> int:
    """Escaped length of ``text`` when each newline costs ``newline_cost`` characters (a quote
    line gets a ``>`` prefix, so its newlines cost two)."""
    return escaped_length(text) + text.count("\n") * (newline_cost - 1)


def _prefix_within(text: str, budget: int, newline_cost: int) -> str:
    """The longest prefix of ``text`` whose rendered length is at most ``budget``."""
    used = 0
    for index, char in enumerate(text):
        used += _cost(char, newline_cost)
        if used > budget:
            return text[:index]
    return text


def shorten(text: str, limit: int, *, marker: str = "…", newline_cost: int = 1) -> str:
    """``text`` cut so that its escaped form plus ``marker`` fits in ``limit`` characters.

    Cuts at a word boundary when one is near, and always ends with ``marker`` when it cuts,
    so a shortened text is never mistaken for the whole.
    """
    if rendered_length(text, newline_cost) <= limit:
        return text
    cut = _prefix_within(text, max(limit - len(marker), 0), newline_cost)
    space = cut.rfind(" ")
    if space > len(cut) * 0.8:
        cut = cut[:space]
    return cut.rstrip() + marker


def chunks(text: str, limit: int, *, newline_cost: int = 1) -> list[str]:
    """``text`` split into pieces whose rendered length is at most ``limit``; joined, the
    pieces are exactly ``text`` (to show a very long quote in full over several sections)."""
    pieces: list[str] = []
    rest = text
    while rendered_length(rest, newline_cost) > limit:
        # At least one character a piece, so a tiny limit cannot loop forever.
        head = _prefix_within(rest, limit, newline_cost) or rest[0]
        space = head.rfind(" ")
        if space > len(head) // 2:
            head = head[: space + 1]
        pieces.append(head)
        rest = rest[len(head) :]
    if rest or not pieces:
        pieces.append(rest)
    return pieces
