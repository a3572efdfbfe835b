from __future__ import annotations

import io
import json
import sys
from pathlib import Path

import pytest

from bot.cli import main
from tests.nlp.polnear_fake import make_corpus

TEXT = (
    "Mayor Sofia Reyes unveiled a plan to plant 50,000 trees across the city on Wednesday.\n\n"
    '"Heat kills more people in this city than floods or storms," Reyes said.\n\n'
    "The plan will cost about $35 million, half of it from federal grants."
)


def run(
    args: list[str],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    stdin: str | bytes = "",
) -> tuple[int, str, str]:
    monkeypatch.setattr(sys, "argv", ["newsbot", *args])
    stdin_bytes = stdin.encode("utf-8") if isinstance(stdin, str) else stdin
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(stdin_bytes), encoding="utf-8"))
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
    assert code == 1 and err == "newsbot: /no/such/file: no such file or directory\n"
    code, _, err = run(["summarize"], monkeypatch, capsys)
    assert code == 2 and "PATH" in err


def test_quotes_explain_shows_rule_evidence_and_candidates(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "a.txt"
    path.write_text(TEXT, encoding="utf-8")
    code, out, _ = run(["quotes", str(path), "--explain"], monkeypatch, capsys)
    assert code == 0
    assert "— Sofia Reyes, Mayor" in out
    assert "rule after:X-said (title-carried); evidence: Reyes said" in out
    assert "candidate after:X-said: Sofia Reyes, Mayor" in out
    code, out, _ = run(["quotes", str(path), "--explain", "--format", "json"], monkeypatch, capsys)
    [quote] = json.loads(out)["quotes"]
    assert quote["rule"] == "after:X-said" and quote["evidence"] == "Reyes said"
    assert quote["candidates"][0]["speaker"] == "Sofia Reyes"


def test_quotes_explain_shows_what_a_pronoun_refers_to(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "a.txt"
    path.write_text(
        "The district chairman Olan Ferro declined to name the delegates.\n\n"
        '"The mayor has support here," he said.',
        encoding="utf-8",
    )
    code, out, _ = run(["quotes", str(path), "--explain"], monkeypatch, capsys)
    assert code == 0
    assert 'pronoun refers to "The district chairman Olan Ferro" (the last speaker' in out
    code, out, _ = run(["quotes", str(path), "--explain", "--format", "json"], monkeypatch, capsys)
    [quote] = json.loads(out)["quotes"]
    assert quote["antecedent"].startswith('"The district chairman Olan Ferro"')


def test_eval_prints_the_figures(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(["eval"], monkeypatch, capsys)
    assert code == 0
    assert "dev:" in out and "heldout:" in out and "blind:" in out and "blind9:" in out
    assert "F1" in out and "ROUGE-1/2/Lsum" in out and "lead-3" in out
    assert "blind9: 20 articles, 129 gold quotes, 129 found (sealed: totals only)" in out
    assert "titles    accuracy" in out and "] (" in out  # intervals are printed


def test_eval_misses_never_list_the_sealed_set(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(["eval", "--misses"], monkeypatch, capsys)
    assert code == 0 and "  rule " in out
    assert "blind9" in out and "blind9" not in out.split("blind9:", 1)[1]


def test_eval_polnear_scores_a_split_and_seals_test(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    root = str(make_corpus(tmp_path))
    code, out, _ = run(["eval", "--polnear", root, "--split", "dev"], monkeypatch, capsys)
    assert code == 0 and "polnear dev: 1 articles, 4 gold quotes" in out
    assert "errors    missed quote" in out
    code, _, err = run(["eval", "--polnear", root, "--split", "test"], monkeypatch, capsys)
    assert code == 1 and "sealed" in err
    args = ["eval", "--polnear", root, "--split", "test", "--sealed"]
    code, out, _ = run(args, monkeypatch, capsys)
    assert code == 0 and "polnear test:" in out and "errors" not in out
    code, _, err = run([*args, "--misses"], monkeypatch, capsys)
    assert code == 1 and "sealed" in err


# Two invented articles with human-style summaries, one highlight per line.
SUMMARY_SET = [
    {
        "id": "s1",
        "text": (
            "By . Kim Lowe . PUBLISHED: . 09:12 EST, 4 May 2021 . "
            "The county opened a new flood barrier on the Ouse river on Tuesday after four "
            "years of work. The barrier protects 2,000 homes in the town of Selby. "
            "Engineers tested its gates overnight. Local shops reopened in the afternoon. "
            "The mayor thanked the crews who built it."
        ),
        "reference": "Flood barrier opens on the Ouse river .\nIt protects 2,000 homes in Selby .",
    },
    {
        "id": "s2",
        "text": (
            "Harbor City (CNN)A ferry ran aground near Harbor City on Sunday, and all 80 "
            "passengers were rescued. The coast guard said the captain had reported an engine "
            "failure. Divers will inspect the hull on Monday. Ferries to the island are "
            "suspended until Wednesday."
        ),
        "reference": "Ferry runs aground near Harbor City; 80 passengers rescued.",
    },
]


def _summary_file(tmp_path: Path) -> Path:
    path = tmp_path / "set.jsonl"
    path.write_text("".join(json.dumps(i) + "\n" for i in SUMMARY_SET), encoding="utf-8")
    return path


def test_eval_summaries_prints_newsbot_and_lead3_side_by_side(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(["eval", "--summaries", str(_summary_file(tmp_path))], monkeypatch, capsys)
    assert code == 0
    assert out.startswith("set: 2 articles")
    for label in ("ROUGE-1", "ROUGE-2", "ROUGE-Lsum", "newsbot", "lead-3"):
        assert label in out
    # Lead-3 of the first article is the byline and stamp; newsbot skips them.
    r1 = out.split("ROUGE-1", 1)[1].split()
    assert float(r1[0]) > float(r1[1])


def test_eval_summaries_json(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _summary_file(tmp_path)
    code, out, _ = run(["eval", "--summaries", str(path), "--format", "json"], monkeypatch, capsys)
    assert code == 0
    report = json.loads(out)
    assert report["set"] == "set" and report["articles"] == 2
    for side in ("newsbot", "lead3"):
        assert set(report[side]) == {"rouge1", "rouge2", "rougeLsum"}
        assert all(0.0 <= v <= 1.0 for v in report[side].values())


def test_eval_summaries_bad_line_is_one_clear_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "bad.jsonl"
    path.write_text(json.dumps(SUMMARY_SET[0]) + '\n{"id": "x", "text": "T"}\n', "utf-8")
    code, out, err = run(["eval", "--summaries", str(path)], monkeypatch, capsys)
    assert code == 1 and out == ""
    assert f"{path}:2" in err and '"reference"' in err and "Traceback" not in err
    code, _, err = run(["eval", "--summaries", str(path), "--gold", str(path)], monkeypatch, capsys)
    assert code == 2 and "cannot be combined" in err


def test_eval_json_for_the_annotated_sets(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from bot.nlp.evaluate import TUNING_DIR

    gold = str(TUNING_DIR / "heldout.jsonl")
    code, out, _ = run(["eval", "--gold", gold, "--format", "json"], monkeypatch, capsys)
    assert code == 0
    report = json.loads(out)
    assert report["set"] == "heldout" and report["quotes"]["f1"] > 0.9
    assert set(report["summaries"]["newsbot"]) == {"rouge1", "rouge2", "rougeLsum"}


RUSSIAN = (
    "Мэр Сергей Собянин открыл новую станцию метро в четверг.\n\n"
    "«Это самая глубокая станция в городе», — сказал Собянин журналистам.\n\n"
    "Строительство заняло четыре года."
)

PAGE = """<!doctype html><html lang="en"><head><meta charset="utf-8">
<title>Harbour tunnel to close for repairs</title>
<meta name="description" content="The tunnel will shut for six weeks while engineers work there">
</head><body><article>
<h1>Harbour tunnel to close for repairs</h1>
<p>The harbour tunnel will close for six weeks from March while engineers replace its ageing
ventilation fans, the transport authority said on Monday.</p>
<p>"The fans have run for forty years and they are at the end of their life," said Dana
Whitlock, the authority's chief engineer.</p>
<p>Buses will run a replacement service across the bridge, and ferries will add two extra
sailings each morning during the closure.</p>
<p><a href="/advice" title="Commuters should plan for delays of up to half an hour">Travel
advice</a> is on the authority's website.</p>
</article></body></html>"""


def test_a_windows_1251_file_is_decoded_and_spans_index_the_decoded_text(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "metro.txt"
    path.write_bytes(RUSSIAN.encode("cp1251"))
    code, out, _ = run(["quotes", str(path), "--format", "json"], monkeypatch, capsys)
    assert code == 0
    (quote,) = json.loads(out)["quotes"]
    assert quote["text"] == "Это самая глубокая станция в городе"
    assert RUSSIAN[quote["start"] : quote["end"]] == quote["text"]


def test_stdin_bytes_in_a_legacy_charset_are_decoded(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(["quotes", "-"], monkeypatch, capsys, stdin=RUSSIAN.encode("cp1251"))
    assert code == 0
    assert "Это самая глубокая станция в городе" in out


@pytest.mark.parametrize("command", ["quotes", "summarize"])
def test_binary_junk_is_refused_with_a_one_line_reason(
    command: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    path = tmp_path / "junk.bin"
    path.write_bytes(bytes(range(256)) * 40)
    code, out, err = run([command, str(path)], monkeypatch, capsys)
    assert code == 1
    assert out == ""
    assert err.count("\n") == 1 and "junk.bin" in err and "binary" in err


def test_an_empty_file_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "empty.txt"
    path.write_bytes(b"  \n")
    code, out, err = run(["quotes", str(path)], monkeypatch, capsys)
    assert (code, out) == (1, "")
    assert "empty" in err


def test_html_quotes_come_from_the_article_body_not_the_markup(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "tunnel.html"
    path.write_text(PAGE, encoding="utf-8")
    code, out, _ = run(["quotes", str(path), "--format", "json"], monkeypatch, capsys)
    assert code == 0
    answer = json.loads(out)
    (quote,) = answer["quotes"]
    assert quote["speaker"] == "Dana Whitlock"
    assert answer["body"][quote["start"] : quote["end"]] == quote["text"]
    assert "<p>" not in answer["body"] and "Commuters" not in answer["body"]


def test_html_summary_is_made_of_body_sentences(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "tunnel.html"
    path.write_text(PAGE, encoding="utf-8")
    code, out, _ = run(["summarize", str(path), "--format", "json"], monkeypatch, capsys)
    assert code == 0
    summary = json.loads(out)["summary"]
    assert summary and not any("<" in s or "charset" in s for s in summary)
    assert summary[0].startswith("The harbour tunnel will close")


def test_plain_text_json_has_no_body_field(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(["quotes", "-", "--format", "json"], monkeypatch, capsys, stdin=TEXT)
    assert code == 0
    assert set(json.loads(out)) == {"quotes"}


def test_a_feed_is_refused_with_a_pointer_to_extract(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "feed.xml"
    path.write_text('<?xml version="1.0"?><rss><channel><title>T</title></channel></rss>')
    code, out, err = run(["summarize", str(path)], monkeypatch, capsys)
    assert (code, out) == (1, "")
    assert "feed" in err and "newsbot extract" in err
