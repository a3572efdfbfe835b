"""Post a subscription's daily digest and its full-quote thread, exactly once, through the ledger.

One delivery = claim the slot -> build (or reload) the digest -> post its channel message(s) ->
post each story's full quotes as replies in the digest's thread -> mark the slot posted.

Exactly once: the ledger row decides who delivers. Every message carries Slack message metadata
naming its subscription, slot and part, and the digest is saved (``digest_messages``) before the
first post. So a worker that takes over a crashed or failed attempt reloads the same digest,
reads which parts Slack already has (conversations.history / .replies with metadata) and posts
only the rest. Posting is never retried on a connection error (see ``bot.slack.clients``).
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from http.client import HTTPException
from typing import Any, Protocol
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError, SlackClientError
from sqlalchemy import Connection, Engine, select

from bot.clock import Clock, system_clock
from bot.config import Settings
from bot.digest.service import scheduled_digest
from bot.digest.topics import load_topics
from bot.errors import DeliveryError, NewsbotError, TokenError, TopicError
from bot.model import Digest, Story
from bot.render.env import load_templates
from bot.render.messages import render_digest, render_full_quotes
from bot.slack.delivery_errors import (
    classify_slack_error,
    notify_subscriber,
    pause_subscription,
    pause_workspace,
    paused_note,
)
from bot.slack.metadata import HISTORY_MARGIN, find_posted_parts, metadata
from bot.slack.pacing import ChannelPacer
from bot.store import ledger
from bot.store.digests import (
    load_digest_message,
    record_full_quotes_posted,
    save_digest_message,
    set_message_ts,
)
from bot.store.schema import digest_messages
from bot.store.selection import mark_sent

log = logging.getLogger(__name__)

Message = dict[str, Any]
_FIRST_REPLY = re.compile(r"^q([0-9]{1,6})\.0$")  # a story's first thread reply


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
        )

    def render(digest: Digest, digest_id: str) -> list[Message]:
        return render_digest(digest, digest_id=digest_id, templates=templates)

    def render_quotes(story: Story) -> list[Message]:
        return render_full_quotes(story, templates=templates)

    def render_paused(topic: str, channel_id: str, reason: str) -> Message:
        return paused_note(topic, channel_id, reason, templates)

    return Pipeline(build, render, render_quotes, mark_sent, render_paused)


@dataclass
class Deliverer:
    """Everything one worker needs to deliver; ``client_for(team_id)`` gives a Slack client."""

    engine: Engine
    settings: Settings
    pipeline: Pipeline
    client_for: Callable[[str], WebClient]
    worker: str
    clock: Clock = system_clock
    pacer: ChannelPacer = field(default_factory=ChannelPacer)
    stale_after: timedelta = ledger.DEFAULT_STALE_AFTER
    retry_failed_after: timedelta | None = timedelta(minutes=15)


@dataclass(frozen=True)
class Result:
    subscription_id: int
    channel_id: str
    slot: str
    outcome: str  # posted | empty | skipped | failed | paused
    message_ts: str | None = None
    posts: int = 0
    error: str | None = None


@dataclass(frozen=True)
class _Post:
    part: str  # d<i>: channel message i of the digest; q<story>.<i>: a thread reply
    message: Message

    @property
    def in_thread(self) -> bool:
        return self.part.startswith("q")


@dataclass
class _Run:
    """One attempt at one slot; ``posted`` maps part -> ts of what Slack already has."""

    sub: Subscription
    claim: ledger.Claim
    digest: Digest
    digest_id: str
    posted: dict[str, str] = field(default_factory=dict)

    @property
    def root_ts(self) -> str | None:
        return self.posted.get("d0")


def slot_for(timezone: str, now: datetime) -> str:
    """The slot of a run at ``now``: its local date in the subscription's timezone."""
    return now.astimezone(_zone(timezone)).date().isoformat()


