"""``newsbot who NAME`` and ``newsbot index-quotes``: output, JSON fields, one-line errors."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from urllib.parse import unquote

import pytest
from sqlalchemy import delete

from bot.cli import main
from bot.resources import resource_dir
from bot.store.db import open_engine
from bot.store.schema import speaker_quote_state, speaker_quotes

MERIDIAN = "https://www.meridianpost.example/world/putin-biden-video-call-expected"


@pytest.fixture
def env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("NEWSBOT_DATABASE_URL", f"sqlite:///{tmp_path / 'cli.db'}")
    monkeypatch.setenv("NEWSBOT_SOURCES_FILE", str(tmp_path / "sources.toml"))
    return tmp_path


def run(
    args: list[str], monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> tuple[int, str, str]:
    monkeypatch.setattr(sys, "argv", ["newsbot", *args])
    with pytest.raises(SystemExit) as exited:
        main()
    out, err = capsys.readouterr()
    return int(exited.value.code or 0), out, err


@pytest.fixture
def ingested(
    env: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> Path:
    code, _, _ = run(["ingest", str(resource_dir("samples"))], monkeypatch, capsys)
    assert code == 0
    return env


def test_who_json_has_the_documented_fields(
    ingested: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(["who", "Yuri", "Ushakov", "--format", "json"], monkeypatch, capsys)
    assert (code, err) == (0, "")
    data = json.loads(out)
    assert data["query"] == "Yuri Ushakov" and data["speakers"] == ["Yuri Ushakov"]
    [quote] = data["quotes"]
    assert set(quote) == {
        "speaker",
        "speaker_title",
        "text",
        "parts",
        "story",
        "outlet",
        "date",
        "url",
        "link",
    }
    assert quote["speaker_title"] == "Kremlin aide" and quote["outlet"] == "Meridian Post"
    assert quote["date"] == "2026-11-27T13:15:00+00:00" and quote["url"] == MERIDIAN
    start, end = unquote(quote["link"].removeprefix(MERIDIAN + "#:~:text=")).split(",")
    assert quote["parts"][0].startswith(start) and quote["parts"][-1].endswith(end)


def test_who_text_and_a_miss_with_suggestions(
    ingested: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(["who", "kremlin", "aide", "ushakov"], monkeypatch, capsys)
    assert code == 0
    assert "— Yuri Ushakov, Kremlin aide" in out and MERIDIAN + "#:~:text=" in out
    code, out, _ = run(["who", "Voronim", "--format", "json"], monkeypatch, capsys)
    assert code == 0
    assert json.loads(out)["suggestions"][0] == "Arkady Voronin"


def test_index_quotes_catches_up_a_store_indexed_before(
    ingested: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # As after upgrading: articles stored, nothing in the speaker index.
    engine = open_engine(f"sqlite:///{ingested / 'cli.db'}")
    with engine.begin() as conn:
        conn.execute(delete(speaker_quotes))
        conn.execute(delete(speaker_quote_state))
    engine.dispose()
    _, out, _ = run(["who", "Ushakov", "--format", "json"], monkeypatch, capsys)
    assert json.loads(out)["quotes"] == []
    code, out, _ = run(["index-quotes"], monkeypatch, capsys)
    assert (code, out.strip()) == (0, "indexed the quotes of 10 article(s)")
    _, out, _ = run(["who", "Ushakov", "--format", "json"], monkeypatch, capsys)
    assert len(json.loads(out)["quotes"]) == 1
    _, out, _ = run(["index-quotes", "--format", "json"], monkeypatch, capsys)
    assert json.loads(out) == {"indexed": 0}


def test_an_empty_name_is_one_line_on_stderr(
    env: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(["who", "--", "..."], monkeypatch, capsys)
    assert code == 1 and out == ""
    assert err.startswith("newsbot: ") and len(err.strip().splitlines()) == 1
