from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

from sqlalchemy import Engine, insert, select

from bot.store.db import create_store_engine, migrate, table_names
from bot.store.schema import subscriptions


def test_migrate_creates_every_table(engine: Engine) -> None:
    assert {"articles", "subscriptions", "deliveries", "digest_messages"} <= set(
        table_names(engine)
    )


def test_migrate_twice_is_a_no_op(database_url: str) -> None:
    eng = create_store_engine(database_url)
    migrate(eng)
    migrate(eng)
    assert "alembic_version" in table_names(eng)
    eng.dispose()


def test_datetimes_come_back_aware_in_utc(engine: Engine) -> None:
    ist = timezone(timedelta(hours=5, minutes=30))
    created = datetime(2021, 12, 3, 19, 23, tzinfo=ist)
    with engine.begin() as conn:
        conn.execute(
            insert(subscriptions).values(
                team_id="T1",
                channel_id="C1",
                topic="t",
                hour=9,
                minute=0,
                timezone="UTC",
                created_at=created,
                status="active",
            )
        )
        got = conn.execute(select(subscriptions.c.created_at)).scalar_one()
    assert got == created
    assert got.tzinfo is not None and got.utcoffset() == timedelta(0)
    assert got == datetime(2021, 12, 3, 13, 53, tzinfo=UTC)
