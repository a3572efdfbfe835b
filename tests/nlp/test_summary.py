from __future__ import annotations

from bot.model import Article
from bot.nlp.quotes import find_quotes
from bot.nlp.summary import strip_dateline, summarize

ARTICLE = (
    "MOSCOW (Reuters) - The city council voted on Tuesday to build six new bus lanes across "
    "the centre, ending a year of argument.\n\n"
    "By Jane Reporter\n\n"
    "Council leader Marianne Holt said the bus lanes would cut journey times for 40,000 "
    "daily passengers.\n\n"
    '"This is the biggest improvement to public transport in this city for a generation, and '
    'the bus lanes prove it," Holt told the chamber.\n\n'
    "Work on the first lane is due to begin in March and will cost 14 million pounds.\n\n"
    "(This story has not been edited by our staff and is auto-generated from a feed.)"
)
TITLE = "City council approves new bus lanes"


def test_sentences_are_verbatim_in_article_order_and_at_most_three() -> None:
    summary = summarize(ARTICLE, title=TITLE)
    assert 1 <= len(summary) <= 3
    positions = [ARTICLE.index(s) for s in summary]
    assert positions == sorted(positions)


def test_dateline_byline_and_boilerplate_are_left_out() -> None:
    summary = summarize(ARTICLE, title=TITLE, max_sentences=5)
    assert summary[0].startswith("The city council voted")
    joined = " ".join(summary)
    assert "Reuters" not in joined and "Jane Reporter" not in joined
    assert "auto-generated" not in joined


def test_sentences_that_are_mostly_a_quote_are_left_out() -> None:
    summary = summarize(ARTICLE, title=TITLE, quotes=find_quotes(ARTICLE), max_sentences=5)
    assert not any("biggest improvement" in s for s in summary)


def test_max_sentences_and_empty_text() -> None:
    assert len(summarize(ARTICLE, max_sentences=1)) == 1
    assert summarize("") == []
    assert summarize("Too short.") == []


def test_strip_dateline_variants() -> None:
    assert strip_dateline("OSLO, March 4 (Reuters) - Nordlys cut jobs.") == "Nordlys cut jobs."
    assert strip_dateline("LONDON — Prices rose.") == "Prices rose."
    assert strip_dateline("Prices rose - again.") == "Prices rose - again."


def test_seed_summary_is_verbatim_and_skips_the_quotes(seed_article: Article) -> None:
    text = seed_article.text
    summary = summarize(text, title=seed_article.title, quotes=find_quotes(text))
    assert summary and all(s in text for s in summary)
    assert summary[0].startswith("The Kremlin said on Friday")
