"""Analyses (quotes + summary) cached in ``articles.analysis`` with the analyser's version.

An analysis is computed once per article and analyser version: a digest over articles seen
before reads JSON instead of re-running the NLP. A cached value made by another
``ANALYZER_VERSION``, or one that no longer parses, is recomputed and overwritten; the article
itself is never touched.

An article skipped as too slow (``bot.digest.analysis_pool``) is cached like any analysis, so it
costs its budget once; a larger budget than the one it went over tries it again.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence

from sqlalchemy import Connection

from bot.digest.analysis_pool import Analyzer, current_analyzer
from bot.digest.build import StoredLike
from bot.errors import StoreError
from bot.nlp.analyze import ANALYZER_VERSION, Analysis, analysis_from_json, analysis_to_json
from bot.store.analyses import cache_analyses, cached_analyses
from bot.who.index import index_analyses

log = logging.getLogger(__name__)


def _read_cached(conn: Connection, ids: Sequence[int]) -> dict[int, Analysis]:
    found: dict[int, Analysis] = {}
    for article_id, raw in cached_analyses(conn, ids, ANALYZER_VERSION).items():
        try:
            found[article_id] = analysis_from_json(raw)
        except StoreError as exc:
            log.warning("article %s: cached analysis unreadable, recomputing: %s", article_id, exc)
    return found


def _worth_retrying(analysis: Analysis, budget: float | None) -> bool:
    """A skip under a smaller budget than today's (None: no budget at all) is tried again."""
    if analysis.skipped is None:
        return False
    return budget is None or (analysis.budget_seconds or 0) < budget


def analyses_for(
    conn: Connection, stored: Sequence[StoredLike], analyzer: Analyzer | None = None
) -> dict[int, Analysis]:
    """The analysis of every article in ``stored``: cached where valid, else computed and saved.

    ``analyzer`` defaults to this process's (``current_analyzer``): worker processes with a
    time budget in the server, inline elsewhere. Their attributed quotes go into the speaker
    index (``bot.who.index``) at the same time, for any article not yet indexed from this
    analyser version.
    """
    analyzer = analyzer or current_analyzer()
    ids = [s.id for s in stored]
    cached = _read_cached(conn, ids)
    found = {i: a for i, a in cached.items() if not _worth_retrying(a, analyzer.budget_seconds)}
    todo = [s for s in stored if s.id not in found]
    fresh = dict(zip((s.id for s in todo), analyzer([s.article for s in todo]), strict=True))
    cache_analyses(conn, {i: analysis_to_json(a) for i, a in fresh.items()}, ANALYZER_VERSION)
    every = found | fresh
    index_analyses(conn, stored, every)
    return every
