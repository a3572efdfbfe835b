from __future__ import annotations

import json
import sys
from datetime import timedelta
from pathlib import Path

import pytest

from bot.cli import main
from bot.cli.digest import parse_duration
from bot.clock import system_clock
from bot.errors import CommandError
from bot.resources import resource_dir
from bot.store.articles import save_articles
from bot.store.db import open_engine
from tests.digest.conftest import SPACE, SWAP, WIRE

SAMPLES = resource_dir("samples")


def run(
    args: list[str], monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> tuple[int, str, str]:
    monkeypatch.setattr(sys, "argv", ["newsbot", *args])
    with pytest.raises(SystemExit) as exited:
        main()
    out, err = capsys.readouterr()
    return int(exited.value.code or 0), out, err


@pytest.fixture(autouse=True)
def database(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    url = f"sqlite:///{tmp_path / 'cli.db'}"
    monkeypatch.setenv("NEWSBOT_DATABASE_URL", url)
    return url


def test_json_digest_from_the_bundled_samples(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    code, out, _ = run(
        ["digest", "putin-biden", "--from", str(SAMPLES), "--format", "json"], monkeypatch, capsys
    )
    assert code == 0
    data = json.loads(out)
    assert data["topic"] == "putin-biden"
    (story,) = data["stories"]
    assert len(story["sources"]) >= 3
    assert story["key_quotes"]
    assert not (tmp_path / "cli.db").exists()  # --from never opens the store


def test_text_digest_is_readable(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(["digest", "climate", "--from", str(SAMPLES)], monkeypatch, capsys)
    assert code == 0
    assert out.startswith("Climate summit: 1 story\n")
    assert "COP31" in out and "“" in out


def test_digest_from_the_store_with_since(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], database: str
) -> None:
    now = system_clock()
    engine = open_engine(database)
    with engine.begin() as conn:
        save_articles(conn, [SWAP], now=now - timedelta(days=3))
        save_articles(conn, [WIRE, SPACE], now=now)
    engine.dispose()
    code, out, _ = run(["digest", "putin-biden", "--format", "json"], monkeypatch, capsys)
    assert code == 0 and len(json.loads(out)["stories"]) == 3
    code, out, _ = run(
        ["digest", "putin-biden", "--since", "2d", "--limit", "1", "--format", "json"],
        monkeypatch,
        capsys,
    )
    assert code == 0
    assert [s["title"] for s in json.loads(out)["stories"]] == [WIRE.title]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["digest", "Putin Biden"], "invalid topic"),
        (["digest", "putin-bidne"], "Did you mean putin-biden (searches putin and biden)?"),
        (["digest", "putin-biden", "--since", "yesterday"], "--since: expected a duration"),
        (["digest", "putin-biden", "--from", "/no/such/file.txt"], "no such file"),
    ],
)
def test_bad_input_is_one_line_and_non_zero(
    args: list[str],
    message: str,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, out, err = run(args, monkeypatch, capsys)
    assert code != 0 and out == ""
    assert message in err and err.count("\n") == 1


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("90m", timedelta(minutes=90)),
        ("24h", timedelta(hours=24)),
        ("7d", timedelta(days=7)),
        (" 2W ", timedelta(weeks=2)),
    ],
)
def test_parse_duration(text: str, expected: timedelta) -> None:
    assert parse_duration(text) == expected


@pytest.mark.parametrize(
    "text", ["", "0h", "h", "1.5h", "-3d", "10y", "9999999d", "999999d", "3651d"]
)
def test_parse_duration_refuses(text: str) -> None:
    with pytest.raises(CommandError):
        parse_duration(text)


def test_empty_digest_text_says_so(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(["digest", "ecb-rates"], monkeypatch, capsys)
    assert code == 0
    assert "No stories about Ecb Rates yet." in out


@pytest.mark.parametrize("bad", ["junk.bin", "missing.txt"])
def test_an_unreadable_input_is_reported_and_the_rest_still_digested(
    bad: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "junk.bin").write_bytes(bytes(range(256)) * 20)
    args = ["digest", "climate", "--from", str(tmp_path / bad), "--from", str(SAMPLES)]
    code, out, err = run(args, monkeypatch, capsys)
    assert code == 1
    assert out.startswith("Climate summit: 1 story\n")
    assert err.count("\n") == 1 and bad in err


def test_each_failure_gets_its_own_line_and_nothing_is_printed_when_all_fail(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "junk.bin").write_bytes(b"\x00\x01\x02" * 100)
    (tmp_path / "empty.txt").write_text("")
    args = ["digest", "climate", "--from", str(tmp_path / "junk.bin")]
    args += ["--from", str(tmp_path / "empty.txt")]
    code, out, err = run(args, monkeypatch, capsys)
    assert (code, out) == (1, "")
    lines = err.splitlines()
    assert len(lines) == 2 and "junk.bin" in lines[0] and "empty.txt" in lines[1]


def test_a_folder_contributes_only_readable_kinds_of_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "README.md").write_text("# Notes\n\nClimate summit COP31 notes, not news.\n")
    (tmp_path / "photo.JPG").write_bytes(b"\xff\xd8\xff\x00" * 50)
    code, out, err = run(["digest", "climate", "--from", str(tmp_path)], monkeypatch, capsys)
    assert (code, err) == (0, "")
    assert "No stories about" in out


def test_text_digest_shows_times_converted_to_utc(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    dump = tmp_path / "talks.txt"
    dump.write_text(
        "Putin and Biden agree to a video call next week\n\n"
        "Wire | Updated: 03-12-2026 19:23 IST | Created: 03-12-2026 19:23 IST\n\n"
        "Vladimir Putin and Joe Biden will hold a video call next week, the Kremlin said on "
        "Friday, after weeks of talks about the agenda.\n\n"
        "Both sides said the date still had to be confirmed by Washington.\n",
        encoding="utf-8",
    )
    code, out, err = run(["digest", "putin-biden", "--from", str(dump)], monkeypatch, capsys)
    assert code == 0, err
    assert "03 Dec 2026 13:53 UTC" in out  # 19:23 India time
