"""``/news`` text -> one typed command. Pure: no Slack, no database, no settings.

Grammar (words are case-insensitive, extra spaces ignored)::

    /news help
    /news TOPIC [here]
    /news subscribe TOPIC [at TIME] [TIMEZONE]    TIME: 07:30, 7:30, 9am, 9:30pm, 9 am
    /news unsubscribe TOPIC
    /news list
    /news sources
    /news sources add URL
    /news sources remove URL_OR_NAME
    /news who NAME                                NAME: a surname, full name or title and name

Anything else raises ``UsageError`` whose message is meant for the user, with ``USAGE``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from bot.errors import UsageError

USAGE = (
    "/news TOPIC [here] · /news subscribe TOPIC [at HH:MM|9am] [TIMEZONE] · "
    "/news unsubscribe TOPIC · /news list · /news sources [add|remove URL] · /news who NAME · "
    "/news help"
)

_SLUG = re.compile(r"^[a-z0-9][a-z0-9_-]{0,63}$")
# 7:30, 07:30, 9am, 9:30pm, 9 a.m.; a bare hour (at 9) is 24-hour.
_TIME = re.compile(r"^(\d{1,2})(?::(\d{2}))?(?:([ap])\.?m\.?)?$", re.IGNORECASE)
_MERIDIEM = frozenset({"am", "pm", "a.m.", "p.m."})
# Slack may send a link as <https://x|label> when "escape links" is on for the command.
_SLACK_LINK = re.compile(r"^<([^|>]+)(?:\|[^>]*)?>$")
_RESERVED = frozenset({"help", "subscribe", "unsubscribe", "list", "sources", "here", "at", "who"})
# Longest name /news who reads; longer text is no one's name.
MAX_WHO_NAME = 200


@dataclass(frozen=True, slots=True)
class Help:
    pass


@dataclass(frozen=True, slots=True)
class ShowDigest:
    topic: str
    here: bool = False


@dataclass(frozen=True, slots=True)
class Subscribe:
    topic: str
    hour: int | None = None  # None: the default digest time
    minute: int | None = None
    timezone: str | None = None  # None: the caller's Slack timezone


@dataclass(frozen=True, slots=True)
class Unsubscribe:
    topic: str


@dataclass(frozen=True, slots=True)
class ListSubscriptions:
    pass


@dataclass(frozen=True, slots=True)
class ListSources:
    pass


@dataclass(frozen=True, slots=True)
class AddSource:
    url: str


@dataclass(frozen=True, slots=True)
class RemoveSource:
    name_or_url: str


@dataclass(frozen=True, slots=True)
class Who:
    name: str


Command = (
    Help
    | ShowDigest
    | Subscribe
    | Unsubscribe
    | ListSubscriptions
    | ListSources
    | AddSource
    | RemoveSource
    | Who
)


def parse_command(text: str) -> Command:
    """Parse the text after ``/news``; raise ``UsageError`` with a user-facing reason."""
    words = text.split()
    if not words:
        return Help()
    head, rest = words[0].lower(), words[1:]
    if head == "help":
        return Help()
    if head == "list":
        _no_more(rest, "list")
        return ListSubscriptions()
    if head == "subscribe":
        return _subscribe(rest)
    if head == "unsubscribe":
        if len(rest) != 1:
            raise UsageError("Usage: /news unsubscribe TOPIC")
        return Unsubscribe(parse_topic(rest[0]))
    if head == "sources":
        return _sources(rest)
    if head == "who":
        return _who(rest)
    return _digest(words)


def parse_topic(word: str) -> str:
    """A topic slug, lower-cased; the catalogue decides later whether it exists."""
    slug = word.lower()
    if not _SLUG.match(slug) or slug in _RESERVED:
        raise UsageError(f"“{word[:40]}” is not a topic name (letters, digits, - and _).")
    return slug


def parse_time(word: str) -> tuple[int, int]:
    """``07:30``, ``7:30``, ``9``, ``9am``, ``12pm``, ``9:30pm`` as (hour, minute), 24-hour."""
    match = _TIME.match(word)
    if match is None:
        raise _time_error(word)
    hour, minute = int(match[1]), int(match[2] or 0)
    meridiem = (match[3] or "").lower()
    if meridiem:
        if not 1 <= hour <= 12:
            raise _time_error(word)
        hour = hour % 12 + (12 if meridiem == "p" else 0)
    if hour > 23 or minute > 59:
        raise _time_error(word)
    return hour, minute


def _time_error(word: str) -> UsageError:
    return UsageError(
        f"“{word[:20]}” is not a time: use 24-hour HH:MM such as 07:30, or 9am / 9:30pm."
    )


@cache
def _zone_names() -> dict[str, str]:
    """Lower-cased IANA name -> canonical spelling (the tz database is read once)."""
    return {name.lower(): name for name in available_timezones()}


def parse_timezone(word: str) -> str:
    """An IANA timezone name such as Europe/Berlin, in any letter case, spelled canonically."""
    canonical = _zone_names().get(word.lower())
    if canonical is not None:
        return canonical
    try:
        ZoneInfo(word)  # a zone the database has but does not list (rare aliases)
    except (ZoneInfoNotFoundError, ValueError):
        raise UsageError(
            f"“{word[:64]}” is not a timezone: use an IANA name such as Europe/Berlin or UTC."
        ) from None
    return word


def _digest(words: list[str]) -> ShowDigest:
    if len(words) == 1:
        return ShowDigest(parse_topic(words[0]))
    if len(words) == 2 and words[1].lower() == "here":
        return ShowDigest(parse_topic(words[0]), here=True)
    raise UsageError(f"I did not understand “{' '.join(words)[:80]}”.")


def _subscribe(rest: list[str]) -> Subscribe:
    if not rest:
        raise UsageError("Usage: /news subscribe TOPIC [at HH:MM] [TIMEZONE]")
    topic = parse_topic(rest[0])
    args = rest[1:]
    hour = minute = None
    if args and args[0].lower() == "at":
        args = args[1:]
        if not args:
            raise UsageError("“at” needs a time: /news subscribe TOPIC at 07:30")
        (hour, minute), args = _take_time(args)
    elif args and _looks_like_time(args[0]):
        (hour, minute), args = _take_time(args)
    timezone = parse_timezone(args[0]) if args else None
    _no_more(args[1:], "subscribe")
    return Subscribe(topic, hour, minute, timezone)


def _looks_like_time(word: str) -> bool:
    # No IANA zone name starts with a digit or contains ":", so such a word is meant as a time.
    return word[:1].isdigit() or ":" in word


def _take_time(args: list[str]) -> tuple[tuple[int, int], list[str]]:
    """Parse the time at the front of ``args`` ("9 am" is two words); return what is left."""
    if len(args) > 1 and args[1].lower() in _MERIDIEM:
        return parse_time(args[0] + args[1]), args[2:]
    return parse_time(args[0]), args[1:]


def _sources(rest: list[str]) -> ListSources | AddSource | RemoveSource:
    if not rest:
        return ListSources()
    action, args = rest[0].lower(), rest[1:]
    if action not in {"add", "remove"} or len(args) != 1:
        raise UsageError("Usage: /news sources [add URL | remove URL]")
    target = _unwrap_link(args[0])
    if action == "add":
        if not target.lower().startswith(("http://", "https://")):
            raise UsageError(f"“{target[:80]}” is not a web address (http:// or https://).")
        return AddSource(target)
    return RemoveSource(target)


def _who(rest: list[str]) -> Who:
    name = " ".join(rest)
    if not name:
        raise UsageError("Usage: /news who NAME (e.g. /news who Ushakov)")
    if len(name) > MAX_WHO_NAME:
        raise UsageError(f"That is too long for a name (at most {MAX_WHO_NAME} characters).")
    return Who(name)


def _unwrap_link(word: str) -> str:
    match = _SLACK_LINK.match(word)
    return match[1] if match else word


def _no_more(extra: list[str], command: str) -> None:
    if extra:
        raise UsageError(f"/news {command} does not take “{' '.join(extra)[:60]}”.")
