"""A signed `/news putin-biden` against the fake Slack API, over the bundled samples: every key
quote in the digest links to an article whose text contains it."""

from __future__ import annotations

import re
from typing import Any

from rich.console import Console

from bot.demo import read_samples
from bot.render.mrkdwn import unescape
from bot.resources import resource_dir
from bot.store.articles import save_articles
from fakes.render import block_texts
from fakes.signed import slash_command
from tests.slack.conftest import RunningApp

_LINK = re.compile(r"<([^|<>]+)\|([^<>]*)>")


def _words(text: str) -> str:
    return " ".join(text.split())


def _key_quotes(blocks: Any) -> list[tuple[str, list[str]]]:
    """(quote as shown, the URLs its attribution line links to) for every key quote."""
    shown: list[tuple[str, list[str]]] = []
    for text in block_texts({"blocks": blocks}):
        lines: list[str] = []
        for line in text.split("\n"):
            if line.startswith(">"):
                lines.append(line[1:])
            elif line.startswith("— ") and lines:
                urls = [unescape(m.group(1)) for m in _LINK.finditer(line)]
                shown.append((unescape("\n".join(lines)), urls))
                lines = []
    return shown


def test_every_key_quote_links_to_an_article_that_contains_it(app: RunningApp) -> None:
    articles = read_samples(resource_dir("samples"), Console(quiet=True))
    with app.engine.begin() as conn:
        save_articles(conn, articles, now=app.clock())
    by_url = {a.url: a for a in articles if a.url}

    response = app.slack.post(slash_command("putin-biden", app.fake.response_url("news")))
    assert response.status_code == 200
    [reply] = app.fake.wait_for("response_url", key="news")

    shown = _key_quotes(reply.params["blocks"])
    assert shown, "the digest shows no key quotes"
    linked = 0
    for quote, urls in shown:
        inner = quote.strip("“”")
        for url in urls:
            base = url.partition("#")[0]
            article = by_url.get(base)
            assert article is not None, f"{quote!r} links to {url}, which is no sample article"
            parts = [_words(p).rstrip(",") for p in inner.split(" … ")]
            assert all(p in _words(article.text) for p in parts), (quote, url)
            linked += 1
    assert linked >= len(shown)
