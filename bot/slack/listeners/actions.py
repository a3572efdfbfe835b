"""Digest buttons: "Full quotes" of one story, and "Share in channel".

Both read the digest saved with the message (bot/store/digests.py), never Slack history. The
button value comes back from Slack, so it is parsed as untrusted input and the saved digest
must belong to the clicking workspace.
"""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt import Ack, App
from slack_bolt.context.respond import Respond
from slack_sdk import WebClient

from bot.errors import CommandError
from bot.render.actions import ACTION_FULL_QUOTES, ACTION_SHARE, parse_full_quotes_value
from bot.render.messages import render_digest, render_full_quotes
from bot.slack.listeners import texts
from bot.slack.listeners.deps import Deps
from bot.slack.listeners.replies import errors_answered, notice, post, reply
from bot.store.digests import (
    DigestMessage,
    load_digest_message,
    new_message_id,
    save_digest_message,
)

log = logging.getLogger(__name__)


def register(app: App, deps: Deps) -> None:
    def acknowledge(ack: Ack) -> None:
        ack()

    def full_quotes(body: dict[str, Any], respond: Respond, client: WebClient) -> None:
        with errors_answered(respond, "full quotes", body):
            show_full_quotes(deps, body, respond, client)

    def share(body: dict[str, Any], respond: Respond, client: WebClient) -> None:
        with errors_answered(respond, "share", body):
            share_digest(deps, body, respond, client)

    app.action(ACTION_FULL_QUOTES)(ack=acknowledge, lazy=[full_quotes])
    app.action(ACTION_SHARE)(ack=acknowledge, lazy=[share])


def _action_value(body: dict[str, Any]) -> str:
    actions = body.get("actions") or [{}]
    return str(actions[0].get("value", ""))


def _team(body: dict[str, Any]) -> str:
    return str((body.get("team") or {}).get("id", ""))


def _load(deps: Deps, digest_id: str, body: dict[str, Any]) -> DigestMessage:
    with deps.engine.connect() as conn:
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
    messages = render_full_quotes(saved.digest.stories[index])
    if saved.visibility == "ephemeral" or not saved.channel_id:
        for message in messages:
            reply(respond, message)
        return
    # A channel digest: answer in the thread of the clicked message, for everyone to see.
    thread_ts = str((body.get("container") or {}).get("message_ts") or saved.message_ts or "")
    for message in messages:
        post(client, saved.channel_id, message, thread_ts=thread_ts or None)


def share_digest(deps: Deps, body: dict[str, Any], respond: Respond, client: WebClient) -> None:
    saved = _load(deps, _action_value(body), body)
    channel = saved.channel_id or str((body.get("channel") or {}).get("id", ""))
    message_id = new_message_id()
    first_ts = None
    for message in render_digest(saved.digest, digest_id=message_id):
        ts = post(client, channel, message)
        first_ts = first_ts or ts
    with deps.engine.begin() as conn:
        save_digest_message(
            conn,
            saved.digest,
            team_id=saved.team_id,
            channel_id=channel,
            user_id=str((body.get("user") or {}).get("id", "")) or saved.user_id,
            visibility="channel",
            now=deps.clock(),
            message_ts=first_ts,
            message_id=message_id,
        )
    notice(respond, texts.SHARED)
