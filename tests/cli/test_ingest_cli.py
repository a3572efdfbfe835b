"""``newsbot ingest``, ``poll`` and ``sources``: output, exit codes, one-line reasons."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import select

from bot.cli import main
from bot.resources import resource_dir
from bot.store.db import open_engine
from bot.store.schema import articles
from fakes.web import FakeWeb, serve_directory

POLL_SAMPLES = Path(__file__).resolve().parent.parent / "samples" / "poll"


@pytest.fixture
def env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("NEWSBOT_DATABASE_URL", f"sqlite:///{tmp_path / 'cli.db'}")
    monkeypatch.setenv("NEWSBOT_SOURCES_FILE", str(tmp_path / "sources.toml"))
    monkeypatch.setenv("NEWSBOT_ALLOW_PRIVATE_URLS", "true")
    monkeypatch.setenv("NEWSBOT_FETCH_DEADLINE", "2")
    return tmp_path


@pytest.fixture
def web() -> Iterator[FakeWeb]:
    with FakeWeb() as server:
        serve_directory(server, POLL_SAMPLES)
        yield server


def run(
    args: list[str], monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> tuple[int, str, str]:
    monkeypatch.setattr(sys, "argv", ["newsbot", *args])
    with pytest.raises(SystemExit) as exited:
        main()
    out, err = capsys.readouterr()
    return int(exited.value.code or 0), out, err


def seen_only_flags(env: Path) -> list[bool]:
    engine = open_engine(f"sqlite:///{env / 'cli.db'}")
    with engine.connect() as conn:
        flags = [bool(v) for v in conn.execute(select(articles.c.seen_only)).scalars()]
    engine.dispose()
    return flags


def test_ingest_files_and_urls(
    env: Path, web: FakeWeb, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    args = ["ingest", str(POLL_SAMPLES / "pages" / "bridge.html"), web.url("/coast-feed.xml")]
    code, out, err = run(args, monkeypatch, capsys)
    assert code == 0, err
    assert out.strip() == "read 4 article(s): 4 new, 0 updated, 0 unchanged, 0 failed"
    assert seen_only_flags(env) == [False] * 4


def test_ingest_failure_exits_1_with_one_line_each(
    env: Path, web: FakeWeb, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    web.status("/gone", 404)
    args = ["ingest", str(env / "nope.txt"), web.url("/gone"), str(POLL_SAMPLES / "dumps")]
    code, out, err = run(args, monkeypatch, capsys)
    assert code == 1
    assert "2 new" in out
    lines = err.strip().splitlines()
    assert lines == [
        f"newsbot: {env / 'nope.txt'}: no such file or directory",
        f"newsbot: {web.url('/gone')}: server answered HTTP 404",
        f"newsbot: {POLL_SAMPLES / 'dumps' / 'empty.txt'}: the document is empty",
    ]


def test_sources_add_list_poll_remove(
    env: Path, web: FakeWeb, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    feed_url = web.url("/coast-feed.xml")
    code, out, err = run(
        ["sources", "add", feed_url, "--name", "Coast", "--outlet", "Coast Press"],
        monkeypatch,
        capsys,
    )
    assert code == 0, err
    assert out.strip() == (
        f"added feed source 'Coast' to {env / 'sources.toml'}: "
        "3 current item(s) stored as already seen"
    )
    assert seen_only_flags(env) == [True] * 3

    code, out, _ = run(
        ["sources", "add", "--path", str(POLL_SAMPLES / "dumps")], monkeypatch, capsys
    )
    assert (code, out.strip()) == (0, f"added directory source 'dumps' to {env / 'sources.toml'}")

    code, out, _ = run(["sources", "list"], monkeypatch, capsys)
    assert out.splitlines() == [
        f"Coast\tfeed\t{feed_url}\toutlet=Coast Press",
        f"dumps\tdirectory\t{POLL_SAMPLES / 'dumps'}",
    ]

    code, out, err = run(["poll"], monkeypatch, capsys)
    assert code == 1  # the empty dump
    assert out.strip() == "polled: 2 new, 0 updated, 1 unchanged (304), 1 failed"
    assert err.strip().endswith("empty.txt: the document is empty")

    code, out, _ = run(["sources", "remove", "dumps"], monkeypatch, capsys)
    assert (code, out.strip()) == (0, f"removed 'dumps' from {env / 'sources.toml'}")
    code, _, err = run(["sources", "remove", "dumps"], monkeypatch, capsys)
    assert code == 1 and err.strip().startswith("newsbot: no source named 'dumps'")


def test_sources_add_refuses_unreachable_and_private_feeds(
    env: Path, web: FakeWeb, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    web.status("/missing.xml", 404)
    code, _, err = run(["sources", "add", web.url("/missing.xml")], monkeypatch, capsys)
    assert code == 1 and err.strip().endswith("server answered HTTP 404")
    monkeypatch.setenv("NEWSBOT_ALLOW_PRIVATE_URLS", "false")
    code, _, err = run(["sources", "add", "http://169.254.169.254/feed"], monkeypatch, capsys)
    assert code == 1 and "not a public address" in err and "link-local" not in err
    assert not (env / "sources.toml").exists()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["sources", "add"], "give either a URL or --path DIR"),
        (["sources", "add", "ftp://x.example/feed"], "not an http(s) URL"),
        (["sources", "add", "https://x.example/feed", "--timezone", "Nowhere/City"], "timezone"),
    ],
)
def test_sources_add_argument_errors(
    env: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    args: list[str],
    message: str,
) -> None:
    code, _, err = run(args, monkeypatch, capsys)
    assert code == 1
    assert len(err.strip().splitlines()) == 1 and message in err


def test_poll_without_sources(
    env: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(["poll"], monkeypatch, capsys)
    assert code == 0
    assert out.strip() == "polled: 0 new, 0 updated, 0 unchanged (304), 0 failed"


def test_sources_add_outside_the_checkout_never_writes_the_packaged_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    packaged = resource_dir("config") / "sources.toml"
    before = packaged.read_bytes()
    monkeypatch.chdir(tmp_path)  # no ./config/sources.toml here
    monkeypatch.setenv("NEWSBOT_DATABASE_URL", f"sqlite:///{tmp_path / 'cli.db'}")
    mine = tmp_path / "xdg-config" / "newsbot" / "sources.toml"
    code, out, err = run(
        ["sources", "add", "--path", str(POLL_SAMPLES / "dumps")], monkeypatch, capsys
    )
    assert code == 0, err
    assert out.strip() == f"added directory source 'dumps' to {mine}"
    assert packaged.read_bytes() == before
    # The user's file starts from the packaged sources, so the samples are still polled.
    code, out, _ = run(["sources", "list"], monkeypatch, capsys)
    assert [line.split("\t")[:3] for line in out.splitlines()] == [
        ["Samples", "directory", str(resource_dir("samples"))],
        ["dumps", "directory", str(POLL_SAMPLES / "dumps")],
    ]
    code, out, _ = run(["sources", "remove", "Samples"], monkeypatch, capsys)
    assert (code, out.strip()) == (0, f"removed 'Samples' from {mine}")
    assert packaged.read_bytes() == before


def test_removing_a_packaged_source_starts_the_users_file_without_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    packaged = resource_dir("config") / "sources.toml"
    before = packaged.read_bytes()
    monkeypatch.chdir(tmp_path)
    code, out, _ = run(["sources", "remove", "Samples"], monkeypatch, capsys)
    mine = tmp_path / "xdg-config" / "newsbot" / "sources.toml"
    assert (code, out.strip()) == (0, f"removed 'Samples' from {mine}")
    assert packaged.read_bytes() == before
    code, out, _ = run(["sources", "list"], monkeypatch, capsys)
    assert out.strip() == f"no sources in {mine}"
