"""Posting pace: Slack's limits for chat.postMessage, kept per channel and per workspace.

Slack allows about one message per second per channel, and a workspace-wide limit on top
(chat.postMessage's "special" rate tier; Slack does not publish its figure, so ours is a named
default that an operator can change). Every post first reserves a turn: the earliest moment at
which both its channel and its workspace allow it. Turns are handed out under one lock, so
threads (or deliveries waiting without a thread, see ``bot.slack.delivery_pool``) never get the
same turn.

When Slack answers 429 anyway (another process posted, or the workspace limit is lower than
ours), its ``Retry-After`` holds back that channel and that workspace: rule "a 429 stops its
workspace". Slack's answer does not say which limit was hit, and since newsbot paces each
channel itself, the workspace's limit is the likely one. Other workspaces keep posting.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

CHANNEL_INTERVAL = 1.0


@dataclass(frozen=True)
class RateTier:
    """A workspace-wide pace: ``per_second`` on average, up to ``burst`` posts at once."""

    per_second: float
    burst: int = 1


# chat.postMessage's workspace-wide limit is unpublished; Slack speaks of "several hundred
# messages a minute". 10/s with bursts of 20 stays below that and lets ten channels of one
# workspace post at their full 1 msg/s.
CHAT_POST_TIER = RateTier(per_second=10.0, burst=20)


class ChannelPacer:
    """Turns for posts: ``interval`` seconds apart per channel, ``tier`` per workspace."""

    def __init__(
        self,
        interval: float = CHANNEL_INTERVAL,
        monotonic: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
        tier: RateTier | None = CHAT_POST_TIER,
    ) -> None:
        self.interval = interval
        self.tier = tier
        self._monotonic = monotonic
        self._sleep = sleep
        self._lock = threading.Lock()
        self._next: dict[str, float] = {}  # channel -> earliest next post
        # workspace -> its "theoretical arrival time" (GCRA): each post moves it one spacing on.
        self._workspace_tat: dict[str, float] = {}
        self._held_until: dict[str, float] = {}  # workspace -> end of its 429 back-off

    def now(self) -> float:
        return self._monotonic()

    def reserve(self, channel: str, team: str = "") -> float:
        """Book the next turn for a post to ``channel`` of ``team``; returns when it is due."""
        with self._lock:
            now = self._monotonic()
            turn = max(now, self._next.get(channel, now), self._held_until.get(team, now))
            if self.tier is not None:
                spacing = 1.0 / self.tier.per_second
                tat = self._workspace_tat.get(team, now)
                turn = max(turn, tat - spacing * (self.tier.burst - 1))
                self._workspace_tat[team] = max(tat, turn) + spacing
            self._next[channel] = turn + self.interval
        return turn

    def held(self, team: str) -> bool:
        """Whether ``team`` is still backing off from a 429."""
        with self._lock:
            return self._held_until.get(team, 0.0) > self._monotonic()

    def sleep_until(self, turn: float) -> None:
        wait = turn - self._monotonic()
        if wait > 0:
            self._sleep(wait)

    def wait(self, channel: str, team: str = "") -> None:
        """Reserve a turn and sleep until it."""
        self.sleep_until(self.reserve(channel, team))

    def posted(self, channel: str) -> None:
        """Count the interval from when Slack answered, which is after it counted the post."""
        with self._lock:
            now = self._monotonic()
            self._next[channel] = max(self._next.get(channel, now), now + self.interval)

    def rate_limited(self, channel: str, team: str, retry_after: float) -> None:
        """Slack answered 429: hold back this channel and its workspace for ``retry_after``."""
        with self._lock:
            until = self._monotonic() + retry_after
            self._next[channel] = max(self._next.get(channel, until), until)
            self._held_until[team] = max(self._held_until.get(team, until), until)
