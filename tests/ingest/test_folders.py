"""Directory sources are polled like feeds: an unchanged file is not read again."""

from __future__ import annotations

import os
import shutil
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import Engine, select

from bot.errors import EmptyInput, ReadError
from bot.ingest.folders import poll_folder
from bot.store.schema import articles

DUMPS = Path(__file__).resolve().parent.parent / "samples" / "poll" / "dumps"
NOW = datetime(2026, 11, 28, 8, 0, tzinfo=UTC)
LATER = NOW + timedelta(hours=1)


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    target = tmp_path / "dumps"
    shutil.copytree(DUMPS, target)
    return target


def _texts(engine: Engine) -> list[str]:
    with engine.connect() as conn:
        return [r.body for r in conn.execute(select(articles.c.body).order_by(articles.c.id))]


def _rewrite(path: Path, old: str, new: str, *, keep_stat: bool) -> None:
    stat = path.stat()
    path.write_text(path.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")
    if keep_stat:
        os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))


def test_second_poll_reads_only_what_changed(engine: Engine, folder: Path) -> None:
    first = poll_folder(engine, folder, hints=None, now=NOW)
    assert len(first.report.new) == 2 and first.unchanged_files == 0

    second = poll_folder(engine, folder, hints=None, now=LATER)
    # empty.txt failed to read, so it has no validator and is tried (and reported) again.
    assert second.unchanged_files == 2
    assert second.report.new == [] and second.report.unchanged == []
    assert [isinstance(error, EmptyInput) for _, error in second.failed] == [True]


def test_a_file_with_the_same_time_and_size_is_not_read(engine: Engine, folder: Path) -> None:
    poll_folder(engine, folder, hints=None, now=NOW)
    # Same length, same modification time: the validator cannot tell, so the file is skipped.
    _rewrite(folder / "ridge-daily-wind-farm.txt", "twelve", "eleven", keep_stat=True)

    poll_folder(engine, folder, hints=None, now=LATER)

    assert not any("eleven-turbine" in body for body in _texts(engine))


def test_a_rewritten_file_is_read_and_updates_its_article(engine: Engine, folder: Path) -> None:
    poll_folder(engine, folder, hints=None, now=NOW)
    path = folder / "ridge-daily-wind-farm.txt"
    _rewrite(path, "twelve-turbine", "fourteen-turbine", keep_stat=False)
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))

    again = poll_folder(engine, folder, hints=None, now=LATER)

    assert len(again.report.updated) == 1 and again.unchanged_files == 1
    assert any("fourteen-turbine" in body for body in _texts(engine))


def test_a_new_file_is_read(engine: Engine, folder: Path) -> None:
    poll_folder(engine, folder, hints=None, now=NOW)
    source = (folder / "ridge-daily-wind-farm.txt").read_text(encoding="utf-8")
    (folder / "ridge-daily-ferry.txt").write_text(
        source.replace("Wind farm on Hallow Ridge wins planning approval", "Ferry returns").replace(
            "Planners approved a twelve-turbine wind farm", "A night ferry returned"
        ),
        encoding="utf-8",
    )

    again = poll_folder(engine, folder, hints=None, now=LATER)

    assert again.unchanged_files == 2
    assert len(again.report.new) == 1


def test_a_missing_directory_is_a_read_error(engine: Engine, tmp_path: Path) -> None:
    with pytest.raises(ReadError, match="no such directory"):
        poll_folder(engine, tmp_path / "absent", hints=None, now=NOW)
