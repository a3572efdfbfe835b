"""The command line starts without loading what only some commands need."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from bot.cli import main

# Loaded by the commands that use the store, Slack or the scheduler, never at start-up.
SERVICE_LIBRARIES = ("sqlalchemy", "alembic", "apscheduler", "slack_bolt", "slack_sdk")
DUMP = Path(__file__).resolve().parent.parent / "samples" / "pages" / "dump_pipe_byline.txt"


def _loaded_after(code: str) -> set[str]:
    script = f"import sys\n{code}\nprint(' '.join(sorted(sys.modules)))"
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True, timeout=60
    )
    return {name.split(".")[0] for name in done.stdout.split()}


def test_importing_the_command_line_loads_no_service_library() -> None:
    loaded = _loaded_after("import bot.cli")
    assert loaded.isdisjoint(SERVICE_LIBRARIES), loaded & set(SERVICE_LIBRARIES)


def test_help_loads_no_service_library() -> None:
    code = (
        "from bot.cli import cli\n"
        "try:\n    cli.main(['--help'], standalone_mode=False)\nexcept SystemExit:\n    pass"
    )
    loaded = _loaded_after(code)
    assert loaded.isdisjoint(SERVICE_LIBRARIES)


def test_extracting_a_text_dump_loads_neither_services_nor_the_html_reader() -> None:
    code = f"from bot.cli import cli\ncli.main(['extract', {str(DUMP)!r}], standalone_mode=False)"
    loaded = _loaded_after(code)
    assert loaded.isdisjoint((*SERVICE_LIBRARIES, "trafilatura", "feedparser"))


def test_a_database_error_mid_command_is_still_one_line(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from sqlalchemy.exc import OperationalError

    def locked() -> None:
        raise OperationalError("SELECT 1", {}, Exception("database is locked"))

    monkeypatch.setattr("bot.cli.digest.load_settings", locked)
    monkeypatch.setattr(sys, "argv", ["newsbot", "digest", "anything"])
    with pytest.raises(SystemExit) as exited:
        main()
    assert exited.value.code == 1
    err = capsys.readouterr().err
    assert err.startswith("newsbot: database error:") and err.count("\n") == 1


def test_other_errors_are_not_mistaken_for_database_errors(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def broken() -> None:
        raise RuntimeError("a bug")

    monkeypatch.setattr("bot.cli.digest.load_settings", broken)
    monkeypatch.setattr(sys, "argv", ["newsbot", "digest", "anything"])
    with pytest.raises(RuntimeError):
        main()
