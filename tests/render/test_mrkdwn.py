from __future__ import annotations

from datetime import UTC, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.render.mrkdwn import (
    channel_mention,
    chunks,
    date_token,
    escape,
    escaped_length,
    link,
    rendered_length,
    safe_url,
    shorten,
    unescape,
)


def test_escape_neutralises_slack_control_sequences() -> None:
    assert escape("<!channel> & <@U123>") == "&lt;!channel&gt; &amp; &lt;@U123&gt;"


def test_escape_leaves_existing_entities_visible_rather_than_decoding_them() -> None:
    assert unescape(escape("&amp; is how you write &")) == "&amp; is how you write &"


@given(st.text())
def test_unescape_inverts_escape(text: str) -> None:
    escaped = escape(text)
    assert "<" not in escaped and ">" not in escaped
    assert unescape(escaped) == text
    assert escaped_length(text) == len(escaped)


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(1)",
        "ftp://files.example/a",
        "https://",
        "/relative/path",
        "https://news.example/a\nb",
        "",
        None,
        "https://news.example/" + "a" * 600,
    ],
)
def test_safe_url_refuses_what_is_not_a_plain_web_link(url: str | None) -> None:
    assert safe_url(url) is None


def test_safe_url_encodes_characters_that_would_break_the_link_token() -> None:
    url = safe_url("https://news.example/a|b<c>d e?x=1&y=2")
    assert url == "https://news.example/a%7Cb%3Cc%3Ed%20e?x=1&amp;y=2"


def test_link_escapes_its_label_and_falls_back_to_plain_text() -> None:
    assert (
        link("https://n.example/x", "A <b> & c").text == "<https://n.example/x|A &lt;b&gt; &amp; c>"
    )
    assert link("javascript:alert(1)", "<!here>").text == "&lt;!here&gt;"


def test_date_token_carries_a_readable_fallback() -> None:
    token = date_token(datetime(2026, 11, 28, 8, 0, tzinfo=UTC)).text
    assert token.startswith("<!date^1795852800^")
    assert token.endswith("|2026-11-28 08:00 UTC>")


def test_channel_mention_only_for_real_channel_ids() -> None:
    assert channel_mention("C0123ABC").text == "<#C0123ABC>"
    assert channel_mention("<!channel>").text == "&lt;!channel&gt;"


def test_shorten_marks_the_cut_and_respects_the_escaped_limit() -> None:
    text = "Talks & more talks " * 100
    short = shorten(text, 100)
    assert short.endswith("…")
    assert escaped_length(short) <= 100
    assert text.startswith(short[:-1])


def test_shorten_keeps_text_that_fits() -> None:
    assert shorten("short", 10) == "short"


@given(st.text(min_size=0, max_size=3000), st.integers(min_value=1, max_value=400))
def test_chunks_rejoin_exactly_and_each_fits(text: str, limit: int) -> None:
    pieces = chunks(text, limit, newline_cost=2)
    assert "".join(pieces) == text
    # A piece may exceed the limit only when it is one character that alone does not fit.
    assert all(rendered_length(p, 2) <= limit or len(p) == 1 for p in pieces)
