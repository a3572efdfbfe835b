"""Fakes for delivery tests and the delivery bench: a scripted news pipeline and a deliverer.

``FakeNewsroom`` plays the digest side (build, render, mark_sent) over invented stories, so
delivery is tested on its own; it honours ``mark_sent`` the way the real selection does: a
channel never gets an article twice. ``subscribe`` and ``parts`` set up and read back a delivery.
"""

from __future__ import annotations

import dataclasses
import threading
from datetime import UTC, datetime, timedelta
from typing import Any

from slack_sdk import WebClient
from sqlalchemy import Connection, Engine

from bot.clock import FrozenClock
from bot.config import Settings
from bot.model import Digest, Quote, Source, Story
from bot.slack.clients import make_web_client
from bot.slack.delivery import Deliverer, Pipeline, Subscription
from bot.slack.pacing import ChannelPacer, RateTier
from bot.store.subscriptions import SubscriptionRow, add_subscription
from fakes.slack_api import FakeSlackApi

HEADLINES = (
    (
        "Harbour council approves tidal barrier",
        "Councillor Mara Ellis",
        "We cannot wait for another flood.",
    ),
    (
        "Regional rail strike called off",
        "Union steward Tom Okafor",
        "The offer is fair enough to put to members.",
    ),
    (
        "Lake Varn water levels hit record low",
        "Hydrologist Ines Duarte",
        "The reservoir has not been this empty since 1976.",
    ),
    (
        "City library extends night opening",
        "Librarian Paul Weber",
        "Students asked for it, and we listened.",
    ),
)


def story(index: int, article_id: int) -> Story:
    title, speaker, said = HEADLINES[index % len(HEADLINES)]
    text = f'"{said}" {speaker} said.'
    quote = Quote(text=said, start=1, end=1 + len(said), speaker=speaker)
    assert text[quote.start : quote.end] == said
    return Story(
        id=f"s{article_id}",
        title=title,
        summary=(f"{title}, officials said on Friday.",),
        key_quotes=(quote,),
        quotes=(quote, quote),
        sources=(Source(outlet="Harbour Gazette", url=f"https://gazette.example/{article_id}"),),
        article_ids=(article_id,),
    )


class FakeNewsroom:
    """A pipeline over ``per_topic`` stories per topic; the thread has ``quote_parts`` per story."""

    def __init__(self, per_topic: int = 2, quote_parts: int = 1) -> None:
        self.per_topic = per_topic
        self.quote_parts = quote_parts
        self.sent: dict[tuple[str, str], set[int]] = {}
        self.builds = 0
        self._lock = threading.Lock()
        self._next_id = 0
        self._articles: dict[str, list[int]] = {}

    def publish(self, topic: str, count: int) -> None:
        """New articles arrive for ``topic``."""
        with self._lock:
            for _ in range(count):
                self._next_id += 1
                self._articles.setdefault(topic, []).append(self._next_id)

    def build(self, sub: Subscription, since: datetime | None, now: datetime) -> Digest:
        with self._lock:
            self.builds += 1
            seen = self.sent.get((sub.team_id, sub.channel_id), set())
            fresh = [a for a in self._articles.get(sub.topic, []) if a not in seen]
        stories = tuple(story(i, a) for i, a in enumerate(fresh[: self.per_topic]))
        return Digest(
            topic=sub.topic, topic_name=sub.topic.title(), generated_at=now, stories=stories
        )

    def render_digest(self, digest: Digest, digest_id: str) -> list[dict[str, Any]]:
        if not digest.stories:
            return [{"text": f"Nothing new on {digest.topic_name} today."}]
        lines = "\n".join(f"• {s.title}" for s in digest.stories)
        return [
            {"text": f"{digest.topic_name} digest ({digest_id})\n{lines}", "unfurl_links": False}
        ]

    def render_quotes(self, story: Story) -> list[dict[str, Any]]:
        return [
            {"text": f"Full quotes ({i + 1}/{self.quote_parts}) for {story.title}"}
            for i in range(self.quote_parts)
        ]

    def mark_sent(
        self, conn: Connection, team_id: str, channel_id: str, ids: list[int], now: datetime
    ) -> None:
        with self._lock:
            self.sent.setdefault((team_id, channel_id), set()).update(ids)

    def pipeline(self) -> Pipeline:
        return Pipeline(self.build, self.render_digest, self.render_quotes, self.mark_sent)


def fake_settings(api_url: str, **overrides: Any) -> Settings:
    return dataclasses.replace(
        Settings(), slack_api_url=api_url, slack_bot_token="xoxb-test", **overrides
    )


def make_deliverer(
    engine: Engine,
    settings: Settings,
    newsroom: FakeNewsroom,
    clock: FrozenClock,
    *,
    worker: str = "test-worker",
    interval: float = 0.0,
    max_retry_after: float = 30,
    tier: RateTier | None = None,
) -> Deliverer:
    """A deliverer posting through ``settings``' Slack; no pacing unless ``interval``/``tier``."""

    def client_for(team_id: str) -> WebClient:
        return make_web_client(settings, max_retry_after=max_retry_after)

    return Deliverer(
        engine=engine,
        settings=settings,
        pipeline=newsroom.pipeline(),
        client_for=client_for,
        worker=worker,
        clock=clock,
        pacer=ChannelPacer(interval, tier=tier),
        max_retry_after=max_retry_after,
    )


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)  # type: ignore[misc]


NOW = utc(2026, 11, 28, 8, 0)  # 09:00 in Berlin: a subscription's delivery time


def subscribe(
    engine: Engine, channel: str = "C1", topic: str = "energy", team: str = "T1"
) -> SubscriptionRow:
    """U_ALICE's daily 09:00 (Berlin) subscription of ``channel``, made two days before NOW."""
    with engine.begin() as conn:
        return add_subscription(
            conn, team, channel, topic, 9, 0, "Europe/Berlin", "U_ALICE", NOW - timedelta(days=2)
        )


def parts(slack: FakeSlackApi, channel: str = "C1") -> list[str]:
    """The delivery part names (d0, q0.0, ...) of what Slack shows in ``channel``, in order."""
    return [
        m["metadata"]["event_payload"]["part"] for m in slack.messages(channel) if "metadata" in m
    ]
