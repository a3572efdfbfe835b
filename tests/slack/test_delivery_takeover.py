"""An owner slower than the stale limit: the claim is taken over, and the channel still gets one
digest and one thread. Time is the injected clock; nobody sleeps for minutes.

Each test plays two scheduler processes (two deliverers, workers A and B) over one database, on
SQLite and PostgreSQL. A's heartbeat is switched off where the test needs the takeover to
happen: that stands for a heartbeat thread that could not run (a stopped process, or another
thread holding the GIL).
"""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Callable
from datetime import datetime, timedelta

import pytest
from sqlalchemy import Engine, func, select

from bot.clock import FrozenClock
from bot.errors import ConfigError
from bot.model import Digest
from bot.slack.delivery import Deliverer, Result, Subscription, deliver
from bot.store import ledger
from bot.store.schema import digest_messages
from bot.store.subscriptions import SubscriptionRow
from fakes.delivery import NOW, FakeNewsroom, fake_settings, make_deliverer, parts, subscribe
from fakes.slack_api import FakeSlackApi

SLOT = "2026-11-28"
ONE_DIGEST = ["d0", "q0.0", "q1.0"]


@pytest.fixture
def newsroom() -> FakeNewsroom:
    room = FakeNewsroom(per_topic=2, quote_parts=1)
    room.publish("energy", 2)
    return room


@dataclasses.dataclass
class Pair:
    """Two workers over one database and one fake Slack, sharing one clock."""

    engine: Engine
    clock: FrozenClock
    a: Deliverer
    b: Deliverer
    sub: SubscriptionRow
    b_results: list[Result] = dataclasses.field(default_factory=list)

    def b_delivers(self) -> None:
        self.b_results.append(deliver(self.b, self.sub))


@pytest.fixture
def pair(engine: Engine, slack: FakeSlackApi, newsroom: FakeNewsroom) -> Pair:
    clock = FrozenClock(NOW)
    settings = fake_settings(slack.api_url)
    a = make_deliverer(engine, settings, newsroom, clock, worker="A")
    b = make_deliverer(engine, settings, newsroom, clock, worker="B")
    return Pair(engine, clock, a, b, subscribe(engine))


Build = Callable[[Subscription, datetime | None, datetime], Digest]


def slow_build(build: Build, meanwhile: Callable[[], None]) -> Build:
    """``build``, but while its first call 'runs' ``meanwhile`` happens (the clock moves, B
    acts); later calls (a takeover's own build) are quick."""
    calls = 0

    def slow(sub: Subscription, since: datetime | None, now: datetime) -> Digest:
        nonlocal calls
        digest = build(sub, since, now)
        calls += 1
        if calls == 1:
            meanwhile()
        return digest

    return slow


def stall_at_wait(d: Deliverer, call: int, meanwhile: Callable[[], None]) -> None:
    """Worker ``d`` stalls right before its ``call``-th post, while ``meanwhile`` happens."""
    calls = 0
    wait = d.pacer.sleep_until

    def stalling(turn: float) -> None:
        nonlocal calls
        calls += 1
        if calls == call:
            meanwhile()
        wait(turn)

    d.pacer.sleep_until = stalling  # type: ignore[method-assign]


def stale_then_b(pair: Pair) -> Callable[[], None]:
    def meanwhile() -> None:
        pair.clock.advance(minutes=11)  # past the 10-minute stale limit
        pair.b_delivers()

    return meanwhile


def row(pair: Pair) -> ledger.Delivery:
    with pair.engine.connect() as conn:
        found = ledger.get_delivery(conn, pair.sub.id, SLOT)
    assert found is not None
    return found


def saved_digests(pair: Pair) -> int:
    with pair.engine.connect() as conn:
        query = select(func.count()).select_from(digest_messages)
        return int(conn.execute(query.where(digest_messages.c.delivery_id.is_not(None))).scalar())


def test_an_owner_slower_than_the_stale_limit_posts_nothing_after_the_takeover(
    pair: Pair, slack: FakeSlackApi, newsroom: FakeNewsroom
) -> None:
    pair.a.heartbeat_every = None
    pair.a.pipeline = dataclasses.replace(
        pair.a.pipeline, build=slow_build(newsroom.build, stale_then_b(pair))
    )
    result = deliver(pair.a, pair.sub)
    assert parts(slack) == ONE_DIGEST
    assert [r.outcome for r in pair.b_results] == ["posted"]
    assert result.outcome == "lost" and result.posts == 0
    assert saved_digests(pair) == 1  # A's late digest was never saved next to B's
    done = row(pair)
    assert done.status == "posted" and done.generation == 2 and done.claimed_by == "B"
    assert done.message_ts == pair.b_results[0].message_ts


def test_the_takeover_posts_the_digest_the_slow_owner_saved(
    pair: Pair, slack: FakeSlackApi, newsroom: FakeNewsroom
) -> None:
    pair.a.heartbeat_every = None
    stall_at_wait(pair.a, 1, stale_then_b(pair))  # saved, then stalled before its first post
    result = deliver(pair.a, pair.sub)
    assert parts(slack) == ONE_DIGEST
    assert result.outcome == "lost"
    assert [r.outcome for r in pair.b_results] == ["posted"]
    assert newsroom.builds == 1 and saved_digests(pair) == 1  # B re-sent A's digest
    with pair.engine.connect() as conn:
        saved = conn.execute(select(digest_messages.c.id)).scalar()
    digest_ids = {m["metadata"]["event_payload"]["digest_id"] for m in slack.messages("C1")}
    assert digest_ids == {saved}


