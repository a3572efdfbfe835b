"""Build a topic digest from articles and their analyses. Pure: no store, no clock.

Ranking. Each story gets

    score = match × (1 + ln(sources)) / (1 + age_hours / 24)

- ``match``: the best ``match_score`` of its articles against the topic (about 0.6-1.4);
- ``sources``: how many distinct copies (outlets) report it, with diminishing returns;
- ``age_hours``: hours from the story's newest publication time (or, for articles without
  one, the time newsbot first saw them) to ``now``; never negative, and 24 when the story has
  no time at all (files read by ``--from``). The decay is hyperbolic, not exponential, so
  very old stories still rank among themselves instead of all scoring 0.

So a fresh single-source story (1.0) ranks with a day-old story from three outlets (1.05).
Ties go to the newer story, then to the title.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from typing import Protocol

from bot.digest.stories import Item, make_stories
from bot.digest.topics import Topic, match_score
from bot.digest.updates import DEFAULT_THREAD_WINDOW, SentStory, as_update, by_article, earlier_of
from bot.model import Article, Digest, Quote, Story

# After this many hours a story scores half what it did when new.
_DECAY_HOURS = 24.0
# A story without any time is ranked as if a day old: neither fresh nor stale.
_UNDATED_AGE_HOURS = 24.0
_OLDEST = datetime.min.replace(tzinfo=UTC)


class StoredLike(Protocol):
    """What the digest needs of a stored article (``bot.store.articles.StoredArticle``)."""

    @property
    def id(self) -> int: ...
    @property
    def article(self) -> Article: ...
    @property
    def first_seen(self) -> datetime | None: ...
    @property
    def duplicate_of(self) -> int | None: ...


class AnalysisLike(Protocol):
    """What the digest needs of an analysis (``bot.nlp.analyze.Analysis``)."""

    @property
    def quotes(self) -> tuple[Quote, ...]: ...
    @property
    def summary(self) -> tuple[str, ...]: ...


def latest_activity(story: Story) -> datetime | None:
    published = [s.published for s in story.sources if s.published is not None]
    if published:
        return max(published)
    return story.first_seen


def rank_score(story: Story, *, now: datetime) -> float:
    """The formula in the module docstring; ``story.score`` holds its match strength."""
    when = latest_activity(story)
    age_hours = max(0.0, (now - when).total_seconds() / 3600) if when else _UNDATED_AGE_HOURS
    sources = max(1, len(story.sources))
    return story.score * (1 + math.log(sources)) / (1 + age_hours / _DECAY_HOURS)


def to_items(
    articles: Sequence[StoredLike], analyses: Mapping[int, AnalysisLike], topic: Topic
) -> list[Item]:
    """The articles that match ``topic``, with their match strength and analysis."""
    items: list[Item] = []
    for stored in articles:
        match = match_score(topic, stored.article)
        if match <= 0:
            continue
        analysis = analyses.get(stored.id)
        items.append(
            Item(
                id=stored.id,
                article=stored.article,
                quotes=tuple(analysis.quotes) if analysis else (),
                summary=tuple(analysis.summary) if analysis else (),
                first_seen=stored.first_seen,
                duplicate_of=stored.duplicate_of,
                match=match,
            )
        )
    return items


def rank_stories(stories: Sequence[Story], *, now: datetime, limit: int) -> list[Story]:
    return _rank_shown([(s, s) for s in stories], now=now, limit=limit)


def _rank_shown(pairs: Sequence[tuple[Story, Story]], *, now: datetime, limit: int) -> list[Story]:
    """Rank (whole story, what is shown of it) pairs by the whole story: an update competes
    with everything its event has, though it shows only what is new."""
    scored = [
        (replace(shown, score=round(rank_score(whole, now=now), 6)), latest_activity(whole))
        for whole, shown in pairs
    ]
    scored.sort(key=lambda p: p[0].title)
    scored.sort(key=lambda p: (p[0].score, p[1] or _OLDEST), reverse=True)
    return [shown for shown, _ in scored[: max(0, limit)]]


def build_digest(
    articles: Sequence[StoredLike],
    analyses: Mapping[int, AnalysisLike],
    topic: Topic,
    *,
    now: datetime,
    window_start: datetime | None,
    window_end: datetime | None,
    limit: int,
    already_sent: frozenset[int] = frozenset(),
    history: Sequence[SentStory] = (),
    thread_window: timedelta = DEFAULT_THREAD_WINDOW,
) -> Digest:
    """The ``limit`` best stories about ``topic`` among ``articles``, best first.

    A story holding any article of ``already_sent`` (the channel has it) comes back only as
    an update with what is new since, as ``history`` records what was shown
    (``bot.digest.updates``); with nothing new it is left out. (Pass those articles in
    ``articles`` too, so that new reports of the same event join them.)
    """
    items = to_items(articles, analyses, topic)
    by_id = {item.id: item for item in items}
    sent_in = by_article(history)
    pairs: list[tuple[Story, Story]] = []
    for story in make_stories(items):
        if already_sent.isdisjoint(story.article_ids):
            pairs.append((story, story))
            continue
        members = [by_id[i] for i in story.article_ids if i in by_id]
        earlier = earlier_of(story, sent_in)
        update = as_update(
            story, members, already_sent, earlier, now=now, thread_window=thread_window
        )
        if update is not None:
            pairs.append((story, update))
    ranked = _rank_shown(pairs, now=now, limit=limit)
    return Digest(
        topic=topic.slug,
        topic_name=topic.name,
        generated_at=now,
        stories=tuple(ranked),
        window_start=window_start,
        window_end=window_end,
        extra={"candidates": len(articles), "matched": len(items)},
    )
