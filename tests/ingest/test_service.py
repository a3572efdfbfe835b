"""ingest_inputs: files, directories and URLs into the store, each failing on its own."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import Engine

from bot.config import Settings
from bot.errors import BlockedURLError, EmptyInput, HTTPStatusError, ReadError
from bot.ingest.service import ingest_inputs
from bot.store.articles import count_articles
from fakes.web import FakeWeb, serve_directory

SAMPLES = Path(__file__).resolve().parent.parent / "samples" / "poll"
NOW = datetime(2026, 11, 28, 8, 0, tzinfo=UTC)


@pytest.fixture
def web() -> Iterator[FakeWeb]:
    with FakeWeb() as server:
        serve_directory(server, SAMPLES)
        server.status("/gone.html", 404)
        yield server


def loopback() -> Settings:
    return Settings(allow_private_urls=True, fetch_deadline=2.0)


def test_file_directory_and_url(engine: Engine, web: FakeWeb) -> None:
    inputs = [
        str(SAMPLES / "pages" / "bridge.html"),
        str(SAMPLES / "dumps"),
        web.url("/coast-feed.xml"),
    ]
    report = ingest_inputs(engine, loopback(), inputs, now=NOW)
    assert report.read == 1 + 2 + 3
    assert len(report.new) == 6
    ((where, error),) = report.failed  # the empty dump in the directory
    assert where.endswith("empty.txt") and isinstance(error, EmptyInput)
    again = ingest_inputs(engine, loopback(), inputs, now=NOW + timedelta(hours=1))
    assert again.new == [] and len(again.unchanged) == 6


def test_each_input_fails_alone(sqlite_engine: Engine, web: FakeWeb, tmp_path: Path) -> None:
    inputs = [
        str(tmp_path / "missing.txt"),
        web.url("/gone.html"),
        "file:///etc/passwd",
        str(SAMPLES / "pages" / "orchestra.html"),
    ]
    progress: list[tuple[str, int, int]] = []
    report = ingest_inputs(
        sqlite_engine, loopback(), inputs, now=NOW, progress=lambda *a: progress.append(a)
    )
    errors = dict(report.failed)
    assert isinstance(errors[inputs[0]], ReadError) and "no such file" in str(errors[inputs[0]])
    assert isinstance(errors[inputs[1]], HTTPStatusError)
    assert isinstance(errors[inputs[2]], BlockedURLError)
    assert len(report.new) == 1
    assert [p[1:] for p in progress] == [(1, 4), (2, 4), (3, 4), (4, 4)]


def test_private_url_is_refused_by_default(sqlite_engine: Engine, web: FakeWeb) -> None:
    report = ingest_inputs(sqlite_engine, Settings(), [web.url("/coast-feed.xml")], now=NOW)
    ((_, error),) = report.failed
    assert isinstance(error, BlockedURLError)
    assert web.requests == []
    with sqlite_engine.connect() as conn:
        assert count_articles(conn) == 0


def test_a_file_edited_between_ingests_is_updated_not_stored_twice(
    sqlite_engine: Engine, tmp_path: Path
) -> None:
    page = tmp_path / "ferry.txt"
    body = (
        "Harbour ferry service resumes after storm repairs\n\n"
        "Harbor Daily | Updated: 27-11-2026 09:10 GMT\n\n"
        "The harbour ferry returned to its full timetable on Friday after three weeks of "
        "repairs to the storm-damaged pier, the port authority said.\n\n"
        "Passengers queued from early morning, and the first crossing left on time.\n"
    )
    page.write_text(body, encoding="utf-8")
    first = ingest_inputs(sqlite_engine, loopback(), [str(page)], now=NOW)
    page.write_text(body.replace("on time", "four minutes late"), encoding="utf-8")
    second = ingest_inputs(sqlite_engine, loopback(), [str(page)], now=NOW + timedelta(hours=1))
    assert len(first.new) == 1
    assert second.new == [] and second.updated == first.new
    with sqlite_engine.connect() as conn:
        assert count_articles(conn) == 1
