"""Daily digest delivery: digest + full-quote thread, once per slot, through the ledger."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import Engine

from bot.clock import FrozenClock
from bot.slack.delivery import deliver, slot_for
from bot.slack.pacing import ChannelPacer
from bot.store import ledger
from bot.store.digests import find_by_ts
from bot.store.subscriptions import get_subscription
from fakes.delivery import (
    NOW,
    FakeNewsroom,
    fake_settings,
    make_deliverer,
    parts,
    subscribe,
    utc,
)
from fakes.slack_api import FakeSlackApi


@pytest.fixture
def newsroom() -> FakeNewsroom:
    room = FakeNewsroom(per_topic=2, quote_parts=2)
    room.publish("energy", 2)
    return room


def posts(slack: FakeSlackApi, channel: str = "C1") -> list[dict[str, object]]:
    return [
        c.params
        for c in slack.calls("chat.postMessage")
        if c.answered == 200 and c.params.get("channel") == channel
    ]


def test_digest_then_full_quotes_in_its_thread(
    sqlite_engine: Engine, slack: FakeSlackApi, newsroom: FakeNewsroom
) -> None:
    sub = subscribe(sqlite_engine)
    d = make_deliverer(sqlite_engine, fake_settings(slack.api_url), newsroom, FrozenClock(NOW))
    result = deliver(d, sub)
    assert result.outcome == "posted" and result.posts == 5
    sent = posts(slack)
    root = sent[0]
    assert "thread_ts" not in root and root["metadata"]["event_type"] == "newsbot_digest"
    assert root["metadata"]["event_payload"]["slot"] == "2026-11-28"
    replies = sent[1:]
    assert {r["thread_ts"] for r in replies} == {result.message_ts}
    assert all(r["reply_broadcast"] is False for r in replies)
    assert parts(slack) == ["d0", "q0.0", "q0.1", "q1.0", "q1.1"]
    with sqlite_engine.connect() as conn:
        row = ledger.get_delivery(conn, sub.id, "2026-11-28")
        saved = find_by_ts(conn, "C1", str(result.message_ts))
    assert row is not None and row.status == "posted" and row.message_ts == result.message_ts
    assert saved is not None and saved.visibility == "channel" and saved.delivery_id == row.id
    assert len(saved.digest.stories) == 2


def test_second_run_the_same_day_posts_nothing(
    sqlite_engine: Engine, slack: FakeSlackApi, newsroom: FakeNewsroom
) -> None:
    sub = subscribe(sqlite_engine)
    clock = FrozenClock(NOW)
    d = make_deliverer(sqlite_engine, fake_settings(slack.api_url), newsroom, clock)
    deliver(d, sub)
    newsroom.publish("energy", 3)
    clock.advance(hours=6)
    again = deliver(d, sub)
    assert again.outcome == "skipped"
    assert len(posts(slack)) == 5


def test_next_day_sends_only_new_stories(
    sqlite_engine: Engine, slack: FakeSlackApi, newsroom: FakeNewsroom
) -> None:
    sub = subscribe(sqlite_engine)
    clock = FrozenClock(NOW)
    d = make_deliverer(sqlite_engine, fake_settings(slack.api_url), newsroom, clock)
    deliver(d, sub)
    newsroom.publish("energy", 1)
    clock.advance(days=1)
    nxt = deliver(d, sub)
    assert nxt.outcome == "posted" and nxt.slot == "2026-11-29"
    with sqlite_engine.connect() as conn:
        saved = find_by_ts(conn, "C1", str(nxt.message_ts))
    assert saved is not None and [s.article_ids for s in saved.digest.stories] == [(3,)]


def test_quiet_day_posts_nothing_and_marks_the_slot_empty(
    sqlite_engine: Engine, slack: FakeSlackApi
) -> None:
    sub = subscribe(sqlite_engine, topic="fisheries")
    d = make_deliverer(
        sqlite_engine, fake_settings(slack.api_url), FakeNewsroom(), FrozenClock(NOW)
    )
    assert deliver(d, sub).outcome == "empty"
    assert deliver(d, sub).outcome == "skipped"
    assert posts(slack) == []
    with sqlite_engine.connect() as conn:
        row = ledger.get_delivery(conn, sub.id, "2026-11-28")
    assert row is not None and row.status == "empty"


def test_quiet_day_note_when_empty_digests_are_wanted(
    sqlite_engine: Engine, slack: FakeSlackApi
) -> None:
    sub = subscribe(sqlite_engine, topic="fisheries")
    settings = fake_settings(slack.api_url, post_empty_digests=True)
    d = make_deliverer(sqlite_engine, settings, FakeNewsroom(), FrozenClock(NOW))
    result = deliver(d, sub)
    assert result.outcome == "empty" and result.message_ts is not None
    assert [p["text"] for p in posts(slack)] == ["Nothing new on Fisheries today."]


def test_slot_is_the_local_date_of_the_run_it_serves() -> None:
    late = utc(2026, 11, 28, 23, 30)  # 00:30 on the 29th in Berlin, 18:30 on the 28th in New York
    assert slot_for("Europe/Berlin", 0, 15, late) == "2026-11-29"
    assert slot_for("America/New_York", 9, 0, late) == "2026-11-28"
    # A run due at 23:58 that starts after midnight still fills the day it was due.
    assert slot_for("Europe/Berlin", 23, 58, late) == "2026-11-28"


def test_saved_digest_json_is_the_posted_digest(
    sqlite_engine: Engine, slack: FakeSlackApi, newsroom: FakeNewsroom
) -> None:
    sub = subscribe(sqlite_engine)
    d = make_deliverer(sqlite_engine, fake_settings(slack.api_url), newsroom, FrozenClock(NOW))
    result = deliver(d, sub)
    root = posts(slack)[0]
    digest_id = root["metadata"]["event_payload"]["digest_id"]
    assert digest_id in str(root["text"])
    with sqlite_engine.connect() as conn:
        saved = find_by_ts(conn, "C1", str(result.message_ts))
        current = get_subscription(conn, "T1", "C1", "energy")
    assert saved is not None and saved.id == digest_id
    assert current is not None and current.status == "active"
    json.dumps(root["metadata"])  # what Slack gets must be plain JSON


def test_pacer_spaces_posts_to_one_channel_only() -> None:
    now = [0.0]
    slept: list[float] = []

    def sleep(seconds: float) -> None:
        slept.append(round(seconds, 3))
        now[0] += seconds

    pacer = ChannelPacer(1.0, monotonic=lambda: now[0], sleep=sleep)
    pacer.wait("C1")
    pacer.wait("C2")
    now[0] += 0.25
    pacer.posted("C1")  # Slack answered at 0.25 s: the next post may go at 1.25 s
    pacer.wait("C1")
    assert slept == [1.0]
    assert now[0] == 1.25
