"""Polling sources against a loopback web: 304s, failures kept apart, backoff, teasers, dirs."""

from __future__ import annotations

import ipaddress
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import Engine, event, select
from sqlalchemy.exc import OperationalError

import bot.ingest.poll as poll_module
from bot.config import Settings
from bot.errors import (
    BlockedURLError,
    EmptyInput,
    FetchTimeout,
    HTTPStatusError,
    ReadError,
    ResponseTooLarge,
    StoreUnavailable,
    TooManyRedirects,
)
from bot.ingest.poll import poll_sources, prime_source
from bot.ingest.sources import SourceConfig
from bot.ingest.ssrf import UrlGuard
from bot.store.articles import count_articles, get_articles
from bot.store.fetch_state import backoff_delay, get_state
from bot.store.schema import articles
from fakes.web import FakeWeb, serve_directory

SAMPLES = Path(__file__).resolve().parent.parent / "samples" / "poll"
NOW = datetime(2026, 11, 28, 8, 0, tzinfo=UTC)
MB = 1024 * 1024


@pytest.fixture
def web() -> Iterator[FakeWeb]:
    with FakeWeb() as server:
        serve_directory(server, SAMPLES)
        yield server


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(
        allow_private_urls=True,
        sources_file=str(tmp_path / "sources.toml"),
        connect_timeout=1,
        read_timeout=0.3,
        fetch_deadline=1.0,
        max_body_bytes=MB,
        max_redirects=3,
    )


def feed(web: FakeWeb, name: str, path: str, **options: object) -> SourceConfig:
    return SourceConfig(name=name, url=web.url(path), **options)  # type: ignore[arg-type]


def stored(engine: Engine) -> list[dict[str, object]]:
    with engine.connect() as conn:
        rows = conn.execute(select(articles).order_by(articles.c.id)).mappings()
        return [dict(r) for r in rows]


def test_second_poll_is_answered_304(engine: Engine, web: FakeWeb, settings: Settings) -> None:
    sources = [feed(web, "Coast Press", "/coast-feed.xml")]
    first = poll_sources(engine, settings, now=NOW, sources=sources)
    assert (first.new, first.updated, first.unchanged, first.failed) == (3, 0, 0, [])
    second = poll_sources(engine, settings, now=NOW + timedelta(minutes=15), sources=sources)
    assert (second.new, second.unchanged, second.failed) == (0, 1, [])
    assert web.statuses("/coast-feed.xml") == [200, 304]
    assert web.requests[-1].headers["if-none-match"].startswith('"')
    rows = stored(engine)
    assert {r["source"] for r in rows} == {"Coast Press"}
    assert all(r["seen_only"] is False for r in rows)


def test_bad_sources_fail_alone(sqlite_engine: Engine, web: FakeWeb, settings: Settings) -> None:
    web.status("/missing.xml", 404)
    web.status("/broken.xml", 500)
    web.hang("/never.xml")
    web.drip("/drip.xml", size=500, interval=0.05)
    web.redirect("/loop-a", "/loop-b")
    web.redirect("/loop-b", "/loop-a")
    web.big("/huge.xml", 50 * MB, declare_length=False)
    web.gzip_bomb("/bomb.xml", 50 * MB)
    web.page("/junk.xml", b"\x00\x01\x02 not a feed \xff\xfe", content_type="application/xml")
    web.redirect("/to-metadata", "http://169.254.169.254/latest/meta-data/")
    sources = [
        feed(web, "missing", "/missing.xml"),
        feed(web, "broken", "/broken.xml"),
        feed(web, "never", "/never.xml"),
        feed(web, "drip", "/drip.xml"),
        feed(web, "loop", "/loop-a"),
        feed(web, "huge", "/huge.xml"),
        feed(web, "bomb", "/bomb.xml"),
        feed(web, "junk", "/junk.xml"),
        feed(web, "metadata", "/to-metadata"),
        SourceConfig(name="intranet", url="http://10.20.30.40/feed.xml"),
        feed(web, "Coast Press", "/coast-feed.xml"),
    ]
    # Loopback is allowed for the test server only; every other private class stays refused.
    guard = UrlGuard(allowed_networks=(ipaddress.ip_network("127.0.0.1/32"),))
    summary = poll_sources(sqlite_engine, settings, now=NOW, sources=sources, guard=guard)
    errors = dict(summary.failed)
    assert isinstance(errors["missing"], HTTPStatusError) and errors["missing"].status == 404
    assert isinstance(errors["broken"], HTTPStatusError) and errors["broken"].status == 500
    assert isinstance(errors["never"], FetchTimeout)
    assert isinstance(errors["drip"], FetchTimeout)
    assert isinstance(errors["loop"], TooManyRedirects)
    assert isinstance(errors["huge"], ResponseTooLarge)
    assert isinstance(errors["bomb"], ResponseTooLarge)
    assert isinstance(errors["junk"], ReadError)
    assert isinstance(errors["metadata"], BlockedURLError)
    assert isinstance(errors["intranet"], BlockedURLError)
    assert "Coast Press" not in errors and summary.new == 3
    with sqlite_engine.connect() as conn:
        state = get_state(conn, web.url("/missing.xml"))
    assert state is not None and state.failures == 1 and state.last_status == 404


