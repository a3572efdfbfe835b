"""The demo digest's quotes as a reader sees them: each key quote a whole utterance in quote
marks, each full quote citing an article that contains it."""

from __future__ import annotations

import dataclasses
import re
from datetime import UTC, datetime
from typing import Any
from urllib.parse import unquote

import pytest
from rich.console import Console

from bot.config import load_settings
from bot.demo import DemoResult, read_samples, run_demo
from bot.model import Article
from bot.nlp.quotes import find_quotes
from bot.render.mrkdwn import unescape
from bot.resources import resource_dir
from fakes.render import block_texts

NOW = datetime(2026, 11, 28, 8, 0, tzinfo=UTC)
_LINK = re.compile(r"<([^|<>]+)\|([^<>]*)>")


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> DemoResult:
    tmp = tmp_path_factory.mktemp("demo")
    settings = dataclasses.replace(
        load_settings(env={}), database_url=f"sqlite:///{tmp / 'demo.db'}"
    )
    console = Console(record=True, width=120, color_system=None)
    return run_demo(
        settings, topic="putin-biden", out_path=tmp / "o.json", now=NOW, console=console
    )


def _words(text: str) -> str:
    return " ".join(text.split())


def cited_quotes(message: dict[str, Any]) -> list[tuple[str, str]]:
    """(quote text, what its attribution line cites) for each quote of a full-quotes reply."""
    out: list[tuple[str, str]] = []
    lines: list[str] = []
    for text in block_texts(message):
        if text.startswith(">"):
            lines.extend(line[1:] for line in text.split("\n"))
        elif text.startswith("— ") and lines:
            # "— speaker · <article|outlet> · <deep link|in context>": the second part cites.
            cited = [*text.split(" · "), ""][1]
            out.append((unescape("\n".join(lines)), cited))
            lines = []
    return out


def citing(cited: str, articles: list[Article]) -> list[Article]:
    """The articles an attribution points at: by URL when linked, else by outlet name."""
    link = _LINK.fullmatch(cited)
    if link:
        return [a for a in articles if a.url == unescape(link.group(1))]
    return [a for a in articles if a.outlet == unescape(cited) and not a.url]


def test_every_full_quote_links_to_an_article_that_contains_it(demo: DemoResult) -> None:
    articles = read_samples(resource_dir("samples"), Console(quiet=True))
    checked = 0
    for reply in demo.replies:
        for message in reply:
            for quote, cited in cited_quotes(message):
                sources = citing(cited, articles)
                assert sources, f"{quote!r} cites {cited!r}, which is no sample article"
                assert any(_words(quote) in _words(a.text) for a in sources), (quote, cited)
                checked += 1
    assert checked >= 5


def deep_links(message: dict[str, Any]) -> list[tuple[str, str]]:
    """(quote text, its deep link) for each quote of a full-quotes reply that has one."""
    out: list[tuple[str, str]] = []
    lines: list[str] = []
    for text in block_texts(message):
        if text.startswith(">"):
            lines.extend(line[1:] for line in text.split("\n"))
        elif text.startswith("— ") and lines:
            found = [m.group(1) for m in _LINK.finditer(text) if ":~:text=" in m.group(1)]
            out.extend((unescape("\n".join(lines)), unescape(url)) for url in found)
            lines = []
    return out


def test_every_deep_link_names_the_quote_s_own_words_in_its_article(demo: DemoResult) -> None:
    articles = {a.url: a for a in read_samples(resource_dir("samples"), Console(quiet=True))}
    checked = 0
    for reply in demo.replies:
        for message in reply:
            for quote, url in deep_links(message):
                base, _, directive = url.partition("#:~:text=")
                article = articles[base]
                terms = [_words(unquote(t)) for t in directive.split(",")]
                assert _words(quote).startswith(terms[0]) and _words(quote).endswith(terms[-1])
                assert terms[0] in _words(article.text) and terms[-1] in _words(article.text)
                checked += 1
    assert checked >= 3


def key_quotes_shown(message: dict[str, Any]) -> list[tuple[str, str]]:
    """(quote as shown, attribution) for every key quote of a digest message's stories."""
    shown: list[tuple[str, str]] = []
    for text in block_texts(message):
        if not text.startswith(">"):
            continue
        lines: list[str] = []
        for line in text.split("\n"):
            if line.startswith(">"):
                lines.append(line[1:])
            elif line.startswith("— ") and lines:
                shown.append((unescape("\n".join(lines)), line))
                lines = []
    return shown


def _is_whole_utterance(parts: list[str], articles: list[Article]) -> bool:
    """Whether some article has an utterance of exactly these parts (each shown whole, or
    with only a trailing comma left out), as the quote finder reads it."""
    for article in articles:
        found = find_quotes(article.text)
        for number in {q.utterance for q in found}:
            said = [_words(q.text) for q in found if q.utterance == number]
            if len(said) == len(parts) and all(
                s.rstrip(",") == _words(p) for s, p in zip(said, parts, strict=True)
            ):
                return True
    return False


@pytest.mark.parametrize("slug", ["putin-biden", "rates", "central-banks", "climate"])
def test_every_key_quote_is_a_whole_utterance_in_quote_marks(
    slug: str, tmp_path_factory: pytest.TempPathFactory
) -> None:
    tmp = tmp_path_factory.mktemp(slug)
    settings = dataclasses.replace(
        load_settings(env={}), database_url=f"sqlite:///{tmp / 'demo.db'}"
    )
    result = run_demo(
        settings, topic=slug, out_path=tmp / "o.json", now=NOW, console=Console(quiet=True)
    )
    articles = read_samples(resource_dir("samples"), Console(quiet=True))
    shown = [q for m in result.messages for q in key_quotes_shown(m)]
    assert len(shown) >= len(result.digest.stories)
    for quote, attribution in shown:
        assert quote.startswith("“") and quote.endswith("”"), quote
        inner = quote[1:-1]
        assert not inner.endswith((",", " ")), quote
        assert _is_whole_utterance(inner.split(" … "), articles), quote
        assert attribution != "— *minutes*"
