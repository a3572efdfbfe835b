"""Small read-only views the Slack layer hands to the renderer for its list replies."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class SubscriptionView:
    """One channel's daily digest subscription, as ``/news list`` shows it."""

    topic: str
    hour: int
    minute: int
    timezone: str
    status: str
    channel_id: str

    @property
    def time(self) -> str:
        return f"{self.hour:02d}:{self.minute:02d}"


@dataclass(frozen=True, slots=True)
class SourceView:
    """One configured news source, as ``/news sources`` shows it."""

    name: str
    url: str
    kind: str
    enabled: bool
    last_error: str | None = None
