"""The demo digest's quotes as a reader sees them: each cites an article that contains it."""

from __future__ import annotations

import dataclasses
import re
from datetime import UTC, datetime
from typing import Any

import pytest
from rich.console import Console

from bot.config import load_settings
from bot.demo import DemoResult, read_samples, run_demo
from bot.model import Article
from bot.render.mrkdwn import unescape
from bot.resources import resource_dir
from tests.fakes.render import block_texts

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
            _, _, cited = text.partition(" · ")
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
