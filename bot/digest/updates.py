"""Stories a channel already got: shown again only as an update, with only what is new.

A scheduled digest clusters the channel's recently sent articles with the new ones, so a new
report of an event the channel has seen joins that event's story. Such a story is

- left out when it brings nothing new (rule "nothing new, never repeated");
- otherwise shown once as an update holding only what is new: its new sources (rule "a new
  source is a new outlet": another page of an outlet already shown is not one) and its new
  quotes (rule "a new quote was never shown": not the same quote, see ``same_quote``, as any
  quote the channel was shown of the story, nor as any quote of its sent articles).

Its new quotes go into the thread of the earlier digest that holds the story's quotes while
that digest is recent (rule "thread while recent": posted within ``thread_window``), else into
today's digest's thread. Pure: ``bot.store.story_history`` reads and records the history.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import replace
from datetime import datetime, timedelta

from bot.digest.stories import (
    KEY_QUOTES,
    Item,
    merge_quotes,
    order_best_first,
    same_quote,
    story_sources,
)
from bot.digest.utterances import whole_utterances, with_named_speaker
from bot.model import Quote, SentStory, Source, Story, StoryUpdate
from bot.nlp.ranking import key_quotes
from bot.text.keys import source_identity

DEFAULT_THREAD_WINDOW = timedelta(days=3)


def _identity(source: Source) -> str:
    return source_identity(source.outlet, source.url)


def _new_sources(new: Sequence[Item], shown: set[str]) -> tuple[Source, ...]:
    out: list[Source] = []
    for source in story_sources(new):
        identity = _identity(source)
        if identity not in shown:
            shown.add(identity)
            out.append(source)
    return tuple(out)


def _new_quotes(new: Sequence[Item], shown: Sequence[Quote]) -> tuple[Quote, ...]:
    quotes = (with_named_speaker(q) for q in merge_quotes(new))
    return tuple(q for q in quotes if not any(same_quote(q, s) for s in shown))


def _thread(earlier: Sequence[SentStory], now: datetime, window: timedelta) -> str | None:
    """Rule "thread while recent"."""
    latest = max(earlier, key=lambda s: (s.thread_at is not None, s.thread_at or now))
    if latest.thread_ts and latest.thread_at and now - latest.thread_at <= window:
        return latest.thread_ts
    return None


def _first_sent(earlier: Iterable[SentStory]) -> datetime | None:
    times = [s.first_sent for s in earlier if s.first_sent is not None]
    return min(times) if times else None


def as_update(
    story: Story,
    items: Sequence[Item],
    sent: frozenset[int],
    earlier: Sequence[SentStory],
    *,
    now: datetime,
    thread_window: timedelta = DEFAULT_THREAD_WINDOW,
) -> Story | None:
    """``story`` (made of ``items``, some of them in ``sent``) as an update, or None when it
    brings nothing new or the channel's record of it is unknown (sent before updates were
    recorded: then it stays out, as it always did)."""
    if not earlier:
        return None
    new = order_best_first([it for it in items if it.id not in sent])
    if not new:
        return None
    old = [it for it in items if it.id in sent]
    shown_sources = {i for s in earlier for i in s.sources}
    shown_sources.update(_identity(s) for s in story_sources(old))
    shown_quotes = [q for s in earlier for q in s.quotes] + [q for it in old for q in it.quotes]
    sources = _new_sources(new, shown_sources)
    quotes = _new_quotes(new, shown_quotes)
    if not sources and not quotes:
        return None
    best = new[0].article
    chosen = key_quotes(list(quotes), title=best.title, text=best.text)
    # Recorded under the key it was first sent with, so every later update finds it.
    original = min(earlier, key=lambda s: (s.first_sent or now, s.key))
    return replace(
        story,
        id=original.key,
        summary=(),
        key_quotes=whole_utterances(chosen[:KEY_QUOTES], quotes),
        quotes=quotes,
        sources=sources,
        update=StoryUpdate(
            first_sent=_first_sent(earlier), thread_ts=_thread(earlier, now, thread_window)
        ),
    )


def earlier_of(story: Story, history: Mapping[int, SentStory]) -> list[SentStory]:
    """The channel's records of the stories ``story``'s articles were sent in."""
    found: dict[str, SentStory] = {}
    for article_id in story.article_ids:
        record = history.get(article_id)
        if record is not None:
            found.setdefault(record.key, record)
    return list(found.values())


def by_article(history: Iterable[SentStory]) -> dict[int, SentStory]:
    return {a: s for s in history for a in s.article_ids}
