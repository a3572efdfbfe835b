"""``python -m bench extract-quality`` on a tiny folder of invented pages with gold bodies."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bench.__main__ import main as bench_main
from bench.extract_scores import shingle_counts, shingle_scores, snippet_counts, snippet_scores

LEAD = (
    "The council agreed on Monday to rebuild the old library on Bridge Street, after a survey "
    "showed the roof could be saved and the reading room reopened within two years."
)
SECOND = (
    "Councillors said the cost would be shared with a local trust, which has raised money for "
    "the building since the flood of 2019 closed its doors to readers and schools."
)
NAV = "Home News Sport Weather Contact us"


def _html(paragraphs: list[str]) -> str:
    body = "".join(f"<p>{text}</p>" for text in paragraphs)
    return (
        "<html><head><title>Library to reopen</title></head><body>"
        f"<nav>{NAV}</nav><article><h1>Library to reopen</h1>{body}</article>"
        "<footer>All rights reserved</footer></body></html>"
    )


def _write(folder: Path, name: str, html: str, gold: dict[str, object]) -> None:
    (folder / f"{name}.html").write_text(html, encoding="utf-8")
    (folder / f"{name}.json").write_text(json.dumps(gold), encoding="utf-8")


@pytest.fixture
def pages(tmp_path: Path) -> Path:
    _write(tmp_path, "body", _html([LEAD, SECOND]), {"articleBody": f"{LEAD}\n{SECOND}"})
    snippets = {"url": "https://example.org/x", "with": ["reading room reopened"], "without": [NAV]}
    _write(tmp_path, "snippets", _html([LEAD, SECOND]), snippets)
    return tmp_path


def test_scores_both_extractors_side_by_side(
    pages: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert bench_main(["extract-quality", str(pages)]) == 0
    out = capsys.readouterr().out
    assert "2 pages (1 gold bodies, 1 snippets)" in out
    rows = [line.split() for line in out.splitlines()]
    newsbot = [row for row in rows if row[:1] == ["newsbot"]]
    baseline = [row for row in rows if row[:1] == ["trafilatura.extract"]]
    # One row per kind of gold for each; the invented pages are easy, so both are perfect.
    assert [row[1:] for row in newsbot] == [["1.000", "1.000", "1.000"]] * 2
    assert len(baseline) == 2
    assert "F1 ratio newsbot/trafilatura" in out
    assert "time ratio newsbot/trafilatura" in out


def test_unusable_pairs_are_reported_in_one_line_and_skipped(
    pages: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (pages / "orphan.json").write_text('{"articleBody": "x"}', encoding="utf-8")
    (pages / "broken.html").write_text("<p>x</p>", encoding="utf-8")
    (pages / "broken.json").write_text("{not json", encoding="utf-8")
    assert bench_main(["extract-quality", str(pages)]) == 0
    captured = capsys.readouterr()
    assert "orphan.json has no orphan.html beside it" in captured.err
    assert "broken.json is not JSON" in captured.err
    assert "2 pages" in captured.out


def test_a_missing_folder_fails_cleanly(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert bench_main(["extract-quality", str(tmp_path / "nope")]) == 1
    assert "is not a folder" in capsys.readouterr().err


def test_shingles_count_extra_and_missing_text() -> None:
    gold = "one two three four five six"  # shingles: 1234 2345 3456
    page = shingle_counts(gold, "one two three four five seven")  # 1234 2345 3457
    assert (page.tp, page.fp, page.fn) == pytest.approx((2 / 4, 1 / 4, 1 / 4))
    assert shingle_scores([page]).f1 == pytest.approx(2 / 3)


def test_shingles_ignore_punctuation_and_spacing_but_not_case() -> None:
    assert shingle_counts("A b, c d.", "A  b c\nd").fp == 0
    assert shingle_counts("A b c d", "a b c d").tp == 0


def test_an_empty_extraction_counts_against_recall_only() -> None:
    empty = shingle_counts("one two three four", "")
    perfect = shingle_counts("one two three four", "one two three four")
    scores = shingle_scores([empty, perfect])
    assert (scores.precision, scores.recall) == (1.0, 0.5)


def test_snippets_are_found_across_whitespace_and_summed_over_pages() -> None:
    first = snippet_counts(["reading  room"], ["Contact us"], "the reading\nroom. Contact us")
    second = snippet_counts(["library", "flood"], [], "the library")
    scores = snippet_scores([first, second])
    assert (scores.precision, scores.recall) == (2 / 3, 2 / 3)
