"""The fake Slack's rate limits on chat.postMessage: 1 msg/s per channel, a bucket per workspace.

Slack counts a post against its channel (about one a second) and against its workspace (the
method's "special" tier). The fake enforces both as told, answers a post over either with the
Retry-After (whole seconds) after which it would go, and keeps every accepted post's token,
channel and arrival time so tests can check the pace a client kept.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field


@dataclass
class PostLimits:
    """Rate state of one fake Slack; the caller holds its lock around every method."""

    per_channel: bool = False  # one message per second per channel
    workspace_rate: tuple[float, int] | None = None  # (posts per second, burst) per token
    violations: int = 0
    accepted: list[tuple[str, str, float]] = field(default_factory=list)
    _last_post: dict[str, float] = field(default_factory=dict)
    _buckets: dict[str, tuple[float, float]] = field(default_factory=dict)  # tokens, when

    def admit(self, token: str, channel: str, now: float) -> int | None:
        """None if the post may go (it is counted), else the Retry-After of its 429."""
        last = self._last_post.get(channel)
        if self.per_channel and last is not None and now - last < 1.0:
            self.violations += 1
            return 1
        wait = self._take_token(token, now)
        if wait is not None:
            self.violations += 1
            return wait
        self._last_post[channel] = now
        self.accepted.append((token, channel, now))
        return None

    def _take_token(self, token: str, now: float) -> int | None:
        if self.workspace_rate is None:
            return None
        rate, burst = self.workspace_rate
        tokens, then = self._buckets.get(token, (float(burst), now))
        tokens = min(float(burst), tokens + (now - then) * rate)
        if tokens < 1.0:
            self._buckets[token] = (tokens, now)
            return max(1, math.ceil((1.0 - tokens) / rate))
        self._buckets[token] = (tokens - 1.0, now)
        return None
