"""``/news sources [add|remove URL]``: show or change the configured news sources.

A new URL is fetched once (SSRF-checked by the fetcher) and must read as at least one article
before it is saved, so a typo or a private address never reaches the poller.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from slack_bolt.context.respond import Respond
from slack_sdk import WebClient

from bot.errors import CommandError, NewsbotError
from bot.ingest.fetch import fetch_url
from bot.ingest.readers import read_document
from bot.render.messages import render_sources
from bot.render.views import SourceView
from bot.slack.command_parser import AddSource, ListSources, RemoveSource
from bot.slack.listeners import texts
from bot.slack.listeners.deps import Deps
from bot.slack.listeners.replies import notice, reply
from bot.slack.permissions import lookup_user, may_change_sources

if TYPE_CHECKING:
    from bot.ingest.sources import SourceConfig
    from bot.slack.listeners.commands import CommandRequest


def list_sources(
    deps: Deps, _: ListSources, __: CommandRequest, respond: Respond, ___: WebClient
) -> None:
    from bot.ingest.sources import load_sources

    configured = load_sources(deps.settings.sources_path)
    reply(respond, render_sources([_view(s) for s in configured]))


def add(
    deps: Deps, command: AddSource, request: CommandRequest, respond: Respond, client: WebClient
) -> None:
    from bot.ingest.sources import SourceConfig, add_source

    _require_permission(deps, request, client)
    found = _test_read(deps, command.url)
    add_source(deps.settings.sources_path, SourceConfig(name=command.url, url=command.url))
    notice(respond, texts.source_added(command.url, found))


def remove(
    deps: Deps, command: RemoveSource, request: CommandRequest, respond: Respond, client: WebClient
) -> None:
    from bot.ingest.sources import remove_source

    _require_permission(deps, request, client)
    removed = remove_source(deps.settings.sources_path, command.name_or_url)
    name = command.name_or_url
    notice(respond, texts.source_removed(name) if removed else texts.source_unknown(name))


def _require_permission(deps: Deps, request: CommandRequest, client: WebClient) -> None:
    user = lookup_user(client, request.user_id)
    if not may_change_sources(user, admins_only=deps.settings.sources_admins_only):
        raise CommandError(texts.SOURCES_ADMINS_ONLY)


def _test_read(deps: Deps, url: str) -> int:
    """How many articles the URL yields now; CommandError when it yields none or fails."""
    try:
        fetched = fetch_url(url, deps.settings)
        articles = read_document(
            fetched.content, url=fetched.final_url, content_type=fetched.content_type
        )
    except NewsbotError as exc:
        raise CommandError(texts.source_unreadable(url, getattr(exc, "reason", str(exc)))) from exc
    if not articles:
        raise CommandError(texts.source_unreadable(url, "no article or feed item found there"))
    return len(articles)


def _view(source: SourceConfig) -> SourceView:
    return SourceView(
        name=source.name,
        url=source.url,
        kind=source.kind,
        enabled=source.enabled,
    )
