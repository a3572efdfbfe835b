"""Story updates end to end: real digests (store, clustering, templates) delivered through the
ledger to the fake Slack API, on SQLite and PostgreSQL, with an injected clock.

Day 1 sends the Kremlin video-call story (wire copy) and the space-crew story. Before day 2 a
second outlet reports the video call with a new quote. Day 2 must show the video call once,
marked "Updated", with only the new outlet and quote, reply with that quote in day 1's thread,
and repeat nothing else; day 3, with nothing new, posts nothing.
"""

from __future__ import annotations

import dataclasses
from datetime import timedelta
from typing import Any

import pytest
from slack_sdk import WebClient
from sqlalchemy import Engine

from bot.clock import FrozenClock
from bot.config import Settings
from bot.model import Article, Digest
from bot.slack.clients import make_web_client
from bot.slack.delivery import Deliverer, Result, default_pipeline, deliver
from bot.slack.pacing import ChannelPacer
from bot.store.articles import save_articles
from bot.store.digests import find_by_ts
from bot.store.subscriptions import SubscriptionRow
from fakes.delivery import NOW, fake_settings, parts, subscribe
from fakes.slack_api import FakeSlackApi
from tests.digest.conftest import MERIDIAN, SPACE, WIRE
from tests.slack.newsroom import all_text

NEW_QUOTE = "raise our concerns about the troop build-up directly."


@dataclasses.dataclass
class Channel:
    engine: Engine
    slack: FakeSlackApi
    clock: FrozenClock
    deliverer: Deliverer
    sub: SubscriptionRow

    def next_day(self, *items: Article) -> Result:
        """``items`` arrive an hour before the next daily run, which then delivers."""
        self.clock.advance(hours=23)
        with self.engine.begin() as conn:
            save_articles(conn, items, now=self.clock())
        self.clock.advance(hours=1)
        return deliver(self.deliverer, self.sub)

    def digest(self, result: Result) -> Digest:
        with self.engine.connect() as conn:
            saved = find_by_ts(conn, "C1", str(result.message_ts))
        assert saved is not None
        return saved.digest

    def posted(self, ts: str) -> dict[str, Any]:
        return next(m for m in self.slack.messages("C1") if m["ts"] == ts)

    def replies_to(self, ts: str) -> list[dict[str, Any]]:
        return [m for m in self.slack.messages("C1") if m.get("thread_ts") == ts]


def _channel(engine: Engine, slack: FakeSlackApi, settings: Settings) -> Channel:
    clock = FrozenClock(NOW - timedelta(days=1))

    def client_for(team_id: str) -> WebClient:
        return make_web_client(settings)

    deliverer = Deliverer(
        engine=engine,
        settings=settings,
        pipeline=default_pipeline(engine, settings),
        client_for=client_for,
        worker="test",
        clock=clock,
        pacer=ChannelPacer(0.0),
    )
    return Channel(engine, slack, clock, deliverer, subscribe(engine, topic="putin-biden"))


@pytest.fixture
def channel(engine: Engine, slack: FakeSlackApi) -> Channel:
    return _channel(engine, slack, fake_settings(slack.api_url))


def _first_day(channel: Channel) -> Result:
    first = channel.next_day(WIRE, SPACE)
    assert first.outcome == "posted"
    titles = {s.title for s in channel.digest(first).stories}
    assert titles == {WIRE.title, SPACE.title}
    return first


def test_a_story_gaining_a_source_comes_back_once_as_updated(channel: Channel) -> None:
    first = _first_day(channel)
    assert first.message_ts is not None
    second = channel.next_day(MERIDIAN)
    assert second.outcome == "posted" and second.slot == "2026-11-29"

    (story,) = channel.digest(second).stories  # the space story is not sent again
    assert story.update is not None and story.title == WIRE.title
    assert [s.outlet for s in story.sources] == [MERIDIAN.outlet]
    assert [q.text for q in story.quotes] == [NEW_QUOTE]
    shown = all_text(channel.posted(str(second.message_ts)))
    assert "Updated" in shown and "1 new quote, 1 more source" in shown
    assert SPACE.title not in shown and "Voronin" not in shown

    # The new quote replies in day 1's thread (recent), not under day 2's digest.
    (reply,) = [m for m in channel.replies_to(first.message_ts) if _slot(m) == "2026-11-29"]
    assert _part(reply) == "q0.0" and NEW_QUOTE in all_text(reply)
    assert "New quotes" in all_text(reply)
    assert channel.replies_to(str(second.message_ts)) == []

    third = channel.next_day()
    assert third.outcome == "empty"
    assert parts(channel.slack).count("d0") == 2


def test_an_update_of_an_old_digest_replies_under_todays(
    engine: Engine, slack: FakeSlackApi
) -> None:
    settings = dataclasses.replace(fake_settings(slack.api_url), update_thread_window_days=0)
    channel = _channel(engine, slack, settings)
    first = _first_day(channel)
    second = channel.next_day(MERIDIAN)
    assert second.outcome == "posted" and second.message_ts is not None
    shown = all_text(channel.posted(second.message_ts))
    assert "Updated" in shown and "earlier digest's thread" not in shown
    (reply,) = channel.replies_to(second.message_ts)
    assert NEW_QUOTE in all_text(reply)
    assert all(_slot(m) == "2026-11-28" for m in channel.replies_to(str(first.message_ts)))


def test_an_update_with_only_a_new_outlet_posts_no_quote_reply(channel: Channel) -> None:
    first = _first_day(channel)
    quiet = dataclasses.replace(
        MERIDIAN,
        paragraphs=MERIDIAN.paragraphs[:1],
        url="https://harbor.example/world/video-call-quiet",
        outlet="Quiet Courier",
    )
    before = len(channel.slack.messages("C1"))
    second = channel.next_day(quiet)
    assert second.outcome == "posted"
    (story,) = channel.digest(second).stories
    assert story.update is not None and story.quotes == ()
    assert "1 more source" in all_text(channel.posted(str(second.message_ts)))
    assert len(channel.slack.messages("C1")) == before + 1  # the digest alone
    assert first.message_ts is not None


def _payload(message: dict[str, Any]) -> dict[str, Any]:
    payload: dict[str, Any] = message["metadata"]["event_payload"]
    return payload


def _part(message: dict[str, Any]) -> str:
    return str(_payload(message)["part"])


def _slot(message: dict[str, Any]) -> str:
    return str(_payload(message)["slot"])


def test_a_retry_finds_the_update_reply_slack_took_in_the_earlier_thread(
    channel: Channel,
) -> None:
    """The reply in day 1's thread landed but its answer was lost: the retry must see it there
    (conversations.replies of that thread) and not post the new quote twice."""
    first = _first_day(channel)
    assert first.message_ts is not None
    channel.slack.fail("chat.postMessage", reset=True, thread_ts=first.message_ts)
    failed = channel.next_day(MERIDIAN)
    assert failed.outcome == "failed" and "outcome unknown" in str(failed.error)
    channel.clock.advance(minutes=16)
    retried = deliver(channel.deliverer, channel.sub)
    assert retried.outcome == "posted" and retried.posts == 0
    day_two = [m for m in channel.replies_to(first.message_ts) if _slot(m) == "2026-11-29"]
    assert [_part(m) for m in day_two] == ["q0.0"]
