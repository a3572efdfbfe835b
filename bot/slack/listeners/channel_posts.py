"""On-demand digests posted in a channel (``/news TOPIC here`` and "Share in channel").

They are not scheduled deliveries (no ledger slot), but their stories do count as sent to the
channel, so the next daily digest there does not repeat them. Each post is saved under its
message id *before* posting: an id that is taken already means the copy exists (a second
"Share" press), and nothing is posted again.
"""

from __future__ import annotations

from slack_sdk import WebClient

from bot.model import Digest
from bot.render.messages import render_digest
from bot.slack.listeners.deps import Deps
from bot.slack.listeners.replies import post
from bot.store.db import transaction
from bot.store.digests import delete_digest_message, save_digest_message_once, set_message_ts
from bot.store.selection import mark_sent
from bot.store.story_history import record_sent_stories


def digest_article_ids(digest: Digest) -> list[int]:
    return sorted({a for story in digest.stories for a in story.article_ids})


def post_in_channel(
    deps: Deps,
    client: WebClient,
    digest: Digest,
    *,
    message_id: str,
    team_id: str,
    channel_id: str,
    user_id: str | None,
) -> bool:
    """Post ``digest`` in ``channel_id`` under ``message_id``; False (and no post) when a copy
    with that id exists already. Slack errors propagate after the bookkeeping is settled."""
    messages = render_digest(digest, digest_id=message_id, on_demand=True, templates=deps.templates)
    with transaction(deps.engine, "save the shared digest") as conn:
        saved = save_digest_message_once(
            conn,
            digest,
            message_id=message_id,
            team_id=team_id,
            channel_id=channel_id,
            user_id=user_id,
            visibility="channel",
            now=deps.clock(),
        )
    if not saved:
        return False
    first_ts: str | None = None
    try:
        for message in messages:
            ts = post(client, channel_id, message)
            first_ts = first_ts or ts
    finally:
        _settle(deps, digest, message_id, team_id, channel_id, first_ts)
    return True


def _settle(
    deps: Deps,
    digest: Digest,
    message_id: str,
    team_id: str,
    channel_id: str,
    first_ts: str | None,
) -> None:
    with transaction(deps.engine, "record the shared digest") as conn:
        if first_ts is None:
            # Slack took nothing: forget the copy, so pressing again may retry.
            delete_digest_message(conn, message_id)
            return
        # Anything in the channel counts, even when a later part failed.
        set_message_ts(conn, message_id, first_ts)
        now = deps.clock()
        mark_sent(conn, team_id, channel_id, digest_article_ids(digest), now)
        # Only the key quotes are in the channel; the rest are shown when "Full quotes" asks.
        record_sent_stories(conn, team_id, channel_id, digest, first_ts, now, full_quotes=False)
