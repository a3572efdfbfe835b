"""Every command alike: --format text|json (text by default), stdin as -, one wording for a
missing file, one line per failure, never a traceback."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from bot.cli import main

SAMPLES = Path(__file__).resolve().parent.parent / "samples" / "poll"
PAGE = SAMPLES / "pages" / "bridge.html"


@pytest.fixture(autouse=True)
def env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("NEWSBOT_DATABASE_URL", f"sqlite:///{tmp_path / 'cli.db'}")
    monkeypatch.setenv("NEWSBOT_SOURCES_FILE", str(tmp_path / "sources.toml"))
    monkeypatch.setenv("NEWSBOT_FETCH_DEADLINE", "2")
    return tmp_path


def run(
    args: list[str], monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> tuple[int, str, str]:
    monkeypatch.setattr(sys, "argv", ["newsbot", *args])
    with pytest.raises(SystemExit) as exited:
        main()
    out, err = capsys.readouterr()
    return int(exited.value.code or 0), out, err


@pytest.mark.parametrize(
    "args",
    [
        ["ingest", str(PAGE)],
        ["poll"],
        ["sources", "list"],
        ["eval", "--gold", "bot/nlp/evalset/tuning/dev.jsonl"],
    ],
)
def test_json_output_is_offered_where_it_was_missing(
    args: list[str], monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    root = Path(__file__).resolve().parent.parent.parent
    args = [str(root / a) if a.startswith("bot/") else a for a in args]
    code, out, err = run([*args, "--format", "json"], monkeypatch, capsys)
    assert code == 0, err
    for line in out.splitlines():
        assert isinstance(json.loads(line), dict)


def test_ingest_and_poll_json_carry_their_counts(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    _, out, _ = run(["ingest", str(PAGE), "--format", "json"], monkeypatch, capsys)
    report = json.loads(out)
    assert (report["read"], len(report["new"]), report["failed"]) == (1, 1, [])
    _, out, _ = run(["poll", "--format", "json"], monkeypatch, capsys)
    assert json.loads(out)["new"] == 0


def test_sources_list_json_names_its_file(
    env: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    run(["sources", "add", "--path", str(SAMPLES / "dumps")], monkeypatch, capsys)
    _, out, _ = run(["sources", "list", "--format", "json"], monkeypatch, capsys)
    listed = json.loads(out)
    assert listed["file"] == str(env / "sources.toml")
    assert [(s["name"], s["kind"], s["path"]) for s in listed["sources"]] == [
        ("dumps", "directory", str(SAMPLES / "dumps"))
    ]


def test_extract_defaults_to_text_like_every_command(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    code, text, _ = run(["extract", str(PAGE)], monkeypatch, capsys)
    assert code == 0 and not text.startswith("{")
    code, lines, _ = run(["extract", "--format", "json", str(PAGE)], monkeypatch, capsys)
    record = json.loads(lines)
    assert record["title"] in text


def test_extract_reads_stdin_as_dash(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import io

    raw = PAGE.read_bytes()
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(raw)))
    code, out, err = run(["extract", "--format", "json", "-"], monkeypatch, capsys)
    assert code == 0, err
    from_file = run(["extract", "--format", "json", str(PAGE)], monkeypatch, capsys)[1]
    assert json.loads(out)["paragraphs"] == json.loads(from_file)["paragraphs"]


@pytest.mark.parametrize(
    "args",
    [
        ["extract", "{missing}"],
        ["quotes", "{missing}"],
        ["summarize", "{missing}"],
        ["quotes", "--jsonl", "{missing}"],
        ["digest", "putin-biden", "--from", "{missing}"],
        ["ingest", "{missing}"],
        ["eval", "--gold", "{missing}"],
    ],
)
def test_a_missing_file_is_reported_one_way_everywhere(
    args: list[str],
    env: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    missing = env / "nope.txt"
    code, _, err = run([a.format(missing=missing) for a in args], monkeypatch, capsys)
    assert code == 1
    assert err == f"newsbot: {missing}: no such file or directory\n"


def test_sources_add_prints_its_failure_once(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("NEWSBOT_ALLOW_PRIVATE_URLS", "true")
    code, _, err = run(["sources", "add", "http://127.0.0.1:9/feed.xml"], monkeypatch, capsys)
    assert code == 1
    assert err.count("\n") == 1 and err.startswith("newsbot: http://127.0.0.1:9/feed.xml: ")


def test_demo_out_under_a_file_is_one_line(
    env: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    (env / "afile").write_text("x", encoding="utf-8")
    out_path = env / "afile" / "blocks.json"
    code, out, err = run(["demo", "--out", str(out_path)], monkeypatch, capsys)
    assert code == 1 and out == ""
    assert err == f"newsbot: cannot write {out_path}: {env / 'afile'} is a file, not a folder\n"
