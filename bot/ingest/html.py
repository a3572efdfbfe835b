"""HTML article pages read into one Article.

trafilatura finds the article body (dropping navigation, asides and footers); the page's own
structured metadata (JSON-LD ``NewsArticle``, then OpenGraph) is preferred for title, dates,
author and publisher because publishers fill it in deliberately, while trafilatura's metadata
is a fallback guessed from the layout.

A page read without its address (a file on disk) takes its URL from ``<link rel="canonical">``,
then ``og:url``, then JSON-LD ``url``, so quotes read from it still name where they came from.
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

import lxml.html  # type: ignore[import-untyped]
import trafilatura
from htmldate import find_date
from lxml import etree
from trafilatura.metadata import extract_title
from trafilatura.settings import use_config

from bot.errors import UnsupportedInput
from bot.ingest.body_text import body_paragraphs
from bot.ingest.dates import parse_datetime
from bot.ingest.decode import decode_bytes
from bot.ingest.provenance import agency_credit, agency_from_paragraphs, agency_name
from bot.ingest.text_dump import clean_paragraphs
from bot.model import Article

if TYPE_CHECKING:
    from bot.ingest.readers import ReadHints

log = logging.getLogger(__name__)

_ARTICLE_TYPES = frozenset(
    {
        "Article",
        "NewsArticle",
        "ReportageNewsArticle",
        "AnalysisNewsArticle",
        "OpinionNewsArticle",
        "BackgroundNewsArticle",
        "LiveBlogPosting",
        "BlogPosting",
    }
)
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>")
# C0 controls other than tab and newlines: never visible, and invalid in the XML tree trafilatura
# builds (one stray BEL in a footnote made it drop the whole article).
_CONTROL_CHARACTERS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f]")
_BLOCK_TAGS = ("p", "div", "br", "li", "blockquote", "h1", "h2", "h3", "h4", "h5", "h6", "tr")
# Extraction time grows with the element count (about 0.1 ms each); a news page has a few
# thousand, so a tree past this limit is refused rather than keeping a worker busy for seconds.
MAX_ELEMENTS = 40_000
_MAX_URL_CHARS = 2048
_TRAFILATURA_CONFIG = use_config()
# Parsed as trafilatura parses: a comment node left in the tree makes its paragraph handling
# fail on some pages (it then finds no text at all), and ids are never looked up.
_PARSER = lxml.html.HTMLParser(
    collect_ids=False, default_doctype=False, remove_comments=True, remove_pis=True
)


@dataclass(frozen=True)
class _PageMeta:
    title: str | None = None
    published: str | None = None
    updated: str | None = None
    author: str | None = None
    publisher: str | None = None
    language: str | None = None
    url: str | None = None


def page_url(value: str | None) -> str | None:
    """``value`` when it is an absolute http(s) URL with a host and no credentials, else None.

    Pages write relative, protocol-relative or junk canonical links; only a full address is
    trusted to stand for the page.
    """
    text = (value or "").strip()
    if not text or len(text) > _MAX_URL_CHARS or any(c.isspace() or ord(c) < 32 for c in text):
        return None
    try:
        parts = urlsplit(text)
        parts.port  # noqa: B018 - raises ValueError on a malformed port
    except ValueError:
        return None
    ok = parts.scheme.lower() in {"http", "https"} and parts.hostname and "@" not in parts.netloc
    return text if ok else None


def _names(value: Any) -> list[str]:
    """Names from a JSON-LD person/organisation value: a string, an object or a list."""
    if isinstance(value, str):
        return [value] if not value.startswith("http") else []
    if isinstance(value, Mapping):
        return _names(value.get("name"))
    if isinstance(value, list):
        return [name for item in value for name in _names(item)]
    return []


def _json_ld_objects(value: Any) -> Iterator[Mapping[str, Any]]:
    if isinstance(value, list):
        for item in value:
            yield from _json_ld_objects(item)
    elif isinstance(value, Mapping):
        yield value
        yield from _json_ld_objects(value.get("@graph"))


def _is_article(obj: Mapping[str, Any]) -> bool:
    kind = obj.get("@type")
    kinds = kind if isinstance(kind, list) else [kind]
    return any(isinstance(k, str) and k in _ARTICLE_TYPES for k in kinds)


def _text(value: Any) -> str | None:
    return " ".join(value.split()) or None if isinstance(value, str) else None


@dataclass(frozen=True)
class _MetaElements:
    """The elements metadata is read from, found in one pass over the tree."""

    json_ld: list[lxml.html.HtmlElement]
    metas: list[lxml.html.HtmlElement]
    links: list[lxml.html.HtmlElement]


_META_ELEMENTS = etree.XPath(
    '//script[@type="application/ld+json"] | //meta[@property or @name][@content]'
    " | //link[@rel][@href]"
)


def _meta_elements(tree: lxml.html.HtmlElement) -> _MetaElements:
    found: dict[str, list[lxml.html.HtmlElement]] = {"script": [], "meta": [], "link": []}
    for element in _META_ELEMENTS(tree):
        found[element.tag].append(element)
    return _MetaElements(found["script"], found["meta"], found["link"])


def _json_ld_meta(elements: _MetaElements) -> _PageMeta:
    for script in elements.json_ld:
        try:
            data = json.loads(script.text or "")
        except ValueError:
            log.debug("ignoring a JSON-LD block that is not valid JSON")
            continue
        for obj in _json_ld_objects(data):
            if _is_article(obj):
                return _PageMeta(
                    title=_text(obj.get("headline")),
                    published=_text(obj.get("datePublished")),
                    updated=_text(obj.get("dateModified")),
                    author=", ".join(_names(obj.get("author"))) or None,
                    publisher=next(iter(_names(obj.get("publisher"))), None),
                    language=_text(obj.get("inLanguage")),
                    url=page_url(_text(obj.get("url"))),
                )
    return _PageMeta()


def _open_graph_meta(elements: _MetaElements) -> _PageMeta:
    values: dict[str, str] = {}
    for meta in elements.metas:
        key = (meta.get("property") or meta.get("name") or "").strip().lower()
        values.setdefault(key, " ".join((meta.get("content") or "").split()))
    # article:author is often a profile URL; the plain author meta is the name.
    author = values.get("article:author") or values.get("author")
    return _PageMeta(
        title=values.get("og:title") or None,
        published=values.get("article:published_time") or None,
        updated=values.get("article:modified_time") or values.get("og:updated_time") or None,
        author=author if author and not author.startswith("http") else None,
        publisher=values.get("og:site_name") or None,
        language=values.get("og:locale") or None,
        url=page_url(values.get("og:url")),
    )


def _canonical_url(elements: _MetaElements) -> str | None:
    for link in elements.links:
        if "canonical" in (link.get("rel") or "").lower().split():
            return page_url(link.get("href"))
    return None


def _merge(first: _PageMeta, second: _PageMeta) -> _PageMeta:
    return _PageMeta(
        **{key: getattr(first, key) or getattr(second, key) for key in _PageMeta.__annotations__}
    )


def language_tag(value: str | None) -> str | None:
    """The primary language subtag, lower case: "en-GB" and "en_GB" are both "en"."""
    if not value:
        return None
    primary = re.split(r"[-_]", value.strip())[0].lower()
    return primary if primary.isalpha() and 2 <= len(primary) <= 3 else None


def _parse_tree(text: str, source: str) -> lxml.html.HtmlElement:
    try:
        tree = lxml.html.document_fromstring(
            _CONTROL_CHARACTERS.sub("", _XML_DECLARATION.sub("", text, count=1)), parser=_PARSER
        )
    except (etree.ParserError, ValueError) as exc:
        raise UnsupportedInput(source, f"not a readable HTML page ({exc})") from exc
    # Counted by XPath: iterating in Python would build an object for every element.
    count = int(tree.xpath("count(//*)"))
    if count > MAX_ELEMENTS:
        raise UnsupportedInput(source, f"page too complex: over {MAX_ELEMENTS} HTML elements")
    return tree


_TAG = re.compile(r"<[^>]+>")


def _strip_tags(html: str) -> str:
    """Each ``<...>`` as a space. Only text up to the last ">" is searched: a "<" after it
    would scan to the end of the text and fail, and many of them took quadratic time."""
    end = html.rfind(">") + 1
    return _TAG.sub(" ", html[:end]) + html[end:]


def fragment_paragraphs(html: str) -> tuple[str, ...]:
    """Paragraphs of an HTML snippet (a feed item's summary or content); markup dropped."""
    if "<" not in html:
        return clean_paragraphs(re.split(r"\n\s*\n", html))
    try:
        root = lxml.html.fragment_fromstring(html, create_parent="div")
    except (etree.ParserError, ValueError):
        return clean_paragraphs([_strip_tags(html)])
    etree.strip_elements(root, "script", "style", with_tail=False)
    for element in root.iter(*_BLOCK_TAGS):
        element.tail = "\n\n" + (element.tail or "")
        element.text = "\n\n" + (element.text or "")
    return clean_paragraphs(re.split(r"\n\s*\n", root.text_content()))


def _extract(tree: lxml.html.HtmlElement, url: str | None) -> Any:
    return trafilatura.bare_extraction(
        tree,
        url=url,
        with_metadata=False,
        include_comments=False,
        include_tables=True,
        config=_TRAFILATURA_CONFIG,
    )


def _layout_meta(tree: lxml.html.HtmlElement, url: str | None, meta: _PageMeta) -> _PageMeta:
    """Title and date guessed from the layout, for a page whose metadata lacks them.

    trafilatura's whole metadata search costs more than its text extraction (its author and
    category searches alone take half of that); only its title rule and htmldate's quick date
    search (meta tags, ``<time>``, the URL: the date trafilatura itself settles on) are needed.
    """
    title = None if meta.title else extract_title(tree)
    published = None
    if not meta.published:
        published = find_date(tree, url=url, extensive_search=False, original_date=True)
    return _PageMeta(title=title, published=published)


def _when(value: str | None, hints: ReadHints) -> datetime | None:
    return parse_datetime(value, hints=hints) if value else None


def read_html(
    data: bytes, *, url: str | None, hints: ReadHints, charset: str | None = None
) -> Article:
    """The article on an HTML page; ``charset`` is the HTTP header's, when known."""
    source = url or "HTML page"
    tree = _parse_tree(decode_bytes(data, charset, source=source), source)
    page_language = language_tag(tree.get("lang"))
    elements = _meta_elements(tree)
    meta = _merge(_json_ld_meta(elements), _open_graph_meta(elements))
    url = url or _canonical_url(elements) or meta.url
    meta = _merge(meta, _layout_meta(tree, url, meta))
    doc = _extract(tree, url)
    if doc is None:
        raise UnsupportedInput(source, "no article text found on the HTML page")
    title = meta.title or ""
    paragraphs = clean_paragraphs(body_paragraphs(doc.body), title)
    if not paragraphs:
        raise UnsupportedInput(source, "no article paragraphs found on the HTML page")
    host = urlsplit(url).hostname if url else None
    byline = meta.author
    outlet = hints.outlet or meta.publisher or host
    agency = agency_name(byline or "") or agency_from_paragraphs(paragraphs)
    return Article(
        title=title or paragraphs[0][:120],
        paragraphs=paragraphs,
        url=url,
        outlet=outlet,
        agency=agency_credit(agency, outlet),
        published=_when(meta.published, hints),
        updated=_when(meta.updated, hints),
        byline=byline,
        language=page_language or language_tag(meta.language) or hints.language,
    )
