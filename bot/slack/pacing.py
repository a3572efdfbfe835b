"""Posting pace: Slack allows about one message per second per channel."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

CHANNEL_INTERVAL = 1.0


class ChannelPacer:
    """Keep posts to one channel ``interval`` seconds apart, across this process's threads."""

    def __init__(
        self,
        interval: float = CHANNEL_INTERVAL,
        monotonic: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.interval = interval
        self._monotonic = monotonic
        self._sleep = sleep
        self._lock = threading.Lock()
        self._next: dict[str, float] = {}

    def wait(self, channel: str) -> None:
        with self._lock:  # reserve a turn, then sleep outside the lock
            now = self._monotonic()
            turn = max(now, self._next.get(channel, now))
            self._next[channel] = turn + self.interval
        if turn > now:
            self._sleep(turn - now)

    def posted(self, channel: str) -> None:
        """Count the interval from when Slack answered, which is after it counted the post."""
        with self._lock:
            now = self._monotonic()
            self._next[channel] = max(self._next.get(channel, now), now + self.interval)