def test_an_owner_stalled_inside_its_thread_posts_no_more_replies(
    pair: Pair, slack: FakeSlackApi
) -> None:
    pair.a.heartbeat_every = None
    stall_at_wait(pair.a, 2, stale_then_b(pair))  # the digest is out, the thread is not
    result = deliver(pair.a, pair.sub)
    assert parts(slack) == ONE_DIGEST
    assert result.outcome == "lost"
    assert [(r.outcome, r.posts) for r in pair.b_results] == [("posted", 2)]
    replies = [m for m in slack.messages("C1") if "thread_ts" in m]
    assert {m["thread_ts"] for m in replies} == {pair.b_results[0].message_ts}


def test_a_live_owner_keeps_its_claim_with_heartbeats(
    pair: Pair, slack: FakeSlackApi, newsroom: FakeNewsroom
) -> None:
    pair.a.heartbeat_every = timedelta(milliseconds=20)  # real time; the clock is injected

    def slow_but_alive() -> None:
        pair.clock.advance(minutes=6)
        wait_for_heartbeat(pair, pair.clock())
        pair.clock.advance(minutes=6)  # 12 minutes since the claim, 6 since the last beat
        pair.b_delivers()

    pair.a.pipeline = dataclasses.replace(
        pair.a.pipeline, build=slow_build(newsroom.build, slow_but_alive)
    )
    result = deliver(pair.a, pair.sub)
    assert parts(slack) == ONE_DIGEST
    assert [r.outcome for r in pair.b_results] == ["skipped"]
    assert result.outcome == "posted"
    assert row(pair).generation == 1 and row(pair).claimed_by == "A"


def wait_for_heartbeat(pair: Pair, at: datetime) -> None:
    """Until A's heartbeat thread has recorded a beat at ``at`` (at most 10 s real time; what
    happens without one, the test's assertions show)."""
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        beat = getattr(row(pair), "heartbeat_at", None)  # None where no heartbeat exists
        if beat is not None and beat >= at:
            return
        time.sleep(0.01)


def test_a_catch_up_in_the_same_process_never_takes_over_its_own_slow_delivery(
    pair: Pair, slack: FakeSlackApi, newsroom: FakeNewsroom
) -> None:
    pair.a.heartbeat_every = None  # even with no heartbeat at all
    again: list[Result] = []

    def catch_up() -> None:
        pair.clock.advance(minutes=11)
        again.append(deliver(pair.a, pair.sub))  # the same deliverer, e.g. the sync job

    slow = slow_build(newsroom.build, catch_up)
    pair.a.pipeline = dataclasses.replace(pair.a.pipeline, build=slow)
    result = deliver(pair.a, pair.sub)
    assert parts(slack) == ONE_DIGEST
    assert [r.outcome for r in again] == ["skipped"] and result.outcome == "posted"


def test_a_taken_over_owner_writes_nothing_to_the_ledger(engine: Engine) -> None:
    sub = subscribe(engine)
    later = NOW + timedelta(minutes=11)
    with engine.begin() as conn:
        old = ledger.claim(conn, sub.id, SLOT, NOW, "A")
        new = ledger.claim(conn, sub.id, SLOT, later, "B")
        assert old is not None and new is not None and new.generation == old.generation + 1
        assert ledger.record_post(conn, new, "d0", "1.1", later, root=True)
        assert ledger.mark_posted(conn, new, "1.1", later)
    with engine.begin() as conn:
        assert not ledger.heartbeat(conn, old, later)
        assert not ledger.record_post(conn, old, "d0", "2.2", later, root=True)
        assert not ledger.mark_failed(conn, old, "too slow", later)
        assert not ledger.mark_posted(conn, old, "2.2", later)
        with pytest.raises(ledger.ClaimLost):
            ledger.check_before_post(conn, old, "q0.0", later)
        done = ledger.get_delivery(conn, sub.id, SLOT)
        recorded = ledger.posted_parts(conn, new.delivery_id)
    assert done is not None and done.status == "posted" and done.message_ts == "1.1"
    assert recorded == {"d0": "1.1"}  # the first record of a part stands


def test_a_fresh_heartbeat_beats_a_takeover(engine: Engine) -> None:
    sub = subscribe(engine)
    with engine.begin() as conn:
        owner = ledger.claim(conn, sub.id, SLOT, NOW, "A")
        assert owner is not None
        assert ledger.heartbeat(conn, owner, NOW + timedelta(minutes=9))
    with engine.begin() as conn:
        early = ledger.claim(conn, sub.id, SLOT, NOW + timedelta(minutes=15), "B")
        late = ledger.claim(conn, sub.id, SLOT, NOW + timedelta(minutes=19), "B")
    assert early is None  # 15 minutes after the claim, but only 6 after the last beat
    assert late is not None and late.retaken and late.generation == 2


def test_a_heartbeat_too_slow_for_the_stale_limit_is_refused(pair: Pair) -> None:
    with pytest.raises(ConfigError, match="too slow"):
        dataclasses.replace(pair.a, heartbeat_every=timedelta(minutes=6))


def test_even_a_takeover_by_a_clock_running_ahead_stops_the_owner(
    pair: Pair, slack: FakeSlackApi, newsroom: FakeNewsroom
) -> None:
    """A's own clock says its claim is fresh (so its check before a post only reads), but B's
    clock runs 11 minutes ahead and B took the slot: the read still finds the generation gone."""
    pair.a.heartbeat_every = None
    ahead = FrozenClock(NOW + timedelta(minutes=11))
    pair.b = make_deliverer(pair.engine, pair.a.settings, newsroom, ahead, worker="B", interval=0.0)
    stall_at_wait(pair.a, 2, pair.b_delivers)
    result = deliver(pair.a, pair.sub)
    assert parts(slack) == ONE_DIGEST
    assert result.outcome == "lost"
    assert [r.outcome for r in pair.b_results] == ["posted"]
