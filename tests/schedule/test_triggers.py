"""The cron trigger of a subscription fires at its local time on both sides of a DST change."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from bot.schedule import latest_run, trigger_for
from bot.store.subscriptions import SubscriptionRow


def sub(tz: str, hour: int = 9, minute: int = 0) -> SubscriptionRow:
    return SubscriptionRow(1, "T1", "C1", "energy", hour, minute, tz, "active", None)


def fires(tz: str, start: datetime, count: int) -> list[datetime]:
    trigger = trigger_for(sub(tz))
    times: list[datetime] = []
    previous = None
    now = start
    for _ in range(count):
        nxt = trigger.get_next_fire_time(previous, now)
        assert nxt is not None
        times.append(nxt)
        previous, now = nxt, nxt + timedelta(seconds=1)
    return times


@pytest.mark.parametrize(
    ("tz", "start", "utc_hours"),
    [
        # Berlin leaves summer time on 2026-10-25: 09:00 is 07:00 UTC before, 08:00 after.
        ("Europe/Berlin", datetime(2026, 10, 24, 0, 0, tzinfo=UTC), [7, 8, 8]),
        # New York leaves summer time on 2026-11-01: 09:00 is 13:00 UTC before, 14:00 after.
        ("America/New_York", datetime(2026, 10, 31, 0, 0, tzinfo=UTC), [13, 14, 14]),
        # Berlin enters summer time on 2026-03-29.
        ("Europe/Berlin", datetime(2026, 3, 28, 0, 0, tzinfo=UTC), [8, 7, 7]),
    ],
)
def test_nine_local_on_both_sides_of_a_dst_change(
    tz: str, start: datetime, utc_hours: list[int]
) -> None:
    times = fires(tz, start, 3)
    local = [t.astimezone(ZoneInfo(tz)) for t in times]
    assert [(t.hour, t.minute) for t in local] == [(9, 0)] * 3
    assert [t.astimezone(UTC).hour for t in times] == utc_hours
    days = [(start + timedelta(days=i)).date() for i in range(3)]
    assert [t.date() for t in local] == days


def test_the_latest_run_is_the_last_local_time_at_or_before_now() -> None:
    late = datetime(2026, 11, 28, 23, 30, tzinfo=UTC)  # 08:30 on the 29th in Tokyo
    assert latest_run(sub("Asia/Tokyo"), late).isoformat() == "2026-11-28T09:00:00+09:00"
    assert latest_run(sub("America/New_York"), late).isoformat() == "2026-11-28T09:00:00-05:00"
    at_nine = datetime(2026, 11, 29, 0, 0, tzinfo=UTC)  # 09:00 sharp in Tokyo
    assert latest_run(sub("Asia/Tokyo"), at_nine).isoformat() == "2026-11-29T09:00:00+09:00"


def test_a_run_just_before_midnight_is_still_the_latest_after_it() -> None:
    after_midnight = datetime(2026, 11, 29, 0, 3, tzinfo=UTC)
    run = latest_run(sub("UTC", hour=23, minute=58), after_midnight)
    assert run.isoformat() == "2026-11-28T23:58:00+00:00"
