from __future__ import annotations

import io
import json
import sys
from pathlib import Path

import pytest

from bot.cli import main

TEXT = (
    "Mayor Sofia Reyes unveiled a plan to plant 50,000 trees across the city on Wednesday.\n\n"
    '"Heat kills more people in this city than floods or storms," Reyes said.\n\n'
    "The plan will cost about $35 million, half of it from federal grants."
)


def run(
    args: list[str],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    stdin: str = "",
) -> tuple[int, str, str]:
    monkeypatch.setattr(sys, "argv", ["newsbot", *args])
    monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
    with pytest.raises(SystemExit) as exited:
        main()
    out, err = capsys.readouterr()
    return int(exited.value.code or 0), out, err


def test_quotes_json_spans_index_the_input(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "a.txt"
    path.write_text(TEXT, encoding="utf-8")
    code, out, _ = run(["quotes", str(path), "--format", "json"], monkeypatch, capsys)
    assert code == 0
    (quote,) = json.loads(out)["quotes"]
    assert set(quote) == {"text", "speaker", "speaker_title", "start", "end"}
    assert TEXT[quote["start"] : quote["end"]] == quote["text"]
    assert quote["speaker"] == "Sofia Reyes"


def test_quotes_text_from_stdin(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(["quotes", "-"], monkeypatch, capsys, stdin=TEXT)
    assert code == 0
    assert "Sofia Reyes, Mayor" in out


def test_summarize_json(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(["summarize", "-", "--format", "json"], monkeypatch, capsys, stdin=TEXT)
    assert code == 0
    summary = json.loads(out)["summary"]
    assert summary and all(s in TEXT for s in summary)


def test_jsonl_batch_goes_on_past_a_bad_line(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    lines = "\n".join(
        [
            json.dumps({"id": "a", "text": TEXT}),
            "{not json",
            json.dumps({"id": "c", "text": 5}),
            json.dumps({"id": "d", "text": TEXT}),
        ]
    )
    code, out, err = run(["quotes", "--jsonl", "-"], monkeypatch, capsys, stdin=lines)
    answers = [json.loads(line) for line in out.splitlines()]
    assert code == 1
    assert [a.get("id") for a in answers] == ["a", None, None, "d"]
    assert "error" in answers[1] and "error" in answers[2]
    assert answers[3]["quotes"][0]["speaker"] == "Sofia Reyes"
    assert "line 2" in err and "line 3" in err


def test_summarize_jsonl_uses_the_title_of_each_line(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    line = json.dumps({"id": 7, "title": "Trees plan", "text": TEXT})
    code, out, _ = run(["summarize", "--jsonl", "-"], monkeypatch, capsys, stdin=line)
    assert code == 0
    assert json.loads(out)["id"] == 7


def test_missing_file_and_missing_argument_fail_cleanly(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = run(["quotes", "/no/such/file"], monkeypatch, capsys)
    assert code == 1 and "cannot read" in err
    code, _, err = run(["summarize"], monkeypatch, capsys)
    assert code == 2 and "PATH" in err


def test_eval_prints_the_figures(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(["eval"], monkeypatch, capsys)
    assert code == 0
    assert "dev:" in out and "heldout:" in out
    assert "F1" in out and "ROUGE-1/2/L" in out and "lead-3" in out
