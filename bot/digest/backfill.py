"""Index articles that are not in the speaker index yet: those stored before it existed, or
analysed by an older analyser. Used by ``newsbot index-quotes``, after ``newsbot ingest`` and
after each scheduled poll; a batch at a time, newest first, each batch in its own transaction.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from sqlalchemy import Engine

from bot.digest.analysis_cache import analyses_for
from bot.errors import StoreError
from bot.nlp.analyze import ANALYZER_VERSION
from bot.store.articles import get_articles
from bot.store.db import transaction
from bot.store.speaker_quotes import pending_ids

log = logging.getLogger(__name__)

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
        with transaction(engine, "index quotes") as conn:
            ids = pending_ids(conn, ANALYZER_VERSION, size)
            if not ids or ids == previous:  # nothing left, or nothing moved: stop
                break
            analyses_for(conn, get_articles(conn, ids))
        previous = ids
        done += len(ids)
        if progress:
            progress(done)
    return done


# Articles indexed after each ingest or poll at least: all that were just stored (they are
# the newest) plus a share of older unindexed ones, so a store that predates the index is
# caught up a batch at a time without one long pause.
PER_RUN = 1000


def index_recent(engine: Engine, stored: int = 0) -> int:
    """After storing ``stored`` articles: index them (and up to PER_RUN older ones).

    A database failure here is logged, not raised: the articles are saved, and the next run
    or ``newsbot index-quotes`` indexes them.
    """
    try:
        return index_pending(engine, limit=max(PER_RUN, stored))
    except StoreError as exc:
        log.warning("quotes not indexed this time: %s", exc)
        return 0
