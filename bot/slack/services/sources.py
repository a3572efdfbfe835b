"""The configured news sources, changed from Slack (``/news sources`` and the App Home).

A new URL is fetched once (SSRF-checked by the fetcher) and must read as at least one article
before it is saved, so a typo or a private address never reaches the poller. A new feed is then
primed like ``newsbot sources add`` does: its current items are stored as already seen, so they
do not flood the next digest as news; only items that appear later count as new.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from slack_sdk import WebClient

from bot.errors import CommandError, ConfigError, FetchError, ReadError
from bot.ingest.fetch import fetch_url
from bot.ingest.poll import prime_source
from bot.ingest.readers import read_document
from bot.ingest.sources import (
    SourceConfig,
    SourceKind,
    add_source,
    find_source,
    load_sources,
    remove_source,
    writable_sources_file,
)
from bot.model import Article
from bot.render.views import SourceView
from bot.slack.listeners import texts
from bot.slack.listeners.deps import Deps
from bot.slack.permissions import lookup_user, may_change_sources
from bot.store.db import reading
from bot.store.fetch_state import load_states
from bot.text.urls import normalize_url

_FEED_TYPES = ("rss", "atom", "xml")


def may_change(deps: Deps, client: WebClient, user_id: str) -> bool:
    """Whether ``user_id`` may add and remove sources (``sources_admins_only``)."""
    user = lookup_user(client, user_id)
    return may_change_sources(user, admins_only=deps.settings.sources_admins_only)


def require_permission(deps: Deps, client: WebClient, user_id: str) -> None:
    if not may_change(deps, client, user_id):
        raise CommandError(texts.SOURCES_ADMINS_ONLY)


def views(deps: Deps) -> list[SourceView]:
    """Every configured source with its last poll (when, HTTP status, error)."""
    configured = load_sources(deps.settings.sources_path)
    urls = [s.url for s in configured if s.url]
    with reading(deps.engine, "read the sources' last polls") as conn:
        states = load_states(conn, urls)
    out = []
    for source in configured:
        state = states.get(source.url) if source.url else None
        view = _view(source)
        if state is not None:
            view = SourceView(
                view.name,
                view.url,
                view.kind,
                view.enabled,
                last_error=state.last_error,
                last_polled=state.last_polled,
                last_status=state.last_status,
            )
        out.append(view)
    return out


def add(deps: Deps, client: WebClient, *, user_id: str, url: str) -> str:
    require_permission(deps, client, user_id)
    articles, content_type = _test_read(deps, url)
    source = SourceConfig(
        name=_name(url, articles),
        url=url,
        kind=_kind(articles, content_type),
        outlet=articles[0].outlet,
    )
    _refuse_clash(deps, source)
    if source.kind == "feed":
        _prime(deps, source)
    try:
        add_source(writable_sources_file(deps.settings), source)
    except ConfigError as exc:
        raise CommandError(_without_path(deps, exc)) from exc
    return texts.source_added(url, len(articles))


def remove(deps: Deps, client: WebClient, *, user_id: str, name_or_url: str) -> str:
    require_permission(deps, client, user_id)
    known = find_source(load_sources(deps.settings.sources_path), name_or_url)
    removed = known is not None and remove_source(writable_sources_file(deps.settings), name_or_url)
    return texts.source_removed(name_or_url) if removed else texts.source_unknown(name_or_url)


def _test_read(deps: Deps, url: str) -> tuple[list[Article], str | None]:
    """What the URL yields now; CommandError when it fails or yields no article."""
    try:
        fetched = fetch_url(url, deps.settings)
        articles = read_document(
            fetched.content, url=fetched.final_url, content_type=fetched.content_type
        )
    except (FetchError, ReadError) as exc:
        raise CommandError(texts.source_unreadable(url, exc.reason)) from exc
    if not articles:
        raise CommandError(texts.source_unreadable(url, "no article or feed item found there"))
    return articles, fetched.content_type


def _refuse_clash(deps: Deps, source: SourceConfig) -> None:
    """CommandError when the name or URL is taken, checked before priming: priming a feed
    that is already polled would mark its items not yet polled as seen, and they would
    never count as news."""
    url = normalize_url(source.url or "")
    for other in load_sources(deps.settings.sources_path):
        if other.name.casefold() == source.name.casefold() or (
            other.url and normalize_url(other.url) == url
        ):
            taken = f"there is a source named {other.name!r} with this name or URL already"
            raise CommandError(texts.source_unreadable(source.url or "", taken))


def _prime(deps: Deps, source: SourceConfig) -> None:
    """Store the feed's current items as already seen; CommandError when that read fails."""
    try:
        prime_source(deps.engine, deps.settings, source, now=deps.clock())
    except (FetchError, ReadError) as exc:
        raise CommandError(texts.source_unreadable(source.url or "", exc.reason)) from exc


def _kind(articles: list[Article], content_type: str | None) -> SourceKind:
    is_feed = len(articles) > 1 or any(t in (content_type or "") for t in _FEED_TYPES)
    return "feed" if is_feed else "page"


def _name(url: str, articles: list[Article]) -> str:
    return articles[0].outlet or urlsplit(url).hostname or url


def _without_path(deps: Deps, exc: ConfigError) -> str:
    # The message names the server's config file; the user needs only the reason.
    message = str(exc)
    for path in (deps.settings.sources_write_path, deps.settings.sources_path):
        message = message.replace(str(path), "sources")
    return message


def _view(source: SourceConfig) -> SourceView:
    # A folder's path says something about the server to every member: show only that it is one.
    location = source.url or ("a folder on the newsbot server" if source.path else "")
    return SourceView(name=source.name, url=location, kind=source.kind, enabled=source.enabled)
