from __future__ import annotations

from pathlib import Path

import pytest

from bot.errors import EmptyInput, UnsupportedInput
from bot.ingest.html import MAX_ELEMENTS, fragment_paragraphs, read_html
from bot.ingest.readers import ReadHints


def _page(samples: Path, name: str) -> bytes:
    return (samples / "pages" / name).read_bytes()


def test_body_excludes_nav_related_and_footer(samples: Path, hints: ReadHints) -> None:
    article = read_html(_page(samples, "article_jsonld.html"), url=None, hints=hints)
    text = article.text
    for chrome in ("Subscribe today", "Related stories", "Fares rise again", "Copyright", "Home"):
        assert chrome not in text
    assert article.paragraphs[-1].startswith("The transport secretary welcomed")


def test_json_ld_beats_the_title_tag(samples: Path, hints: ReadHints) -> None:
    article = read_html(_page(samples, "article_jsonld.html"), url=None, hints=hints)
    assert article.title == "Rail strike called off after overnight talks"
    assert article.updated is not None and article.updated.hour == 9


def test_outlet_hint_wins_over_page_metadata(samples: Path) -> None:
    page = _page(samples, "article_jsonld.html")
    assert read_html(page, url=None, hints=ReadHints(outlet="MG")).outlet == "MG"


def test_outlet_falls_back_to_the_url_host(samples: Path, hints: ReadHints) -> None:
    page = _page(samples, "article_plain.html")
    article = read_html(page, url="https://goldfields.example/fire", hints=hints)
    assert article.outlet == "goldfields.example"
    assert article.url == "https://goldfields.example/fire"


def test_header_charset_is_used(hints: ReadHints) -> None:
    body = (
        "<html><body><article><p>Le maire a déclaré que la fête aurait lieu à l'été "
        "prochain, malgré la pluie.</p></article></body></html>"
    )
    article = read_html(body.encode("latin-1"), url=None, hints=hints, charset="iso-8859-1")
    assert "déclaré" in article.text


def test_page_without_article_text_is_unsupported(hints: ReadHints) -> None:
    with pytest.raises(UnsupportedInput):
        read_html(
            b"<html><body><nav><a href='/'>Home</a></nav></body></html>", url=None, hints=hints
        )


def test_empty_page_is_empty_input(hints: ReadHints) -> None:
    with pytest.raises(EmptyInput):
        read_html(b"  ", url=None, hints=hints)


def test_overly_complex_page_is_refused(hints: ReadHints) -> None:
    soup = b"<html><body>" + b"<div><span>x</span></div>" * MAX_ELEMENTS + b"</body></html>"
    with pytest.raises(UnsupportedInput, match="too complex"):
        read_html(soup, url=None, hints=hints)


def test_fragment_paragraphs_splits_blocks_and_unescapes() -> None:
    html = "<p>One &amp; two.</p><p>Three<br>four</p><script>x()</script>tail"
    assert fragment_paragraphs(html) == ("One & two.", "Three", "four", "tail")
    assert fragment_paragraphs("Plain.\n\nSecond.") == ("Plain.", "Second.")
