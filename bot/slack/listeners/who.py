"""``/news who NAME``: a person's or organisation's newest quotes, shown to the caller only."""

from __future__ import annotations

from typing import TYPE_CHECKING

from slack_bolt.context.respond import Respond
from slack_sdk import WebClient

from bot.render.who import render_who
from bot.slack.command_parser import Who
from bot.slack.listeners.deps import Deps
from bot.slack.listeners.replies import reply
from bot.who.service import who_said

if TYPE_CHECKING:
    from bot.slack.listeners.commands import CommandRequest


def who(
    deps: Deps, command: Who, request: CommandRequest, respond: Respond, client: WebClient
) -> None:
    answer = who_said(deps.engine, command.name)
    reply(respond, render_who(answer, templates=deps.templates))
