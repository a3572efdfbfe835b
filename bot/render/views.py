"""Small read-only views the Slack layer hands to the renderer for its list replies."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True, slots=True)
class SubscriptionView:
    """One channel's daily digest subscription, as ``/news list`` shows it."""

    topic: str
    hour: int
    minute: int
    timezone: str
    status: str
    channel_id: str
    id: int | None = None  # what the App Home's buttons carry
    reason: str | None = None  # why it is paused

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
    # The last poll: when, and the HTTP status (None for a folder, or before the first poll).
    last_polled: datetime | None = None
    last_status: int | None = None


@dataclass(frozen=True, slots=True)
class TopicView:
    """One configured topic, as the App Home lists it."""

    slug: str
    name: str
    searches: str  # the words it looks for, as ``newsbot topics`` describes them
