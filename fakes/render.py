"""Builders of Digest/Story/Quote values with invented but realistic news text, for tests
of the renderer and of anything that posts rendered digests."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

from bot.model import Digest, Quote, Source, Story
from bot.render.limits import text_objects

GENERATED = datetime(2026, 11, 28, 8, 0, tzinfo=UTC)

BODY = (
    "Officials from both delegations met for four hours in Vienna on Friday. "
    '"We have agreed to keep talking, and that is not nothing," said Marta Kowalski, '
    "the lead negotiator. "
    '"Nobody should expect a breakthrough before spring," a senior adviser told reporters.'
)


def make_quote(
    text: str = "We have agreed to keep talking, and that is not nothing,",
    *,
    speaker: str | None = "Marta Kowalski",
    speaker_title: str | None = "lead negotiator",
    source_url: str | None = None,
) -> Quote:
    start = BODY.find(text)
    start = max(start, 0)
    return Quote(
        text=text,
        start=start,
        end=start + len(text),
        speaker=speaker,
        speaker_title=speaker_title,
        source_url=source_url,
    )


def make_source(
    outlet: str | None = "Danube Courier",
    url: str | None = "https://courier.example/world/vienna-talks",
    *,
    agency: str | None = "Reuters",
    published: datetime | None = GENERATED - timedelta(hours=5),
) -> Source:
    return Source(outlet=outlet, url=url, agency=agency, published=published)


def make_story(
    number: int = 1,
    *,
    title: str | None = None,
    summary: tuple[str, ...] | None = None,
    key_quotes: tuple[Quote, ...] | None = None,
    quotes: tuple[Quote, ...] | None = None,
    sources: tuple[Source, ...] | None = None,
) -> Story:
    key = (make_quote(),) if key_quotes is None else key_quotes
    everyone = (
        *key,
        make_quote("Nobody should expect a breakthrough before spring,", speaker=None),
    )
    return Story(
        id=f"story-{number}",
        title=title if title is not None else f"Vienna talks resume for round {number}",
        summary=summary
        if summary is not None
        else (
            "Negotiators met for four hours in Vienna on Friday.",
            "Both sides agreed to meet again next month.",
        ),
        key_quotes=key,
        quotes=everyone if quotes is None else quotes,
        sources=(make_source(),) if sources is None else sources,
        published=GENERATED - timedelta(hours=5),
    )


def make_digest(*stories: Story, topic: str = "vienna-talks", name: str = "Vienna talks") -> Digest:
    return Digest(
        topic=topic,
        topic_name=name,
        generated_at=GENERATED,
        stories=stories,
        window_start=GENERATED - timedelta(hours=24),
        window_end=GENERATED,
    )


def all_strings(value: Any) -> Iterator[str]:
    """Every string anywhere in a payload (keys excluded)."""
    if isinstance(value, dict):
        for child in value.values():
            yield from all_strings(child)
    elif isinstance(value, list):
        for child in value:
            yield from all_strings(child)
    elif isinstance(value, str):
        yield value


def block_texts(message: dict[str, Any]) -> list[str]:
    """The mrkdwn/plain text of every text object in a message's blocks, in order."""
    return [obj["text"] for obj in text_objects(message["blocks"])]
