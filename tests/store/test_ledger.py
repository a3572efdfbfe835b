"""The delivery ledger: one owner per (subscription, slot), retakes flagged for checking."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta

from alembic import command
from sqlalchemy import Engine, column, insert, table

from bot.store import ledger
from bot.store.db import alembic_config, create_store_engine, migrate
from bot.store.schema import UTCDateTime, subscriptions

NOW = datetime(2026, 11, 28, 9, 0, tzinfo=UTC)


def _subscription(engine: Engine, channel: str = "C1") -> int:
    with engine.begin() as conn:
        result = conn.execute(
            insert(subscriptions).values(
                team_id="T1",
                channel_id=channel,
                topic="energy",
                hour=9,
                minute=0,
                timezone="Europe/Berlin",
                created_at=NOW - timedelta(days=3),
                status="active",
            )
        )
        return int(result.inserted_primary_key[0])


def test_first_claim_wins_and_second_gets_none(engine: Engine) -> None:
    sub = _subscription(engine)
    with engine.begin() as conn:
        first = ledger.claim(conn, sub, "2026-11-28", NOW, "w1")
        second = ledger.claim(conn, sub, "2026-11-28", NOW, "w2")
    assert first is not None and not first.retaken
    assert second is None


def test_posted_slot_is_never_claimed_again(engine: Engine) -> None:
    sub = _subscription(engine)
    with engine.begin() as conn:
        got = ledger.claim(conn, sub, "2026-11-28", NOW, "w1")
        assert got is not None
        ledger.mark_posted(conn, got, "1700000000.000100", NOW)
    later = NOW + timedelta(hours=5)
    with engine.begin() as conn:
        assert ledger.claim(conn, sub, "2026-11-28", later, "w2") is None
        row = ledger.get_delivery(conn, sub, "2026-11-28")
    assert row is not None and row.status == "posted" and row.message_ts == "1700000000.000100"


def test_next_day_is_a_new_slot(engine: Engine) -> None:
    sub = _subscription(engine)
    with engine.begin() as conn:
        today = ledger.claim(conn, sub, "2026-11-28", NOW, "w1")
        assert today is not None
        ledger.mark_empty(conn, today, NOW)
        tomorrow = ledger.claim(conn, sub, "2026-11-29", NOW + timedelta(days=1), "w1")
    assert tomorrow is not None and tomorrow.delivery_id != today.delivery_id


def test_stale_claim_is_retaken_with_a_check_flag(engine: Engine) -> None:
    sub = _subscription(engine)
    with engine.begin() as conn:
        assert ledger.claim(conn, sub, "2026-11-28", NOW, "crashed") is not None
        fresh = ledger.claim(conn, sub, "2026-11-28", NOW + timedelta(minutes=2), "w2")
        stale = ledger.claim(conn, sub, "2026-11-28", NOW + timedelta(minutes=30), "w2")
    assert fresh is None
    assert stale is not None and stale.retaken and stale.previous_status == "claimed"


def test_failed_slot_waits_for_its_backoff(engine: Engine) -> None:
    sub = _subscription(engine)
    backoff = timedelta(minutes=15)
    with engine.begin() as conn:
        got = ledger.claim(conn, sub, "2026-11-28", NOW, "w1")
        assert got is not None
        ledger.mark_failed(conn, got, "ratelimited", NOW)
        early = ledger.claim(
            conn, sub, "2026-11-28", NOW + timedelta(minutes=5), "w1", retry_failed_after=backoff
        )
        never = ledger.claim(
            conn, sub, "2026-11-28", NOW + timedelta(hours=1), "w1", retry_failed_after=None
        )
        late = ledger.claim(
            conn, sub, "2026-11-28", NOW + timedelta(minutes=20), "w1", retry_failed_after=backoff
        )
    assert early is None and never is None
    assert late is not None and late.retaken and late.previous_error == "ratelimited"


def test_failure_keeps_the_message_ts_of_a_partial_post(engine: Engine) -> None:
    sub = _subscription(engine)
    with engine.begin() as conn:
        got = ledger.claim(conn, sub, "2026-11-28", NOW, "w1")
        assert got is not None
        assert ledger.record_post(conn, got, "d0", "1.2", NOW, root=True)
        ledger.mark_failed(conn, got, "server error", NOW)
        row = ledger.get_delivery(conn, sub, "2026-11-28")
    assert row is not None and row.status == "failed" and row.message_ts == "1.2"


def test_deliveries_for_and_last_delivered(engine: Engine) -> None:
    a, b = _subscription(engine, "C1"), _subscription(engine, "C2")
    with engine.begin() as conn:
        got = ledger.claim(conn, a, "2026-11-27", NOW - timedelta(days=1), "w")
        assert got is not None
        ledger.mark_posted(conn, got, "1.1", NOW - timedelta(days=1))
        assert ledger.claim(conn, a, "2026-11-28", NOW, "w") is not None
        rows = ledger.deliveries_for(
            conn, [(a, "2026-11-28"), (b, "2026-11-28"), (a, "2026-11-27")]
        )
        last = ledger.last_delivered_at(conn, a, "2026-11-28")
    assert set(rows) == {(a, "2026-11-28"), (a, "2026-11-27")}
    assert last == NOW - timedelta(days=1)


def test_racing_workers_claim_each_slot_once(engine: Engine) -> None:
    subs = [_subscription(engine, f"C{i}") for i in range(20)]
    wins: list[tuple[int, str]] = []
    lock = threading.Lock()
    barrier = threading.Barrier(4)

    def worker(name: str) -> None:
        barrier.wait()
        for sub in subs:
            with engine.begin() as conn:
                got = ledger.claim(conn, sub, "2026-11-28", NOW, name)
            if got is not None:
                with lock:
                    wins.append((sub, name))

    threads = [threading.Thread(target=worker, args=(f"w{i}",)) for i in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(s for s, _ in wins) == sorted(subs)


def _race(engine: Engine, sub: int, owner: ledger.Claim, at: datetime) -> dict[str, bool]:
    """The owner records a post while another worker tries to take the slot over, at once."""
    won: dict[str, bool] = {}
    barrier = threading.Barrier(2)

    def record() -> None:
        barrier.wait()
        with engine.begin() as conn:
            won["owner"] = ledger.record_post(conn, owner, "d0", "1.1", at, root=True)

    def take_over() -> None:
        barrier.wait()
        with engine.begin() as conn:
            won["taker"] = ledger.claim(conn, sub, "2026-11-28", at, "B") is not None

    threads = [threading.Thread(target=record), threading.Thread(target=take_over)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return won


def test_an_owners_fenced_write_and_a_takeover_never_both_win(engine: Engine) -> None:
    """The record of a post (the owner's fence) and a takeover race at the stale limit: in
    every round exactly one wins, on SQLite's file lock and PostgreSQL's row locks alike."""
    for round_ in range(15):
        sub = _subscription(engine, f"R{round_}")
        with engine.begin() as conn:
            owner = ledger.claim(conn, sub, "2026-11-28", NOW, "A")
        assert owner is not None
        won = _race(engine, sub, owner, NOW + ledger.DEFAULT_STALE_AFTER)
        assert sorted(won.values()) == [False, True], won


def test_a_claim_left_by_the_previous_schema_is_fenced_after_the_upgrade(database_url: str) -> None:
    """Migration 0004 gives existing rows generation 1 and no heartbeat: their claimed_at counts."""
    engine = create_store_engine(database_url)
    config = alembic_config(engine)
    with engine.begin() as conn:
        config.attributes["connection"] = conn
        command.upgrade(config, "0003_full_quotes")
    sub = _subscription(engine)
    before = table(  # the deliveries table as revision 0003 had it
        "deliveries",
        *(column(name) for name in ("subscription_id", "slot", "status", "claimed_by")),
        column("claimed_at", UTCDateTime()),
    )
    with engine.begin() as conn:
        conn.execute(
            insert(before).values(
                subscription_id=sub,
                slot="2026-11-28",
                status="claimed",
                claimed_at=NOW,
                claimed_by="old",
            )
        )
    migrate(engine)
    with engine.begin() as conn:
        row = ledger.get_delivery(conn, sub, "2026-11-28")
        fresh = ledger.claim(conn, sub, "2026-11-28", NOW + timedelta(minutes=5), "new")
        stale = ledger.claim(conn, sub, "2026-11-28", NOW + timedelta(minutes=11), "new")
    engine.dispose()
    assert row is not None and row.generation == 1 and row.heartbeat_at is None
    assert fresh is None
    assert stale is not None and stale.generation == 2


def test_a_noted_post_is_a_fact_even_for_a_lost_claim_and_renews_nothing(engine: Engine) -> None:
    """``note_post`` writes only the post: a later owner must not repeat it, and the fence is
    left to the next check."""
    sub = _subscription(engine)
    stale = NOW + ledger.DEFAULT_STALE_AFTER + timedelta(minutes=1)
    with engine.begin() as conn:
        old = ledger.claim(conn, sub, "2026-11-28", NOW, "w1")
        assert old is not None
        ledger.note_post(conn, old, "q0.0", "1.5", NOW + timedelta(minutes=1))
        row = ledger.get_delivery(conn, sub, "2026-11-28")
        assert row is not None and row.heartbeat_at == NOW  # not renewed
        new = ledger.claim(conn, sub, "2026-11-28", stale, "w2")
        assert new is not None and new.retaken
        ledger.note_post(conn, old, "q1.0", "1.6", stale)  # the loser's post still counts
        assert ledger.posted_parts(conn, new.delivery_id) == {"q0.0": "1.5", "q1.0": "1.6"}
        assert ledger.check_before_post(conn, new, "q1.0", stale, renew=False) == "1.6"