def test_loopback_is_refused_without_allow_private_urls(
    sqlite_engine: Engine, web: FakeWeb, settings: Settings
) -> None:
    strict = Settings(sources_file=settings.sources_file, fetch_deadline=1.0)
    sources = [
        feed(web, "local", "/coast-feed.xml"),
        SourceConfig(name="metadata", url="http://169.254.169.254/latest/meta-data/"),
        SourceConfig(name="dumps", path=str(SAMPLES / "dumps"), kind="directory"),
    ]
    summary = poll_sources(sqlite_engine, strict, now=NOW, sources=sources)
    errors = dict(summary.failed)
    assert isinstance(errors["local"], BlockedURLError)
    assert isinstance(errors["metadata"], BlockedURLError)
    assert summary.new == 2  # the directory source still went on
    assert web.requests == []


def test_failing_source_backs_off_and_recovers(
    sqlite_engine: Engine, web: FakeWeb, settings: Settings
) -> None:
    web.status("/flaky.xml", 503)
    sources = [feed(web, "flaky", "/flaky.xml")]
    poll_sources(sqlite_engine, settings, now=NOW, sources=sources)
    poll_sources(sqlite_engine, settings, now=NOW + timedelta(minutes=1), sources=sources)
    assert web.count("/flaky.xml") == 1  # waiting out the backoff: not asked again
    later = NOW + backoff_delay(1) + timedelta(seconds=1)
    summary = poll_sources(sqlite_engine, settings, now=later, sources=sources)
    assert web.count("/flaky.xml") == 2 and len(summary.failed) == 1
    with sqlite_engine.connect() as conn:
        state = get_state(conn, web.url("/flaky.xml"))
        assert state is not None and state.failures == 2
        assert state.next_attempt == later + backoff_delay(2)
    skipped = poll_sources(sqlite_engine, settings, now=later, sources=sources)
    assert skipped.skipped == ["flaky"] and skipped.failed == []
    web.page("/flaky.xml", (SAMPLES / "coast-feed.xml").read_bytes())
    recovered = later + backoff_delay(2)
    summary = poll_sources(sqlite_engine, settings, now=recovered, sources=sources)
    assert summary.failed == [] and summary.new == 3
    with sqlite_engine.connect() as conn:
        state = get_state(conn, web.url("/flaky.xml"))
    assert state is not None and state.failures == 0 and state.next_attempt is None


def test_failure_after_success_loses_nothing(
    sqlite_engine: Engine, web: FakeWeb, settings: Settings
) -> None:
    sources = [feed(web, "Coast Press", "/coast-feed.xml")]
    poll_sources(sqlite_engine, settings, now=NOW, sources=sources)
    web.status("/coast-feed.xml", 500)
    summary = poll_sources(sqlite_engine, settings, now=NOW + timedelta(hours=1), sources=sources)
    assert len(summary.failed) == 1
    with sqlite_engine.connect() as conn:
        assert count_articles(conn) == 3


