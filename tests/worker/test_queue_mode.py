"""Queue mode's switches and rules, without a cluster: the refusals, locks and cycles."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner

from bot.cli import cli
from bot.config import Settings
from bot.errors import ConfigError
from bot.queue.app import SQLITE_REFUSAL, conninfo, host_lock, queue_mode
from bot.queue.dispatch import cycle_start
from bot.schedule import AlignedInterval


def test_default_is_the_single_process_mode() -> None:
    assert queue_mode(Settings()) is False


def test_queue_mode_refuses_sqlite() -> None:
    with pytest.raises(ConfigError, match="needs a PostgreSQL DATABASE_URL"):
        queue_mode(Settings(queue=True, database_url="sqlite:///x.db"))
    assert queue_mode(Settings(queue=True, database_url="postgresql://u@h/db")) is True


@pytest.mark.parametrize("command", [["worker"], ["clock"], ["serve"]])
def test_every_process_refuses_queue_mode_on_sqlite_in_one_line(
    command: list[str], tmp_path: Path
) -> None:
    env = {"NEWSBOT_QUEUE": "on", "DATABASE_URL": f"sqlite:///{tmp_path / 'n.db'}"}
    result = CliRunner().invoke(cli, command, env=env)
    assert result.exit_code != 0
    assert str(result.exception) == SQLITE_REFUSAL
    assert "\n" not in SQLITE_REFUSAL


def test_worker_without_queue_mode_says_how_to_turn_it_on(tmp_path: Path) -> None:
    env = {"DATABASE_URL": f"sqlite:///{tmp_path / 'n.db'}"}
    result = CliRunner().invoke(cli, ["worker"], env=env)
    assert result.exit_code != 0
    assert "set NEWSBOT_QUEUE=on" in str(result.exception)


def test_host_locks_keep_per_host_concurrency_across_workers() -> None:
    urls = [f"https://Example.org/feed/{n}.xml" for n in range(50)]
    locks = {host_lock(url, 2) for url in urls}
    assert locks == {"host:example.org#0", "host:example.org#1"}
    assert host_lock(urls[7], 2) == host_lock(urls[7], 2)  # a URL keeps its lock
    assert host_lock("https://other.net/a", 2).startswith("host:other.net#")


def test_conninfo_keeps_the_schema_option_and_drops_the_driver() -> None:
    url = "postgresql+psycopg://u:p@h:5/db?options=-csearch_path%3Dt_1"
    assert conninfo(url) == "postgresql://u:p@h:5/db?options=-csearch_path%3Dt_1"


def test_cycles_are_whole_intervals_since_1970() -> None:
    at = datetime(2026, 12, 1, 9, 7, 31, tzinfo=UTC)
    assert cycle_start(at, 900) == datetime(2026, 12, 1, 9, 0, tzinfo=UTC)
    assert cycle_start(at + timedelta(minutes=8), 900) == datetime(2026, 12, 1, 9, 15, tzinfo=UTC)


def test_a_clock_started_off_phase_polls_on_the_shared_instants() -> None:
    started = datetime(2026, 12, 1, 9, 7, 31, tzinfo=UTC)
    trigger = AlignedInterval(seconds=900, start_date=cycle_start(started, 900))
    # The start-up poll ran at 09:07:31; the next is on the interval, as for every clock.
    after = trigger.get_next_fire_time(started, started)
    assert after == datetime(2026, 12, 1, 9, 15, tzinfo=UTC)
    assert trigger.get_next_fire_time(after, after) == datetime(2026, 12, 1, 9, 30, tzinfo=UTC)
