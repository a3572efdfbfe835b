"""Turns for posts: per channel, per workspace tier, and a 429's back-off for its workspace."""

from __future__ import annotations

from bot.slack.pacing import ChannelPacer, RateTier


def pacer(tier: RateTier | None) -> tuple[ChannelPacer, list[float]]:
    now = [0.0]
    return ChannelPacer(1.0, monotonic=lambda: now[0], tier=tier), now


def test_a_workspace_tier_spaces_posts_to_different_channels_of_one_workspace() -> None:
    p, _ = pacer(RateTier(per_second=2.0, burst=2))
    turns = [p.reserve(f"C{i}", "T1") for i in range(4)]
    assert turns == [0.0, 0.0, 0.5, 1.0]  # a burst of two, then one every half second
    assert p.reserve("C9", "T2") == 0.0  # another workspace has its own allowance
    assert p.reserve("C0", "T2") == 1.0  # C0 posted at 0.0: its next second, whatever the team


def test_a_429_holds_back_its_workspace_and_channel_only() -> None:
    p, now = pacer(None)
    p.rate_limited("C1", "T1", 5.0)
    assert p.held("T1") and not p.held("T2")
    assert p.reserve("C2", "T1") == 5.0
    assert p.reserve("C3", "T2") == 0.0
    now[0] = 5.0
    assert not p.held("T1")
    assert p.reserve("C1", "T1") == 5.0
