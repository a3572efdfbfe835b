"""The App Home, end to end: signed events, button presses and modal submissions to the app
served for real, views.publish/open/update answered by the fake Slack API."""

from __future__ import annotations

import dataclasses
import json
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine

from bot.clock import FrozenClock
from bot.config import Settings
from bot.ingest.sources import SourceConfig, add_source, load_sources
from bot.render import home_ids as ids
from bot.store.fetch_state import record_failure
from bot.store.subscriptions import SubscriptionRow, add_subscription, list_subscriptions
from fakes.signed import TEAM_ID, USER_ID, event_callback, home_click, view_submission
from fakes.slack_api import FakeSlackApi
from fakes.web import FakeWeb
from tests.slack.conftest import RunningApp, run_app
from tests.slack.newsroom import TOPIC, button_values, elements, seed

FEED = (Path(__file__).resolve().parent.parent / "samples" / "feeds" / "rss2.xml").read_bytes()


def _texts(view: dict[str, Any]) -> str:
    return "\n".join(
        str(e["text"]) for e in elements(view["blocks"]) if isinstance(e.get("text"), str)
    )


def _has_action(view: dict[str, Any], action_id: str) -> bool:
    return any(e.get("action_id") == action_id for e in elements(view["blocks"]))


def _published(app: RunningApp, count: int) -> dict[str, Any]:
    """The Home tab after the ``count``-th views.publish."""
    calls = app.fake.wait_for("views.publish", count=count)
    assert calls[-1].params["user_id"] == USER_ID
    home = app.fake.home(USER_ID)
    assert home is not None and home["type"] == "home"
    return home


def _open_home(app: RunningApp) -> dict[str, Any]:
    event = {"type": "app_home_opened", "user": USER_ID, "tab": "home", "channel": "D0HOME"}
    assert app.slack.post(event_callback(event)).status_code == 200
    return _published(app, len(app.fake.calls("views.publish")) + 1)


def _click(app: RunningApp, action_id: str, value: str | None = None) -> dict[str, Any]:
    before = len(app.fake.calls("views.publish"))
    assert app.slack.post(home_click(action_id, value)).status_code == 200
    return _published(app, before + 1)


def _open_modal(app: RunningApp, action_id: str) -> dict[str, Any]:
    before = len(app.fake.calls("views.open"))
    assert app.slack.post(home_click(action_id)).status_code == 200
    call = app.fake.wait_for("views.open", count=before + 1)[-1]
    assert call.params["trigger_id"] == "1337.43.home"
    view = call.params["view"]
    return json.loads(view) if isinstance(view, str) else view


def _subs(engine: Engine) -> list[SubscriptionRow]:
    with engine.connect() as conn:
        return list_subscriptions(conn, team_id=TEAM_ID)


def _subscribe_values(
    *, channel: str = "C0NEWS", topic: str = TOPIC, at: str = "07:30", zone: str = "Asia/Tokyo"
) -> dict[str, Any]:
    return {
        ids.INPUT_CHANNEL: {ids.INPUT_CHANNEL: {"selected_conversation": channel}},
        ids.INPUT_TOPIC: {ids.INPUT_TOPIC: {"selected_option": {"value": topic}}},
        ids.INPUT_TIME: {ids.INPUT_TIME: {"selected_time": at}},
        ids.INPUT_TIMEZONE: {ids.INPUT_TIMEZONE: {"value": zone}},
    }


