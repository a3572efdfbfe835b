"""Delivery when Slack misbehaves or a worker dies: never a second copy, never a lost day."""

from __future__ import annotations

import threading
import time

import pytest
from slack_sdk import WebClient
from sqlalchemy import Connection, Engine

from bot.clock import FrozenClock
from bot.errors import TokenError
from bot.slack.clients import make_web_client
from bot.slack.delivery import Pipeline, deliver, deliver_many
from bot.slack.delivery_errors import paused_note
from bot.store import ledger
from bot.store.subscriptions import SubscriptionRow, get_subscription
from fakes.delivery import (
    NOW,
    FakeNewsroom,
    fake_settings,
    make_deliverer,
    parts,
    subscribe,
)
from fakes.slack_api import FakeSlackApi

SLOT = "2026-11-28"


class Crash(BaseException):
    """A worker process dying mid-delivery (not an Exception: nothing may catch it)."""


@pytest.fixture
def newsroom() -> FakeNewsroom:
    room = FakeNewsroom(per_topic=2, quote_parts=1)
    room.publish("energy", 2)
    return room


def status(engine: Engine, sub: SubscriptionRow) -> tuple[str | None, str | None]:
    with engine.connect() as conn:
        row = ledger.get_delivery(conn, sub.id, SLOT)
        current = get_subscription(conn, sub.team_id, sub.channel_id, sub.topic)
    assert current is not None
    return (row.status if row else None), current.status


def test_crash_after_posting_before_the_ledger_update_resumes_without_doubles(
    sqlite_engine: Engine, slack: FakeSlackApi, newsroom: FakeNewsroom
) -> None:
    sub = subscribe(sqlite_engine)
    clock = FrozenClock(NOW)
    settings = fake_settings(slack.api_url)
    dying = make_deliverer(sqlite_engine, settings, newsroom, clock, worker="dying")

    def crash_on_mark_sent(conn: Connection, *args: object) -> None:
        raise Crash

    dying.pipeline = Pipeline(
        newsroom.build, newsroom.render_digest, newsroom.render_quotes, crash_on_mark_sent
    )
    with pytest.raises(Crash):
        deliver(dying, sub)
    assert parts(slack) == ["d0"] and status(sqlite_engine, sub)[0] == "claimed"

    clock.advance(minutes=5)  # the restarted scheduler: the claim is not stale yet
    restarted = make_deliverer(sqlite_engine, settings, newsroom, clock, worker="restarted")
    assert deliver(restarted, sub).outcome == "skipped"
    clock.advance(minutes=10)
    result = deliver(restarted, sub)
    assert result.outcome == "posted" and result.posts == 2
    assert parts(slack) == ["d0", "q0.0", "q1.0"]
    assert newsroom.builds == 1  # the saved digest was re-sent, not a new one
    assert newsroom.sent[("T1", "C1")] == {1, 2}


def test_crash_in_the_middle_of_the_thread(
    sqlite_engine: Engine, slack: FakeSlackApi, newsroom: FakeNewsroom
) -> None:
    sub = subscribe(sqlite_engine)
    clock = FrozenClock(NOW)
    settings = fake_settings(slack.api_url)
    dying = make_deliverer(sqlite_engine, settings, newsroom, clock, worker="dying")
    calls = 0

    def wait(turn: float) -> None:  # each post first waits for its turn
        nonlocal calls
        calls += 1
        if calls == 3:
            raise Crash

    dying.pacer.sleep_until = wait  # type: ignore[method-assign]
    with pytest.raises(Crash):
        deliver(dying, sub)
    clock.advance(minutes=30)
    deliver(make_deliverer(sqlite_engine, settings, newsroom, clock), sub)
    assert parts(slack) == ["d0", "q0.0", "q1.0"]


def test_connection_reset_after_slack_accepted_the_post_gives_one_copy(
    sqlite_engine: Engine, slack: FakeSlackApi, newsroom: FakeNewsroom
) -> None:
    sub = subscribe(sqlite_engine)
    clock = FrozenClock(NOW)
    d = make_deliverer(sqlite_engine, fake_settings(slack.api_url), newsroom, clock)
    slack.fail("chat.postMessage", reset=True)
    first = deliver(d, sub)
    assert first.outcome == "failed" and "outcome unknown" in str(first.error)
    assert parts(slack) == ["d0"]  # Slack has it, we never heard back
    clock.advance(minutes=20)
    assert deliver(d, sub).outcome == "posted"
    assert parts(slack) == ["d0", "q0.0", "q1.0"]


def test_retry_after_one_second_costs_exactly_one_more_post(
    sqlite_engine: Engine, slack: FakeSlackApi, newsroom: FakeNewsroom
) -> None:
    sub = subscribe(sqlite_engine)
    d = make_deliverer(sqlite_engine, fake_settings(slack.api_url), newsroom, FrozenClock(NOW))
    slack.fail("chat.postMessage", status=429, retry_after=1)
    assert deliver(d, sub).outcome == "posted"
    answered = [c.answered for c in slack.calls("chat.postMessage")]
    assert answered == [429, 200, 200, 200]
    assert parts(slack) == ["d0", "q0.0", "q1.0"]


