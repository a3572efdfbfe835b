from __future__ import annotations

from pathlib import Path

import pytest

from bot.errors import EmptyInput, UnsupportedInput
from bot.ingest.html import MAX_ELEMENTS, fragment_paragraphs, page_url, read_html
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


def _article_page(head: str, lead: str = "The council met on Monday to agree the budget.") -> bytes:
    return (
        f"<html><head>{head}</head><body><article><h1>Council agrees budget</h1>"
        f"<p>{lead}</p><p>Members voted eleven to four in favour of the plan.</p>"
        "</article></body></html>"
    ).encode()


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("https://news.example/a/b?c=1", "https://news.example/a/b?c=1"),
        ("  http://news.example/a  ", "http://news.example/a"),
        ("/relative/path", None),
        ("//news.example/protocol-relative", None),
        ("javascript:alert(1)", None),
        ("ftp://news.example/file", None),
        ("https://user:secret@news.example/a", None),
        ("https://news.example:99999/a", None),
        ("https://news.example/a b", None),
        ("https:///no-host", None),
        ("https://news.example/" + "a" * 3000, None),
        ("", None),
        (None, None),
    ],
)
def test_page_url_accepts_only_absolute_http_urls(value: str | None, expected: str | None) -> None:
    assert page_url(value) == expected


def test_canonical_link_beats_og_url_and_given_url_beats_both(hints: ReadHints) -> None:
    head = (
        '<meta property="og:url" content="https://news.example/og">'
        '<link rel="canonical" href="https://news.example/canonical">'
    )
    assert read_html(_article_page(head), url=None, hints=hints).url == (
        "https://news.example/canonical"
    )
    given = read_html(_article_page(head), url="https://news.example/fetched", hints=hints)
    assert given.url == "https://news.example/fetched"


def test_og_url_then_json_ld_url_when_canonical_is_missing_or_relative(hints: ReadHints) -> None:
    og = '<link rel="canonical" href="/rel"><meta property="og:url" content="https://n.example/og">'
    assert read_html(_article_page(og), url=None, hints=hints).url == "https://n.example/og"
    ld = (
        '<script type="application/ld+json">{"@type": "NewsArticle", "headline": "Budget",'
        ' "url": "https://n.example/ld"}</script>'
    )
    assert read_html(_article_page(ld), url=None, hints=hints).url == "https://n.example/ld"
    junk = '<meta property="og:url" content="javascript:void(0)">'
    assert read_html(_article_page(junk), url=None, hints=hints).url is None


def test_wire_credit_is_the_agency_unless_the_page_is_the_wire_s_own(hints: ReadHints) -> None:
    lead = "LONDON, Nov 26 (CPA) - The council met on Monday to agree the budget."
    syndicated = _article_page('<meta property="og:site_name" content="Northbridge Herald">', lead)
    article = read_html(syndicated, url=None, hints=hints)
    assert (article.outlet, article.agency) == ("Northbridge Herald", "CPA")
    own = _article_page('<meta property="og:site_name" content="Continental Press Agency">', lead)
    article = read_html(own, url=None, hints=hints)
    assert (article.outlet, article.agency) == ("Continental Press Agency", None)


def test_plain_author_meta_is_the_byline(hints: ReadHints) -> None:
    page = _article_page('<meta name="author" content="Irina Salko">')
    assert read_html(page, url=None, hints=hints).byline == "Irina Salko"
