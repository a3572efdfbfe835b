"""``/news sources``: list, add after a test fetch (SSRF-checked), remove; admins only."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine

from bot.clock import FrozenClock
from bot.config import Settings
from bot.ingest.sources import load_sources
from tests.fakes.slack_api import FakeSlackApi
from tests.fakes.web import FakeWeb
from tests.slack.conftest import RunningApp, run_app
from tests.slack.newsroom import all_text
from tests.slack.signed import USER_ID, slash_command

FEED = (Path(__file__).resolve().parent.parent / "samples" / "feeds" / "rss2.xml").read_bytes()


def _ask(app: RunningApp, text: str, key: str) -> str:
    app.slack.post(slash_command(text, app.fake.response_url(key)))
    return all_text(app.fake.wait_for("response_url", key=key)[0].params)


def test_non_admins_may_not_change_sources(app: RunningApp) -> None:
    app.fake.set_user(USER_ID, is_admin=False)
    assert "Only workspace admins" in _ask(app, "sources add https://news.example/rss", "a")
    assert "Only workspace admins" in _ask(app, "sources remove https://news.example/rss", "r")
    assert load_sources(app.settings.sources_path) == []


def test_a_private_address_is_refused_before_anything_is_saved(app: RunningApp) -> None:
    app.fake.set_user(USER_ID, is_admin=True)
    for n, url in enumerate(["http://127.0.0.1:9/feed", "http://169.254.169.254/latest/meta-data"]):
        shown = _ask(app, f"sources add {url}", f"ssrf{n}")
        assert "could not use" in shown
    assert load_sources(app.settings.sources_path) == []


def test_a_failed_lookup_never_grants_admin_rights(app: RunningApp) -> None:
    app.fake.fail("users.info", status=500, times=None)
    assert "Only workspace admins" in _ask(app, "sources add https://news.example/rss", "f")


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
