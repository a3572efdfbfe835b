"""Article analyses -> rows of the speaker_quotes index (see ``bot.store.speaker_quotes``).

Called wherever analyses are made or read from the cache (``bot.digest.analysis_cache``), so
an article analysed for a digest, at ingest or by the backfill is in the index from then on,
from the same analyser version as its cached analysis.

Rule "only attributed quotes": a quote without a speaker, or whose speaker has no word in it,
is not indexed; nobody can ask for it by name.
Rule "said when published": a quote is dated by its article's publication time, else by when
newsbot first saw the article.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Protocol

from sqlalchemy import Connection

from bot.model import Article, Quote
from bot.nlp.analyze import ANALYZER_VERSION
from bot.store.speaker_quotes import IndexedArticle, QuoteRow, indexed_ids, replace_quotes
from bot.who.names import name_words


class StoredLike(Protocol):
    @property
    def id(self) -> int: ...
    @property
    def article(self) -> Article: ...
    @property
    def first_seen(self) -> datetime | None: ...


class HasQuotes(Protocol):
    @property
    def quotes(self) -> tuple[Quote, ...]: ...


def quote_rows(quotes: Sequence[Quote]) -> list[QuoteRow]:
    """Rule "only attributed quotes": the article's quotes that name a speaker, keyed."""
    rows = []
    for position, quote in enumerate(quotes):
        words = name_words(quote.speaker or "")
        if not words:
            continue
        assert quote.speaker is not None
        rows.append(
            QuoteRow(
                position=position,
                utterance=quote.utterance,
                speaker=quote.speaker,
                speaker_title=quote.speaker_title,
                name_key=" ".join(words),
                surname_key=words[-1],
                text=quote.text,
                start=quote.start,
                end=quote.end,
            )
        )
    return rows


def said_at(stored: StoredLike) -> datetime | None:
    """Rule "said when published"."""
    return stored.article.published or stored.first_seen


def index_analyses(
    conn: Connection, stored: Sequence[StoredLike], analyses: Mapping[int, HasQuotes]
) -> int:
    """Index those of ``stored`` not yet indexed from this analyser version; how many were."""
    wanted = [s for s in stored if s.id in analyses]
    done = indexed_ids(conn, [s.id for s in wanted], ANALYZER_VERSION)
    items = []
    for s in wanted:
        if s.id in done:
            continue
        when = said_at(s)
        rows = quote_rows(analyses[s.id].quotes) if when is not None else []
        items.append(IndexedArticle(s.id, when or datetime.min, rows))
    replace_quotes(conn, items, ANALYZER_VERSION)
    return len(items)
