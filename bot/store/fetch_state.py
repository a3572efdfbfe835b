"""What the poller remembers per fetched URL: validators for conditional GET, and backoff.

A source that keeps failing is retried later and later (exponential backoff, capped), so a
dead feed costs one request an hour instead of one per poll; one success resets it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Connection, RowMapping, select
from sqlalchemy.dialects import postgresql, sqlite

from bot.errors import StoreError
from bot.store.schema import fetch_state
from bot.text.urls import url_key

BASE_BACKOFF = timedelta(minutes=5)
MAX_BACKOFF = timedelta(hours=6)
_ERROR_LENGTH = 1000  # enough to read the reason, small enough not to bloat the table


@dataclass(frozen=True)
class FetchState:
    url: str
    etag: str | None = None
    last_modified: str | None = None
    failures: int = 0
    next_attempt: datetime | None = None
    last_polled: datetime | None = None
    last_status: int | None = None
    last_error: str | None = None

    def is_due(self, now: datetime) -> bool:
        """False while a failing source waits out its backoff."""
        return self.next_attempt is None or self.next_attempt <= now


def backoff_delay(failures: int) -> timedelta:
    """5 min after the first failure, doubling each time, at most 6 hours."""
    if failures <= 0:
        return timedelta(0)
    delay: timedelta = BASE_BACKOFF * 2 ** min(failures - 1, 20)
    return min(delay, MAX_BACKOFF)


def load_states(conn: Connection, urls: Iterable[str]) -> dict[str, FetchState]:
    """The stored state of each URL that has one, keyed by the URL as given."""
    by_key = {url_key(url): url for url in urls}
    states: dict[str, FetchState] = {}
    keys = list(by_key)
    for start in range(0, len(keys), 500):
        query = select(fetch_state).where(fetch_state.c.url_key.in_(keys[start : start + 500]))
        for row in conn.execute(query).mappings():
            url = by_key[row["url_key"]]
            states[url] = _state(url, row)
    return states


def get_state(conn: Connection, url: str) -> FetchState | None:
    return load_states(conn, [url]).get(url)


def record_success(
    conn: Connection,
    url: str,
    *,
    now: datetime,
    status: int,
    etag: str | None,
    last_modified: str | None,
) -> FetchState:
    """Remember the validators and clear any backoff."""
    state = FetchState(url, etag, last_modified, 0, None, now, status, None)
    _upsert(conn, state)
    return state


def record_file(conn: Connection, url: str, *, now: datetime, signature: str) -> FetchState:
    """Remember a local file as read: its ``mtime:size`` signature stands in for an ETag."""
    state = FetchState(url, etag=signature, last_polled=now)
    _upsert(conn, state)
    return state


def record_failure(
    conn: Connection, url: str, *, now: datetime, error: str, status: int | None = None
) -> FetchState:
    """Count one more failure and push the next attempt back; validators are kept."""
    previous = get_state(conn, url) or FetchState(url)
    failures = previous.failures + 1
    state = replace(
        previous,
        failures=failures,
        next_attempt=now + backoff_delay(failures),
        last_polled=now,
        last_status=status,
        last_error=error[:_ERROR_LENGTH],
    )
    _upsert(conn, state)
    return state


def _state(url: str, row: RowMapping) -> FetchState:
    return FetchState(
        url=url,
        etag=row["etag"],
        last_modified=row["last_modified"],
        failures=row["failures"],
        next_attempt=row["next_attempt"],
        last_polled=row["last_polled"],
        last_status=row["last_status"],
        last_error=row["last_error"],
    )


def _upsert(conn: Connection, state: FetchState) -> None:
    values: dict[str, Any] = {
        "url": state.url,
        "etag": state.etag,
        "last_modified": state.last_modified,
        "failures": state.failures,
        "next_attempt": state.next_attempt,
        "last_polled": state.last_polled,
        "last_status": state.last_status,
        "last_error": state.last_error,
    }
    dialect = conn.dialect.name
    # Both dialects spell the same INSERT ... ON CONFLICT (url_key) DO UPDATE.
    if dialect == "postgresql":
        statement: Any = postgresql.insert(fetch_state)
    elif dialect == "sqlite":
        statement = sqlite.insert(fetch_state)
    else:
        raise StoreError(f"fetch state needs SQLite or PostgreSQL, not {dialect}")
    statement = statement.values(url_key=url_key(state.url), **values)
    conn.execute(statement.on_conflict_do_update(index_elements=["url_key"], set_=values))
