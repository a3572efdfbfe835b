"""Multi-workspace install through OAuth, then the workspace leaving again."""

from __future__ import annotations

import re
from collections.abc import Iterator

import httpx
import pytest
from sqlalchemy import Engine

from bot.clock import FrozenClock
from bot.config import Settings
from bot.slack.installation import installation_store
from bot.store.subscriptions import add_subscription, list_subscriptions
from fakes.signed import TEAM_ID, USER_ID, event_callback, slash_command
from fakes.slack_api import FakeSlackApi
from tests.slack.conftest import RunningApp, oauth_settings, run_app
from tests.slack.newsroom import all_text

INSTALLED_TOKEN = "xoxb-installed-by-oauth"


@pytest.fixture
def oauth_app(
    slack_settings: Settings, sqlite_engine: Engine, fake_slack: FakeSlackApi, clock: FrozenClock
) -> Iterator[RunningApp]:
    settings = oauth_settings(slack_settings)
    fake_slack.set_method(
        "oauth.v2.access",
        {
            "ok": True,
            "app_id": "A0NEWSBOT",
            "authed_user": {"id": USER_ID},
            "scope": "commands,chat:write,chat:write.public,users:read",
            "token_type": "bot",
            "access_token": INSTALLED_TOKEN,
            "bot_user_id": "U0BOT",
            "team": {"id": TEAM_ID, "name": "Newsroom"},
            "enterprise": None,
            "is_enterprise_install": False,
        },
    )
    with run_app(settings, sqlite_engine, fake_slack, clock) as running:
        yield running


def _install(app: RunningApp) -> None:
    with httpx.Client(base_url=app.url) as browser:
        page = browser.get("/slack/install")
        assert page.status_code == 200
        link = re.search(r'href="(https://slack.com/oauth/v2/authorize[^"]+)"', page.text)
        assert link is not None and "client_id=1111.2222" in link[1]
        state = re.search(r"state=([^&\"]+)", link[1])
        assert state is not None
        # The state cookie is marked Secure; over loopback http the test hands it back itself.
        cookie = page.headers["set-cookie"].split(";")[0]
        done = browser.get(
            "/slack/oauth_redirect",
            params={"code": "c0de", "state": state[1]},
            headers={"Cookie": cookie},
        )
        assert done.status_code == 200, done.text


def test_install_then_commands_use_the_installed_token(oauth_app: RunningApp) -> None:
    _install(oauth_app)
    [access] = oauth_app.fake.calls("oauth.v2.access")
    assert access.params["code"] == "c0de"
    bot = installation_store(oauth_app.settings, oauth_app.engine).find_bot(
        enterprise_id=None, team_id=TEAM_ID
    )
    assert bot is not None and bot.bot_token == INSTALLED_TOKEN

    oauth_app.slack.post(
        slash_command("subscribe rates at 06:00 UTC", oauth_app.fake.response_url("s"))
    )
    reply = oauth_app.fake.wait_for("response_url", key="s")[0]
    assert "06:00 (UTC)" in all_text(reply.params)


def test_a_state_that_was_never_issued_is_refused(oauth_app: RunningApp) -> None:
    response = httpx.get(
        f"{oauth_app.url}/slack/oauth_redirect", params={"code": "c0de", "state": "forged"}
    )
    assert response.status_code >= 400
    assert oauth_app.fake.calls("oauth.v2.access") == []


def test_uninstall_forgets_installation_and_subscriptions(oauth_app: RunningApp) -> None:
    _install(oauth_app)
    with oauth_app.engine.begin() as conn:
        add_subscription(conn, TEAM_ID, "C1", "rates", 9, 0, "UTC", USER_ID, oauth_app.clock())
        add_subscription(conn, "T0OTHER", "C2", "rates", 9, 0, "UTC", None, oauth_app.clock())
    response = oauth_app.slack.post(event_callback({"type": "app_uninstalled"}))
    assert response.status_code == 200
    store = installation_store(oauth_app.settings, oauth_app.engine)

    def forgotten() -> bool:
        # The event is handled after the ack: wait for both deletes, not just the first.
        with oauth_app.engine.connect() as conn:
            teams = [s.team_id for s in list_subscriptions(conn)]
        return teams == ["T0OTHER"] and store.find_bot(enterprise_id=None, team_id=TEAM_ID) is None

    _wait(forgotten)


def test_revoked_bot_token_forgets_the_workspace(app: RunningApp) -> None:
    with app.engine.begin() as conn:
        add_subscription(conn, TEAM_ID, "C1", "rates", 9, 0, "UTC", USER_ID, app.clock())
    app.fake.fail("auth.test", error="token_revoked", times=None)  # as after a real revoke
    event = {"type": "tokens_revoked", "tokens": {"oauth": [], "bot": ["U0BOT"]}}
    assert app.slack.post(event_callback(event)).status_code == 200

    def gone() -> bool:
        with app.engine.connect() as conn:
            return list_subscriptions(conn) == []

    _wait(gone)


def _wait(condition: object, timeout: float = 15.0) -> None:
    import time

    deadline = time.monotonic() + timeout
    while not condition():  # type: ignore[operator]
        assert time.monotonic() < deadline, "condition not met in time"
        time.sleep(0.02)
