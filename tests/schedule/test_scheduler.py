"""Scheduler wiring: jobs follow the subscriptions table, catch-up, exactly-once across restarts.

No test waits for a clock: job bodies are called with an explicit ``now``.
"""

from __future__ import annotations

import dataclasses
import threading
from collections.abc import Iterator
from datetime import datetime, timedelta

import pytest
from sqlalchemy import Engine, inspect

from bot.clock import FrozenClock
from bot.model import Digest
from bot.schedule import (
    Runtime,
    ScheduleOptions,
    create_scheduler,
    digest_job,
    forget_scheduler,
    poll_job,
    prune_job,
    runtime_of,
    sync,
)
from bot.slack.delivery import Subscription
from bot.store.digests import save_digest_message
from bot.store.subscriptions import (
    SubscriptionRow,
    add_subscription,
    remove_subscription,
    set_status,
)
from fakes.delivery import FakeNewsroom, fake_settings, make_deliverer, utc
from fakes.slack_api import FakeSlackApi

MORNING = utc(2026, 11, 28, 8, 0)  # 09:00 Berlin


@pytest.fixture
def newsroom() -> FakeNewsroom:
    room = FakeNewsroom(per_topic=1, quote_parts=1)
    room.publish("energy", 3)
    return room


@pytest.fixture
def names() -> Iterator[list[str]]:
    made: list[str] = []
    yield made
    for name in made:
        forget_scheduler(name)


def subscribe(
    engine: Engine, channel: str = "C1", *, hour: int = 9, created: datetime | None = None
) -> SubscriptionRow:
    with engine.begin() as conn:
        return add_subscription(
            conn,
            "T1",
            channel,
            "energy",
            hour,
            0,
            "Europe/Berlin",
            "U1",
            created or MORNING - timedelta(days=3),
        )


def scheduler_for(
    engine: Engine,
    slack: FakeSlackApi,
    room: FakeNewsroom,
    names: list[str],
    name: str,
    clock: FrozenClock,
):
    settings = fake_settings(slack.api_url)
    deliverer = make_deliverer(engine, settings, room, clock, worker=name)
    polled: list[datetime] = []
    scheduler = create_scheduler(
        settings,
        engine,
        background=True,
        clock=clock,
        name=name,
        deliverer=deliverer,
        poll=polled.append,
        options=ScheduleOptions(workers=4),
    )
    names.append(name)
    return scheduler, runtime_of(name)


def roots(slack: FakeSlackApi, channel: str) -> list[str]:
    return [
        m["metadata"]["event_payload"]["slot"]
        for m in slack.messages(channel)
        if "thread_ts" not in m
    ]


def test_one_cron_job_per_active_subscription(
    sqlite_engine: Engine, slack: FakeSlackApi, newsroom: FakeNewsroom, names: list[str]
) -> None:
    clock = FrozenClock(MORNING - timedelta(hours=3))
    scheduler, runtime = scheduler_for(sqlite_engine, slack, newsroom, names, "t_jobs", clock)
    a, b = subscribe(sqlite_engine, "C1"), subscribe(sqlite_engine, "C2", hour=18)
    report = sync(runtime, clock())
    assert sorted(report.added) == [a.id, b.id] and report.delivered == ()
    job = scheduler.get_job(f"digest:{a.id}")
    assert job is not None
    assert str(job.trigger.timezone) == "Europe/Berlin"
    assert job.coalesce and job.max_instances == 1 and job.misfire_grace_time == 900
    assert {j.id for j in scheduler.get_jobs()} >= {"sync", "poll"}

    with sqlite_engine.begin() as conn:  # the web process edits subscriptions
        subscribe(sqlite_engine, "C2", hour=7)
        set_status(conn, a.id, "paused", "not_in_channel")
    again = sync(runtime, clock())
    assert again.removed == (a.id,) and again.added == (b.id,)
    moved = scheduler.get_job(f"digest:{b.id}")
    assert moved is not None and "07:00" in moved.name
    assert sync(runtime, clock()).added == ()


def test_a_missed_run_is_caught_up_once_later_that_day(
    sqlite_engine: Engine, slack: FakeSlackApi, newsroom: FakeNewsroom, names: list[str]
) -> None:
    subscribe(sqlite_engine, "C1")
    late = FrozenClock(MORNING + timedelta(hours=6))  # no scheduler ran at 09:00
    _, runtime = scheduler_for(sqlite_engine, slack, newsroom, names, "t_late", late)
    first = sync(runtime, late())
    assert [r.outcome for r in first.delivered] == ["posted"]
    late.advance(minutes=1)
    assert sync(runtime, late()).delivered == ()
    assert roots(slack, "C1") == ["2026-11-28"]


