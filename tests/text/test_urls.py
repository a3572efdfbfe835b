from __future__ import annotations

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from bot.text.urls import guid_key, normalize_url, url_key


@pytest.mark.parametrize(
    ("raw", "normal"),
    [
        ("HTTPS://News.Example.COM:443/a/b?b=2&a=1#top", "https://news.example.com/a/b?a=1&b=2"),
        ("http://example.com", "http://example.com/"),
        ("http://example.com:80/x", "http://example.com/x"),
        ("http://example.com:8080/x", "http://example.com:8080/x"),
        (
            "https://example.com/story?utm_source=tw&utm_medium=social&id=7&fbclid=Zx&gclid=1",
            "https://example.com/story?id=7",
        ),
        ("https://example.com/s?mc_cid=1&mc_eid=2&page=2", "https://example.com/s?page=2"),
        ("  https://example.com/a b  ", "https://example.com/a%20b"),
        ("https://example.com/a%2Fb", "https://example.com/a%2Fb"),
        ("not a url", "not a url"),
    ],
)
def test_normalize_url(raw: str, normal: str) -> None:
    assert normalize_url(raw) == normal


def test_keys_ignore_tracking_and_case_but_not_the_article() -> None:
    assert url_key("https://EXAMPLE.com/a?utm_campaign=x") == url_key("https://example.com/a")
    assert url_key("https://example.com/a?id=1") != url_key("https://example.com/a?id=2")
    assert len(url_key("https://example.com/")) == 64


def test_guid_key_is_exact_apart_from_outer_space() -> None:
    assert guid_key(" tag:a,2026:1 ") == guid_key("tag:a,2026:1")
    assert guid_key("tag:a,2026:X") != guid_key("tag:a,2026:x")


@given(st.text(max_size=80))
@example("//[")
@example("http://[::1")
def test_normalize_url_is_idempotent(raw: str) -> None:
    once = normalize_url(raw)
    assert normalize_url(once) == once
