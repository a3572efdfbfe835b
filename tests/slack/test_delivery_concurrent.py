"""Many deliveries at once: each digest exactly once, at Slack's pace per channel and workspace."""

from __future__ import annotations

import dataclasses
from collections import defaultdict
from collections.abc import Iterator
from itertools import pairwise

import pytest
from slack_sdk import WebClient
from sqlalchemy import Connection, Engine

from bot.clock import FrozenClock
from bot.slack.clients import make_web_client
from bot.slack.delivery import Deliverer, Driver, deliver_many
from bot.slack.pacing import RateTier
from bot.store.subscriptions import SubscriptionRow
from fakes.delivery import NOW, FakeNewsroom, fake_settings, make_deliverer, parts, subscribe
from fakes.slack_api import FakeSlackApi

EXPECTED = ["d0", "q0.0", "q1.0"]  # two stories: the digest and one reply per story


class Crash(BaseException):
    """A worker process dying mid-delivery (not an Exception: nothing may catch it)."""


@pytest.fixture(params=["loop", "threads"])
def driver(request: pytest.FixtureRequest) -> Driver:
    """Both ways ``deliver_many`` runs deliveries: one event loop, or a pool of threads."""
    value: Driver = request.param
    return value


@pytest.fixture
def paced_slack() -> Iterator[FakeSlackApi]:
    with FakeSlackApi(one_message_per_second=True, workspace_rate=(20.0, 20)) as slack:
        yield slack


@pytest.fixture
def newsroom() -> FakeNewsroom:
    room = FakeNewsroom(per_topic=2, quote_parts=1)
    for topic in ("energy", "rail"):
        room.publish(topic, 2)
    return room


def paced_deliverer(
    engine: Engine, slack: FakeSlackApi, room: FakeNewsroom, clock: FrozenClock, worker: str
) -> Deliverer:
    """A deliverer at Slack's pace, with one token per workspace (the fake tells them apart)."""
    settings = fake_settings(slack.api_url)
    d = make_deliverer(
        engine, settings, room, clock, worker=worker, interval=1.0, tier=RateTier(20.0, 20)
    )

    def client_for(team_id: str) -> WebClient:
        return make_web_client(settings, token=f"xoxb-{team_id}")

    d.client_for = client_for
    return d


def subscribe_all(engine: Engine, teams: int, channels: int) -> list[SubscriptionRow]:
    return [
        subscribe(engine, f"C{t}x{c}", ("energy", "rail")[c % 2], f"T{t}")
        for t in range(teams)
        for c in range(channels)
    ]


def accepted_by_channel(slack: FakeSlackApi) -> dict[str, list[float]]:
    times: dict[str, list[float]] = defaultdict(list)
    for _, channel, at in slack.posts_accepted():
        times[channel].append(at)
    return times


def test_concurrent_delivery_posts_each_digest_once_at_one_message_a_second_per_channel(
    engine: Engine, paced_slack: FakeSlackApi, newsroom: FakeNewsroom, driver: Driver
) -> None:
    subs = subscribe_all(engine, teams=3, channels=4)
    d = paced_deliverer(engine, paced_slack, newsroom, FrozenClock(NOW), "w1")
    results = deliver_many(d, subs, workers=4, driver=driver)
    assert [r.outcome for r in results] == ["posted"] * len(subs)
    for sub in subs:
        assert parts(paced_slack, sub.channel_id) == EXPECTED
    times = accepted_by_channel(paced_slack)
    for channel, arrivals in times.items():
        gaps = [b - a for a, b in pairwise(arrivals)]
        assert all(gap >= 1.0 for gap in gaps), (channel, gaps)
    assert paced_slack.rate_violations == 0
    # Concurrent, not one channel after another: every channel had its digest before any
    # channel had its last reply (four threads for twelve channels).
    assert max(t[0] for t in times.values()) < min(t[-1] for t in times.values())
    again = deliver_many(d, subs, workers=4, driver=driver)
    assert {r.outcome for r in again} == {"skipped"}
    assert len(paced_slack.posts_accepted()) == len(subs) * len(EXPECTED)


def test_a_429_holds_back_only_its_own_workspace(
    sqlite_engine: Engine, paced_slack: FakeSlackApi, newsroom: FakeNewsroom, driver: Driver
) -> None:
    subs = subscribe_all(sqlite_engine, teams=2, channels=2)
    paced_slack.fail("chat.postMessage", channel="C0x0", status=429, retry_after=2)
    d = paced_deliverer(sqlite_engine, paced_slack, newsroom, FrozenClock(NOW), "w1")
    results = deliver_many(d, subs, workers=4, driver=driver)
    assert [r.outcome for r in results] == ["posted"] * len(subs)
    for sub in subs:
        assert parts(paced_slack, sub.channel_id) == EXPECTED
    limited = [c.time for c in paced_slack.calls("chat.postMessage") if c.answered == 429]
    assert len(limited) == 1
    # Retry-After 2: after the answer reached us (a post already on its way may land), T0
    # waits the rest of the two seconds while T1 keeps posting.
    start, end = limited[0] + 0.3, limited[0] + 1.9
    during = [(token, at) for token, _, at in paced_slack.posts_accepted()]
    assert {token for token, at in during if start < at < end} == {"xoxb-T1"}


def test_a_crash_amid_many_deliveries_then_a_takeover_never_doubles_a_post(
    engine: Engine, paced_slack: FakeSlackApi, newsroom: FakeNewsroom, driver: Driver
) -> None:
    subs = subscribe_all(engine, teams=2, channels=3)
    clock = FrozenClock(NOW)
    dying = paced_deliverer(engine, paced_slack, newsroom, clock, "dying")
    doomed = {subs[1].channel_id, subs[4].channel_id}
    mark_sent = dying.pipeline.mark_sent

    def crash_for_some(conn: Connection, team: str, channel: str, *args: object) -> object:
        if channel in doomed:  # the digest is in Slack and recorded; the thread is not
            raise Crash
        return mark_sent(conn, team, channel, *args)  # type: ignore[arg-type]

    dying.pipeline = dataclasses.replace(dying.pipeline, mark_sent=crash_for_some)
    with pytest.raises(Crash):
        deliver_many(dying, subs, workers=3, driver=driver)
    assert {
        sub.channel_id: parts(paced_slack, sub.channel_id)
        for sub in subs
        if sub.channel_id in doomed
    } == {channel: ["d0"] for channel in doomed}
    clock.advance(minutes=11)  # past the stale limit: the dead worker's claims may be taken
    survivor = paced_deliverer(engine, paced_slack, newsroom, clock, "survivor")
    outcomes = {
        r.channel_id: r.outcome for r in deliver_many(survivor, subs, workers=3, driver=driver)
    }
    assert outcomes == {
        sub.channel_id: "posted" if sub.channel_id in doomed else "skipped" for sub in subs
    }
    for sub in subs:
        assert parts(paced_slack, sub.channel_id) == EXPECTED
    assert paced_slack.rate_violations == 0