def test_a_run_missed_just_before_midnight_is_caught_up_after_it(
    sqlite_engine: Engine, slack: FakeSlackApi, newsroom: FakeNewsroom, names: list[str]
) -> None:
    subscribe(sqlite_engine, "C1", hour=23)  # 23:00 Berlin; no scheduler ran then
    after = FrozenClock(utc(2026, 11, 28, 23, 10))  # 00:10 on the 29th in Berlin
    _, runtime = scheduler_for(sqlite_engine, slack, newsroom, names, "t_midnight", after)
    assert [r.outcome for r in sync(runtime, after()).delivered] == ["posted"]
    assert roots(slack, "C1") == ["2026-11-28"]


def test_catch_up_reaches_a_few_hours_past_midnight_not_into_the_next_morning(
    sqlite_engine: Engine, slack: FakeSlackApi, newsroom: FakeNewsroom, names: list[str]
) -> None:
    subscribe(sqlite_engine, "C1", hour=23)
    morning = FrozenClock(utc(2026, 11, 29, 5, 30))  # 06:30 Berlin, 7.5 hours after the run
    _, runtime = scheduler_for(sqlite_engine, slack, newsroom, names, "t_reach", morning)
    assert sync(runtime, morning()).delivered == ()
    assert roots(slack, "C1") == []


def test_a_new_subscription_waits_for_its_first_time(
    sqlite_engine: Engine, slack: FakeSlackApi, newsroom: FakeNewsroom, names: list[str]
) -> None:
    clock = FrozenClock(MORNING + timedelta(hours=3))
    sub = subscribe(sqlite_engine, "C1", created=clock())  # 12:00, after today's 09:00
    _, runtime = scheduler_for(sqlite_engine, slack, newsroom, names, "t_new", clock)
    assert sync(runtime, clock()).delivered == ()
    result = digest_job(runtime, sub.id, MORNING + timedelta(days=1))
    assert result is not None and result.outcome == "posted"
    assert roots(slack, "C1") == ["2026-11-29"]


def test_cron_job_skips_removed_subscription(
    sqlite_engine: Engine, slack: FakeSlackApi, newsroom: FakeNewsroom, names: list[str]
) -> None:
    clock = FrozenClock(MORNING)
    sub = subscribe(sqlite_engine, "C1")
    _, runtime = scheduler_for(sqlite_engine, slack, newsroom, names, "t_gone", clock)
    with sqlite_engine.begin() as conn:
        remove_subscription(conn, "T1", "C1", "energy")
    assert digest_job(runtime, sub.id, clock()) is None
    assert slack.calls("chat.postMessage") == []


def test_restart_neither_doubles_nor_skips(
    sqlite_engine: Engine, slack: FakeSlackApi, newsroom: FakeNewsroom, names: list[str]
) -> None:
    sub = subscribe(sqlite_engine, "C1")
    clock = FrozenClock(MORNING)
    _, first = scheduler_for(sqlite_engine, slack, newsroom, names, "t_before", clock)
    assert digest_job(first, sub.id, clock()) is not None
    clock.advance(minutes=3)  # restarted: a new process syncs and catches up at start
    _, second = scheduler_for(sqlite_engine, slack, newsroom, names, "t_after", clock)
    assert sync(second, clock()).delivered == ()
    clock.advance(days=1)  # and the next morning's run still happens
    result = digest_job(second, sub.id, clock())
    assert result is not None and result.outcome == "posted"
    assert roots(slack, "C1") == ["2026-11-28", "2026-11-29"]


