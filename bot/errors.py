"""Every error newsbot raises on purpose. Callers catch ``NewsbotError`` or one branch.

NewsbotError
├── ConfigError            a setting or config file is missing or invalid
├── FetchError             a URL could not be fetched (carries ``url``)
│   ├── BlockedURLError    SSRF guard: the URL or an address it resolves to is not allowed
│   ├── ResponseTooLarge   the (decompressed) body passed the size cap
│   ├── FetchTimeout       connect/read timeout or the overall deadline passed
│   ├── HTTPStatusError    the server answered 4xx/5xx
│   └── TooManyRedirects   more than the allowed redirects, or a loop
├── ReadError              bytes could not be turned into articles (carries ``source``)
│   ├── EmptyInput         nothing (or only whitespace) to read
│   ├── UnsupportedInput   binary junk or a kind of document newsbot does not read
│   └── FeedError          a feed too broken to yield any item
├── StoreError             the database refused or could not be migrated (``reason``: its
│   │                      own one-line message); the store raises it for every database error
│   └── StoreUnavailable   the database cannot be reached, is locked, or lost the connection
├── TopicError             a topic slug or topics.toml entry is invalid
├── CommandError           a CLI or slash-command request cannot be done (message is for the user)
│   └── UsageError         the command itself is malformed: the reply adds the usage
├── RenderError            a message cannot be rendered within Slack's limits
├── DeliveryError          a message could not be delivered to Slack (carries ``channel``)
└── TokenError             no usable bot token for a workspace (carries ``team_id``)
"""

from __future__ import annotations


class NewsbotError(Exception):
    """Base class of all newsbot errors."""


class ConfigError(NewsbotError):
    pass


class FetchError(NewsbotError):
    def __init__(self, url: str, message: str) -> None:
        super().__init__(f"{url}: {message}")
        self.url = url
        self.reason = message


class BlockedURLError(FetchError):
    pass


class ResponseTooLarge(FetchError):
    pass


class FetchTimeout(FetchError):
    pass


class HTTPStatusError(FetchError):
    def __init__(self, url: str, status: int) -> None:
        super().__init__(url, f"server answered HTTP {status}")
        self.status = status


class TooManyRedirects(FetchError):
    pass


class ReadError(NewsbotError):
    def __init__(self, source: str, message: str) -> None:
        super().__init__(f"{source}: {message}")
        self.source = source
        self.reason = message


class EmptyInput(ReadError):
    pass


class UnsupportedInput(ReadError):
    pass


class FeedError(ReadError):
    pass


class StoreError(NewsbotError):
    """``reason`` is the database's own one-line message when a database error caused this."""

    def __init__(self, message: str, *, reason: str | None = None) -> None:
        super().__init__(message)
        self.reason = message if reason is None else reason


class StoreUnavailable(StoreError):
    pass


class TopicError(NewsbotError):
    pass


class CommandError(NewsbotError):
    pass


class UsageError(CommandError):
    pass


class RenderError(NewsbotError):
    pass


class DeliveryError(NewsbotError):
    def __init__(self, channel: str, message: str) -> None:
        super().__init__(f"channel {channel}: {message}")
        self.channel = channel
        self.reason = message


class TokenError(NewsbotError):
    """``installed`` is False when the workspace has no installation at all (app removed)."""

    def __init__(self, team_id: str, message: str, *, installed: bool = True) -> None:
        super().__init__(f"workspace {team_id}: {message}")
        self.team_id = team_id
        self.installed = installed
