"""``/news sources [add|remove URL]``: show or change the configured news sources.

The work is ``bot.slack.services.sources``, shared with the App Home.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from slack_bolt.context.respond import Respond
from slack_sdk import WebClient

from bot.render.messages import render_sources
from bot.slack.command_parser import AddSource, ListSources, RemoveSource
from bot.slack.listeners.deps import Deps
from bot.slack.listeners.replies import notice, reply
from bot.slack.services import sources

if TYPE_CHECKING:
    from bot.slack.listeners.commands import CommandRequest


def list_sources(
    deps: Deps, _: ListSources, __: CommandRequest, respond: Respond, ___: WebClient
) -> None:
    reply(respond, render_sources(sources.views(deps), templates=deps.templates))


def add(
    deps: Deps, command: AddSource, request: CommandRequest, respond: Respond, client: WebClient
) -> None:
    text = sources.add(deps, client, user_id=request.user_id, url=command.url)
    notice(respond, text, templates=deps.templates)


def remove(
    deps: Deps, command: RemoveSource, request: CommandRequest, respond: Respond, client: WebClient
) -> None:
    text = sources.remove(deps, client, user_id=request.user_id, name_or_url=command.name_or_url)
    notice(respond, text, templates=deps.templates)
