"""The shipped Slack manifest and the settings agree, so an app created from it works."""

from __future__ import annotations

import json
from pathlib import Path

from bot.config import Settings

ROOT = Path(__file__).resolve().parent.parent


def _manifest() -> dict[str, object]:
    return json.loads((ROOT / "manifest.json").read_text(encoding="utf-8"))


def test_manifest_requests_every_scope_the_app_asks_for() -> None:
    scopes = _manifest()["oauth_config"]["scopes"]["bot"]  # type: ignore[index]
    assert set(Settings().slack_scopes.split(",")) == set(scopes)


def test_manifest_points_slack_at_bolts_default_path() -> None:
    manifest = _manifest()
    command = manifest["features"]["slash_commands"][0]  # type: ignore[index]
    assert command["command"] == "/news"
    assert command["url"].endswith("/slack/events")
    assert manifest["settings"]["interactivity"]["request_url"].endswith("/slack/events")  # type: ignore[index]
    events = manifest["settings"]["event_subscriptions"]["bot_events"]  # type: ignore[index]
    assert {"app_uninstalled", "tokens_revoked"} <= set(events)


def test_manifest_declares_the_home_tab_and_its_event() -> None:
    manifest = _manifest()
    assert manifest["features"]["app_home"]["home_tab_enabled"] is True  # type: ignore[index]
    events = manifest["settings"]["event_subscriptions"]["bot_events"]  # type: ignore[index]
    assert "app_home_opened" in events


def test_procfile_runs_web_and_clock() -> None:
    lines = (ROOT / "Procfile").read_text(encoding="utf-8").splitlines()
    # One scheduler only: the clock process runs it, so the web process must not.
    assert "web: newsbot serve --no-scheduler" in lines
    assert "clock: newsbot clock" in lines
