"""Delivery benchmark: daily digests to a rate-limited fake Slack, against bare posts and ceiling.

Input, built fresh each run (nothing cached, a real clock for the pace): N subscriptions
(1,000 and 10,000; 50 with ``--quick``), each in its own channel with its own topic and its own
three invented articles, so every digest differs (its stories, sources and digest id); eight
channels per workspace, each workspace with its own token. A digest is one channel message and
three thread replies: four messages per channel. The store is a fresh SQLite file.

The fake Slack runs in its own process, as Slack would, and holds posts to one message per
second per channel and, per workspace, a bucket of 10 a second with bursts of 20, answering
429 with Retry-After beyond either.

Three figures, from the same run:

- **delivery**: ``deliver_many`` with the exactly-once ledger, on its default driver (one
  event loop, ``WORKERS`` x 32 deliveries in flight);
- **bare posts**: the same number of messages, of the same sizes, to as many fresh channels
  of as many workspaces, paced by the same pacer on the same driver with as many in flight,
  without any database: what posting alone costs on this machine;
- **ceiling**: the least time Slack's limits allow (three seconds: each channel's four messages
  one second apart; a workspace's 32 messages fit in its burst plus 1.2 s).

It also checks every channel's messages (none lost, none doubled) and that a second run the
same day posts nothing.
"""

from __future__ import annotations

import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import partial
from pathlib import Path

from slack_sdk import WebClient
from sqlalchemy import Engine

from bench import results as bench_results
from bot.clock import FrozenClock
from bot.slack.clients import make_web_client, without_rate_limit_retries
from bot.slack.delivery import Deliverer, deliver_many
from bot.slack.delivery_calls import SlackCall, Steps
from bot.slack.delivery_loop import run_on_loop
from bot.slack.delivery_pool import IN_FLIGHT_PER_THREAD
from bot.slack.metadata import metadata
from bot.slack.pacing import ChannelPacer, RateTier
from bot.store.db import open_engine
from bot.store.subscriptions import SubscriptionRow, add_subscription
from fakes.delivery import FakeNewsroom, fake_settings, make_deliverer
from fakes.slack_process import SlackProcess

NOW = datetime(2026, 11, 28, 8, 0, tzinfo=UTC)
SLOT = "2026-11-28"
STORIES = 3  # per digest: one channel message + three thread replies
PER_WORKSPACE = 8
TIER = RateTier(per_second=10.0, burst=20)  # the fake's workspace limit, and our pace for it
WORKERS = 16
IN_FLIGHT = WORKERS * IN_FLIGHT_PER_THREAD  # what deliver_many(workers=WORKERS) keeps in flight
SIZES = (1_000, 10_000)
QUICK = 50


def _team(index: int) -> str:
    return f"T{index // PER_WORKSPACE:05d}"


def _subscribe(engine: Engine, count: int) -> list[SubscriptionRow]:
    with engine.begin() as conn:
        return [
            add_subscription(
                conn,
                _team(i),
                f"C{i:05d}",
                f"t{i}",
                9,
                0,
                "Europe/Berlin",
                None,
                NOW - timedelta(1),
            )
            for i in range(count)
        ]


def _newsroom(count: int) -> FakeNewsroom:
    room = FakeNewsroom(per_topic=STORIES, quote_parts=1)
    for i in range(count):
        room.publish(f"t{i}", STORIES)
    return room


def _deliverer(engine: Engine, api_url: str, room: FakeNewsroom) -> Deliverer:
    settings = fake_settings(api_url)
    d = make_deliverer(engine, settings, room, FrozenClock(NOW), interval=1.0, tier=TIER)

    def client_for(team_id: str) -> WebClient:
        return make_web_client(settings, token=f"xoxb-{team_id}")

    d.client_for = client_for
    return d


def _bare_posts(api_url: str, room: FakeNewsroom, subs: list[SubscriptionRow]) -> float:
    """Seconds to post the same messages to fresh channels at the same pace, with no database."""
    pacer = ChannelPacer(1.0, tier=TIER)
    settings = fake_settings(api_url)

    def posts(sub: SubscriptionRow) -> Steps[None]:
        client = without_rate_limit_retries(make_web_client(settings, token=f"xoxb-B{sub.team_id}"))
        digest = room.build(sub, None, NOW)
        channel, team = f"B{sub.channel_id}", f"B{sub.team_id}"
        messages = room.render_digest(digest, f"bare{sub.id}")
        messages += [m for story in digest.stories for m in room.render_quotes(story)]
        root = None
        for index, message in enumerate(messages):
            yield pacer.reserve(channel, team)
            thread = {"thread_ts": root, "reply_broadcast": False} if root else {}
            meta = metadata(sub.id, SLOT, f"d{index}", f"bare{sub.id}")
            call = {"channel": channel, "metadata": meta, **message, **thread}
            answer = yield SlackCall(client, "chat_postMessage", call)
            pacer.posted(channel)
            root = root or str(answer["ts"])

    started = time.perf_counter()
    run_on_loop([partial(posts, sub) for sub in subs], monotonic=pacer.now, in_flight=IN_FLIGHT)
    return time.perf_counter() - started


