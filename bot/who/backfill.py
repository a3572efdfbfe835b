"""Index articles that are not in the speaker index yet: those stored before it existed, or
analysed by an older analyser. Used by ``newsbot index-quotes``, after ``newsbot ingest`` and
after each scheduled poll; a batch at a time, newest first, each batch in its own transaction.
"""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import Engine
from sqlalchemy.exc import SQLAlchemyError

from bot.digest.analysis_cache import analyses_for
from bot.errors import StoreError
from bot.nlp.analyze import ANALYZER_VERSION
from bot.store.articles import get_articles
from bot.store.db import describe_error
from bot.store.speaker_quotes import pending_ids

BATCH = 200

Progress = Callable[[int], None]  # articles indexed so far


def index_pending(
    engine: Engine, *, limit: int | None = None, progress: Progress | None = None
) -> int:
    """Analyse (or read the cached analysis of) up to ``limit`` unindexed articles, newest
    first, and index their quotes; how many articles were indexed."""
    done = 0
    previous: list[int] = []
    while limit is None or done < limit:
        size = BATCH if limit is None else min(BATCH, limit - done)
        try:
            with engine.begin() as conn:
                ids = pending_ids(conn, ANALYZER_VERSION, size)
                if not ids or ids == previous:  # nothing left, or nothing moved: stop
                    break
                analyses_for(conn, get_articles(conn, ids))
        except SQLAlchemyError as exc:
            raise StoreError(f"cannot index quotes: {describe_error(exc)}") from exc
        previous = ids
        done += len(ids)
        if progress:
            progress(done)
    return done
