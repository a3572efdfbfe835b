from __future__ import annotations

import json

import pytest

from bot.errors import StoreError
from bot.model import Article
from bot.nlp.analyze import ANALYZER_VERSION, analysis_from_json, analysis_to_json, analyze

ARTICLE = Article(
    title="Mayor unveils plan to plant 50,000 trees",
    paragraphs=(
        "Mayor Sofia Reyes on Wednesday unveiled a plan to plant 50,000 trees across the city.",
        "“Heat kills more people in this city than floods or storms,” Reyes said. “Trees are "
        "the cheapest air conditioning we have.”",
        "The plan will cost about $35 million, half of it from federal grants.",
    ),
)


def test_analyze_finds_quotes_summary_and_key_quotes_over_article_text() -> None:
    result = analyze(ARTICLE)
    assert [q.speaker for q in result.quotes] == ["Sofia Reyes", "Sofia Reyes"]
    for quote in (*result.quotes, *result.key_quotes):
        assert ARTICLE.text[quote.start : quote.end] == quote.text
    assert result.summary and all(s in ARTICLE.text for s in result.summary)
    assert len(result.key_quotes) == 1  # two parts of one utterance count once


def test_json_round_trip() -> None:
    result = analyze(ARTICLE)
    assert analysis_from_json(analysis_to_json(result)) == result


@pytest.mark.parametrize(
    "data",
    [
        "not json",
        "[]",
        json.dumps({"version": ANALYZER_VERSION}),
        json.dumps(
            {"version": ANALYZER_VERSION + 1, "quotes": [], "summary": [], "key_quotes": []}
        ),
    ],
)
def test_bad_or_stale_cache_is_a_store_error(data: str) -> None:
    with pytest.raises(StoreError):
        analysis_from_json(data)
