"""Digest buttons: "Full quotes" of one story, and "Share in channel".

Both read the digest saved with the message (bot/store/digests.py), never Slack history. The
button value comes back from Slack, so it is parsed as untrusted input and the saved digest
must belong to the clicking workspace.

Neither posts twice: a channel digest's thread gets a story's full quotes at most once (later
clicks get a pointer to the thread), and an ephemeral digest is shared at most once.
"""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt import Ack, App
from slack_bolt.context.respond import Respond
from slack_sdk import WebClient
from slack_sdk.errors import SlackClientError

from bot.errors import CommandError
from bot.model import Digest
from bot.render.actions import ACTION_FULL_QUOTES, ACTION_SHARE, parse_full_quotes_value
from bot.render.messages import render_full_quotes
from bot.slack.listeners import texts
from bot.slack.listeners.channel_posts import digest_article_ids, post_in_channel
from bot.slack.listeners.deps import Deps
from bot.slack.listeners.replies import errors_answered, notice, post, reply
from bot.store.db import reading, transaction
from bot.store.digests import (
    DigestMessage,
    claim_full_quotes,
    full_quotes_reply_ts,
    load_digest_message,
    record_full_quotes_posted,
    release_full_quotes,
    shared_message_id,
)
from bot.store.selection import sent_among

log = logging.getLogger(__name__)


def register(app: App, deps: Deps) -> None:
    def acknowledge(ack: Ack) -> None:
        ack()

    def full_quotes(body: dict[str, Any], respond: Respond, client: WebClient) -> None:
        with errors_answered(respond, "full quotes", body, deps.templates):
            show_full_quotes(deps, body, respond, client)

    def share(body: dict[str, Any], respond: Respond, client: WebClient) -> None:
        with errors_answered(respond, "share", body, deps.templates):
            share_digest(deps, body, respond, client)

    app.action(ACTION_FULL_QUOTES)(ack=acknowledge, lazy=[full_quotes])
    app.action(ACTION_SHARE)(ack=acknowledge, lazy=[share])


def _action_value(body: dict[str, Any]) -> str:
    actions = body.get("actions") or [{}]
    return str(actions[0].get("value", ""))


def _team(body: dict[str, Any]) -> str:
    return str((body.get("team") or {}).get("id", ""))


def _load(deps: Deps, digest_id: str, body: dict[str, Any]) -> DigestMessage:
    with reading(deps.engine, "read the saved digest") as conn:
        saved = load_digest_message(conn, digest_id)
    if saved is None or (saved.team_id and saved.team_id != _team(body)):
        raise CommandError(texts.DIGEST_GONE)
    return saved


def show_full_quotes(deps: Deps, body: dict[str, Any], respond: Respond, client: WebClient) -> None:
    try:
        digest_id, index = parse_full_quotes_value(_action_value(body))
    except ValueError as exc:
        raise CommandError(texts.DIGEST_GONE) from exc
    saved = _load(deps, digest_id, body)
    if index >= len(saved.digest.stories):
        raise CommandError(texts.STORY_GONE)
    messages = render_full_quotes(saved.digest.stories[index], templates=deps.templates)
    if saved.visibility == "ephemeral" or not saved.channel_id:
        for message in messages:
            reply(respond, message)
        return
    with transaction(deps.engine, "claim the quotes' thread") as conn:
        ours = claim_full_quotes(conn, saved.id, index, deps.clock())
    if not ours:
        _point_to_thread(deps, respond, client, saved, index)
        return
    # A channel digest: answer in the thread of the clicked message, for everyone to see.
    thread_ts = str((body.get("container") or {}).get("message_ts") or saved.message_ts or "")
    first_ts: str | None = None
    try:
        for message in messages:
            ts = post(client, saved.channel_id, message, thread_ts=thread_ts or None)
            first_ts = first_ts or ts
    finally:
        with transaction(deps.engine, "record the quotes' thread") as conn:
            if first_ts is None:  # nothing went up: the next click may try again
                release_full_quotes(conn, saved.id, index)
            else:
                record_full_quotes_posted(conn, saved.id, index, first_ts, deps.clock())


def _point_to_thread(
    deps: Deps, respond: Respond, client: WebClient, saved: DigestMessage, index: int
) -> None:
    """Tell the clicker (only) where the quotes already are, with a link when Slack gives one."""
    with reading(deps.engine, "find the quotes' thread") as conn:
        ts = full_quotes_reply_ts(conn, saved.id, index)
    permalink = _permalink(client, saved.channel_id or "", ts) if ts else None
    notice(
        respond,
        texts.FULL_QUOTES_IN_THREAD,
        templates=deps.templates,
        link_url=permalink,
        link_label=texts.OPEN_THREAD,
    )


def _permalink(client: WebClient, channel: str, ts: str) -> str | None:
    try:
        link = client.chat_getPermalink(channel=channel, message_ts=ts).get("permalink")
    except SlackClientError as exc:  # the note works without the link
        log.info("no permalink for %s in %s: %s", ts, channel, exc)
        return None
    return str(link) if link else None


def share_digest(deps: Deps, body: dict[str, Any], respond: Respond, client: WebClient) -> None:
    saved = _load(deps, _action_value(body), body)
    if saved.visibility != "ephemeral":  # only ephemeral digests carry the button
        notice(respond, texts.ALREADY_SHARED, templates=deps.templates)
        return
    team_id = saved.team_id or _team(body)
    channel_id = saved.channel_id or str((body.get("channel") or {}).get("id", ""))
    if _channel_has_it(deps, saved.digest, team_id, channel_id):
        notice(respond, texts.ALREADY_SHARED, templates=deps.templates)
        return
    posted = post_in_channel(
        deps,
        client,
        saved.digest,
        # Derived from the ephemeral digest: a second press finds the first copy.
        message_id=shared_message_id(saved.id),
        team_id=team_id,
        channel_id=channel_id,
        user_id=str((body.get("user") or {}).get("id", "")) or saved.user_id,
    )
    notice(respond, texts.SHARED if posted else texts.ALREADY_SHARED, templates=deps.templates)


def _channel_has_it(deps: Deps, digest: Digest, team_id: str, channel_id: str) -> bool:
    """Rule "share nothing twice": every story's articles went to the channel already (by
    ``/news TOPIC here``, an earlier share or a daily digest), so a copy would repeat them."""
    ids = digest_article_ids(digest)
    with reading(deps.engine, "read what the channel was sent") as conn:
        return bool(ids) and sent_among(conn, team_id, channel_id, ids) == set(ids)
