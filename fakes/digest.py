"""Fakes for digest tests: invented articles and a direct writer of stored rows.

``store_article`` writes an ``articles`` row and its ``article_terms`` exactly as the ingest
writer indexes them, with full control over ``first_seen``, ``seen_only`` and ``duplicate_of``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import Connection, insert

from bot.model import Article, Quote
from bot.store.schema import article_terms, articles, newest_key
from bot.text.terms import index_terms

T0 = datetime(2026, 11, 27, 9, 0, tzinfo=UTC)


def article(
    title: str,
    *paragraphs: str,
    url: str | None = None,
    outlet: str | None = None,
    agency: str | None = None,
    published: datetime | None = None,
) -> Article:
    return Article(
        title=title,
        paragraphs=paragraphs or (title,),
        url=url,
        outlet=outlet,
        agency=agency,
        published=published,
    )


def store_article(
    conn: Connection,
    item: Article,
    *,
    first_seen: datetime = T0,
    seen_only: bool = False,
    duplicate_of: int | None = None,
) -> int:
    row = conn.execute(
        insert(articles).values(
            url=item.url,
            title=item.title,
            outlet=item.outlet,
            agency=item.agency,
            published=item.published,
            body=item.text,
            fingerprint=item.fingerprint,
            duplicate_of=duplicate_of,
            seen_only=seen_only,
            first_seen=first_seen,
            last_seen=first_seen,
            analysis_version=0,
        )
    )
    article_id = int(row.inserted_primary_key[0])
    terms = sorted(index_terms(item.title, item.paragraphs))
    if terms:
        newest = newest_key(item.published, first_seen)
        rows = [{"term": t, "article_id": article_id, "newest": newest} for t in terms]
        conn.execute(insert(article_terms), rows)
    return article_id


@dataclass(frozen=True)
class FakeAnalysis:
    """Quotes and summary as the NLP analyser would give them, written by hand."""

    quotes: tuple[Quote, ...] = ()
    summary: tuple[str, ...] = ()


def quote_in(item: Article, text: str, speaker: str | None = None) -> Quote:
    """The verbatim quote ``text`` of ``item``, with its offsets in ``item.text``."""
    start = item.text.index(text)
    return Quote(text=text, start=start, end=start + len(text), speaker=speaker)


def analysis_of(item: Article, *quotes: tuple[str, str | None]) -> FakeAnalysis:
    return FakeAnalysis(
        quotes=tuple(quote_in(item, text, speaker) for text, speaker in quotes),
        summary=(item.paragraphs[0],),
    )
