"""A newsbot cluster for the load and fault tests: loopback feeds on many hosts, a fake Slack,
subscriptions due now, and real ``newsbot clock`` / ``newsbot worker`` processes."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from sqlalchemy import Engine, func, select, text

from bot.ingest.poll import poll_sources
from bot.ingest.sources import SourceConfig
from bot.store.schema import articles, deliveries, fetch_state
from bot.store.subscriptions import add_subscription
from fakes.slack_api import TEAM_ID, FakeSlackApi
from fakes.web import FakeWeb
from tests.selfhost.processes import child_env

TOPIC = "lighthouse"
HEADLINE = "Lighthouse keepers return to Skerry Point after forty years"


@dataclass(frozen=True)
class Size:
    feeds: int
    subscriptions: int
    hosts: int
    interval: float  # seconds per poll cycle
    workers: int = 4
    clocks: int = 2


QUICK = Size(feeds=100, subscriptions=100, hosts=10, interval=20)
FULL = Size(feeds=2000, subscriptions=2000, hosts=40, interval=120)


def _rss(title: str, items: list[tuple[str, str, str]]) -> str:
    body = "".join(
        f"<item><title>{t}</title><link>{link}</link><guid isPermaLink='false'>{guid}</guid>"
        f"<pubDate>Mon, 30 Nov 2026 08:00:00 +0000</pubDate><description>{t}. A short note "
        f"on the matter from the desk.</description></item>"
        for t, link, guid in items
    )
    head = f"<?xml version='1.0'?><rss version='2.0'><channel><title>{title}</title>"
    return f"{head}{body}</channel></rss>"


@dataclass
class FeedFarm:
    """``feeds`` loopback feeds spread over ``hosts`` addresses (127.0.0.2, ...), so the
    per-host politeness lock has many hosts to spread over, as real sites would."""

    size: Size
    webs: list[FakeWeb] = field(default_factory=list)
    links: set[str] = field(default_factory=set)  # every item link served so far

    def __enter__(self) -> FeedFarm:
        for host in range(self.size.hosts):
            self.webs.append(FakeWeb(host=f"127.0.0.{2 + host}").__enter__())
        for index in range(self.size.feeds):
            self.publish(index, version=1)
        return self

    def __exit__(self, *exc: object) -> None:
        for web in self.webs:
            web.__exit__(*exc)

    def _web(self, index: int) -> FakeWeb:
        return self.webs[index % len(self.webs)]

    def url(self, index: int) -> str:
        web = self._web(index)
        return web.url(f"/feeds/{index}.xml", host=f"127.0.0.{2 + self.webs.index(web)}")

    def publish(self, index: int, version: int) -> None:
        """Version ``v`` of a feed holds items 1..v+1 (each new version adds one)."""
        base = self.url(index).rsplit("/feeds/", 1)[0]
        items = [
            (f"Harbour note {index}-{n}", f"{base}/story/{index}/{n}", f"f{index}-i{n}")
            for n in range(version + 1)
        ]
        self.links.update(link for _, link, _ in items)
        self._web(index).page(
            f"/feeds/{index}.xml",
            _rss(f"Feed {index}", items),
            content_type="application/rss+xml",
            etag=f'"f{index}-v{version}"',
        )

    def statuses(self, index: int) -> list[int | None]:
        return self._web(index).statuses(f"/feeds/{index}.xml")

    def fetches(self) -> list[int]:
        return [self._web(i).count(f"/feeds/{i}.xml") for i in range(self.size.feeds)]

    def sources_toml(self) -> str:
        return "".join(
            f'[[source]]\nname = "feed {i}"\nurl = "{self.url(i)}"\nkind = "feed"\n\n'
            for i in range(self.size.feeds)
        )


def seed_story(engine: Engine, settings: object, web: FakeWeb, now: datetime) -> None:
    """One story on the subscribed topic, stored before the cluster starts (not a feed of the
    cluster): every digest has it, so every delivery posts."""
    quote = '"The storms showed we need people on the rock," said Tomas Eriksen.'
    item = (
        f"<item><title>{HEADLINE}</title><link>{web.base_url}/coast/lighthouse</link>"
        "<guid isPermaLink='false'>coast-1</guid>"
        f"<pubDate>{(now - timedelta(hours=1)).strftime('%a, %d %b %Y %H:%M:%S +0000')}</pubDate>"
        f"<description>Two keepers will live at the Skerry Point lighthouse again. {quote}"
        "</description></item>"
    )
    web.page(
        "/coast.xml", f"<rss version='2.0'><channel><title>Coast</title>{item}</channel></rss>"
    )
    source = SourceConfig(name="coast", url=web.url("/coast.xml"))
    summary = poll_sources(engine, settings, now=now, sources=[source])  # type: ignore[arg-type]
    assert summary.new == 1 and not summary.failed, summary


def subscribe(engine: Engine, count: int, now: datetime) -> None:
    """``count`` channels subscribed to TOPIC, each due two minutes ago (today, locally), in a
    zone whose day has an hour left: a slot is its local day's, and the run takes minutes."""
    for zone in ("UTC", "Pacific/Pago_Pago"):  # UTC-11 is mid-day when UTC nears midnight
        local = now.astimezone(ZoneInfo(zone))
        at = local - timedelta(minutes=2)
        if at.date() == local.date() and local.hour < 23:
            break
    with engine.begin() as conn:
        for index in range(count):
            channel = f"C{index:05d}"
            add_subscription(
                conn, TEAM_ID, channel, TOPIC, at.hour, at.minute, zone, "U1", now - timedelta(1)
            )


