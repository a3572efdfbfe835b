"""Which stored articles may belong in a topic digest, found through the term index.

``candidate_ids`` is a pre-selection: it needs one indexed word of each phrase (a multi-word
alias such as "bank of england" is looked up by its longest word), so callers confirm every
candidate with ``bot.text.topics.match_score``. Only SQL that SQLite and PostgreSQL both run.

Why it stays flat as the store grows (docs/digests.md, "How a digest is made"): a topic is a
few *groups* of indexed words, and an article needs one word of every group. One group drives.
Without a time window, each of its words is read off the index on (term, newest) newest first;
each row is checked against the other groups and the filters, and the read stops at ``limit``
rows that pass. The per-word lists are then merged. The newest ``limit`` of the union are among
the newest ``limit`` of each list, so the result is exactly the old "aggregate everything,
sort, cut" one. With a narrow window of first sight (a scheduled digest's day), the driving
words' rows are read from the window's lowest article id on instead, which bounds the work by
the window whatever the store holds (ids grow as articles are first seen).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache

from sqlalchemy import (
    ColumnElement,
    Connection,
    Select,
    and_,
    bindparam,
    func,
    literal,
    or_,
    select,
    union_all,
)

from bot.store.db import guarded
from bot.store.inserts import insert_absent
from bot.store.schema import article_terms, articles, sent_articles
from bot.text.topics import Term, Topic

DEFAULT_LIMIT = 200
# A group with fewer index rows than this is cheap to read whole; the rarest group drives.
RARE_GROUP_ROWS = 1000
# A window of first sight spanning at most this many article ids (a day or two of a busy
# newsroom: a scheduled digest's window) is read whole by id range, which bounds the work;
# a wider one by walking the newest-first index, which stops at the limit.
NARROW_WINDOW_IDS = 20_000

Group = frozenset[str]


def _groups(topic: Topic) -> list[Group]:
    """The word groups an article must each hold one of: one per ``all`` term, one for ``any``."""
    groups = [t.key_words() for t in topic.all_terms]
    if topic.any_terms:
        groups.append(frozenset().union(*(t.key_words() for t in topic.any_terms)))
    return groups


def _single_words(terms: Sequence[Term]) -> list[str]:
    # Only one-word phrases can be excluded in SQL; phrases are checked by the caller.
    return sorted({p[0] for t in terms for p in t.phrases if len(p) == 1})


# Statements are built once per shape and take the words as parameters: building the
# expression objects anew for every call cost more than running the queries.
_OTHER = article_terms.alias("other_terms")
# The window's lowest id and the store's highest, in one round trip. "+ 0": PostgreSQL would
# otherwise walk the primary key from id 1 hoping for an early hit, not knowing that recent
# first sights are all at the end.
_WINDOW = select(
    select(func.min(articles.c.id + 0))
    .where(articles.c.first_seen >= bindparam("since"))
    .scalar_subquery(),
    select(func.max(articles.c.id)).scalar_subquery(),
)


@dataclass(frozen=True)
class _Shape:
    """What a driving word's statement looks like; the values are bound parameters."""

    others: int  # how many other groups the article must hold a word of
    excluded: bool
    since: bool
    seen_only_out: bool
    sent: bool
    ranged: bool  # from an id on (the caller sorts) instead of the newest ``limit``
    limit: int


def _probe(*conditions: ColumnElement[bool], found: bool = True) -> ColumnElement[bool]:
    """Whether a row meets ``conditions`` (or, ``found=False``, none does), looked up per row.

    Written as "(SELECT 1 ... LIMIT 1) IS [NOT] NULL", not EXISTS: PostgreSQL turns an EXISTS
    into a hash join or a hashed subplan that first reads every row of the other words (tens
    of thousands on a big store); a scalar subquery stays one index probe per row read, so the
    read still stops at the limit.
    """
    first = select(literal(1)).where(*conditions).limit(1).scalar_subquery()
    return first.is_not(None) if found else first.is_(None)


def _holds(param: str, *, found: bool = True) -> ColumnElement[bool]:
    """The driving row's article holds (or not) one of the words ``param``."""
    return _probe(
        _OTHER.c.article_id == article_terms.c.article_id,
        _OTHER.c.term.in_(bindparam(param, expanding=True)),
        found=found,
    )


