"""The Procfile run as a whole: ``honcho start`` with web, clock and worker on one PostgreSQL.

Everything is real but Slack and the news site: three newsbot processes under honcho in queue
mode (the clock enqueues, the worker polls and delivers), a fresh
PostgreSQL schema, a loopback feed (fakes/web.py) and the fake Slack Web API. The
subscription's time is two minutes ago, so the clock's start-up catch-up owes today's digest
at once: no waiting for a daily time, no frozen clock. The story is polled in before honcho
starts (`newsbot poll`), since the catch-up and the clock's first poll start together.
"""

from __future__ import annotations

import sys
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from click.testing import CliRunner
from sqlalchemy import select

from bot.cli import cli
from bot.store.db import open_engine
from bot.store.schema import deliveries
from bot.store.subscriptions import add_subscription
from fakes.slack_api import TEAM_ID, FakeSlackApi
from fakes.web import FakeWeb
from tests.selfhost.processes import (
    ProcessTree,
    child_env,
    free_port,
    healthy,
    wait_until,
)

ROOT = Path(__file__).resolve().parents[2]
CHANNEL = "C0NEWS"
TOPIC = "lighthouse"  # not in topics.toml: every word of the slug must appear
HEADLINE = "Lighthouse keepers return to Skerry Point after forty years"

pytestmark = [pytest.mark.postgres, pytest.mark.timeout(60)]


def _feed(now: datetime, base: str) -> str:
    item = f"""
  <item>
    <title>{HEADLINE}</title>
    <link>{base}/coast/lighthouse</link>
    <guid isPermaLink="false">coast-1</guid>
    <pubDate>{format_datetime(now - timedelta(hours=1))}</pubDate>
    <content:encoded><![CDATA[
      <p>Two keepers will live at the Skerry Point lighthouse again from January, forty years
      after the light was automated and the last family moved to the mainland.</p>
      <p>"The storms of the last winters showed we need people on the rock," said Tomas
      Eriksen, who runs the coastal lights service.</p>
      <p>The keepers will monitor the lamp and a new weather station, and will be relieved by
      boat every three weeks.</p>
    ]]></content:encoded>
  </item>"""
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n'
        '<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">'
        f"<channel><title>Coast Press</title><link>{base}/coast/</link>"
        f"<description>Coast news</description>{item}</channel></rss>"
    )


def _due_two_minutes_ago(now: datetime) -> tuple[str, datetime]:
    """A zone where two minutes ago was still today and an hour of the day is left (a slot
    is its local day's, so a run must not cross local midnight), and that time there."""
    for zone in ("UTC", "Pacific/Pago_Pago"):  # UTC-11 is mid-day when UTC nears midnight
        here = now.astimezone(ZoneInfo(zone))
        local = here - timedelta(minutes=2)
        if local.date() == here.date() and here.hour < 23:
            return zone, local
    raise AssertionError("unreachable: UTC and UTC-11 cannot both be near midnight")


def _subscribe(database_url: str, now: datetime) -> None:
    zone, at = _due_two_minutes_ago(now)
    engine = open_engine(database_url)  # the schema exists before either process starts
    with engine.begin() as conn:
        add_subscription(
            conn, TEAM_ID, CHANNEL, TOPIC, at.hour, at.minute, zone, "U1", now - timedelta(days=1)
        )
    engine.dispose()


def _delivered(database_url: str) -> list[str]:
    engine = open_engine(database_url)
    with engine.connect() as conn:
        states = [row.status for row in conn.execute(select(deliveries.c.status))]
    engine.dispose()
    return states


def _top_level_posts(slack: FakeSlackApi) -> list[dict[str, object]]:
    return [
        c.params
        for c in slack.calls("chat.postMessage")
        if c.params.get("channel") == CHANNEL and not c.params.get("thread_ts")
    ]


def test_honcho_runs_web_and_clock_on_one_postgres(
    tmp_path: Path, postgres_url: str, slack: FakeSlackApi
) -> None:
    now = datetime.now(UTC)
    with FakeWeb() as web:
        web.page("/coast.xml", _feed(now, web.base_url), content_type="application/rss+xml")
        sources = tmp_path / "sources.toml"
        sources.write_text(
            f'[[source]]\nname = "Coast Press"\nurl = "{web.url("/coast.xml")}"\nkind = "feed"\n',
            encoding="utf-8",
        )
        settings = {
            "DATABASE_URL": postgres_url,
            "SLACK_BOT_TOKEN": "xoxb-procfile",
            "SLACK_SIGNING_SECRET": "procfile-secret",
            "SLACK_API_URL": slack.api_url,
            "NEWSBOT_ALLOW_PRIVATE_URLS": "true",
            "NEWSBOT_SOURCES_FILE": str(sources),
            "NEWSBOT_QUEUE": "on",
            # 6 s poll cycles: the feed polled above is due again within the test.
            "NEWSBOT_POLL_INTERVAL_MINUTES": "0.1",
        }
        _subscribe(postgres_url, now)
        # Stories first: the clock's start-up catch-up may run before its own first poll.
        polled = CliRunner().invoke(cli, ["poll"], env=settings)
        assert polled.exit_code == 0, polled.output
        port = free_port()
        argv = [sys.executable, "-m", "honcho", "start", "--no-colour"]
        argv += ["-f", str(ROOT / "Procfile"), "-d", str(tmp_path), "-p", str(port)]
        honcho = ProcessTree(argv, child_env(settings), tmp_path, tmp_path / "honcho.log")
        try:
            wait_until(lambda: healthy(port), 30, honcho, "web's /healthz")
            wait_until(lambda: bool(_top_level_posts(slack)), 30, honcho, "the clock's digest")
            # The clock enqueued the next cycle's poll, the worker polled the feed, and the
            # digest carries the story.
            wait_until(lambda: web.count("/coast.xml") >= 2, 20, honcho, "the worker's poll")
            wait_until(lambda: "posted" in _delivered(postgres_url), 10, honcho, "the ledger")
            assert HEADLINE in str(_top_level_posts(slack)[0])
            # Once: a manual delivery now finds today's slot done and posts nothing.
            again = CliRunner().invoke(cli, ["deliver", "--channel", CHANNEL], env=settings)
            assert again.exit_code == 0, again.output
            assert again.output.startswith("already delivered"), again.output
            assert len(_top_level_posts(slack)) == 1, honcho.output()
            assert _delivered(postgres_url) == ["posted"]
            output = honcho.output()
            assert "web.1" in output and "clock.1" in output and "worker.1" in output
        finally:
            honcho.stop()
    assert honcho.alive() == [], f"left running: {honcho.alive()}"
    assert len(honcho.seen) >= 4, "honcho and its three processes were all seen and stopped"