def test_teasers_are_completed_from_their_pages(
    sqlite_engine: Engine, web: FakeWeb, settings: Settings
) -> None:
    sources = [feed(web, "Valley Courier", "/teaser-feed.xml", fetch_full_text=True)]
    summary = poll_sources(sqlite_engine, settings, now=NOW, sources=sources)
    assert summary.new == 3 and summary.failed == []
    with sqlite_engine.connect() as conn:
        by_title = {s.article.title: s.article for s in get_articles(conn, summary.new_ids)}
    bridge = by_title["Council approves bridge repairs after inspection"]
    assert "corroded bolts" in bridge.text and len(bridge.paragraphs) == 4
    assert bridge.guid == "valley-courier-501"
    assert bridge.feed_summary is not None and bridge.feed_summary.endswith("…")
    clinic = by_title["Hospital opens new night clinic for minor injuries"]
    assert "Subscribe" not in clinic.text and "night clinic" in clinic.text  # paywall: feed text


def test_completed_teasers_are_not_fetched_again(
    sqlite_engine: Engine, web: FakeWeb, settings: Settings
) -> None:
    body = (SAMPLES / "teaser-feed.xml").read_bytes().replace(b"{base}", web.base_url.encode())
    web.page("/teaser-feed.xml", body, content_type="application/rss+xml")  # no validators
    sources = [feed(web, "Valley Courier", "/teaser-feed.xml", fetch_full_text=True)]
    poll_sources(sqlite_engine, settings, now=NOW, sources=sources)
    again = poll_sources(sqlite_engine, settings, now=NOW + timedelta(hours=1), sources=sources)
    assert web.count("/pages/bridge.html") == 1
    assert again.new == 0 and again.updated == 0
    rows = stored(sqlite_engine)
    assert any("corroded bolts" in str(r["body"]) for r in rows)


def test_teasers_stay_teasers_without_full_text(
    sqlite_engine: Engine, web: FakeWeb, settings: Settings
) -> None:
    summary = poll_sources(
        sqlite_engine, settings, now=NOW, sources=[feed(web, "Valley", "/teaser-feed.xml")]
    )
    assert summary.new == 3
    assert web.count("/pages/bridge.html") == 0


def test_directory_source_reads_dumps_and_reports_bad_files(
    sqlite_engine: Engine, settings: Settings
) -> None:
    source = SourceConfig(
        name="Ridge", path=str(SAMPLES / "dumps"), kind="directory", outlet="Ridge Daily"
    )
    first = poll_sources(sqlite_engine, settings, now=NOW, sources=[source])
    assert first.new == 2
    ((where, error),) = first.failed
    assert where.startswith("Ridge: ") and where.endswith("empty.txt")
    assert isinstance(error, EmptyInput)
    assert {r["outlet"] for r in stored(sqlite_engine)} == {"Ridge Daily"}
    second = poll_sources(sqlite_engine, settings, now=NOW + timedelta(hours=1), sources=[source])
    assert second.new == 0 and second.updated == 0


def test_missing_directory_is_a_clear_failure(sqlite_engine: Engine, settings: Settings) -> None:
    source = SourceConfig(name="gone", path="no/such/dir", kind="directory")
    ((name, error),) = poll_sources(sqlite_engine, settings, now=NOW, sources=[source]).failed
    assert name == "gone" and isinstance(error, ReadError) and "no such directory" in str(error)


def test_sources_come_from_the_settings_file(
    sqlite_engine: Engine, settings: Settings, tmp_path: Path
) -> None:
    (tmp_path / "dumps").symlink_to(SAMPLES / "dumps")
    settings.sources_path.write_text(
        '[[source]]\nname = "Ridge"\npath = "dumps"\n\n'
        '[[source]]\nname = "off"\npath = "dumps"\nenabled = false\n'
    )
    calls: list[tuple[str, int, int]] = []
    summary = poll_sources(sqlite_engine, settings, now=NOW, progress=lambda *a: calls.append(a))
    assert summary.new == 2
    assert calls == [("Ridge", 1, 1)]


def test_progress_counts_every_source(
    sqlite_engine: Engine, web: FakeWeb, settings: Settings
) -> None:
    sources = [feed(web, "a", "/coast-feed.xml"), feed(web, "b", "/teaser-feed.xml")]
    calls: list[tuple[str, int, int]] = []
    poll_sources(
        sqlite_engine, settings, now=NOW, sources=sources, progress=lambda *a: calls.append(a)
    )
    assert sorted(c[0] for c in calls) == ["a", "b"]
    assert [c[1:] for c in calls] == [(1, 2), (2, 2)]


