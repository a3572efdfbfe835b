from __future__ import annotations

import json
from pathlib import Path

import pytest

from bot.errors import ReadError
from bot.nlp.evaluate import GoldItem, GoldQuote, evaluate, load_gold
from bot.nlp.rouge import rouge


def test_rouge_of_identical_and_disjoint_texts() -> None:
    same = rouge(["the cat sat"], ["the cat sat"])
    assert (same.r1, same.r2, same.rlsum) == (1.0, 1.0, 1.0)
    none = rouge(["dogs bark"], ["the cat sat"])
    assert (none.r1, none.r2, none.rlsum) == (0.0, 0.0, 0.0)


def test_rouge_partial_overlap_stems_and_ignores_case() -> None:
    score = rouge(["The cats sat on the mat."], ["the cat lay on the mat"])
    assert score.r1 == pytest.approx(5 / 6)  # "cats" is stemmed to "cat"
    assert score.r2 == pytest.approx(3 / 5)
    assert score.rlsum == pytest.approx(5 / 6)


def test_rouge_lsum_uses_the_sentences() -> None:
    # Two sentences in swapped order: one LCS over the joined text finds only one of them,
    # the summary-level LCS (Lsum) finds both.
    system = ["the mayor won the vote", "rain fell all day"]
    reference = ["rain fell all day", "the mayor won the vote"]
    assert rouge(system, reference).rlsum == pytest.approx(1.0)


def test_evaluate_counts_matches_misses_and_speakers() -> None:
    item = GoldItem(
        "t1",
        "Title",
        ('"We are ready for the talks," said Mayor Ann Lee.',),
        (
            GoldQuote("We are ready for the talks,", "Ann Lee", "Mayor"),
            GoldQuote("absent", None, None),
        ),
    )
    report = evaluate([item])
    assert (report.gold, report.predicted, report.matched) == (2, 1, 1)
    assert report.precision == 1.0 and report.recall == 0.5
    assert report.speaker_accuracy == 1.0


def test_speakers_agree_despite_case_spacing_and_a_leading_article() -> None:
    item = GoldItem(
        "t2",
        "Title",
        ('"The offer stays on the table," the union said.', '"We will vote on it," Ann Lee said.'),
        (
            GoldQuote("The offer stays on the table,", "The  Union", None),
            GoldQuote("We will vote on it,", "a Ann Lee", None),
        ),
    )
    report = evaluate([item])
    assert report.matched == 2
    # "a Ann Lee" agrees after the article goes; "The  Union" agrees with "union".
    assert report.speaker_right == 2
    wrong = GoldItem("t3", "T", item.paragraphs, (GoldQuote("We will vote on it,", "Lee", None),))
    assert evaluate([wrong]).speaker_right == 0


def test_load_gold_names_the_bad_line(tmp_path: Path) -> None:
    path = tmp_path / "gold.jsonl"
    good = {"id": "a", "title": "T", "paragraphs": ["P"], "quotes": []}
    path.write_text(json.dumps(good) + "\n{broken\n", encoding="utf-8")
    with pytest.raises(ReadError, match=":2"):
        load_gold(path)
    path.write_text(json.dumps({"id": "a"}) + "\n", encoding="utf-8")
    with pytest.raises(ReadError, match="missing or wrong field"):
        load_gold(path)
    with pytest.raises(ReadError):
        load_gold(tmp_path / "absent.jsonl")


def test_an_item_marked_no_breaks_is_scored_as_one_run_of_text(tmp_path: Path) -> None:
    item = {
        "id": "run",
        "title": "Pumps",
        "paragraphs": ['"The pumps are ready," said Ann Lee.', "The crew cheered."],
        "quotes": [{"text": "The pumps are ready,", "speaker": "Ann Lee"}],
        "no_breaks": True,
    }
    path = tmp_path / "gold.jsonl"
    path.write_text(
        json.dumps(item) + "\n" + json.dumps({**item, "id": "kept", "no_breaks": False})
    )
    run, kept = load_gold(path)
    assert run.paragraphs == ('"The pumps are ready," said Ann Lee. The crew cheered.',)
    assert len(kept.paragraphs) == 2
