"""A queued delivery task fills the slot it was queued for, across local midnight too."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import Engine

from bot.clock import FrozenClock
from bot.store.subscriptions import SubscriptionRow, add_subscription
from bot.worker.tasks import Tasks
from fakes.delivery import FakeNewsroom, fake_settings, make_deliverer, utc
from fakes.slack_api import FakeSlackApi

DUE = utc(2026, 11, 28, 22, 58)  # 23:58 in Berlin, two minutes before its midnight


def subscribe(engine: Engine) -> SubscriptionRow:
    with engine.begin() as conn:
        return add_subscription(
            conn, "T1", "C1", "energy", 23, 58, "Europe/Berlin", "U1", DUE - timedelta(days=3)
        )


def tasks_at(engine: Engine, slack: FakeSlackApi, now: datetime) -> Tasks:
    room = FakeNewsroom(per_topic=1, quote_parts=1)
    room.publish("energy", 2)
    settings = fake_settings(slack.api_url)
    clock = FrozenClock(now)
    return Tasks(engine, settings, make_deliverer(engine, settings, room, clock), clock)


def test_a_task_picked_up_after_midnight_fills_the_day_it_was_due(
    sqlite_engine: Engine, slack: FakeSlackApi
) -> None:
    sub = subscribe(sqlite_engine)
    late = tasks_at(sqlite_engine, slack, DUE + timedelta(minutes=5))  # 00:03, the 29th
    assert late.deliver_slot(sub.id, "2026-11-28") == "posted"
    [root] = [m for m in slack.messages("C1") if "thread_ts" not in m]
    assert root["metadata"]["event_payload"]["slot"] == "2026-11-28"


def test_a_task_for_a_slot_whose_next_run_has_come_is_dropped(
    sqlite_engine: Engine, slack: FakeSlackApi
) -> None:
    sub = subscribe(sqlite_engine)
    next_day = tasks_at(sqlite_engine, slack, DUE + timedelta(days=1, minutes=1))
    assert next_day.deliver_slot(sub.id, "2026-11-28").startswith("slot 2026-11-28 has passed")
    assert slack.messages("C1") == []