def test_the_home_flow_adds_pauses_resumes_and_removes_a_subscription(app: RunningApp) -> None:
    app.fake.set_user(USER_ID, tz="Asia/Tokyo")
    home = _open_home(app)
    assert "No channel here gets a daily digest yet." in _texts(home)

    modal = _open_modal(app, ids.ACTION_OPEN_SUBSCRIBE)
    assert modal["callback_id"] == ids.VIEW_SUBSCRIBE
    zone = next(e for e in elements(modal["blocks"]) if e.get("action_id") == "timezone")
    assert zone["initial_value"] == "Asia/Tokyo"

    publishes = len(app.fake.calls("views.publish"))
    submitted = app.slack.post(
        view_submission(ids.VIEW_SUBSCRIBE, _subscribe_values(), view_id="VSUB")
    )
    assert submitted.status_code == 200 and submitted.text == ""  # accepted: the modal closes
    home = _published(app, publishes + 1)
    [sub] = _subs(app.engine)
    assert (sub.channel_id, sub.topic, sub.hour, sub.minute, sub.timezone, sub.created_by) == (
        "C0NEWS",
        TOPIC,
        7,
        30,
        "Asia/Tokyo",
        USER_ID,
    )
    shown = _texts(home)
    assert "<#C0NEWS>: This channel will get" in shown and "07:30 (Asia/Tokyo)" in shown
    assert button_values(home["blocks"], ids.ACTION_PAUSE) == [str(sub.id)]

    home = _click(app, ids.ACTION_PAUSE, str(sub.id))
    assert [s.status for s in _subs(app.engine)] == ["paused"]
    assert button_values(home["blocks"], ids.ACTION_RESUME) == [str(sub.id)]
    assert "_paused_: paused from the App Home" in _texts(home)
    home = _click(app, ids.ACTION_RESUME, str(sub.id))
    assert [s.status for s in _subs(app.engine)] == ["active"]

    home = _click(app, ids.ACTION_UNSUBSCRIBE, str(sub.id))
    assert _subs(app.engine) == []
    assert "will no longer get" in _texts(home)
    assert "No channel here gets a daily digest yet." in _texts(home)


def test_bad_modal_input_is_answered_by_the_field_and_saves_nothing(app: RunningApp) -> None:
    values = _subscribe_values(channel="", topic="Not a topic!", at="25:00", zone="Mars/Olympus")
    answer = app.slack.post(view_submission(ids.VIEW_SUBSCRIBE, values, view_id="VSUB"))
    assert answer.status_code == 200
    body = answer.json()
    assert body["response_action"] == "errors"
    assert set(body["errors"]) == {"channel", "topic", "time", "timezone"}
    assert "not a timezone" in body["errors"]["timezone"]
    time.sleep(0.2)
    assert _subs(app.engine) == [] and app.fake.calls("views.publish") == []


def test_another_workspace_s_subscription_is_not_touched(app: RunningApp) -> None:
    with app.engine.begin() as conn:
        other = add_subscription(conn, "T0OTHER", "C9", TOPIC, 9, 0, "UTC", None, app.clock())
    home = _click(app, ids.ACTION_UNSUBSCRIBE, str(other.id))
    assert "does not exist any more" in _texts(home)
    home = _click(app, ids.ACTION_PAUSE, "1; DROP TABLE subscriptions")
    assert "does not exist any more" in _texts(home)
    with app.engine.connect() as conn:
        assert [s.status for s in list_subscriptions(conn)] == ["active"]


def test_non_admins_see_sources_without_buttons_and_cannot_remove_one(app: RunningApp) -> None:
    app.fake.set_user(USER_ID, is_admin=False)
    add_source(
        app.settings.sources_path, SourceConfig("Coastal Times", "https://coast.example/rss")
    )
    with app.engine.begin() as conn:
        record_failure(conn, "https://coast.example/rss", now=app.clock(), error="HTTP 503")
    home = _open_home(app)
    shown = _texts(home)
    assert "Coastal Times" in shown and "Last poll <!date^" in shown and "HTTP 503" in shown
    assert "Only workspace admins" in shown
    assert button_values(home["blocks"], ids.ACTION_REMOVE_SOURCE) == []
    assert not _has_action(home, ids.ACTION_OPEN_ADD_SOURCE)
    home = _click(app, ids.ACTION_REMOVE_SOURCE, "Coastal Times")
    assert "Only workspace admins" in _texts(home)
    assert [s.name for s in load_sources(app.settings.sources_path)] == ["Coastal Times"]
    before = len(app.fake.calls("views.publish"))
    app.slack.post(home_click(ids.ACTION_OPEN_ADD_SOURCE))
    _published(app, before + 1)
    assert app.fake.calls("views.open") == []


