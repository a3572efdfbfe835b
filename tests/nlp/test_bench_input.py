"""The NLP benchmark's input is varied: names and numbers change, no article repeats."""

from __future__ import annotations

from pathlib import Path

from bench.nlp import ARTICLE_CHARS, make_articles, read_corpus
from bench.nlp_compiled import compiled_rates
from bot.nlp.evaluate import TUNING_DIR, load_gold


def test_benchmark_articles_are_distinct_and_rename_people() -> None:
    articles = make_articles(30)
    texts = [a.text for a in articles]
    assert len(set(texts)) == len(texts)
    assert all(len(t) >= ARTICLE_CHARS for t in texts)
    people = {
        q.speaker
        for item in load_gold(TUNING_DIR / "dev.jsonl")
        for q in item.quotes
        if q.speaker and len(q.speaker.split()) == 2 and q.speaker.istitle()
    }
    assert people
    assert not any(name in text for name in people for text in texts)


def test_benchmark_reads_a_real_corpus_folder(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("Title\n\nFirst paragraph.\n\nSecond one.", encoding="utf-8")
    [one, two] = read_corpus(tmp_path, 2)
    assert one.title == "Title" and one.paragraphs == ("First paragraph.", "Second one.")
    assert two == one


def test_compiled_benchmark_says_when_there_is_no_build(tmp_path: Path) -> None:
    assert compiled_rates(10, 1, folder=tmp_path).startswith("not built")


def test_compiled_benchmark_refuses_a_build_older_than_the_code(tmp_path: Path) -> None:
    # A compiled module beside code that is not the working tree's: measuring it would credit
    # the working tree with an old build's speed.
    (tmp_path / "bot" / "nlp").mkdir(parents=True)
    (tmp_path / "bot" / "nlp" / "quotes.cpython-311-x86_64-linux-gnu.so").write_bytes(b"")
    (tmp_path / "bot" / "nlp" / "quotes.py").write_text("# an older quotes.py\n")
    assert compiled_rates(10, 1, folder=tmp_path).startswith("out of date")
