"""What the fake Slack Web API records and is scripted with: calls, faults and users."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

TEAM_ID = "T0TEST"


@dataclass(frozen=True)
class Call:
    method: str  # e.g. "chat.postMessage", or "response_url"
    params: dict[str, Any]
    headers: dict[str, str]
    time: float  # time.monotonic() when the request arrived
    path: str
    key: str | None = None  # the <key> of /response/<key>
    answered: int = 200


@dataclass
class Fault:
    """One scripted failure; ``times`` counts down (``None``: forever)."""

    method: str
    channel: str | None = None
    times: int | None = 1
    error: str | None = None  # {"ok": false, "error": ...} with HTTP 200
    status: int | None = None  # an HTTP status (429 gets Retry-After)
    retry_after: int = 1
    reset: bool = False  # accept the call (record it, post the message), then reset the socket
    thread_ts: str | None = None  # only replies in this thread (None: any call)

    def matches(self, method: str, channel: str | None, thread_ts: str | None = None) -> bool:
        if self.times is not None and self.times <= 0:
            return False
        if self.thread_ts is not None and self.thread_ts != thread_ts:
            return False
        return self.method == method and self.channel in (None, channel)


@dataclass
class User:
    id: str
    tz: str | None = "Europe/Berlin"
    is_admin: bool = False
    is_owner: bool = False
    name: str = "someone"

    def as_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {"id": self.id, "name": self.name, "team_id": TEAM_ID}
        data.update(is_admin=self.is_admin, is_owner=self.is_owner, is_bot=False)
        if self.tz is not None:
            data["tz"] = self.tz
        return data
