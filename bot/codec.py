"""Digest <-> JSON-ready dicts. The one place that knows the digest's JSON field names.

Used by ``newsbot digest --format json``, by the store (a digest is saved with each Slack
message so "Full quotes" needs no history read) and by the renderer's tests.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from bot.model import Digest, Quote, Source, Story, StoryUpdate


def _time(value: datetime | None) -> str | None:
    return value.isoformat() if value else None


def _parse_time(value: Any) -> datetime | None:
    return datetime.fromisoformat(value) if value else None


def quote_to_dict(quote: Quote) -> dict[str, Any]:
    data = quote.as_json()
    data["utterance"] = quote.utterance
    data["source_url"] = quote.source_url
    data["source_outlet"] = quote.source_outlet
    return data


def quote_from_dict(data: dict[str, Any]) -> Quote:
    return Quote(
        text=data["text"],
        start=int(data["start"]),
        end=int(data["end"]),
        speaker=data.get("speaker"),
        speaker_title=data.get("speaker_title"),
        utterance=int(data.get("utterance", 0)),
        source_url=data.get("source_url"),
        source_outlet=data.get("source_outlet"),
    )


def source_to_dict(source: Source) -> dict[str, Any]:
    return {
        "outlet": source.outlet,
        "agency": source.agency,
        "url": source.url,
        "published": _time(source.published),
    }


def source_from_dict(data: dict[str, Any]) -> Source:
    return Source(
        outlet=data.get("outlet"),
        agency=data.get("agency"),
        url=data.get("url"),
        published=_parse_time(data.get("published")),
    )


def story_to_dict(story: Story) -> dict[str, Any]:
    return {
        "id": story.id,
        "title": story.title,
        "summary": list(story.summary),
        "key_quotes": [quote_to_dict(q) for q in story.key_quotes],
        "quotes": [quote_to_dict(q) for q in story.quotes],
        "sources": [source_to_dict(s) for s in story.sources],
        "first_seen": _time(story.first_seen),
        "published": _time(story.published),
        "score": story.score,
        "article_ids": list(story.article_ids),
        "update": update_to_dict(story.update) if story.update else None,
    }


def update_to_dict(update: StoryUpdate) -> dict[str, Any]:
    return {"first_sent": _time(update.first_sent), "thread_ts": update.thread_ts}


def update_from_dict(data: dict[str, Any]) -> StoryUpdate:
    thread = data.get("thread_ts")
    return StoryUpdate(
        first_sent=_parse_time(data.get("first_sent")),
        thread_ts=str(thread) if thread else None,
    )


def story_from_dict(data: dict[str, Any]) -> Story:
    return Story(
        id=data["id"],
        title=data["title"],
        summary=tuple(data.get("summary", ())),
        key_quotes=tuple(quote_from_dict(q) for q in data.get("key_quotes", ())),
        quotes=tuple(quote_from_dict(q) for q in data.get("quotes", ())),
        sources=tuple(source_from_dict(s) for s in data.get("sources", ())),
        first_seen=_parse_time(data.get("first_seen")),
        published=_parse_time(data.get("published")),
        score=float(data.get("score", 0.0)),
        article_ids=tuple(int(i) for i in data.get("article_ids", ())),
        update=update_from_dict(data["update"]) if data.get("update") else None,
    )


def digest_to_dict(digest: Digest) -> dict[str, Any]:
    return {
        "topic": digest.topic,
        "topic_name": digest.topic_name,
        "generated_at": _time(digest.generated_at),
        "window_start": _time(digest.window_start),
        "window_end": _time(digest.window_end),
        "stories": [story_to_dict(s) for s in digest.stories],
    }


def digest_from_dict(data: dict[str, Any]) -> Digest:
    generated = _parse_time(data["generated_at"])
    if generated is None:
        raise ValueError("digest JSON has no generated_at")
    return Digest(
        topic=data["topic"],
        topic_name=data.get("topic_name", data["topic"]),
        generated_at=generated,
        window_start=_parse_time(data.get("window_start")),
        window_end=_parse_time(data.get("window_end")),
        stories=tuple(story_from_dict(s) for s in data.get("stories", ())),
    )