def _not_sent() -> ColumnElement[bool]:
    """Neither the article nor the original it copies was sent to the channel.

    A syndicated copy of an article the channel already got is not news to it either. Two
    look-ups rather than one with OR: each is a primary-key probe of ``sent_articles``, where
    an OR made PostgreSQL scan the channel's whole history for every candidate.
    """

    def unsent(article_id: ColumnElement[int | None]) -> ColumnElement[bool]:
        return _probe(
            sent_articles.c.team_id == bindparam("team_id"),
            sent_articles.c.channel_id == bindparam("channel_id"),
            sent_articles.c.article_id == article_id,
            found=False,
        )

    original_unsent = or_(articles.c.duplicate_of.is_(None), unsent(articles.c.duplicate_of))
    return and_(unsent(articles.c.id), original_unsent)


def _word_statement(shape: _Shape, position: int) -> Select[int, int]:
    """(id, newest) of articles holding ``:word<position>`` that pass every condition."""
    query = select(article_terms.c.article_id, article_terms.c.newest).where(
        article_terms.c.term == bindparam(f"word{position}"),
        *(_holds(f"group{i}") for i in range(shape.others)),
    )
    if shape.excluded:
        query = query.where(_holds("excluded", found=False))
    filters: list[ColumnElement[bool]] = []
    if shape.since:
        filters.append(articles.c.first_seen >= bindparam("since"))
    if shape.seen_only_out:
        filters.append(articles.c.seen_only.is_(False))
    if shape.sent:
        filters.append(_not_sent())
    if filters:
        query = query.join(articles, articles.c.id == article_terms.c.article_id).where(*filters)
    if shape.ranged:
        return query.where(article_terms.c.article_id >= bindparam("start"))
    order = (article_terms.c.newest.desc(), article_terms.c.article_id.desc())
    return query.order_by(*order).limit(shape.limit)


@lru_cache(maxsize=256)
def _words_statement(shape: _Shape, words: int) -> Select[int, int]:
    """Every driving word's rows in one round trip (a UNION ALL of indexed reads)."""
    if words == 1:
        return _word_statement(shape, 0)
    parts = [_word_statement(shape, i).subquery() for i in range(words)]
    union = union_all(*(select(part) for part in parts)).subquery()
    return select(union.c.article_id, union.c.newest)


@lru_cache(maxsize=32)
def _probe_statement(groups: int, ranged: bool, cap: int) -> Select[int, int]:
    """Each group's index rows (from ``:start`` on), counted up to ``cap``."""
    counts = []
    for i in range(groups):
        rows = select(literal(1)).where(
            article_terms.c.term.in_(bindparam(f"words{i}", expanding=True))
        )
        if ranged:
            rows = rows.where(article_terms.c.article_id >= bindparam("start"))
        counted = select(func.count()).select_from(rows.limit(cap).subquery())
        counts.append(select(literal(i).label("position"), counted.scalar_subquery()))
    return select(union_all(*counts).subquery())


def _driver(conn: Connection, groups: Sequence[Group], start: int | None) -> int:
    """The position of the group to read from: the rarest, else the first of the topic.

    Rows are counted only up to RARE_GROUP_ROWS, so the look-up costs little on any store.
    """
    if len(groups) == 1:
        return 0
    probe = _probe_statement(len(groups), start is not None, RARE_GROUP_ROWS)
    params: dict[str, object] = {f"words{i}": sorted(g) for i, g in enumerate(groups)}
    sizes = {i: n for i, n in conn.execute(probe, params | {"start": start})}
    return min(range(len(groups)), key=lambda i: (sizes[i], i))


def _is_narrow(lowest: int, highest: int) -> bool:
    """Whether the ids from ``lowest`` on are few enough to read whole (NARROW_WINDOW_IDS)."""
    return highest - lowest + 1 <= NARROW_WINDOW_IDS