def test_priming_a_new_feed_stores_items_as_seen(
    engine: Engine, web: FakeWeb, settings: Settings
) -> None:
    source = feed(web, "Coast Press", "/coast-feed.xml")
    primed = prime_source(engine, settings, source, now=NOW)
    assert primed.new == 3
    assert all(r["seen_only"] is True for r in stored(engine))
    summary = poll_sources(engine, settings, now=NOW + timedelta(minutes=15), sources=[source])
    assert summary.unchanged == 1 and summary.new == 0


def test_priming_an_unreachable_feed_raises(
    sqlite_engine: Engine, web: FakeWeb, settings: Settings
) -> None:
    with pytest.raises(HTTPStatusError):
        prime_source(sqlite_engine, settings, feed(web, "nope", "/nope.xml"), now=NOW)


def test_backoff_doubles_up_to_a_cap() -> None:
    delays = [backoff_delay(n) for n in range(0, 10)]
    assert delays[:4] == [
        timedelta(0),
        timedelta(minutes=5),
        timedelta(minutes=10),
        timedelta(minutes=20),
    ]
    assert delays[-1] == timedelta(hours=6)
    assert backoff_delay(10_000) == timedelta(hours=6)


def test_relative_sources_file_polls_its_directory(
    sqlite_engine: Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The shipped setup: sources_file "config/sources.toml" relative to the working directory,
    # naming a folder relative to itself ("../samples").
    (tmp_path / "config").mkdir()
    (tmp_path / "dumps").symlink_to(SAMPLES / "dumps")
    (tmp_path / "config" / "sources.toml").write_text(
        '[[source]]\nname = "Ridge"\npath = "../dumps"\n'
    )
    monkeypatch.chdir(tmp_path)
    settings = Settings(sources_file="config/sources.toml")
    first = poll_sources(sqlite_engine, settings, now=NOW)
    assert first.new == 2 and [w for w, _ in first.failed] == [
        f"Ridge: {(tmp_path / 'dumps' / 'empty.txt').resolve()}"
    ]
    second = poll_sources(sqlite_engine, settings, now=NOW + timedelta(hours=1))
    assert (second.new, second.unchanged_files) == (0, 2)


def test_a_save_the_database_was_not_there_for_costs_no_backoff(
    sqlite_engine: Engine, web: FakeWeb, settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    def unreachable(*_args: object, **_kwargs: object) -> None:
        raise OperationalError("INSERT", {}, Exception("server closed the connection"))

    sources = [feed(web, "coast", "/coast-feed.xml")]
    monkeypatch.setattr(poll_module, "save_articles", unreachable)
    summary = poll_sources(sqlite_engine, settings, now=NOW, sources=sources)
    ((name, error),) = summary.failed
    assert name == "coast" and isinstance(error, StoreUnavailable)
    with sqlite_engine.connect() as conn:
        assert get_state(conn, web.url("/coast-feed.xml")) is None  # neither polled nor failed
    monkeypatch.undo()
    again = poll_sources(sqlite_engine, settings, now=NOW + timedelta(seconds=5), sources=sources)
    assert again.failed == [] and again.new == 3 and web.count("/coast-feed.xml") == 2


def test_the_states_of_a_304_poll_are_recorded_in_one_commit(
    sqlite_engine: Engine, web: FakeWeb, settings: Settings
) -> None:
    body = (SAMPLES / "coast-feed.xml").read_bytes()
    for n in range(4):
        web.page(f"/same-{n}.xml", body, content_type="application/rss+xml", etag=f'"s{n}"')
    sources = [feed(web, f"same {n}", f"/same-{n}.xml") for n in range(4)]
    poll_sources(sqlite_engine, settings, now=NOW, sources=sources)
    commits: list[object] = []

    def count(conn: object) -> None:
        commits.append(conn)

    event.listen(sqlite_engine, "commit", count)
    later = NOW + timedelta(minutes=15)
    summary = poll_sources(sqlite_engine, settings, now=later, sources=sources)
    event.remove(sqlite_engine, "commit", count)
    assert summary.unchanged == 4 and len(commits) == 1
    with sqlite_engine.connect() as conn:
        for n in range(4):
            state = get_state(conn, web.url(f"/same-{n}.xml"))
            assert state is not None and state.last_polled == later and state.last_status == 304
