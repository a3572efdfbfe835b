"""Cached article analyses: JSON in ``articles.analysis``, tagged with the analyser's version.

The store keeps and returns the JSON text; ``bot.digest.analysis_cache`` decides what is valid
and what to recompute. Only SQL that SQLite and PostgreSQL both run.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from sqlalchemy import Connection, bindparam, select, update

from bot.store.db import guarded
from bot.store.schema import articles

# Bound parameters are limited (SQLite: 32766 per statement); read ids in chunks well below.
_CHUNK = 500


@guarded("read cached article analyses")
def cached_analyses(conn: Connection, ids: Sequence[int], version: int) -> dict[int, str]:
    """The cached analysis JSON of those of ``ids`` analysed by analyser ``version``."""
    found: dict[int, str] = {}
    for start in range(0, len(ids), _CHUNK):
        query = select(articles.c.id, articles.c.analysis).where(
            articles.c.id.in_(ids[start : start + _CHUNK]),
            articles.c.analysis_version == version,
            articles.c.analysis.is_not(None),
        )
        found.update((article_id, raw) for article_id, raw in conn.execute(query))
    return found


@guarded("cache article analyses")
def cache_analyses(conn: Connection, analyses: Mapping[int, str], version: int) -> None:
    """Store each article's analysis JSON (by article id) as made by analyser ``version``."""
    if not analyses:
        return
    statement = (
        update(articles)
        .where(articles.c.id == bindparam("article_id"))
        .values(analysis=bindparam("json"), analysis_version=version)
    )
    conn.execute(statement, [{"article_id": i, "json": j} for i, j in analyses.items()])
