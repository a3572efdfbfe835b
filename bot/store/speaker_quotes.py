"""The speaker_quotes index: attributed quotes by speaker, written per article, read by name.

Writes replace an article's rows whole (delete, then insert) and record the analyser version
in speaker_quote_state, so re-indexing an article never leaves a stale quote beside a new one.
Reads go through the (surname_key, said_at) and (name_key, said_at) indexes.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, delete, func, insert, or_, select

from bot.store.db import guarded
from bot.store.schema import articles, speaker_quote_state, speaker_quotes

_CHUNK = 500  # ids per IN (...): well under SQLite's variable limit


@dataclass(frozen=True, slots=True)
class QuoteRow:
    """One attributed quote of an article, ready for the index."""

    position: int
    utterance: int
    speaker: str
    speaker_title: str | None
    name_key: str
    surname_key: str
    text: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class IndexedArticle:
    article_id: int
    said_at: datetime
    quotes: Sequence[QuoteRow]


@dataclass(frozen=True, slots=True)
class SpeakerName:
    name_key: str
    speaker: str
    speaker_title: str | None


@dataclass(frozen=True, slots=True)
class FoundQuote:
    """A quote from the index with what a reader needs of its article."""

    article_id: int
    utterance: int
    position: int
    speaker: str
    speaker_title: str | None
    name_key: str
    text: str
    start: int
    end: int
    said_at: datetime
    title: str
    outlet: str | None
    url: str | None
    duplicate_of: int | None


@guarded("index quotes by speaker")
def replace_quotes(conn: Connection, items: Sequence[IndexedArticle], version: int) -> None:
    """The index rows of these articles become exactly ``items``' quotes, at ``version``."""
    ids = [item.article_id for item in items]
    for chunk in _chunks(ids):
        conn.execute(delete(speaker_quotes).where(speaker_quotes.c.article_id.in_(chunk)))
        conn.execute(delete(speaker_quote_state).where(speaker_quote_state.c.article_id.in_(chunk)))
    rows = [_row(item, quote) for item in items for quote in item.quotes]
    if rows:
        conn.execute(insert(speaker_quotes), rows)
    states = [{"article_id": i, "analyzer_version": version} for i in ids]
    if states:
        conn.execute(insert(speaker_quote_state), states)


@guarded("read the speaker index")
def indexed_ids(conn: Connection, ids: Sequence[int], version: int) -> set[int]:
    """Those of ``ids`` whose quotes are indexed from analyser ``version``."""
    found: set[int] = set()
    for chunk in _chunks(list(ids)):
        query = select(speaker_quote_state.c.article_id).where(
            speaker_quote_state.c.article_id.in_(chunk),
            speaker_quote_state.c.analyzer_version == version,
        )
        found.update(conn.execute(query).scalars())
    return found


@guarded("find articles not in the speaker index")
def pending_ids(conn: Connection, version: int, limit: int) -> list[int]:
    """Up to ``limit`` articles not indexed from analyser ``version``, newest id first."""
    state = speaker_quote_state
    query = (
        select(articles.c.id)
        .select_from(articles.outerjoin(state, state.c.article_id == articles.c.id))
        .where(or_(state.c.article_id.is_(None), state.c.analyzer_version != version))
        .order_by(articles.c.id.desc())
        .limit(limit)
    )
    return list(conn.execute(query).scalars())


def names_with_surname(conn: Connection, surname_key: str) -> list[SpeakerName]:
    """Every distinct (name, title) quoted under this surname."""
    q = speaker_quotes.c
    query = (
        select(q.name_key, q.speaker, q.speaker_title)
        .where(q.surname_key == surname_key)
        .distinct()
    )
    return [SpeakerName(key, speaker, title) for key, speaker, title in conn.execute(query)]


def name_keys(conn: Connection) -> list[str]:
    """Every distinct folded speaker name in the index (read from the name index alone)."""
    query = select(speaker_quotes.c.name_key).distinct()
    return list(conn.execute(query).scalars())


def names_as_written(conn: Connection, keys: Sequence[str]) -> dict[str, str]:
    """For each folded name key, one way it was written."""
    q = speaker_quotes.c
    query = select(q.name_key, func.min(q.speaker)).where(q.name_key.in_(list(keys)))
    return {key: name for key, name in conn.execute(query.group_by(q.name_key))}


def quotes_by(conn: Connection, name_keys: Sequence[str], limit: int) -> list[FoundQuote]:
    """The newest ``limit`` quotes of these speakers (by name key), newest first."""
    if not name_keys:
        return []
    q, a = speaker_quotes.c, articles.c
    query = (
        select(
            q.article_id,
            q.utterance,
            q.position,
            q.speaker,
            q.speaker_title,
            q.name_key,
            q.text,
            q.span_start.label("start"),
            q.span_end.label("end"),
            q.said_at,
            a.title,
            a.outlet,
            a.url,
            a.duplicate_of,
        )
        .select_from(speaker_quotes.join(articles, a.id == q.article_id))
        .where(q.name_key.in_(list(name_keys)))
        .order_by(q.said_at.desc(), q.article_id.desc(), q.position)
        .limit(limit)
    )
    return [FoundQuote(**row) for row in conn.execute(query).mappings()]


def _row(item: IndexedArticle, quote: QuoteRow) -> dict[str, Any]:
    return {
        "article_id": item.article_id,
        "position": quote.position,
        "utterance": quote.utterance,
        "speaker": quote.speaker,
        "speaker_title": quote.speaker_title,
        "name_key": quote.name_key[:255],
        "surname_key": quote.surname_key[:128],
        "text": quote.text,
        "span_start": quote.start,
        "span_end": quote.end,
        "said_at": item.said_at,
    }


def _chunks(values: Sequence[int]) -> Iterator[list[int]]:
    for start in range(0, len(values), _CHUNK):
        yield list(values[start : start + _CHUNK])
