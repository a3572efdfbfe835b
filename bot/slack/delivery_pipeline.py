"""The digest side of delivery: what it reads of a subscription, and the functions it calls.

Injected into ``Deliverer`` (``Pipeline``) so tests and the bench can swap them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Protocol

from sqlalchemy import Connection, Engine

from bot.config import Settings
from bot.digest.service import scheduled_digest
from bot.model import Digest, Story
from bot.render.env import load_templates
from bot.render.messages import render_digest, render_full_quotes
from bot.slack.delivery_errors import paused_note
from bot.slack.delivery_parts import Message
from bot.store.selection import mark_sent
from bot.store.story_history import record_delivered_stories
from bot.text.topics import load_topics


class Subscription(Protocol):
    """What delivery reads of a subscription (``bot.store.subscriptions.SubscriptionRow``)."""

    @property
    def id(self) -> int: ...
    @property
    def team_id(self) -> str: ...
    @property
    def channel_id(self) -> str: ...
    @property
    def topic(self) -> str: ...
    @property
    def timezone(self) -> str: ...
    @property
    def hour(self) -> int: ...
    @property
    def minute(self) -> int: ...
    @property
    def created_by(self) -> str | None: ...


@dataclass(frozen=True)
class Pipeline:
    """The digest-side functions delivery calls; injected so tests and the bench can swap them."""

    build: Callable[[Subscription, datetime | None, datetime], Digest]
    render_digest: Callable[[Digest, str], list[Message]]
    render_quotes: Callable[[Story], list[Message]]
    mark_sent: Callable[[Connection, str, str, list[int], datetime], object]
    # (topic, channel_id, reason) -> the DM telling a subscriber their digest was paused
    render_paused: Callable[[str, str, str], Message] = paused_note
    # (conn, team_id, channel_id, digest, root ts, now): which stories and quotes went out
    record_stories: Callable[[Connection, str, str, Digest, str, datetime], object] = (
        record_delivered_stories
    )


def default_pipeline(engine: Engine, settings: Settings) -> Pipeline:
    """The real digest side; topics and templates are read once, so a broken topics file or
    templates folder fails at start."""
    topics = load_topics(settings.topics_path)
    templates = load_templates(settings.templates_path)

    def build(sub: Subscription, since: datetime | None, now: datetime) -> Digest:
        return scheduled_digest(
            engine,
            sub.topic,
            topics=topics,
            team_id=sub.team_id,
            channel_id=sub.channel_id,
            since=since,
            now=now,
            window_hours=settings.digest_window_hours,
            limit=settings.digest_max_stories,
            thread_window=timedelta(days=settings.update_thread_window_days),
        )

    def render(digest: Digest, digest_id: str) -> list[Message]:
        return render_digest(digest, digest_id=digest_id, templates=templates)

    def render_quotes(story: Story) -> list[Message]:
        return render_full_quotes(story, templates=templates)

    def render_paused(topic: str, channel_id: str, reason: str) -> Message:
        return paused_note(topic, channel_id, reason, templates)

    return Pipeline(build, render, render_quotes, mark_sent, render_paused)
