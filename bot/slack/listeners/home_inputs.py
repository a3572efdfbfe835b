"""The App Home modals' inputs -> checked values, or an error per input for Slack to show.

Pure: ``view.state.values`` in (untrusted: it comes back from Slack), plain values out. The
words are checked with the slash command's own parsers, so a modal accepts exactly what
``/news subscribe`` and ``/news sources add`` accept.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from bot.errors import TopicError, UsageError
from bot.render import home_ids as ids
from bot.slack.command_parser import parse_time, parse_timezone, parse_topic
from bot.text.topics import TopicCatalog

_CHANNEL = re.compile(r"^[CG][A-Z0-9]{2,30}$")
# Slack shows an input's error under the field: one short sentence.
MAX_ERROR = 150
CHOOSE_CHANNEL = "Choose a channel."
CHOOSE_TOPIC = "Choose a topic."
NOT_A_WEB_ADDRESS = "Give a web address starting with http:// or https://."


@dataclass(frozen=True)
class SubscribeForm:
    channel_id: str = ""
    topic: str = ""
    hour: int | None = None
    minute: int | None = None
    timezone: str | None = None
    errors: dict[str, str] = field(default_factory=dict)


def _element(values: dict[str, Any], name: str) -> dict[str, Any]:
    block = values.get(name)
    element = block.get(name) if isinstance(block, dict) else None
    return element if isinstance(element, dict) else {}


def _text(values: dict[str, Any], name: str, key: str = "value") -> str:
    element = _element(values, name)
    if key == "selected_option":
        option = element.get("selected_option")
        value = option.get("value") if isinstance(option, dict) else None
    else:
        value = element.get(key)
    return value.strip() if isinstance(value, str) else ""


def _error(exc: Exception) -> str:
    text = str(exc)
    return text if len(text) <= MAX_ERROR else text[: MAX_ERROR - 1] + "…"


def _topic(values: dict[str, Any]) -> str:
    return _text(values, ids.INPUT_TOPIC, "selected_option") or _text(values, ids.INPUT_TOPIC)


def _checked_topic(values: dict[str, Any], topics: TopicCatalog, errors: dict[str, str]) -> str:
    raw = _topic(values)
    if not raw:
        errors[ids.INPUT_TOPIC] = CHOOSE_TOPIC
        return ""
    try:
        return topics.resolve(parse_topic(raw)).slug
    except (UsageError, TopicError) as exc:
        errors[ids.INPUT_TOPIC] = _error(exc)
        return ""


def parse_subscribe(values: dict[str, Any], topics: TopicCatalog) -> SubscribeForm:
    """The "Add a daily digest" modal's channel, topic, time and timezone."""
    errors: dict[str, str] = {}
    channel = _text(values, ids.INPUT_CHANNEL, "selected_conversation")
    if not _CHANNEL.match(channel):
        errors[ids.INPUT_CHANNEL] = CHOOSE_CHANNEL
    topic = _checked_topic(values, topics, errors)
    hour = minute = None
    timezone = None
    try:
        hour, minute = parse_time(_text(values, ids.INPUT_TIME, "selected_time"))
    except UsageError as exc:
        errors[ids.INPUT_TIME] = _error(exc)
    try:
        timezone = parse_timezone(_text(values, ids.INPUT_TIMEZONE))
    except UsageError as exc:
        errors[ids.INPUT_TIMEZONE] = _error(exc)
    return SubscribeForm(channel, topic, hour, minute, timezone, errors)


def parse_source_url(values: dict[str, Any]) -> tuple[str, dict[str, str]]:
    """The "Add a source" modal's web address (checked for its scheme only: the fetcher
    checks the rest, SSRF rules included)."""
    url = _text(values, ids.INPUT_URL)
    if not url.lower().startswith(("http://", "https://")) or any(c.isspace() for c in url):
        return url, {ids.INPUT_URL: NOT_A_WEB_ADDRESS}
    return url, {}


def parse_preview(values: dict[str, Any]) -> tuple[str, dict[str, str]]:
    """The "Preview a digest" modal's topic slug (its existence is checked with the digest)."""
    raw = _topic(values)
    if not raw:
        return "", {ids.INPUT_TOPIC: CHOOSE_TOPIC}
    try:
        return parse_topic(raw), {}
    except UsageError as exc:
        return "", {ids.INPUT_TOPIC: _error(exc)}
