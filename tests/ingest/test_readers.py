"""read_document / read_path over every sample file, each checked against its sidecar."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.errors import EmptyInput, ReadError, UnsupportedInput
from bot.ingest.readers import ReadHints, read_document, read_path, sniff_kind
from tests.ingest.conftest import SAMPLES

# Only the readers' own sample folders: other areas keep their samples beside these.
SAMPLE_FILES = sorted(
    p
    for folder in ("pages", "feeds")
    for p in (SAMPLES / folder).iterdir()
    if not p.name.endswith(".expect.json") and p.is_file()
)


def _expectation(path: Path) -> dict[str, object]:
    data: dict[str, object] = json.loads(Path(f"{path}.expect.json").read_text(encoding="utf-8"))
    return data


def test_every_sample_states_its_expectation() -> None:
    assert SAMPLE_FILES
    missing = [p.name for p in SAMPLE_FILES if not Path(f"{p}.expect.json").exists()]
    assert missing == []


@pytest.mark.parametrize("path", SAMPLE_FILES, ids=lambda p: p.name)
def test_sample_reads_as_its_sidecar_says(path: Path) -> None:
    expect = _expectation(path)
    if "error" in expect:
        with pytest.raises(ReadError) as caught:
            read_path(path)
        assert type(caught.value).__name__ == expect["error"]
        assert str(path) in str(caught.value)
        return
    articles = read_path(path)
    first = articles[0]
    assert len(articles) == expect["count"]
    assert first.title == expect["title"]
    assert len(first.paragraphs) == expect["paragraphs"]
    assert first.paragraphs[0].startswith(str(expect["first_paragraph_starts"]))
    for name in ("published", "updated"):
        value = getattr(first, name)
        expected = expect[name]
        assert value == (datetime.fromisoformat(str(expected)) if expected else None), name
        assert value is None or value.tzinfo is not None
    for name in ("outlet", "agency", "byline", "language"):
        assert getattr(first, name) == expect[name], name
    # A file on disk has no address of its own; a page that names its canonical URL gets it.
    if "url" in expect:
        assert first.url == expect["url"]


@pytest.mark.seed
def test_seed_dump_gives_title_and_exactly_its_six_paragraphs(seed_text: str) -> None:
    [article] = read_document(seed_text.encode("utf-8"), content_type="text/plain")
    assert article.title == (
        "Kremlin says it has date for new Putin-Biden talks, waiting for U.S. approval"
    )
    assert len(article.paragraphs) == 6
    assert len(set(article.paragraphs)) == 6
    assert article.paragraphs[0].startswith("The Kremlin said on Friday")
    assert article.paragraphs[-1].startswith("At the talks, Putin and Biden")
    assert article.agency == "Reuters"
    # The syndication note names the publishing site: the wire is the agency, not the outlet.
    assert article.outlet == "Devdiscourse"
    assert (
        article.updated is not None and article.updated.isoformat() == "2021-12-03T19:23:00+05:30"
    )
    assert article.published == article.updated
    assert all("TRENDING" not in p and "edited by" not in p for p in article.paragraphs)


@pytest.mark.parametrize(
    ("head", "content_type", "kind"),
    [
        (b'<?xml version="1.0"?>\n<rss version="2.0">', "text/html", "feed"),
        (b"<feed xmlns='http://www.w3.org/2005/Atom'>", None, "feed"),
        (b"<?xml version='1.0'?><rdf:RDF xmlns:rdf='x'>", "text/plain", "feed"),
        (b"<!-- hi --><!DOCTYPE html><html><body>", "application/xml", "html"),
        (b"\xef\xbb\xbf<html lang='en'>", None, "html"),
        (b"Headline\n\nBody text.", "text/html", "text"),
        (b"Headline\n\nBody text.", None, "text"),
        (b"just words", "application/rss+xml", "feed"),
    ],
)
def test_sniff_kind_trusts_content_over_the_header(
    head: bytes, content_type: str | None, kind: str
) -> None:
    assert sniff_kind(head, content_type) == kind


def test_page_over_the_size_limit_is_refused_before_parsing() -> None:
    huge = b"<html><body>" + b"<p>Words and more words.</p>" * 2_000_000 + b"</body></html>"
    assert len(huge) > 50_000_000
    with pytest.raises(UnsupportedInput, match="page too large"):
        read_document(huge, url="https://example.org/huge")


def test_read_path_refuses_a_large_file_without_reading_it(tmp_path: Path) -> None:
    path = tmp_path / "big.html"
    with path.open("wb") as handle:
        handle.truncate(60 * 1024 * 1024)  # sparse: the test never writes 60 MB
    with pytest.raises(UnsupportedInput, match="page too large"):
        read_path(path, ReadHints(max_bytes=1024))


def test_missing_file_is_a_read_error(tmp_path: Path) -> None:
    with pytest.raises(ReadError, match=r"nope\.html: no such file or directory$"):
        read_path(tmp_path / "nope.html")


def test_empty_bytes_are_empty_input() -> None:
    with pytest.raises(EmptyInput):
        read_document(b"", url="https://example.org/")


_PIECES = st.sampled_from(
    [
        "<html>",
        "<p>",
        "</p>",
        "<rss version='2.0'><channel><item><title>",
        "</title></item>",
        "<feed xmlns='http://www.w3.org/2005/Atom'><entry>",
        "Updated: 03-12-2021 19:23 IST",
        "\n\n",
        "By A | B | Nov 3, 2026 4:05 PM EST",
        "Hello world, he said.",
        '<script type="application/ld+json">{"@type": "NewsArticle", "headline": 3}</script>',
        "\x00",
        "<?xml version='1.0' encoding='utf-16'?>",
        "<meta charset='bogus'>",
    ]
)


@settings(max_examples=150, deadline=None, suppress_health_check=list(HealthCheck))
@given(
    parts=st.lists(st.one_of(_PIECES, st.text(max_size=20)), max_size=20),
    content_type=st.sampled_from([None, "text/html", "application/rss+xml", "text/plain"]),
)
def test_any_input_gives_articles_or_a_read_error(
    parts: list[str], content_type: str | None
) -> None:
    data = "".join(parts).encode("utf-8", "surrogatepass")
    try:
        articles = read_document(data, content_type=content_type)
    except ReadError:
        return
    assert all(a.title or a.paragraphs for a in articles)
