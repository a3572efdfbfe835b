"""On SQLite newsbot is one process: ``serve`` and ``clock`` refuse to share a database file."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from bot.errors import ConfigError
from bot.store.sqlite_owner import claim_sqlite, sqlite_file
from fakes.slack_api import FakeSlackApi
from tests.selfhost.processes import (
    BIN,
    ProcessTree,
    child_env,
    free_port,
    healthy,
    wait_until,
)

NEWSBOT = [str(BIN / "newsbot")]


def test_a_second_claim_on_one_file_names_the_first(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'team.db'}"
    first = claim_sqlite(url, "serve")
    assert first is not None
    with pytest.raises(ConfigError) as refused:
        claim_sqlite(url, "clock")
    message = str(refused.value)
    assert "\n" not in message
    assert "team.db is already used by newsbot serve (pid" in message
    assert "PostgreSQL DATABASE_URL" in message
    first.release()
    again = claim_sqlite(url, "clock")  # free once the owner let go
    assert again is not None
    again.release()


def test_other_files_and_databases_are_not_claimed(tmp_path: Path) -> None:
    one = claim_sqlite(f"sqlite:///{tmp_path / 'one.db'}", "serve")
    two = claim_sqlite(f"sqlite:///{tmp_path / 'two.db'}", "serve")
    assert one is not None and two is not None
    one.release()
    two.release()
    assert claim_sqlite("postgresql+psycopg://u@localhost/db", "clock") is None
    assert claim_sqlite("sqlite://", "clock") is None
    assert sqlite_file("sqlite:///:memory:") is None


def _run(args: list[str], env: dict[str, str], cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        NEWSBOT + args, env=env, cwd=cwd, capture_output=True, text=True, timeout=60
    )


def _env(tmp_path: Path, slack: FakeSlackApi) -> dict[str, str]:
    empty = tmp_path / "sources.toml"
    empty.write_text("", encoding="utf-8")
    return child_env(
        {
            "DATABASE_URL": "sqlite:///newsbot.db",  # relative: the cwd's file, as by default
            "SLACK_BOT_TOKEN": "xoxb-sqlite",
            "SLACK_SIGNING_SECRET": "sqlite-secret",
            "SLACK_API_URL": slack.api_url,
            "NEWSBOT_SOURCES_FILE": str(empty),
        }
    )


def test_clock_on_sqlite_refuses_without_the_override(tmp_path: Path, slack: FakeSlackApi) -> None:
    done = _run(["clock"], _env(tmp_path, slack), tmp_path)
    assert done.returncode == 1
    lines = done.stderr.splitlines()
    assert len(lines) == 1, done.stderr
    assert lines[0].startswith("newsbot: newsbot clock runs next to `newsbot serve")
    assert "--allow-sqlite" in lines[0]
    assert not (tmp_path / "newsbot.db").exists(), "refused before touching the database"


def test_serve_refuses_while_a_clock_owns_the_file(tmp_path: Path, slack: FakeSlackApi) -> None:
    env = _env(tmp_path, slack)
    argv = [*NEWSBOT, "clock", "--allow-sqlite"]
    clock = ProcessTree(argv, env, tmp_path, tmp_path / "clock.log")
    try:
        lock = tmp_path / "newsbot.db.lock"
        wait_until(lambda: lock.exists() and "clock" in lock.read_text(), 30, clock, "the lock")
        done = _run(["serve", "--port", str(free_port())], env, tmp_path)
        assert done.returncode == 1
        lines = done.stderr.splitlines()
        assert len(lines) == 1, done.stderr
        assert lines[0].startswith(
            f"newsbot: newsbot.db is already used by newsbot clock (pid {clock.proc.pid})"
        )
        assert slack.calls("auth.test") == [], "refused before connecting to Slack"
    finally:
        clock.stop()
    assert clock.alive() == []


def test_clock_refuses_while_serve_owns_the_file(tmp_path: Path, slack: FakeSlackApi) -> None:
    env = _env(tmp_path, slack)
    port = free_port()
    argv = [*NEWSBOT, "serve", "--no-scheduler", "--port", str(port)]
    web = ProcessTree(argv, env, tmp_path, tmp_path / "serve.log")
    try:
        wait_until(lambda: healthy(port), 30, web, "/healthz")
        assert "no process polls sources or posts daily digests" in web.output()
        done = _run(["clock", "--allow-sqlite"], env, tmp_path)
        assert done.returncode == 1
        assert done.stderr.splitlines() == [
            f"newsbot: newsbot.db is already used by newsbot serve (pid {web.proc.pid}): "
            "a SQLite database belongs to one process. Run `newsbot serve` alone (it runs "
            "the scheduler too), or give web and clock one PostgreSQL DATABASE_URL "
            "(see docs/operations.md)"
        ]
        assert healthy(port), "the owner goes on serving"
    finally:
        web.stop()
    # The lock goes with its process, however it ended: a clock may start now.
    after = claim_sqlite(f"sqlite:///{tmp_path / 'newsbot.db'}", "clock")
    assert after is not None
    after.release()