def test_two_schedulers_deliver_each_slot_once(
    engine: Engine, slack: FakeSlackApi, newsroom: FakeNewsroom, names: list[str]
) -> None:
    subs = [subscribe(engine, f"C{i}") for i in range(8)]
    clock = FrozenClock(MORNING)
    runtimes = [
        scheduler_for(engine, slack, newsroom, names, f"t_twin{i}", clock)[1] for i in range(2)
    ]
    barrier = threading.Barrier(2)

    def run(index: int) -> None:
        barrier.wait()
        for sub in subs:
            digest_job(runtimes[index], sub.id, clock())
        sync(runtimes[index], clock())

    threads = [threading.Thread(target=run, args=(i,)) for i in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    for sub in subs:
        assert roots(slack, sub.channel_id) == ["2026-11-28"]


def test_started_scheduler_keeps_jobs_in_its_own_table(
    sqlite_engine: Engine, slack: FakeSlackApi, newsroom: FakeNewsroom, names: list[str]
) -> None:
    clock = FrozenClock(MORNING)
    scheduler, _ = scheduler_for(sqlite_engine, slack, newsroom, names, "t_store", clock)
    scheduler.start(paused=True)
    try:
        assert "newsbot_jobs_t_store" in inspect(sqlite_engine).get_table_names()
        assert {j.id for j in scheduler.get_jobs()} == {"sync", "poll", "prune"}
    finally:
        scheduler.shutdown(wait=False)


def test_poll_job_polls_with_the_given_time(
    sqlite_engine: Engine, slack: FakeSlackApi, newsroom: FakeNewsroom, names: list[str]
) -> None:
    polled: list[datetime] = []
    settings = fake_settings(slack.api_url)
    clock = FrozenClock(MORNING)
    create_scheduler(
        settings,
        sqlite_engine,
        background=True,
        clock=clock,
        name="t_poll",
        deliverer=make_deliverer(sqlite_engine, settings, newsroom, clock),
        poll=polled.append,
    )
    names.append("t_poll")
    poll_job(runtime_of("t_poll"), MORNING)
    assert polled == [MORNING]


def test_prune_job_forgets_saved_digests_past_their_keep_time(
    sqlite_engine: Engine, slack: FakeSlackApi, newsroom: FakeNewsroom, names: list[str]
) -> None:
    clock = FrozenClock(MORNING)
    _, runtime = scheduler_for(sqlite_engine, slack, newsroom, names, "t_prune", clock)
    digest = Digest(topic="energy", topic_name="Energy", generated_at=MORNING, stories=())
    keep = runtime.options.keep_digests
    with sqlite_engine.begin() as conn:
        for age in (keep + timedelta(hours=1), keep - timedelta(hours=1)):
            save_digest_message(
                conn,
                digest,
                team_id="T1",
                channel_id="C1",
                user_id="U1",
                visibility="ephemeral",
                now=MORNING - age,
            )
    assert prune_job(runtime, MORNING) == 1
    assert prune_job(runtime, MORNING) == 0


class SlowBuild:
    """A digest build that, on its first call, holds until the test lets it finish."""

    def __init__(self, room: FakeNewsroom) -> None:
        self.room = room
        self.started = threading.Event()
        self.finish = threading.Event()
        self.calls = 0

    def __call__(self, sub: Subscription, since: datetime | None, now: datetime) -> Digest:
        digest = self.room.build(sub, since, now)
        self.calls += 1
        if self.calls == 1:
            self.started.set()
            assert self.finish.wait(10), "the test never let the slow build finish"
        return digest

    def install(self, runtime: Runtime) -> None:
        deliverer = runtime.deliverer
        deliverer.pipeline = dataclasses.replace(deliverer.pipeline, build=self)


def slow_job(runtime: Runtime, sub_id: int, now: datetime) -> tuple[threading.Thread, list[object]]:
    """Run the cron job of ``sub_id`` in a thread (as APScheduler would); its result lands in
    the list."""
    out: list[object] = []
    thread = threading.Thread(target=lambda: out.append(digest_job(runtime, sub_id, now)))
    thread.start()
    return thread, out


def test_the_minutely_catch_up_never_doubles_a_slow_digest_of_its_own_clock(
    engine: Engine, slack: FakeSlackApi, newsroom: FakeNewsroom, names: list[str]
) -> None:
    sub = subscribe(engine, "C1")
    clock = FrozenClock(MORNING)
    _, runtime = scheduler_for(engine, slack, newsroom, names, "t_slowown", clock)
    runtime.deliverer.heartbeat_every = None  # even with no heartbeat to keep the claim fresh
    build = SlowBuild(newsroom)
    build.install(runtime)
    thread, out = slow_job(runtime, sub.id, clock())
    assert build.started.wait(10)
    caught_up = []
    for _ in range(12):  # the sync job, once a minute, while the build takes 12 minutes
        clock.advance(minutes=1)
        caught_up += [r.outcome for r in sync(runtime, clock()).delivered]
    build.finish.set()
    thread.join(10)
    assert roots(slack, "C1") == ["2026-11-28"]
    assert len(slack.messages("C1")) == 2  # one digest, one full-quotes reply
    assert set(caught_up) == {"skipped"}
    assert [getattr(r, "outcome", None) for r in out] == ["posted"]


def test_another_clock_takes_over_a_stalled_digest_and_the_first_posts_nothing(
    engine: Engine, slack: FakeSlackApi, newsroom: FakeNewsroom, names: list[str]
) -> None:
    sub = subscribe(engine, "C1")
    clock = FrozenClock(MORNING)
    _, web = scheduler_for(engine, slack, newsroom, names, "t_stalled", clock)
    _, other = scheduler_for(engine, slack, newsroom, names, "t_rescuer", clock)
    web.deliverer.heartbeat_every = None  # its heartbeat could not run (a stopped process)
    build = SlowBuild(newsroom)
    build.install(web)
    thread, out = slow_job(web, sub.id, clock())
    assert build.started.wait(10)
    clock.advance(minutes=11)
    rescued = sync(other, clock()).delivered
    build.finish.set()
    thread.join(10)
    assert roots(slack, "C1") == ["2026-11-28"]
    assert len(slack.messages("C1")) == 2
    assert [r.outcome for r in rescued] == ["posted"]
    assert [getattr(r, "outcome", None) for r in out] == ["lost"]