def _select(
    conn: Connection,
    topic: Topic,
    since: datetime | None,
    exclude_sent_to: tuple[str, str] | None,
    include_seen_only: bool,
    limit: int,
) -> list[int]:
    groups = _groups(topic)
    if not groups or limit <= 0:
        return []
    start = None
    if since is not None:
        lowest, highest = conn.execute(_WINDOW, {"since": since}).one()
        if lowest is None:
            return []
        # A wide window: the newest-first walk, with the since filter, finds the limit sooner.
        start = int(lowest) if _is_narrow(lowest, highest) else None
    lead = _driver(conn, groups, start)
    others = [sorted(g) for i, g in enumerate(groups) if i != lead]
    excluded = _single_words(topic.exclude)
    team_id, channel_id = exclude_sent_to or (None, None)
    shape = _Shape(
        others=len(others),
        excluded=bool(excluded),
        since=since is not None,
        seen_only_out=not include_seen_only,
        sent=exclude_sent_to is not None,
        ranged=start is not None,
        limit=limit,
    )
    words = sorted(groups[lead])
    params: dict[str, object] = {f"group{i}": g for i, g in enumerate(others)}
    params |= {f"word{i}": word for i, word in enumerate(words)}
    params |= {
        "excluded": excluded,
        "since": since,
        "team_id": team_id,
        "channel_id": channel_id,
        "start": start,
    }
    # Top ``limit`` per driving word, then the merge.
    rows = conn.execute(_words_statement(shape, len(words)), params)
    newest = {article_id: key for article_id, key in rows}
    ranked = sorted(newest, key=lambda i: (newest[i], i), reverse=True)
    return ranked[:limit]


def candidate_ids(
    conn: Connection,
    topic: Topic,
    *,
    since: datetime | None = None,
    exclude_sent_to: tuple[str, str] | None = None,
    include_seen_only: bool = False,
    limit: int = DEFAULT_LIMIT,
) -> list[int]:
    """Ids of articles that may match ``topic``, newest (published, else first seen) first.

    ``since`` bounds the time newsbot first saw an article; ``exclude_sent_to`` is a
    ``(team_id, channel_id)`` whose already-sent articles (and their copies) are left out.
    """
    with guarded(f"select articles for topic {topic.slug!r}"):
        return _select(conn, topic, since, exclude_sent_to, include_seen_only, limit)


def sent_ids(
    conn: Connection, team_id: str, channel_id: str, *, since: datetime, limit: int = DEFAULT_LIMIT
) -> list[int]:
    """Articles sent to the channel at or after ``since``, most recently sent first."""
    query = (
        select(sent_articles.c.article_id)
        .where(
            sent_articles.c.team_id == team_id,
            sent_articles.c.channel_id == channel_id,
            sent_articles.c.sent_at >= since,
        )
        .order_by(sent_articles.c.sent_at.desc(), sent_articles.c.article_id.desc())
        .limit(limit)
    )
    with guarded(f"read sent articles of {channel_id}"):
        return [row[0] for row in conn.execute(query)]


def sent_among(
    conn: Connection, team_id: str, channel_id: str, article_ids: Iterable[int]
) -> set[int]:
    """Which of ``article_ids`` the channel has been sent (by any digest, shared or not)."""
    wanted = sorted(set(article_ids))
    if not wanted:
        return set()
    query = select(sent_articles.c.article_id).where(
        sent_articles.c.team_id == team_id,
        sent_articles.c.channel_id == channel_id,
        sent_articles.c.article_id.in_(wanted),
    )
    with guarded(f"read sent articles of {channel_id}"):
        return {row[0] for row in conn.execute(query)}


def mark_sent(
    conn: Connection, team_id: str, channel_id: str, article_ids: Iterable[int], now: datetime
) -> int:
    """Record that a channel got these articles; already-recorded ones are kept as they were.

    Returns how many rows were new.
    """
    rows = [
        {"team_id": team_id, "channel_id": channel_id, "article_id": i, "sent_at": now}
        for i in sorted(set(article_ids))
    ]
    if not rows:
        return 0
    statement = (
        insert_absent(conn.dialect.name, sent_articles)
        .values(rows)
        .returning(sent_articles.c.article_id)
    )
    with guarded(f"record sent articles for {channel_id}"):
        return len(conn.execute(statement).all())