@pytest.fixture
def admin_app(
    slack_settings: Settings, sqlite_engine: Engine, fake_slack: FakeSlackApi, clock: FrozenClock
) -> Iterator[RunningApp]:
    """An admin clicking; loopback URLs allowed (the fake web is on loopback)."""
    fake_slack.set_user(USER_ID, is_admin=True)
    settings = dataclasses.replace(slack_settings, allow_private_urls=True)
    with run_app(settings, sqlite_engine, fake_slack, clock) as running:
        yield running


def test_admins_add_and_remove_a_source_from_the_home_tab(admin_app: RunningApp) -> None:
    app = admin_app
    home = _open_home(app)
    assert _has_action(home, ids.ACTION_OPEN_ADD_SOURCE)
    modal = _open_modal(app, ids.ACTION_OPEN_ADD_SOURCE)
    assert modal["callback_id"] == ids.VIEW_ADD_SOURCE

    bad = {ids.INPUT_URL: {ids.INPUT_URL: {"value": "ftp://coast.example/rss"}}}
    answer = app.slack.post(view_submission(ids.VIEW_ADD_SOURCE, bad, view_id="VSRC")).json()
    assert answer["response_action"] == "errors" and set(answer["errors"]) == {"url"}

    with FakeWeb() as web:
        web.page("/rss.xml", FEED, content_type="application/rss+xml")
        url = web.url("/rss.xml")
        publishes = len(app.fake.calls("views.publish"))
        values = {ids.INPUT_URL: {ids.INPUT_URL: {"value": url}}}
        app.slack.post(view_submission(ids.VIEW_ADD_SOURCE, values, view_id="VSRC"))
        home = _published(app, publishes + 1)
    [source] = load_sources(app.settings.sources_path)
    assert source.url == url and "Added" in _texts(home)
    assert button_values(home["blocks"], ids.ACTION_REMOVE_SOURCE) == [source.name]

    home = _click(app, ids.ACTION_REMOVE_SOURCE, source.name)
    assert load_sources(app.settings.sources_path) == []
    assert "Removed" in _texts(home)


def test_preview_digest_updates_the_modal_with_the_digest(app: RunningApp) -> None:
    seed(app.engine, app.clock())
    home = _open_home(app)
    assert "central-banks" in _texts(home)  # the topics defined are listed
    modal = _open_modal(app, ids.ACTION_OPEN_PREVIEW)
    assert modal["callback_id"] == ids.VIEW_PREVIEW
    options = [e["value"] for e in elements(modal["blocks"]) if "value" in e and "text" in e]
    assert TOPIC in options

    values = {ids.INPUT_TOPIC: {ids.INPUT_TOPIC: {"selected_option": {"value": TOPIC}}}}
    answer = app.slack.post(view_submission(ids.VIEW_PREVIEW, values, view_id="VPRE"))
    waiting = answer.json()
    assert waiting["response_action"] == "update" and "Reading" in _texts(waiting["view"])
    update = app.fake.wait_for("views.update")[0]
    assert update.params["view_id"] == "VPRE"
    shown = update.params["view"]
    text = _texts(shown)
    assert "European Central Bank holds rates steady" in text
    assert "We will not hesitate to act again" in text
    assert not any(e.get("type") == "button" for e in elements(shown["blocks"]))
    assert app.fake.calls("chat.postMessage") == []  # nothing was posted anywhere


def test_the_messages_tab_publishes_nothing(app: RunningApp) -> None:
    event = {"type": "app_home_opened", "user": USER_ID, "tab": "messages", "channel": "D0HOME"}
    assert app.slack.post(event_callback(event)).status_code == 200
    time.sleep(0.3)
    assert app.fake.calls("views.publish") == []
