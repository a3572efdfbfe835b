"""``newsbot deliver``: today's digests now, through the ledger, with the real pipeline."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner

from bot.cli import cli
from bot.store.db import open_engine
from bot.store.subscriptions import add_subscription
from fakes.slack_api import FakeSlackApi


@pytest.fixture
def env(tmp_path: Path, slack: FakeSlackApi) -> dict[str, str]:
    url = f"sqlite:///{tmp_path / 'cli.db'}"
    engine = open_engine(url)
    with engine.begin() as conn:
        for channel, topic in (("C1", "energy"), ("C2", "energy"), ("C2", "elections")):
            add_subscription(
                conn,
                "T1",
                channel,
                topic,
                9,
                0,
                "Europe/Berlin",
                "U1",
                datetime.now(UTC) - timedelta(days=1),
            )
    engine.dispose()
    return {
        "DATABASE_URL": url,
        "SLACK_BOT_TOKEN": "xoxb-cli",
        "SLACK_API_URL": slack.api_url,
        "NEWSBOT_POST_EMPTY_DIGESTS": "true",
    }


def test_deliver_posts_once_per_day(env: dict[str, str], slack: FakeSlackApi) -> None:
    runner = CliRunner()
    first = runner.invoke(cli, ["deliver", "--channel", "C2"], env=env)
    assert first.exit_code == 0, first.output
    lines = first.output.splitlines()
    assert len(lines) == 2 and all(line.startswith("nothing new") for line in lines)
    assert {c.params["channel"] for c in slack.calls("chat.postMessage")} == {"C2"}
    again = runner.invoke(cli, ["deliver", "--channel", "C2", "--topic", "energy"], env=env)
    assert again.exit_code == 0 and again.output.startswith("already delivered")
    assert len(slack.calls("chat.postMessage")) == 2


def test_deliver_with_no_match_says_so(env: dict[str, str]) -> None:
    result = CliRunner().invoke(cli, ["deliver", "--topic", "fisheries"], env=env)
    assert result.exit_code != 0
    assert "no active subscription" in str(result.exception)


def test_deliver_json_is_one_object_per_delivery(env: dict[str, str]) -> None:
    import json

    result = CliRunner().invoke(cli, ["deliver", "--channel", "C2", "--format", "json"], env=env)
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in result.output.splitlines()]
    assert sorted(r["topic"] for r in rows) == ["elections", "energy"]
    assert {r["channel_id"] for r in rows} == {"C2"} and {r["outcome"] for r in rows} == {"empty"}


def test_deliver_fills_todays_slot_even_before_the_scheduled_time(env: dict[str, str]) -> None:
    # Due at 23:59 Berlin, so the day's scheduled time is still ahead (but in its last minute):
    # asked for now, the digest is today's, not the last scheduled run's (yesterday's).
    import json
    from zoneinfo import ZoneInfo

    engine = open_engine(env["DATABASE_URL"])
    with engine.begin() as conn:
        add_subscription(
            conn, "T1", "C9", "energy", 23, 59, "Europe/Berlin", "U1",
            datetime.now(UTC) - timedelta(days=3),
        )  # fmt: skip
    engine.dispose()
    before = datetime.now(ZoneInfo("Europe/Berlin")).date().isoformat()
    result = CliRunner().invoke(cli, ["deliver", "--channel", "C9", "--format", "json"], env=env)
    after = datetime.now(ZoneInfo("Europe/Berlin")).date().isoformat()
    assert result.exit_code == 0, result.output
    [row] = [json.loads(line) for line in result.output.splitlines()]
    assert row["slot"] in (before, after)
