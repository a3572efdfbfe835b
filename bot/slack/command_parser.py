"""``/news`` text -> one typed command. Pure: no Slack, no database, no settings.

Grammar (words are case-insensitive, extra spaces ignored)::

    /news help
    /news TOPIC [here]
    /news subscribe TOPIC [at HH:MM] [TIMEZONE]
    /news unsubscribe TOPIC
    /news list
    /news sources
    /news sources add URL
    /news sources remove URL_OR_NAME

Anything else raises ``CommandError`` whose message is meant for the user, with ``USAGE``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from bot.errors import CommandError

USAGE = (
    "/news TOPIC [here] · /news subscribe TOPIC [at HH:MM] [TIMEZONE] · "
    "/news unsubscribe TOPIC · /news list · /news sources [add|remove URL] · /news help"
)

_SLUG = re.compile(r"^[a-z0-9][a-z0-9_-]{0,63}$")
_TIME = re.compile(r"^(\d{1,2}):(\d{2})$")
# Slack may send a link as <https://x|label> when "escape links" is on for the command.
_SLACK_LINK = re.compile(r"^<([^|>]+)(?:\|[^>]*)?>$")
_RESERVED = frozenset({"help", "subscribe", "unsubscribe", "list", "sources", "here", "at"})


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


Command = (
    Help
    | ShowDigest
    | Subscribe
    | Unsubscribe
    | ListSubscriptions
    | ListSources
    | AddSource
    | RemoveSource
)


def parse_command(text: str) -> Command:
    """Parse the text after ``/news``; raise ``CommandError`` with a user-facing reason."""
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
            raise CommandError("Usage: /news unsubscribe TOPIC")
        return Unsubscribe(parse_topic(rest[0]))
    if head == "sources":
        return _sources(rest)
    return _digest(words)


def parse_topic(word: str) -> str:
    """A topic slug, lower-cased; the catalogue decides later whether it exists."""
    slug = word.lower()
    if not _SLUG.match(slug) or slug in _RESERVED:
        raise CommandError(f"“{word[:40]}” is not a topic name (letters, digits, - and _).")
    return slug


def parse_time(word: str) -> tuple[int, int]:
    match = _TIME.match(word)
    if not match or int(match[1]) > 23 or int(match[2]) > 59:
        raise CommandError(f"“{word[:20]}” is not a time: use 24-hour HH:MM, e.g. 07:30.")
    return int(match[1]), int(match[2])


def parse_timezone(word: str) -> str:
    """An IANA timezone name such as Europe/Berlin (checked against the tz database)."""
    try:
        ZoneInfo(word)
    except (ZoneInfoNotFoundError, ValueError):
        raise CommandError(
            f"“{word[:64]}” is not a timezone: use an IANA name such as Europe/Berlin or UTC."
        ) from None
    return word


def _digest(words: list[str]) -> ShowDigest:
    if len(words) == 1:
        return ShowDigest(parse_topic(words[0]))
    if len(words) == 2 and words[1].lower() == "here":
        return ShowDigest(parse_topic(words[0]), here=True)
    raise CommandError(f"I did not understand “{' '.join(words)[:80]}”.")


def _subscribe(rest: list[str]) -> Subscribe:
    if not rest:
        raise CommandError("Usage: /news subscribe TOPIC [at HH:MM] [TIMEZONE]")
    topic = parse_topic(rest[0])
    args = rest[1:]
    if args and args[0].lower() == "at":
        args = args[1:]
        if not args:
            raise CommandError("“at” needs a time: /news subscribe TOPIC at 07:30")
    hour = minute = None
    # A timezone name never contains ":", so a word with one is meant as the time.
    if args and ":" in args[0]:
        hour, minute = parse_time(args[0])
        args = args[1:]
    timezone = parse_timezone(args[0]) if args else None
    _no_more(args[1:], "subscribe")
    return Subscribe(topic, hour, minute, timezone)


def _sources(rest: list[str]) -> ListSources | AddSource | RemoveSource:
    if not rest:
        return ListSources()
    action, args = rest[0].lower(), rest[1:]
    if action not in {"add", "remove"} or len(args) != 1:
        raise CommandError("Usage: /news sources [add URL | remove URL]")
    target = _unwrap_link(args[0])
    if action == "add":
        if not target.lower().startswith(("http://", "https://")):
            raise CommandError(f"“{target[:80]}” is not a web address (http:// or https://).")
        return AddSource(target)
    return RemoveSource(target)


def _unwrap_link(word: str) -> str:
    match = _SLACK_LINK.match(word)
    return match[1] if match else word


def _no_more(extra: list[str], command: str) -> None:
    if extra:
        raise CommandError(f"/news {command} does not take “{' '.join(extra)[:60]}”.")