def _zone(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise DeliveryError("-", f"unknown timezone {name!r}") from exc


def plan_posts(digest: Digest, digest_id: str, pipeline: Pipeline) -> list[_Post]:
    """Every message of one delivery, in posting order, each with a stable part name."""
    posts = [_Post(f"d{i}", m) for i, m in enumerate(pipeline.render_digest(digest, digest_id))]
    for s, story in enumerate(digest.stories):
        posts += [_Post(f"q{s}.{i}", m) for i, m in enumerate(pipeline.render_quotes(story))]
    return posts


def deliver(d: Deliverer, sub: Subscription, *, now: datetime | None = None) -> Result:
    """Deliver today's slot of ``sub`` unless someone has (or is doing it); never raises."""
    now = now or d.clock()
    try:
        slot = slot_for(sub.timezone, now)
    except DeliveryError as exc:
        pause_subscription(d.engine, sub, exc.reason)
        return Result(sub.id, sub.channel_id, "?", "paused", error=exc.reason)
    with d.engine.begin() as conn:
        claim = ledger.claim(
            conn,
            sub.id,
            slot,
            now,
            d.worker,
            stale_after=d.stale_after,
            retry_failed_after=d.retry_failed_after,
        )
    if claim is None:
        return Result(sub.id, sub.channel_id, slot, "skipped")
    try:
        return _deliver_claimed(d, sub, claim, now)
    except SlackApiError as exc:
        return _slack_failure(d, sub, claim, exc)
    except (SlackClientError, OSError, HTTPException) as exc:
        # A reset or timeout: Slack may have taken the post. The retry checks metadata first.
        return _fail(d, sub, claim, f"connection error, outcome unknown: {exc!r}")
    except TokenError as exc:
        if not exc.installed:  # the app was removed from the workspace
            pause_workspace(d.engine, sub.team_id, str(exc))
            return _fail(d, sub, claim, str(exc), outcome="paused")
        return _fail(d, sub, claim, str(exc))
    except TopicError as exc:
        pause_subscription(d.engine, sub, str(exc))
        return _fail(d, sub, claim, str(exc), outcome="paused")
    except NewsbotError as exc:
        return _fail(d, sub, claim, str(exc))
    except Exception as exc:  # a bug must not stop the scheduler's other deliveries
        log.exception("delivery of subscription %s slot %s crashed", sub.id, slot)
        return _fail(d, sub, claim, f"internal error: {exc!r}")


def _deliver_claimed(d: Deliverer, sub: Subscription, claim: ledger.Claim, now: datetime) -> Result:
    run = _resume(d, sub, claim) if claim.retaken else None
    if run is None:
        since = _since(d, sub, claim.slot)
        digest = d.pipeline.build(sub, since, now)
        if not digest.stories and not d.settings.post_empty_digests:
            with d.engine.begin() as conn:
                ledger.mark_empty(conn, claim.delivery_id, now)
            return Result(sub.id, sub.channel_id, claim.slot, "empty")
        run = _Run(sub, claim, digest, _save(d, sub, claim, digest, now))
    client = d.client_for(sub.team_id)
    posts = plan_posts(run.digest, run.digest_id, d.pipeline)
    sent = _post_channel_parts(d, client, run, [p for p in posts if not p.in_thread])
    sent += _post_thread_parts(d, client, run, [p for p in posts if p.in_thread])
    return _finish(d, run, sent)


def _since(d: Deliverer, sub: Subscription, slot: str) -> datetime | None:
    with d.engine.connect() as conn:
        return ledger.last_delivered_at(conn, sub.id, slot)


def _save(
    d: Deliverer, sub: Subscription, claim: ledger.Claim, digest: Digest, now: datetime
) -> str:
    # Saved before the first post, so a retake re-sends this very digest, part for part.
    with d.engine.begin() as conn:
        return save_digest_message(
            conn,
            digest,
            team_id=sub.team_id,
            channel_id=sub.channel_id,
            user_id=None,
            visibility="channel",
            now=now,
            delivery_id=claim.delivery_id,
        )


def _resume(d: Deliverer, sub: Subscription, claim: ledger.Claim) -> _Run | None:
    """Pick up a retaken slot: the saved digest and the parts Slack already shows."""
    with d.engine.connect() as conn:
        message_id = conn.execute(
            select(digest_messages.c.id)
            .where(digest_messages.c.delivery_id == claim.delivery_id)
            .order_by(digest_messages.c.created_at)
        ).scalar()
        saved = load_digest_message(conn, message_id) if message_id else None
    if saved is None:
        return None  # the earlier attempt stopped before saving, so before any post
    run = _Run(sub, claim, saved.digest, saved.id)
    oldest = datetime.fromisoformat(claim.slot).replace(tzinfo=_zone(sub.timezone))
    run.posted = find_posted_parts(
        d.client_for(sub.team_id), sub.channel_id, sub.id, claim.slot, oldest - HISTORY_MARGIN
    )
    log.info("resuming subscription %s slot %s: Slack has %s", sub.id, claim.slot, run.posted)
    return run


def _post(d: Deliverer, client: WebClient, run: _Run, post: _Post) -> str:
    d.pacer.wait(run.sub.channel_id)
    extra: dict[str, Any] = {}
    if post.in_thread:
        extra = {"thread_ts": run.root_ts, "reply_broadcast": False}
    answer = client.chat_postMessage(
        channel=run.sub.channel_id,
        metadata=metadata(run.sub.id, run.claim.slot, post.part, run.digest_id),
        **post.message,
        **extra,
    )
    d.pacer.posted(run.sub.channel_id)
    ts = str(answer["ts"])
    run.posted[post.part] = ts
    return ts


def _post_channel_parts(d: Deliverer, client: WebClient, run: _Run, posts: Sequence[_Post]) -> int:
    sent = 0
    for post in posts:
        if post.part in run.posted:
            continue
        ts = _post(d, client, run, post)
        sent += 1
        if post.part == "d0":
            with d.engine.begin() as conn:  # remembered at once: the thread hangs off it
                ledger.record_message_ts(conn, run.claim.delivery_id, ts)
                set_message_ts(conn, run.digest_id, ts)
    if run.root_ts is None:
        raise DeliveryError(run.sub.channel_id, "the digest rendered to no message")
    article_ids = sorted({a for story in run.digest.stories for a in story.article_ids})
    with d.engine.begin() as conn:
        # The digest is in the channel: its stories count as sent even if the thread fails.
        d.pipeline.mark_sent(conn, run.sub.team_id, run.sub.channel_id, article_ids, d.clock())
    return sent


def _post_thread_parts(d: Deliverer, client: WebClient, run: _Run, posts: Sequence[_Post]) -> int:
    todo = [p for p in posts if p.part not in run.posted]
    try:
        for post in todo:
            _post(d, client, run, post)
    finally:
        _record_full_quotes(d, run)
    return len(todo)


def _record_full_quotes(d: Deliverer, run: _Run) -> None:
    """Note which stories' quotes are in the thread, so a "Full quotes" click does not post
    them again (it points to the thread instead)."""
    firsts = [(int(m[1]), ts) for p, ts in run.posted.items() if (m := _FIRST_REPLY.match(p))]
    with d.engine.begin() as conn:
        for story, ts in sorted(firsts):
            record_full_quotes_posted(conn, run.digest_id, story, ts, d.clock())


def _finish(d: Deliverer, run: _Run, sent: int) -> Result:
    ts = run.root_ts
    assert ts is not None  # _post_channel_parts raised otherwise
    sub, claim = run.sub, run.claim
    with d.engine.begin() as conn:
        if run.digest.stories:
            ledger.mark_posted(conn, claim.delivery_id, ts, d.clock())
        else:
            ledger.mark_empty(conn, claim.delivery_id, d.clock(), ts)
    outcome = "posted" if run.digest.stories else "empty"
    return Result(sub.id, sub.channel_id, claim.slot, outcome, ts, sent)


def _fail(
    d: Deliverer, sub: Subscription, claim: ledger.Claim, error: str, *, outcome: str = "failed"
) -> Result:
    log.error("digest for subscription %s in %s failed: %s", sub.id, sub.channel_id, error)
    with d.engine.begin() as conn:
        ledger.mark_failed(conn, claim.delivery_id, error, d.clock())
    return Result(sub.id, sub.channel_id, claim.slot, outcome, error=error)


def _slack_failure(
    d: Deliverer, sub: Subscription, claim: ledger.Claim, exc: SlackApiError
) -> Result:
    failure = classify_slack_error(exc)
    if failure.pause == "subscription":
        pause_subscription(d.engine, sub, failure.error)
        notify_subscriber(d.client_for, sub, failure.error, d.pipeline.render_paused)
    elif failure.pause == "workspace":
        pause_workspace(d.engine, sub.team_id, failure.error)
    return _fail(d, sub, claim, failure.error, outcome=failure.outcome)


def deliver_many(
    d: Deliverer, subs: Sequence[Subscription], *, now: datetime | None = None, workers: int = 16
) -> list[Result]:
    """Deliver many subscriptions concurrently (different channels post in parallel)."""
    if not subs:
        return []
    now = now or d.clock()
    with ThreadPoolExecutor(max_workers=max(1, min(workers, len(subs)))) as pool:
        return list(pool.map(lambda sub: deliver(d, sub, now=now), subs))
