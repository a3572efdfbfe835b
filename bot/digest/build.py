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

from bot.digest.stories import Item, cluster, outline_story, with_quotes
from bot.digest.updates import DEFAULT_THREAD_WINDOW, as_update, by_article, earlier_of
from bot.model import Article, Digest, Quote, SentStory, Story
from bot.text.topics import Topic, match_score

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
    articles: Sequence[StoredLike],
    analyses: Mapping[int, AnalysisLike],
    topic: Topic,
    matches: Mapping[int, float] | None = None,
) -> list[Item]:
    """The articles that match ``topic``, with their match strength and analysis.

    ``matches`` holds strengths the caller already computed, by article id (the service
    confirms matches before analysing); any other article is scored here.
    """
    known = matches or {}
    items: list[Item] = []
    for stored in articles:
        match = known.get(stored.id)
        if match is None:
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
    pairs = [(s, s) for s in stories]
    return [replace(stories[i], score=score) for i, score in _ranking(pairs, now=now, limit=limit)]


def _ranking(
    pairs: Sequence[tuple[Story, Story]], *, now: datetime, limit: int
) -> list[tuple[int, float]]:
    """The positions of the ``limit`` best (whole story, what is shown of it) pairs, best
    first, with their scores. Pairs rank by the whole story: an update competes with
    everything its event has, though it shows only what is new."""
    scored = [
        (i, round(rank_score(whole, now=now), 6), latest_activity(whole), shown.title)
        for i, (whole, shown) in enumerate(pairs)
    ]
    scored.sort(key=lambda p: p[3])
    scored.sort(key=lambda p: (p[1], p[2] or _OLDEST), reverse=True)
    return [(i, score) for i, score, _, _ in scored[: max(0, limit)]]


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
    matches: Mapping[int, float] | None = None,
) -> Digest:
    """The ``limit`` best stories about ``topic`` among ``articles``, best first.

    A story holding any article of ``already_sent`` (the channel has it) comes back only as
    an update with what is new since, as ``history`` records what was shown
    (``bot.digest.updates``); with nothing new it is left out. (Pass those articles in
    ``articles`` too, so that new reports of the same event join them.) ``matches``: see
    ``to_items``.
    """
    items = to_items(articles, analyses, topic, matches)
    by_id = {item.id: item for item in items}
    sent_in = by_article(history)
    # Every cluster is outlined and ranked; only the stories shown get their quotes merged
    # and chosen (an update brings its own).
    pairs: list[tuple[Story, Story]] = []
    to_quote: list[list[Item] | None] = []
    for group in cluster(items):
        story = outline_story(group)
        if already_sent.isdisjoint(story.article_ids):
            pairs.append((story, story))
            to_quote.append(group)
            continue
        members = [by_id[i] for i in story.article_ids if i in by_id]
        earlier = earlier_of(story, sent_in)
        update = as_update(
            story, members, already_sent, earlier, now=now, thread_window=thread_window
        )
        if update is not None:
            pairs.append((story, update))
            to_quote.append(None)
    ranked = []
    for i, score in _ranking(pairs, now=now, limit=limit):
        shown, quoted_from = pairs[i][1], to_quote[i]
        if quoted_from is not None:
            shown = with_quotes(shown, quoted_from)
        ranked.append(replace(shown, score=score))
    return Digest(
        topic=topic.slug,
        topic_name=topic.name,
        generated_at=now,
        stories=tuple(ranked),
        window_start=window_start,
        window_end=window_end,
        extra={"candidates": len(articles), "matched": len(items)},
    )
