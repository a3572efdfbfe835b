"""The messages of one delivery, each posted under the claim's fence.

A delivery is a digest (channel messages d0, d1, ...) and each story's full quotes as replies in
the digest's thread (q<story>.<i>); an updated story's new quotes reply instead in the thread of
the earlier digest that holds its quotes, while that one is recent (``StoryUpdate.thread_ts``).
Right before each chat.postMessage the claim is checked (and heartbeated) in the ledger; right
after, the post is recorded in one transaction with a second check. A worker whose claim was
taken over raises ``ClaimLost`` there and posts nothing more; a part some owner already
recorded is never posted again.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from sqlalchemy import Connection

from bot.errors import DeliveryError
from bot.model import Digest, Story
from bot.slack.delivery_calls import SlackCall, Steps, StoreCall
from bot.slack.metadata import metadata
from bot.store import ledger
from bot.store.db import reading
from bot.store.digests import record_full_quote_threads, set_message_ts

if TYPE_CHECKING:
    from bot.slack.delivery import Deliverer, Subscription

log = logging.getLogger(__name__)

Message = dict[str, Any]
# More to write in the transaction that records a post (connection, now).
Also = Callable[[Connection, datetime], None]
ROOT_PART = "d0"  # the digest's first channel message; the thread hangs off it
_FIRST_REPLY = re.compile(r"^q([0-9]{1,6})\.0$")  # a story's first thread reply
# Rule "half the lease to post": a post starts only while at least this share of the stale
# limit is left since the run last renewed its claim; else the check before it renews (writes)
# instead of only reading. Half of ten minutes dwarfs one post, Slack's retries included.
POST_LEASE = 0.5
# Rule "five 429s and the slot fails": a part answered 429 this often gives up for now; the
# slot is retried after ``retry_failed_after`` and resumes where it stopped.
MAX_RATE_LIMITED = 5


@dataclass(frozen=True)
class Post:
    part: str  # d<i>: channel message i of the digest; q<story>.<i>: a thread reply
    message: Message
    # The thread of a reply; None: the digest's own (its first message, d0).
    thread_ts: str | None = None

    @property
    def in_thread(self) -> bool:
        return self.part.startswith("q")


@dataclass
class Run:
    """One attempt at one slot; ``posted`` maps part -> ts of what Slack already has."""

    sub: Subscription
    claim: ledger.Claim
    digest: Digest
    digest_id: str
    # When this run last renewed its claim (the claim, the save, a post's record): nobody may
    # take the slot over before this plus the stale limit.
    renewed_at: datetime
    posted: dict[str, str] = field(default_factory=dict)

    @property
    def root_ts(self) -> str | None:
        return self.posted.get(ROOT_PART)


def plan_posts(
    digest: Digest,
    digest_id: str,
    render_digest: Callable[[Digest, str], list[Message]],
    render_quotes: Callable[[Story], list[Message]],
) -> list[Post]:
    """Every message of one delivery, in posting order, each with a stable part name."""
    posts = [Post(f"d{i}", m) for i, m in enumerate(render_digest(digest, digest_id))]
    for s, story in enumerate(digest.stories):
        update = story.update
        if update is not None and not story.quotes:
            continue  # an update with new sources only: no quotes to add to any thread
        thread = update.thread_ts if update else None
        posts += [Post(f"q{s}.{i}", m, thread) for i, m in enumerate(render_quotes(story))]
    return posts


def update_threads(digest: Digest) -> list[str]:
    """The earlier digests' threads this digest's updates reply in."""
    threads = (s.update.thread_ts for s in digest.stories if s.update and s.quotes)
    return sorted({t for t in threads if t})


def post_channel_parts(
    d: Deliverer, client: WebClient, run: Run, posts: Sequence[Post]
) -> Steps[int]:
    """Post the digest's channel messages, then count its stories as sent: in the same
    transaction as the record of the last message (one turn on the writer, not two)."""
    sent = 0
    marked = False

    def mark(conn: Connection, now: datetime) -> None:
        nonlocal marked
        _mark_stories(d, run, conn, now)
        marked = True

    for index, post in enumerate(posts):
        if post.part not in run.posted:
            last = index == len(posts) - 1
            sent += yield from _post(d, client, run, post, also=mark if last else None)
    if run.root_ts is None:
        raise DeliveryError(run.sub.channel_id, "the digest rendered to no message")
    if not marked:  # the last message was posted by an earlier attempt
        now = d.clock()
        with d.transaction("record the digest's stories as sent") as conn:
            if not ledger.heartbeat(conn, run.claim, now):
                raise ledger.ClaimLost(run.claim)  # the new owner marks them when it is done
            _mark_stories(d, run, conn, now)
        run.renewed_at = now
    return sent


def _mark_stories(d: Deliverer, run: Run, conn: Connection, now: datetime) -> None:
    """The digest is in the channel: its stories count as sent even if the thread fails."""
    assert run.root_ts is not None  # called once the digest's first message is posted
    article_ids = sorted({a for story in run.digest.stories for a in story.article_ids})
    team, channel = run.sub.team_id, run.sub.channel_id
    d.pipeline.mark_sent(conn, team, channel, article_ids, now)
    d.pipeline.record_stories(conn, team, channel, run.digest, run.root_ts, now)


def post_thread_parts(
    d: Deliverer, client: WebClient, run: Run, posts: Sequence[Post]
) -> Steps[int]:
    """Post the stories' quotes in the thread. On success the caller records which stories'
    quotes are there (``record_full_quotes``, in its final transaction); on failure this does."""
    try:
        sent = 0
        for post in posts:
            if post.part not in run.posted:
                sent += yield from _post(d, client, run, post)
        return sent
    except BaseException:
        if _full_quote_threads(run):
            with d.transaction("record the thread's full quotes") as conn:
                record_full_quotes(conn, run, d.clock())
        raise


def _post(
    d: Deliverer, client: WebClient, run: Run, post: Post, *, also: Also | None = None
) -> Steps[int]:
    """Post one part under the fence; 1 if it was posted, 0 if an owner had recorded it.

    Yields the turn (``ChannelPacer.reserve``) it waits for: the driver resumes it then. A 429
    holds back the channel and workspace (``ChannelPacer.rate_limited``) and the part waits for
    a new turn; nothing was posted, so trying again cannot double it. ``also`` writes more in
    the transaction that records the post, while the claim holds.
    """
    channel, team = run.sub.channel_id, run.sub.team_id
    for attempt in range(MAX_RATE_LIMITED + 1):
        yield d.pacer.reserve(channel, team)
        while d.pacer.held(team):  # a 429 elsewhere in the workspace came after our booking
            yield d.pacer.reserve(channel, team)
        known = _check(d, run, post)
        if known is not None:
            run.posted[post.part] = known
            return 0
        try:
            arguments = {
                "channel": channel,
                "metadata": metadata(run.sub.id, run.claim.slot, post.part, run.digest_id),
                **post.message,
                **_thread_args(run, post),
            }
            answer = yield SlackCall(client, "chat_postMessage", arguments)
        except SlackApiError as exc:
            wait = retry_after(exc)
            if wait is None or wait > d.max_retry_after or attempt == MAX_RATE_LIMITED:
                raise
            log.info("rate limited in %s/%s, waiting %.1f s", team, channel, wait)
            d.pacer.rate_limited(channel, team, wait)
            continue
        d.pacer.posted(channel)
        yield from _record(d, run, post, str(answer["ts"]), also)
        return 1
    raise AssertionError("unreachable: the last attempt returns or raises")


def _check(d: Deliverer, run: Run, post: Post) -> str | None:
    """The fence right before a post; the ts if some owner already recorded ``post``.

    Made at once, not as a ``StoreCall``: a check the loop gathered with others would wait a
    turn of the loop, and the post behind it with it (measured: slower, not faster)."""
    now = d.clock()
    if _lease_due(d, run, now):
        with d.transaction("renew the delivery claim") as conn:
            known = ledger.check_before_post(conn, run.claim, post.part, now, renew=True)
        run.renewed_at = now
        return known
    # Only a read, so no turn on SQLite's one writer (``Deliverer.transaction``): it sees
    # every committed takeover just as well, and WAL lets it run beside the writer.
    with reading(d.engine, "check the delivery claim") as conn:
        return ledger.check_before_post(conn, run.claim, post.part, now, renew=False)


def _lease_due(d: Deliverer, run: Run, now: datetime) -> bool:
    """Whether the claim was last renewed so long ago that the next write should renew it."""
    return now - run.renewed_at > d.stale_after * POST_LEASE


def _thread_args(run: Run, post: Post) -> dict[str, Any]:
    if not post.in_thread:
        return {}
    return {"thread_ts": post.thread_ts or run.root_ts, "reply_broadcast": False}


def _record(d: Deliverer, run: Run, post: Post, ts: str, also: Also | None) -> Steps[None]:
    run.posted[post.part] = ts
    root = post.part == ROOT_PART
    now = d.clock()
    if not root and also is None and not _lease_due(d, run, now):
        # Rule "record without fence": a plain reply needs only its fact written. Whether the
        # claim still holds is asked by the fenced check before the next post or by the final
        # mark, and the lease was renewed recently, so one statement does instead of two. It
        # is a ``StoreCall``: the loop records the replies answered together in one transaction.
        def note(conn: Connection) -> None:
            ledger.note_post(conn, run.claim, post.part, ts, now)

        yield StoreCall(d.transaction, "record delivered messages", note)
        return
    with d.transaction("record a delivered message") as conn:
        held = ledger.record_post(conn, run.claim, post.part, ts, now, root=root)
        if root:  # remembered at once: the buttons and the thread hang off it
            set_message_ts(conn, run.digest_id, ts)
        if held and also is not None:
            also(conn, now)
    if not held:
        raise ledger.ClaimLost(run.claim)
    run.renewed_at = now


def retry_after(exc: SlackApiError) -> float | None:
    """Seconds Slack asked to wait, if ``exc`` is its 429 answer."""
    response = exc.response
    if response is None or response.status_code != 429:
        return None
    value = response.headers.get("retry-after") or response.headers.get("Retry-After")
    try:
        return float(value) if value is not None else 1.0
    except (TypeError, ValueError):
        return 1.0


def _full_quote_threads(run: Run) -> list[tuple[int, str]]:
    """(story, ts of its first reply) for every story whose quotes are in the thread."""
    firsts = [(int(m[1]), ts) for p, ts in run.posted.items() if (m := _FIRST_REPLY.match(p))]
    return sorted(firsts)


def record_full_quotes(conn: Connection, run: Run, now: datetime) -> None:
    """Note which stories' quotes are in the thread, so a "Full quotes" click does not post
    them again (it points to the thread instead)."""
    record_full_quote_threads(conn, run.digest_id, _full_quote_threads(run), now)
