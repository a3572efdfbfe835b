"""``python -m bench startup`` runs every command it names and reports them all."""

from __future__ import annotations

import pytest

from bench import startup


def test_every_command_runs_and_is_timed(capsys: pytest.CaptureFixture[str]) -> None:
    medians = startup.measure(runs=1)
    assert list(medians) == list(startup.commands())
    assert all(t.wall > 0 and t.cpu > 0 for t in medians.values())


def test_a_failing_command_is_an_error_not_a_figure() -> None:
    with pytest.raises(Exception, match="returned non-zero"):
        startup.run_once(["python3", "-c", "raise SystemExit(3)"])
