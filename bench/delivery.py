"""Delivery benchmark: 1,000 subscriptions' daily digests and threads to a rate-limited fake Slack.

The fake Slack allows one message per second per channel (a faster post gets 429), and every
subscription has its own channel, so the floor is per channel: a digest plus N thread replies
needs N seconds. The figure is the total wall time against that ceiling, plus counts that prove
no message was lost or doubled, and that a second run the same day posts nothing.
"""

from __future__ import annotations

import sys
import tempfile
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta
from pathlib import Path

from bench import results as bench_results
from bot.clock import FrozenClock
from bot.slack.clients import make_web_client
from bot.slack.delivery import deliver_many
from bot.slack.pacing import ChannelPacer
from bot.store.db import open_engine
from bot.store.subscriptions import SubscriptionRow, add_subscription

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # the fakes live with the tests

from tests.fakes.delivery import FakeNewsroom, fake_settings, make_deliverer  # noqa: E402
from tests.fakes.slack_api import FakeSlackApi  # noqa: E402

NOW = datetime(2026, 11, 28, 8, 0, tzinfo=UTC)
STORIES = 3  # per digest: one channel message + three thread replies
# Slack allows about one message per second per channel; the pacer counts from each answer.
PACING = 1.0


def _subscribe(engine: object, count: int) -> list[SubscriptionRow]:
    with engine.begin() as conn:  # type: ignore[attr-defined]
        return [
            add_subscription(
                conn,
                "T1",
                f"C{i:05d}",
                "energy",
                9,
                0,
                "Europe/Berlin",
                None,
                NOW - timedelta(days=1),
            )
            for i in range(count)
        ]


def _check(slack: FakeSlackApi, subs: list[SubscriptionRow]) -> tuple[int, int, int]:
    """(messages, channels exactly right, doubled parts) from what the fake Slack holds."""
    expected = ["d0"] + [f"q{i}.0" for i in range(STORIES)]
    right = doubled = total = 0
    for sub in subs:
        got = [m["metadata"]["event_payload"]["part"] for m in slack.messages(sub.channel_id)]
        total += len(got)
        doubled += sum(n - 1 for n in Counter(got).values())
        right += got == expected
    return total, right, doubled


def _raw_floor(slack: FakeSlackApi, messages: int, workers: int) -> float:
    """Seconds the fake Slack needs for ``messages`` bare posts (one per channel) on this host."""
    client = make_web_client(fake_settings(slack.api_url))

    def post(i: int) -> None:
        client.chat_postMessage(channel=f"RAW{i:05d}", text="x")

    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=workers) as pool:
        list(pool.map(post, range(messages)))
    return time.perf_counter() - started


def run(count: int, workers: int) -> None:
    with tempfile.TemporaryDirectory() as tmp, FakeSlackApi(one_message_per_second=True) as slack:
        engine = open_engine(f"sqlite:///{Path(tmp) / 'bench.db'}")
        subs = _subscribe(engine, count)
        room = FakeNewsroom(per_topic=STORIES, quote_parts=1)
        room.publish("energy", STORIES)
        deliverer = make_deliverer(engine, fake_settings(slack.api_url), room, FrozenClock(NOW))
        deliverer.pacer = ChannelPacer(PACING)
        floor = _raw_floor(slack, count * (STORIES + 1), workers)
        started = time.perf_counter()
        outcomes_list = deliver_many(deliverer, subs, now=NOW, workers=workers)
        elapsed = time.perf_counter() - started
        ceiling = STORIES * 1.0
        outcomes = Counter(r.outcome for r in outcomes_list)
        total, right, doubled = _check(slack, subs)
        again = Counter(r.outcome for r in deliver_many(deliverer, subs, now=NOW, workers=64))
        _, _, doubled_after = _check(slack, subs)
        print(f"subscriptions {count}, workers {workers}, {STORIES + 1} messages per channel")
        bound = max(ceiling, floor)
        print(
            f"  time {elapsed:.1f} s; per-channel ceiling {ceiling:.1f} s (ratio "
            f"{elapsed / ceiling:.2f}x); bare posts alone take {floor:.1f} s here (ratio to "
            f"max of both {elapsed / bound:.2f}x); {total / elapsed:.0f} messages/s"
        )
        print(
            f"  outcomes {dict(outcomes)}; messages {total} of {count * (STORIES + 1)}; "
            f"channels exactly right {right}/{count}; doubled {doubled}; "
            f"429s {slack.rate_violations}"
        )
        print(f"  second run the same day: {dict(again)}; doubled after it {doubled_after}")
        bench_results.describe(
            "delivery",
            f"{count:,} subscriptions, digest + {STORIES} thread replies each, "
            "fake Slack at 1 msg/s per channel",
        )
        bench_results.record(
            "delivery",
            f"{count:,} subscriptions",
            f"{elapsed:.1f} s, {total:,} messages, {doubled} doubled",
            f"ceiling {ceiling:.1f} s ({elapsed / ceiling:.2f}x); bare posts {floor:.1f} s",
        )
        engine.dispose()


def main(quick: bool = False) -> None:
    if quick:
        run(50, workers=50)
    else:
        run(1000, workers=1000)


if __name__ == "__main__":
    main(quick="--quick" in sys.argv)
