"""``/news sources``: list, add after a test fetch (SSRF-checked), remove; admins only."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, select, update

from bot.clock import FrozenClock
from bot.config import Settings
from bot.ingest.sources import load_sources
from bot.store.articles import StoredArticle, get_articles
from bot.store.schema import articles
from fakes.signed import USER_ID, SlackSender, serve, slash_command
from fakes.slack_api import FakeSlackApi
from fakes.web import FakeWeb
from tests.slack.conftest import RunningApp, run_app
from tests.slack.newsroom import all_text

FEED = (Path(__file__).resolve().parent.parent / "samples" / "feeds" / "rss2.xml").read_bytes()
PAGE = (
    b"<html><head><title>Tide gauge finds record surge</title></head><body><article>"
    b"<h1>Tide gauge finds record surge</h1><p>The harbour's tide gauge recorded its highest "
    b"surge in forty years on Sunday night, the port authority said on Monday morning.</p>"
    b"<p>Engineers will inspect the sea wall along the old quay before the spring tides.</p>"
    b"</article></body></html>"
)


def _ask(app: RunningApp, text: str, key: str) -> str:
    app.slack.post(slash_command(text, app.fake.response_url(key)))
    return all_text(app.fake.wait_for("response_url", key=key)[0].params)


def test_non_admins_may_not_change_sources(app: RunningApp) -> None:
    app.fake.set_user(USER_ID, is_admin=False)
    assert "Only workspace admins" in _ask(app, "sources add https://news.example/rss", "a")
    assert "Only workspace admins" in _ask(app, "sources remove https://news.example/rss", "r")
    assert load_sources(app.settings.sources_path) == []


def test_a_permission_error_comes_without_the_usage_block(app: RunningApp) -> None:
    app.fake.set_user(USER_ID, is_admin=False)
    shown = _ask(app, "sources add https://news.example/rss", "p")
    assert "Only workspace admins" in shown
    assert "/news subscribe TOPIC" not in shown and "/news help" not in shown


def test_a_malformed_command_still_gets_the_usage(app: RunningApp) -> None:
    assert "/news subscribe TOPIC" in _ask(app, "sources frobnicate", "u")


def test_a_private_address_is_refused_before_anything_is_saved(app: RunningApp) -> None:
    app.fake.set_user(USER_ID, is_admin=True)
    for n, url in enumerate(["http://127.0.0.1:9/feed", "http://169.254.169.254/latest/meta-data"]):
        shown = _ask(app, f"sources add {url}", f"ssrf{n}")
        assert "could not use" in shown
    assert load_sources(app.settings.sources_path) == []


@pytest.fixture
def impatient_app(
    slack_settings: Settings, sqlite_engine: Engine, fake_slack: FakeSlackApi, clock: FrozenClock
) -> Iterator[RunningApp]:
    """The app with its Slack retries' waits skipped, for tests of Slack's 5xx answers."""
    from bot.slack.app import create_app
    from bot.slack.web import create_web_app

    settings = dataclasses.replace(slack_settings, database_url=str(sqlite_engine.url))
    bolt_app = create_app(settings, sqlite_engine, clock=clock, retry_sleep=lambda _: None)
    fake_slack.clear()
    with serve(create_web_app(settings, sqlite_engine, bolt_app, clock=clock)) as url:
        sender = SlackSender(url, lambda: int(clock().timestamp()))
        try:
            yield RunningApp(url, sender, fake_slack, sqlite_engine, settings, clock)
        finally:
            sender.close()


def test_a_failed_lookup_never_grants_admin_rights(impatient_app: RunningApp) -> None:
    app = impatient_app
    app.fake.fail("users.info", status=500, times=None)
    assert "Only workspace admins" in _ask(app, "sources add https://news.example/rss", "f")
    assert [c.answered for c in app.fake.calls("users.info")] == [500, 500, 500]


@pytest.fixture
def open_app(
    slack_settings: Settings, sqlite_engine: Engine, fake_slack: FakeSlackApi, clock: FrozenClock
) -> Iterator[RunningApp]:
    """Anyone may edit sources, and loopback URLs are allowed (the fake web is on loopback)."""
    settings = dataclasses.replace(
        slack_settings, sources_admins_only=False, allow_private_urls=True
    )
    with run_app(settings, sqlite_engine, fake_slack, clock) as running:
        yield running


def test_add_list_remove_round_trip(open_app: RunningApp) -> None:
    with FakeWeb() as web:
        web.page("/rss.xml", FEED, content_type="application/rss+xml")
        web.page("/empty", b"", content_type="text/html")
        url = web.url("/rss.xml")
        assert "Added" in _ask(open_app, f"sources add {url}", "add")
        assert "could not use" in _ask(open_app, f"sources add {web.url('/empty')}", "empty")
    [source] = load_sources(open_app.settings.sources_path)
    assert (source.url, source.kind) == (url, "feed")
    assert source.name in _ask(open_app, "sources", "list")
    assert "Removed" in _ask(open_app, f"sources remove {url}", "rm")
    assert "No source" in _ask(open_app, f"sources remove {url}", "rm2")
    assert load_sources(open_app.settings.sources_path) == []


def _stored(engine: Engine) -> list[StoredArticle]:
    with engine.connect() as conn:
        ids = list(conn.execute(select(articles.c.id).order_by(articles.c.id)).scalars())
        return get_articles(conn, ids)


def test_an_added_feed_s_current_items_are_stored_as_already_seen(open_app: RunningApp) -> None:
    with FakeWeb() as web:
        web.page("/rss.xml", FEED, content_type="application/rss+xml")
        assert "Added" in _ask(open_app, f"sources add {web.url('/rss.xml')}", "add")
    stored = _stored(open_app.engine)
    assert [s.article.guid for s in stored] == [
        "coastal-20261102-port",
        "https://coastaltimes.example/news/library-reopens",
    ]
    assert all(s.seen_only for s in stored)
    assert {s.first_seen for s in stored} == {open_app.clock()}


def test_a_feed_already_configured_is_neither_primed_nor_added_twice(open_app: RunningApp) -> None:
    with FakeWeb() as web:
        web.page("/rss.xml", FEED, content_type="application/rss+xml")
        url = web.url("/rss.xml")
        assert "Added" in _ask(open_app, f"sources add {url}", "add")
        with open_app.engine.begin() as conn:  # the poller has since seen them as news
            conn.execute(update(articles).values(seen_only=False))
        assert "already" in _ask(open_app, f"sources add {url}#again", "again")
        assert web.count("/rss.xml") == 3  # two for the first add, one test read, no priming
    assert len(load_sources(open_app.settings.sources_path)) == 1
    assert not any(s.seen_only for s in _stored(open_app.engine))


def test_a_page_is_added_without_storing_it(open_app: RunningApp) -> None:
    with FakeWeb() as web:
        web.page("/story", PAGE, content_type="text/html; charset=utf-8")
        assert "Added" in _ask(open_app, f"sources add {web.url('/story')}", "page")
    [source] = load_sources(open_app.settings.sources_path)
    assert source.kind == "page"
    assert _stored(open_app.engine) == []


def test_listing_never_shows_a_folder_s_server_path(open_app: RunningApp, tmp_path: Path) -> None:
    folder = tmp_path / "private-dumps"
    folder.mkdir()
    open_app.settings.sources_path.write_text(
        f'[[source]]\nname = "Desk"\nkind = "directory"\npath = "{folder}"\n', encoding="utf-8"
    )
    shown = _ask(open_app, "sources", "list")
    assert "Desk" in shown and "a folder on the newsbot server" in shown
    assert "private-dumps" not in shown


def test_a_refused_host_name_never_shows_what_it_resolves_to(app: RunningApp) -> None:
    # "localhost" resolves to loopback addresses: a member may learn the name is refused,
    # not where it leads (the map of an internal network, one name at a time).
    app.fake.set_user(USER_ID, is_admin=True)
    shown = _ask(app, "sources add http://localhost:9/feed", "resolved")
    assert "not a public address" in shown
    for leak in ("127.0.0.1", "::1", "loopback", "private"):
        assert leak not in shown
    assert load_sources(app.settings.sources_path) == []