def test_a_huge_retry_after_gives_up_at_once_and_retries_later(
    sqlite_engine: Engine, slack: FakeSlackApi, newsroom: FakeNewsroom
) -> None:
    sub = subscribe(sqlite_engine)
    clock = FrozenClock(NOW)
    d = make_deliverer(sqlite_engine, fake_settings(slack.api_url), newsroom, clock)
    slack.fail("chat.postMessage", status=429, retry_after=3600)
    started = time.monotonic()
    first = deliver(d, sub)
    assert time.monotonic() - started < 5
    assert first.outcome == "failed" and "rate limited" in str(first.error)
    clock.advance(minutes=5)
    assert deliver(d, sub).outcome == "skipped"  # still backing off
    clock.advance(minutes=15)
    assert deliver(d, sub).outcome == "posted"
    assert parts(slack) == ["d0", "q0.0", "q1.0"]


@pytest.mark.parametrize("error", ["not_in_channel", "channel_not_found"])
def test_a_lost_channel_pauses_the_subscription_and_tells_the_subscriber(
    sqlite_engine: Engine, slack: FakeSlackApi, newsroom: FakeNewsroom, error: str
) -> None:
    sub = subscribe(sqlite_engine, "C0NEWS1")  # a real-looking id: only those become mentions
    d = make_deliverer(sqlite_engine, fake_settings(slack.api_url), newsroom, FrozenClock(NOW))
    slack.fail("chat.postMessage", error=error, channel="C0NEWS1")
    result = deliver(d, sub)
    assert result.outcome == "paused"
    assert status(sqlite_engine, sub) == ("failed", "paused")
    dms = [c.params for c in slack.calls("chat.postMessage") if c.params["channel"] == "U_ALICE"]
    assert len(dms) == 1 and "<#C0NEWS1>" in dms[0]["text"] and error in dms[0]["text"]
    assert "<#C0NEWS1>" in dms[0]["blocks"][0]["text"]["text"]


def test_the_paused_note_never_turns_odd_text_into_mentions() -> None:
    note = paused_note("energy <!here>", "<!channel>", "Slack answered <!everyone>")
    assert "<!" not in note["text"] and "&lt;!channel&gt;" in note["text"]


@pytest.mark.parametrize("error", ["token_revoked", "invalid_auth", "account_inactive"])
def test_a_revoked_workspace_pauses_all_its_subscriptions(
    sqlite_engine: Engine, slack: FakeSlackApi, newsroom: FakeNewsroom, error: str
) -> None:
    first, second, other = (
        subscribe(sqlite_engine, "C1"),
        subscribe(sqlite_engine, "C2"),
        subscribe(sqlite_engine, "C9", team="T2"),
    )
    d = make_deliverer(sqlite_engine, fake_settings(slack.api_url), newsroom, FrozenClock(NOW))
    slack.fail("chat.postMessage", error=error)
    assert deliver(d, first).outcome == "paused"
    assert status(sqlite_engine, second)[1] == "paused"
    assert status(sqlite_engine, other)[1] == "active"


def test_slack_server_errors_are_retried_then_given_up_loudly(
    sqlite_engine: Engine,
    slack: FakeSlackApi,
    newsroom: FakeNewsroom,
    caplog: pytest.LogCaptureFixture,
) -> None:
    sub = subscribe(sqlite_engine)
    settings = fake_settings(slack.api_url)
    d = make_deliverer(sqlite_engine, settings, newsroom, FrozenClock(NOW))
    waits: list[float] = []  # the backoff is asked for, but nobody really sleeps here
    d.client_for = lambda _team: make_web_client(settings, retry_sleep=waits.append)
    slack.fail("chat.postMessage", status=503, times=None)
    result = deliver(d, sub)
    assert result.outcome == "failed" and "503" in str(result.error)
    assert [c.answered for c in slack.calls("chat.postMessage")] == [503, 503, 503]
    # Exponential backoff (0.5 s, then 1 s) plus slack_sdk's random jitter of up to 1 s each.
    assert len(waits) == 2 and 0.5 <= waits[0] < 1.5 and 1.0 <= waits[1] < 2.0
    assert any(r.levelname == "ERROR" and "failed" in r.getMessage() for r in caplog.records)
    assert status(sqlite_engine, sub) == ("failed", "active")


def test_two_schedulers_deliver_each_slot_once(engine: Engine, slack: FakeSlackApi) -> None:
    room = FakeNewsroom(per_topic=1, quote_parts=1)
    room.publish("energy", 1)
    subs = [subscribe(engine, f"C{i}") for i in range(12)]
    settings = fake_settings(slack.api_url)
    workers = [
        make_deliverer(engine, settings, room, FrozenClock(NOW), worker=f"sched-{i}")
        for i in range(2)
    ]
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def run(index: int) -> None:
        barrier.wait()
        outcomes.extend(r.outcome for r in deliver_many(workers[index], subs, workers=4))

    threads = [threading.Thread(target=run, args=(i,)) for i in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(outcomes) == ["posted"] * 12 + ["skipped"] * 12
    for i in range(12):
        assert parts(slack, f"C{i}") == ["d0", "q0.0"]


def test_a_workspace_that_removed_the_app_is_paused(
    sqlite_engine: Engine, slack: FakeSlackApi, newsroom: FakeNewsroom
) -> None:
    sub, other = subscribe(sqlite_engine, "C1"), subscribe(sqlite_engine, "C2")
    d = make_deliverer(sqlite_engine, fake_settings(slack.api_url), newsroom, FrozenClock(NOW))

    def not_installed(team_id: str) -> WebClient:
        raise TokenError(team_id, "newsbot is not installed there", installed=False)

    d.client_for = not_installed
    assert deliver(d, sub).outcome == "paused"
    assert status(sqlite_engine, other)[1] == "paused"
    assert slack.calls("chat.postMessage") == []
