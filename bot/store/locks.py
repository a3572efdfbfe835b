"""Locks held across newsbot processes, in the database they share."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import Engine, text

from bot.store.db import transaction


@contextmanager
def advisory_lock(engine: Engine | None, namespace: int, key: int, doing: str) -> Iterator[None]:
    """Hold PostgreSQL's transaction advisory lock ``(namespace, key)`` for the block.

    Elsewhere (SQLite, no engine) a no-op: a SQLite database has one newsbot process. Database
    errors surface as ``StoreError`` ("cannot <doing>: ...").
    """
    if engine is None or engine.dialect.name != "postgresql":
        yield
        return
    with transaction(engine, doing) as conn:
        conn.execute(text("SELECT pg_advisory_xact_lock(:a, :b)"), {"a": namespace, "b": key})
        yield