class Cluster:
    """Clock and worker processes; every one is ended by ``stop()``."""

    def __init__(self, folder: Path, env: dict[str, str], size: Size) -> None:
        self.folder, self.env, self.size = folder, child_env(env), size
        self.procs: dict[str, subprocess.Popen[bytes]] = {}

    def _start(self, name: str, argv: list[str]) -> None:
        log = (self.folder / f"{name}.log").open("wb")
        exe = str(Path(sys.executable).parent / "newsbot")
        self.procs[name] = subprocess.Popen(
            [exe, "-v", *argv],
            env=self.env,
            stdout=log,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            start_new_session=True,
        )

    def start(self) -> None:
        for n in range(self.size.workers):
            argv = ["worker", "--concurrency", "16", "--stalled-after", "3"]
            self._start(f"worker{n}", [*argv, "--claim-stale-after", "15"])
        for n in range(self.size.clocks):
            self._start(f"clock{n}", ["clock", "--name", f"clock{n}"])

    def kill(self, name: str) -> None:
        os.killpg(self.procs[name].pid, signal.SIGKILL)
        self.procs[name].wait(10)

    def exited(self) -> dict[str, int]:
        return {n: p.returncode for n, p in self.procs.items() if p.poll() is not None}

    def stop(self, names: list[str] | None = None) -> dict[str, int | None]:
        chosen = [n for n in (names or list(self.procs)) if self.procs[n].poll() is None]
        for name in chosen:
            os.killpg(self.procs[name].pid, signal.SIGTERM)
        codes: dict[str, int | None] = {}
        for name in chosen:
            try:
                codes[name] = self.procs[name].wait(30)
            except subprocess.TimeoutExpired:
                os.killpg(self.procs[name].pid, signal.SIGKILL)
                codes[name] = None
        return codes

    def jobs(self) -> str:
        """The queue's open jobs, for a failure message."""
        from sqlalchemy import create_engine

        engine = create_engine(self.env["DATABASE_URL"])
        try:
            with engine.connect() as conn:
                rows = conn.execute(
                    text(
                        "SELECT id, status, task_name, attempts, worker_id, scheduled_at, "
                        "args::text FROM procrastinate_jobs WHERE status IN ('todo', 'doing')"
                    )
                ).all()
            return "\n".join(str(tuple(r))[:300] for r in rows[:30]) + f"\n({len(rows)} open)"
        except Exception as exc:
            return f"(cannot read: {exc})"
        finally:
            engine.dispose()

    def logs(self) -> str:
        return "\n".join(
            f"--- {p.name}\n" + p.read_text(errors="replace")[-3000:]
            for p in sorted(self.folder.glob("*.log"))
        )


def wait_for(what: str, predicate: Callable[[], bool], timeout: float, cluster: Cluster) -> None:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        try:
            if predicate():
                return
        except Exception:
            pass
        time.sleep(0.5)
    raise AssertionError(
        f"timed out after {timeout:.0f}s waiting for {what}\n{cluster.logs()}\n"
        f"jobs: {cluster.jobs()}"
    )


def polled_since(engine: Engine, start: datetime) -> int:
    """Feeds of the farm whose last poll is at or after ``start``."""
    with engine.connect() as conn:
        query = select(func.count()).where(
            fetch_state.c.last_polled >= start, fetch_state.c.url.like("%/feeds/%")
        )
        return int(conn.execute(query).scalar_one())


def posted(engine: Engine) -> int:
    with engine.connect() as conn:
        query = select(func.count()).where(deliveries.c.status == "posted")
        return int(conn.execute(query).scalar_one())


def open_jobs(engine: Engine) -> int:
    with engine.connect() as conn:
        query = text(
            "SELECT count(*) FROM procrastinate_jobs WHERE status IN ('todo', 'doing') "
            "AND queue_name IN ('poll', 'deliver')"
        )
        return int(conn.execute(query).scalar_one())


def stored_links(engine: Engine) -> set[str]:
    with engine.connect() as conn:
        return {row[0] for row in conn.execute(select(articles.c.url)) if row[0]}


def top_level_posts(slack: FakeSlackApi) -> dict[str, int]:
    counts: dict[str, int] = {}
    for call in slack.calls("chat.postMessage"):
        if not call.params.get("thread_ts"):
            channel = str(call.params.get("channel"))
            counts[channel] = counts.get(channel, 0) + 1
    return counts