def _check(slack: SlackProcess, subs: list[SubscriptionRow]) -> tuple[int, int, int]:
    """(messages, channels exactly right, doubled parts) from what the fake Slack holds."""
    expected = ["d0"] + [f"q{i}.0" for i in range(STORIES)]
    held = slack.parts(sub.channel_id for sub in subs)
    total = sum(len(got) for got in held.values())
    doubled = sum(n - 1 for got in held.values() for n in Counter(got).values())
    right = sum(got == expected for got in held.values())
    return total, right, doubled


@dataclass(frozen=True)
class Figures:
    count: int
    seconds: float
    bare: float  # bare posts of the same messages, same run
    messages: int  # what Slack holds
    right: int  # channels holding exactly their digest and replies, in order
    doubled: int
    again: dict[str, int]  # outcomes of a second run the same day
    doubled_after: int
    rate_violations: int  # 429s the fake answered

    @property
    def ceiling(self) -> float:
        """The per-channel floor: four messages one second apart (a workspace's 32 messages
        fit in its burst of 20 plus 1.2 s)."""
        return float(STORIES)


def measure(count: int) -> Figures:
    """Deliver ``count`` fresh subscriptions and time bare posts of the same messages."""
    with (
        tempfile.TemporaryDirectory() as tmp,
        SlackProcess(
            one_message_per_second=True, workspace_rate=(TIER.per_second, TIER.burst)
        ) as slack,
    ):
        engine = open_engine(f"sqlite:///{Path(tmp) / 'bench.db'}")
        subs = _subscribe(engine, count)
        room = _newsroom(count)
        bare = _bare_posts(slack.api_url, room, subs)
        deliverer = _deliverer(engine, slack.api_url, room)
        started = time.perf_counter()
        outcomes = Counter(r.outcome for r in deliver_many(deliverer, subs, workers=WORKERS))
        elapsed = time.perf_counter() - started
        if outcomes != {"posted": count}:
            raise RuntimeError(f"not every digest was posted: {dict(outcomes)}")
        total, right, doubled = _check(slack, subs)
        again = Counter(r.outcome for r in deliver_many(deliverer, subs, workers=WORKERS))
        _, _, doubled_after = _check(slack, subs)
        violations = slack.rate_violations
        engine.dispose()
    return Figures(
        count, elapsed, bare, total, right, doubled, dict(again), doubled_after, violations
    )


def run(count: int, *, record: bool = True) -> Figures:
    f = measure(count)
    messages = count * (STORIES + 1)
    print(
        f"subscriptions {count:,} in {count // PER_WORKSPACE:,} workspaces, distinct "
        f"digests, {STORIES + 1} messages per channel, one event loop, {IN_FLIGHT} in flight"
    )
    print(
        f"  delivery {f.seconds:.1f} s ({f.messages / f.seconds:.0f} messages/s); bare posts "
        f"{f.bare:.1f} s (ratio {f.seconds / f.bare:.2f}x); ceiling {f.ceiling:.1f} s (ratio "
        f"{f.seconds / f.ceiling:.2f}x)"
    )
    print(
        f"  messages {f.messages:,} of {messages:,}; channels exactly right {f.right:,}/"
        f"{count:,}; doubled {f.doubled}; 429s {f.rate_violations}"
    )
    print(f"  second run the same day: {f.again}; doubled after it {f.doubled_after}")
    if record:
        bench_results.record(
            "delivery",
            f"{count:,} subscriptions",
            f"{f.seconds:.1f} s, {f.messages:,}/{messages:,} messages, {f.doubled} doubled",
            f"bare posts {f.bare:.1f} s ({f.seconds / f.bare:.2f}x); ceiling "
            f"{f.ceiling:.0f} s ({f.seconds / f.ceiling:.2f}x)",
        )
    return f


def main(quick: bool = False) -> None:
    sizes = (QUICK,) if quick else SIZES
    bench_results.describe(
        "delivery",
        f"{' and '.join(f'{n:,}' for n in sizes)} subscriptions, one channel and one distinct "
        f"digest each (digest + {STORIES} thread replies), {PER_WORKSPACE} channels per "
        "workspace; fake Slack in its own process at 1 msg/s per channel and 10/s (burst 20) "
        "per workspace; bare posts = the same messages paced alike without the database",
    )
    for count in sizes:
        run(count)


if __name__ == "__main__":
    main(quick="--quick" in sys.argv)
