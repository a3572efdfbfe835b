"""INSERT ... ON CONFLICT DO NOTHING, the store's one way to add a row that may be there.

Rather than catching a unique violation, which on PostgreSQL would abort the caller's whole
transaction. Callers that need to know whether a row went in ask RETURNING: the rowcount of
such an insert is not reliable on every driver. Built once per dialect, table and key, since
deliveries run these for every message they post.
"""

from __future__ import annotations

import functools

from sqlalchemy import Insert, Table, insert
from sqlalchemy.dialects import postgresql, sqlite


@functools.cache
def insert_absent(dialect: str, table: Table, keys: tuple[str, ...] = ()) -> Insert:
    """The insert into ``table`` that skips rows conflicting on ``keys`` (any unique key when
    ``keys`` is empty); a plain insert for a dialect without ON CONFLICT."""
    index = list(keys) or None
    if dialect == "postgresql":
        return postgresql.insert(table).on_conflict_do_nothing(index_elements=index)
    if dialect == "sqlite":
        return sqlite.insert(table).on_conflict_do_nothing(index_elements=index)
    return insert(table)
