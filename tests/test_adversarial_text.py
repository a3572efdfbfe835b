"""Generated adversarial texts: runs of end marks and quote marks among words and spaces.

Every public NLP and reader function must finish on them and keep its promises: spans index
into the text (``quote.text == text[start:end]``), summaries are verbatim, readers either
return articles or raise newsbot's own errors. ``tests/test_linear_time.py`` checks the time.
"""

from __future__ import annotations

from xml.sax.saxutils import escape

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.errors import NewsbotError
from bot.ingest.readers import ReadHints, read_document
from bot.ingest.text_dump import read_text_dump
from bot.model import Article
from bot.nlp.analyze import analyze
from bot.nlp.quotes import find_quotes
from bot.nlp.sentences import split_sentences
from bot.nlp.summary import summarize
from bot.nlp.tokens import tokenize

_MARKS = list(".!?…") + list("\"'“”‘’«»„")
_UNITS = [*_MARKS, "A", "a", " ", "1", "\n", "\n\n", "A. ", "Mr. ", "U.S. ", "x@y.org "]
_WORDS = ["said", "Ann Lee", "he", "the council", "told reporters", ",", ":", "—", "(AP)", "|"]

_runs = st.builds(lambda unit, n: unit * n, st.sampled_from(_UNITS), st.integers(1, 400))
_texts = st.lists(
    st.one_of(_runs, st.sampled_from(_WORDS), st.text(max_size=4)), min_size=1, max_size=30
).map(" ".join)
_SETTINGS = settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@pytest.mark.timeout(300)
@_SETTINGS
@given(_texts)
def test_sentences_and_tokens_are_spans_of_the_text(text: str) -> None:
    last_end = 0
    for start, end in split_sentences(text):
        assert last_end <= start < end <= len(text)
        assert not text[start].isspace() and not text[end - 1].isspace()
        last_end = end
    previous = -1
    for token in tokenize(text):
        assert token.text == text[token.start : token.end]
        assert token.start > previous
        previous = token.start


@pytest.mark.timeout(300)
@_SETTINGS
@given(_texts)
def test_quotes_summary_and_analysis_keep_their_promises(text: str) -> None:
    for quote in find_quotes(text):
        assert quote.text == text[quote.start : quote.end]
        assert quote.text and quote.text == quote.text.strip()
    summary = summarize(text, title="Council votes")
    assert len(summary) <= 3
    assert all(sentence in text for sentence in summary)
    analysis = analyze(Article(title="Council votes", paragraphs=(text,)))
    assert set(analysis.key_quotes) <= set(analysis.quotes)
    for quote in analysis.quotes:
        assert quote.text == text[quote.start : quote.end]


@pytest.mark.timeout(300)
@_SETTINGS
@given(_texts)
def test_readers_answer_with_articles_or_their_own_errors(text: str) -> None:
    title = "Council votes on the new bus lanes"
    documents = [
        f"{title}\nBy Ann Lee | Updated: 27 November 2026\n{text}\n".encode(),
        f"<html><body><article><h1>{title}</h1><p>{escape(text)}</p></article></body></html>".encode(),
        f'<?xml version="1.0"?><rss version="2.0"><channel><title>F</title><item>'
        f"<title>{title}</title><link>https://news.example/a</link>"
        f"<description>{escape(text)}</description></item></channel></rss>".encode(),
    ]
    for data in documents:
        try:
            read = read_document(data, hints=ReadHints())
        except NewsbotError:
            continue
        for article in read:  # a feed item may have no body yet: the poller fetches its page
            assert all(p and p == " ".join(p.split()) for p in article.paragraphs)
    try:
        read_text_dump(text, url=None, hints=ReadHints())
    except NewsbotError:
        pass
