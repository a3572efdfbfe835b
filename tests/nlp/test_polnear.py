from __future__ import annotations

from pathlib import Path

import pytest

from bot.errors import CommandError, ReadError
from bot.nlp.polnear import load_polnear, plain_mention
from bot.nlp.speakermatch import match_kind
from tests.nlp.polnear_fake import make_corpus

REAL = Path("/work/data/PolNeAR")


def test_direct_quotes_are_read_with_their_sources(tmp_path: Path) -> None:
    [article] = load_polnear(make_corpus(tmp_path), "train")
    got = [(q.text, q.source) for q in article.quotes]
    assert got == [
        ("We will not sell the harbour,", "Mayor Ines Varga"),
        ("an insult to the town", "Varga"),
        ("It is a good offer,", "he"),
        ("The port stays ours. The ships stay too,", "Roos"),  # two events, one quotation
    ]  # the paraphrased attribution gives no quote
    for quote in article.quotes:
        assert article.text[quote.start : quote.end] == quote.text


def test_the_test_split_is_sealed(tmp_path: Path) -> None:
    root = make_corpus(tmp_path)
    with pytest.raises(CommandError, match="sealed"):
        load_polnear(root, "test")
    assert len(load_polnear(root, "test", sealed=True)) == 1


def test_a_folder_without_the_split_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(ReadError, match="no PolNeAR dev split"):
        load_polnear(tmp_path, "dev")


@pytest.mark.skipif(not (REAL / "data" / "dev").is_dir(), reason="PolNeAR is not checked out")
def test_the_real_dev_split_converts() -> None:
    articles = load_polnear(REAL, "dev")
    quotes = [q for a in articles for q in a.quotes]
    assert len(articles) > 50 and len(quotes) > 500
    assert all(a.text[q.start : q.end] == q.text for a in articles for q in a.quotes)


def test_a_coreference_mention_with_brackets_names_its_person() -> None:
    mention = plain_mention("Sen. Ana Varga -LRB- D-Ore . -RRB- &amp; aides")
    assert mention == "Sen. Ana Varga ( D-Ore . ) & aides"
    assert match_kind("Ana Varga", "he", [mention]) == "coref"
    assert match_kind("Ana Varga", "he", ["Sen. Ana Varga -LRB- D-Ore . -RRB-"]) == ""


def test_a_hand_resolution_replaces_the_coreference_chain(tmp_path: Path) -> None:
    from bot.nlp.polnear_resolved import apply_resolutions, load_resolutions

    [article] = load_polnear(make_corpus(tmp_path), "train")
    he = next(q for q in article.quotes if q.source == "he")
    resolved = tmp_path / "resolved.jsonl"
    resolved.write_text(
        f'{{"key": "{article.id}:{he.start}", "speaker": "Piet Roos"}}\n'
        '{"key": "elsewhere:3", "speaker": "AUTHOR"}\n',
        encoding="utf-8",
    )
    [changed], used = apply_resolutions([article], load_resolutions(resolved))
    assert used == 1
    assert [q.coref for q in changed.quotes if q.source == "he"] == [("Piet Roos",)]
    assert match_kind("Piet Roos", "he", ("Piet Roos",)) == "coref"


def test_a_resolution_that_names_nobody_gives_no_name(tmp_path: Path) -> None:
    from bot.nlp.polnear_resolved import load_resolutions, names_of

    assert names_of("UNNAMED: a Trump supporter") == ()
    assert names_of("AUTHOR") == ()
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"key": "a:1"}\n', encoding="utf-8")
    with pytest.raises(ReadError, match=r"bad\.jsonl:1"):
        load_resolutions(bad)
