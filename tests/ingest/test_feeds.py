from __future__ import annotations

import time
from pathlib import Path

import pytest

from bot.errors import FeedError
from bot.ingest.feeds import MAX_FEED_ITEMS, is_teaser, read_feed
from bot.ingest.readers import ReadHints


def _feed(samples: Path, name: str) -> bytes:
    return (samples / "feeds" / name).read_bytes()


def test_rss2_items_keep_guid_link_and_summary(samples: Path, hints: ReadHints) -> None:
    full, teaser = read_feed(_feed(samples, "rss2.xml"), url=None, hints=hints)
    assert full.guid == "coastal-20261102-port"
    assert full.url is not None and full.url.startswith("https://coastaltimes.example/news/port")
    assert full.feed_summary == "Dock workers stayed off the job for an eighth day."
    assert len(full.paragraphs) == 3 and not is_teaser(full)
    assert teaser.paragraphs == (teaser.feed_summary,) and is_teaser(teaser)


def test_atom_relative_link_resolves_against_the_feed_url(samples: Path, hints: ReadHints) -> None:
    url = "https://highlandwire.example/feed.atom"
    [item] = read_feed(_feed(samples, "atom.xml"), url=url, hints=hints)
    assert item.url == "https://highlandwire.example/2026/11/04/ferry-islay"
    assert item.title == "Ferry service to Islay restored"  # markup in an HTML title dropped


def test_outlet_hint_wins_over_feed_title(samples: Path) -> None:
    [item] = read_feed(_feed(samples, "atom.xml"), url=None, hints=ReadHints(outlet="HW"))
    assert item.outlet == "HW"


def test_entity_bomb_is_refused_fast(samples: Path, hints: ReadHints) -> None:
    started = time.perf_counter()
    with pytest.raises(FeedError, match="entit"):
        read_feed(_feed(samples, "entity_bomb.xml"), url=None, hints=hints)
    assert time.perf_counter() - started < 1.0


def test_truncated_feed_yields_the_complete_items(samples: Path, hints: ReadHints) -> None:
    items = read_feed(_feed(samples, "truncated.xml"), url=None, hints=hints)
    assert [i.guid for i in items] == ["coastal-20261102-port"]


@pytest.mark.parametrize(
    "data", [b"<rss version='2.0'><channel><title>x</title></channel></rss>", b"<rss><chan"]
)
def test_feed_without_items_is_a_feed_error(data: bytes, hints: ReadHints) -> None:
    with pytest.raises(FeedError, match="no readable items"):
        read_feed(data, url="https://example.org/feed", hints=hints)


def test_a_path_like_payload_is_never_opened_as_a_file(tmp_path: Path, hints: ReadHints) -> None:
    secret = tmp_path / "secret.xml"
    secret.write_bytes(
        b"<rss version='2.0'><channel><item><title>Leak</title></item></channel></rss>"
    )
    with pytest.raises(FeedError):
        read_feed(str(secret).encode(), url=None, hints=hints)


def test_item_count_is_capped(hints: ReadHints) -> None:
    items = b"".join(b"<item><title>T%d</title></item>" % i for i in range(MAX_FEED_ITEMS + 50))
    data = b"<rss version='2.0'><channel>" + items + b"</channel></rss>"
    assert len(read_feed(data, url=None, hints=hints)) == MAX_FEED_ITEMS


def test_truncated_summary_is_a_teaser(hints: ReadHints) -> None:
    long = "word " * 400 + "[…]"
    item_xml = f"<item><title>T</title><description>{long}</description></item>"
    data = f"<rss version='2.0'><channel>{item_xml}</channel></rss>"
    [item] = read_feed(data.encode(), url=None, hints=hints)
    assert is_teaser(item)
