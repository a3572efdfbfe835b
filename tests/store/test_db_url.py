"""A malformed database URL is one line on stderr, not a traceback (issue 10, finding 6)."""

from __future__ import annotations

import pytest

from bot.cli import main


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("postgresql://newsbot:hunter2@localhost:notaport/newsbot", "Port could not be cast"),
        ("postgresql://newsbot@localhost:99999/newsbot", "Port out of range"),
        ("postgresql://newsbot:hunter2@[::1:5432/newsbot", "Invalid IPv6 URL"),
    ],
)
def test_a_malformed_database_url_is_one_line(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], url: str, reason: str
) -> None:
    monkeypatch.setenv("DATABASE_URL", url)
    monkeypatch.setattr("sys.argv", ["newsbot", "poll"])
    with pytest.raises(SystemExit) as exited:
        main()
    assert exited.value.code == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Traceback" not in err
    assert err.startswith("newsbot: cannot use database ") and reason in err
    assert "hunter2" not in err
