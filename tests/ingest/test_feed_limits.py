"""An oversized feed is cut after the items newsbot keeps, before parsing (issue 10, finding 6).

Speed and memory are measured by ``python -m bench big_feed``; these tests pin the behaviour:
the parser never sees the items past the limit, and the items kept are the same ones.
"""

from __future__ import annotations

from typing import Any

import feedparser
import pytest

from bot.ingest import feeds
from bot.ingest.feeds import MAX_FEED_ITEMS, first_items, read_feed
from bot.ingest.readers import ReadHints


def _rss(count: int) -> bytes:
    items = "".join(
        f"<item><title>Story {i}</title><link>https://harbor.example/{i}</link>"
        f"<description>Text of story {i}.</description></item>"
        for i in range(count)
    )
    return (
        '<?xml version="1.0"?><rss version="2.0"><channel><title>Harbor</title>'
        f"{items}</channel></rss>"
    ).encode()


def _atom(count: int) -> bytes:
    entries = "".join(
        f"<entry><title>Story {i}</title><id>urn:s:{i}</id>"
        f'<link href="https://harbor.example/{i}"/><summary>Text {i}.</summary></entry>'
        for i in range(count)
    )
    return (
        '<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>H</title>'
        f"{entries}</feed>"
    ).encode()


def _rdf(count: int) -> bytes:
    items = "".join(
        f'<item rdf:about="https://harbor.example/{i}"><title>Story {i}</title>'
        f"<link>https://harbor.example/{i}</link><description>Text {i}.</description></item>"
        for i in range(count)
    )
    return (
        '<?xml version="1.0"?><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" '
        'xmlns="http://purl.org/rss/1.0/"><channel rdf:about="https://harbor.example/">'
        f"<title>H</title></channel>{items}</rdf:RDF>"
    ).encode()


@pytest.mark.parametrize("make", [_rss, _atom, _rdf])
def test_a_feed_is_cut_after_the_limit_and_still_parses(make: Any) -> None:
    cut = first_items(make(50), limit=10)
    parsed = feedparser.parse(cut)
    assert not parsed.bozo, parsed.get("bozo_exception")
    assert [e.title for e in parsed.entries] == [f"Story {i}" for i in range(10)]


@pytest.mark.parametrize("count", [0, 9, 10])
def test_a_feed_within_the_limit_is_left_alone(count: int) -> None:
    data = _rss(count)
    assert first_items(data, limit=10) is data


def test_an_unknown_root_is_left_alone() -> None:
    data = b"<stream>" + b"<item>x</item>" * 20 + b"</stream>"
    assert first_items(data, limit=10) is data


def test_the_parser_never_sees_the_items_past_the_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    data = _rss(MAX_FEED_ITEMS * 20)
    handed: list[int] = []
    parse = feedparser.parse

    def spy(stream: Any, **kwargs: Any) -> Any:
        content = stream.read()
        handed.append(len(content))
        return parse(content, **kwargs)

    monkeypatch.setattr(feeds.feedparser, "parse", spy)
    articles = read_feed(data, url="https://harbor.example/rss", hints=ReadHints())
    assert [a.title for a in articles] == [f"Story {i}" for i in range(MAX_FEED_ITEMS)]
    [size] = handed
    assert size < len(data) / 15
