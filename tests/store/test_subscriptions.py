from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import Engine

from bot.errors import StoreError
from bot.store.subscriptions import (
    add_subscription,
    list_subscriptions,
    remove_subscription,
    remove_team,
    set_status,
)

NOW = datetime(2026, 11, 28, 8, 0, tzinfo=UTC)


def _add(engine: Engine, team: str, channel: str, topic: str, hour: int = 9) -> int:
    with engine.begin() as conn:
        row = add_subscription(conn, team, channel, topic, hour, 0, "Europe/Berlin", "U1", NOW)
    return row.id


def test_subscribing_twice_moves_the_time_and_keeps_one_row(engine: Engine) -> None:
    first = _add(engine, "T1", "C1", "rates", hour=9)
    second = _add(engine, "T1", "C1", "rates", hour=7)
    with engine.connect() as conn:
        rows = list_subscriptions(conn)
    assert first == second
    assert [(r.topic, r.hour, r.minute, r.status) for r in rows] == [("rates", 7, 0, "active")]


def test_subscribing_again_reactivates_a_paused_subscription(engine: Engine) -> None:
    sub_id = _add(engine, "T1", "C1", "rates")
    with engine.begin() as conn:
        assert set_status(conn, sub_id, "paused", "not_in_channel")
        assert list_subscriptions(conn, status="paused")[0].status_reason == "not_in_channel"
    _add(engine, "T1", "C1", "rates")
    with engine.connect() as conn:
        row = list_subscriptions(conn)[0]
    assert (row.status, row.status_reason) == ("active", None)


def test_filters_and_removal(engine: Engine) -> None:
    _add(engine, "T1", "C1", "rates")
    _add(engine, "T1", "C2", "rates")
    _add(engine, "T2", "C9", "putin-biden")
    with engine.begin() as conn:
        assert [r.channel_id for r in list_subscriptions(conn, team_id="T1")] == ["C1", "C2"]
        assert [r.topic for r in list_subscriptions(conn, channel_id="C9")] == ["putin-biden"]
        assert remove_subscription(conn, "T1", "C1", "rates")
        assert not remove_subscription(conn, "T1", "C1", "rates")
        assert remove_team(conn, "T1") == 1
        assert [r.team_id for r in list_subscriptions(conn)] == ["T2"]


def test_bad_values_are_refused_before_the_database(engine: Engine) -> None:
    with engine.begin() as conn, pytest.raises(StoreError):
        add_subscription(conn, "T1", "C1", "rates", 24, 0, "UTC", None, NOW)
    with engine.begin() as conn, pytest.raises(StoreError):
        set_status(conn, 1, "deleted", None)
