"""The ``/news`` slash command: acknowledged at once, answered after the ack.

Bolt's lazy listener runs the work in its thread pool after the 200 went back to Slack, so a
slow digest never trips Slack's 3-second limit; the answer goes to the request's response_url
(or, for ``/news TOPIC here``, to the channel with chat.postMessage: see channel_posts).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from slack_bolt import Ack, App
from slack_bolt.context.respond import Respond
from slack_sdk import WebClient

from bot.digest.service import on_demand_digest
from bot.model import Digest
from bot.render.messages import render_digest, render_help
from bot.slack.command_parser import (
    AddSource,
    Command,
    Help,
    ListSources,
    ListSubscriptions,
    RemoveSource,
    ShowDigest,
    Subscribe,
    Unsubscribe,
    Who,
    parse_command,
)
from bot.slack.listeners import sources, subscribe, who
from bot.slack.listeners.channel_posts import post_in_channel
from bot.slack.listeners.deps import Deps
from bot.slack.listeners.replies import errors_answered, reply
from bot.store.db import transaction
from bot.store.digests import new_message_id, save_digest_message

log = logging.getLogger(__name__)

COMMAND = "/news"


@dataclass(frozen=True, slots=True)
class CommandRequest:
    """Who asked, where: the parts of a slash-command payload newsbot uses."""

    team_id: str
    channel_id: str
    user_id: str
    text: str

    @classmethod
    def from_body(cls, body: dict[str, Any]) -> CommandRequest:
        return cls(
            team_id=str(body.get("team_id", "")),
            channel_id=str(body.get("channel_id", "")),
            user_id=str(body.get("user_id", "")),
            text=str(body.get("text", "")),
        )


def register(app: App, deps: Deps) -> None:
    def acknowledge(ack: Ack) -> None:
        ack()

    def answer(body: dict[str, Any], respond: Respond, client: WebClient) -> None:
        request = CommandRequest.from_body(body)
        with errors_answered(respond, f"{COMMAND} {request.text[:80]!r}", body, deps.templates):
            run(deps, parse_command(request.text), request, respond, client)

    app.command(COMMAND)(ack=acknowledge, lazy=[answer])


Handler = Callable[[Deps, Any, CommandRequest, Respond, WebClient], None]


def run(
    deps: Deps, command: Command, request: CommandRequest, respond: Respond, client: WebClient
) -> None:
    handlers: dict[type, Handler] = {
        Help: lambda *_: reply(respond, render_help(templates=deps.templates)),
        ShowDigest: show_digest,
        Subscribe: subscribe.subscribe,
        Unsubscribe: subscribe.unsubscribe,
        ListSubscriptions: subscribe.list_channel,
        ListSources: sources.list_sources,
        AddSource: sources.add,
        RemoveSource: sources.remove,
        Who: who.who,
    }
    handlers[type(command)](deps, command, request, respond, client)


def show_digest(
    deps: Deps, command: ShowDigest, request: CommandRequest, respond: Respond, client: WebClient
) -> None:
    digest = build(deps, command.topic)
    message_id = new_message_id()
    # An empty digest is only worth telling the caller, never the whole channel.
    if command.here and digest.stories:
        post_in_channel(
            deps,
            client,
            digest,
            message_id=message_id,
            team_id=request.team_id,
            channel_id=request.channel_id,
            user_id=request.user_id,
        )
        return
    messages = render_digest(
        digest, digest_id=message_id, shareable=True, on_demand=True, templates=deps.templates
    )
    if digest.stories:
        # Saved first: the caller may press "Full quotes" as soon as the message appears.
        save(deps, digest, request, message_id)
    for message in messages:
        reply(respond, message)


def build(deps: Deps, slug: str) -> Digest:
    topic = deps.topics.resolve(slug)
    return on_demand_digest(
        deps.engine,
        topic.slug,
        topics=deps.topics,
        now=deps.clock(),
        limit=deps.settings.digest_max_stories,
    )


def save(deps: Deps, digest: Digest, request: CommandRequest, message_id: str) -> None:
    """Remember an ephemeral digest, so its buttons work without reading Slack."""
    with transaction(deps.engine, "save the digest") as conn:
        save_digest_message(
            conn,
            digest,
            team_id=request.team_id,
            channel_id=request.channel_id,
            user_id=request.user_id,
            visibility="ephemeral",
            now=deps.clock(),
            message_id=message_id,
        )
