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

- **delivery**: ``deliver_many`` with the exactly-once ledger on one shared SQLite file, in
  ``PROCESSES`` (2) forked processes, as two ``newsbot worker`` processes would share the
  day's slots: each takes every second subscription and runs its deliveries on its default
  driver (one event loop, 256 in flight, ``WORKERS`` x 32 in all), with its own pacer;
- **bare posts**: the same number of messages, of the same sizes, to as many fresh channels
  of as many workspaces, in as many processes, each with the same subscriptions, pacer, driver
  and number in flight, without any database: what posting alone costs on this machine;
- **ceiling**: the least time Slack's limits allow (three seconds: each channel's four messages
  one second apart; a workspace's 32 messages fit in its burst plus 1.2 s).

Both sides fork their processes inside the timing and hand them the same invented newsroom.
It also checks every channel's messages (none lost, none doubled) and that a second run the
same day posts nothing.
"""

from __future__ import annotations

import multiprocessing
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import partial
from pathlib import Path
from typing import Any

from slack_sdk import WebClient
from sqlalchemy import Engine

from bench import results as bench_results
from bot.clock import FrozenClock
from bot.slack.clients import make_web_client, without_rate_limit_retries
from bot.slack.delivery import Deliverer, deliver_many
from bot.slack.delivery_calls import READY, SlackCall, Steps
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
# Delivery processes, as two ``newsbot worker`` processes would share the slots; the bare
# posts run in as many processes, each with the same subscriptions.
PROCESSES = 2
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


def _bare_posts(
    api_url: str, room: FakeNewsroom, subs: list[SubscriptionRow], in_flight: int
) -> None:
    """Post the same messages to fresh channels at the same pace, with no database."""
    pacer = ChannelPacer(1.0, tier=TIER)
    settings = fake_settings(api_url)

    def posts(sub: SubscriptionRow) -> Steps[None]:
        client = without_rate_limit_retries(make_web_client(settings, token=f"xoxb-B{sub.team_id}"))
        digest = room.build(sub, None, NOW)
        channel, team = f"B{sub.channel_id}", f"B{sub.team_id}"
        messages = room.render_digest(digest, f"bare{sub.id}")
        messages += [m for story in digest.stories for m in room.render_quotes(story)]
        root = None
        yield READY  # as a delivery does once its messages are rendered
        for index, message in enumerate(messages):
            yield pacer.reserve(channel, team)
            thread = {"thread_ts": root, "reply_broadcast": False} if root else {}
            meta = metadata(sub.id, SLOT, f"d{index}", f"bare{sub.id}")
            call = {"channel": channel, "metadata": meta, **message, **thread}
            answer = yield SlackCall(client, "chat_postMessage", call)
            pacer.posted(channel)
            root = root or str(answer["ts"])

    run_on_loop([partial(posts, sub) for sub in subs], monotonic=pacer.now, in_flight=in_flight)


# What the forked processes inherit: set by ``_in_processes`` right before it forks them.
_SHARED: dict[str, Any] = {}


def _share(k: int) -> list[SubscriptionRow]:
    """Process ``k``'s subscriptions: every PROCESSES-th, as a shared queue would deal them."""
    subs: list[SubscriptionRow] = _SHARED["subs"]
    return [sub for sub in subs if sub.id % PROCESSES == k]


def _deliver_share(k: int) -> dict[str, int]:
    engine = open_engine(_SHARED["db_url"])
    d = _deliverer(engine, _SHARED["api_url"], _SHARED["room"])
    d.worker = f"bench-worker-{k}"
    outcomes = Counter(r.outcome for r in deliver_many(d, _share(k), workers=WORKERS // PROCESSES))
    engine.dispose()
    return dict(outcomes)


def _bare_share(k: int) -> dict[str, int]:
    _bare_posts(_SHARED["api_url"], _SHARED["room"], _share(k), IN_FLIGHT // PROCESSES)
    return {}


def _in_processes(
    work: Callable[[int], dict[str, int]], **shared: Any
) -> tuple[float, Counter[str]]:
    """Seconds for PROCESSES forked processes to run ``work(k)`` each; their outcomes summed."""
    _SHARED.clear()
    _SHARED.update(shared)
    context = multiprocessing.get_context("fork")
    started = time.perf_counter()
    with ProcessPoolExecutor(PROCESSES, mp_context=context) as pool:
        results = list(pool.map(work, range(PROCESSES)))
    elapsed = time.perf_counter() - started
    _SHARED.clear()
    return elapsed, sum((Counter(r) for r in results), Counter())


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
        db_url = f"sqlite:///{Path(tmp) / 'bench.db'}"
        engine = open_engine(db_url)
        subs = _subscribe(engine, count)
        room = _newsroom(count)
        shared = {"db_url": db_url, "api_url": slack.api_url, "room": room, "subs": subs}
        bare, _ = _in_processes(_bare_share, **shared)
        elapsed, outcomes = _in_processes(_deliver_share, **shared)
        deliverer = _deliverer(engine, slack.api_url, room)
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
        f"digests, {STORIES + 1} messages per channel; {PROCESSES} processes, each one event "
        f"loop with {IN_FLIGHT // PROCESSES} in flight"
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
        f"per workspace; each side in {PROCESSES} processes (one subscription in {PROCESSES} each, "
        f"one event loop, {IN_FLIGHT // PROCESSES} in flight, own pacer); bare posts = the same "
        "messages paced alike without the database",
    )
    for count in sizes:
        run(count)


if __name__ == "__main__":
    main(quick="--quick" in sys.argv)
