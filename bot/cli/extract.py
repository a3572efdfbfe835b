"""``newsbot extract PATH|URL|- ...``: read pages, feeds or text dumps and print their articles.

Text by default, like every command; ``--format json`` prints one JSON object per article per
line. (JSON used to be this command's default; scripts now pass ``--format json``.)
"""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Callable
from pathlib import Path

import click

from bot.config import Settings, load_settings
from bot.errors import NewsbotError, UnsupportedInput
from bot.ingest.readers import MAX_INPUT_BYTES, ReadHints, read_document, read_path
from bot.model import Article

# "scheme://" (RFC 3986 scheme syntax): such an input is a URL, never a file name.
_URL_SCHEME = re.compile(r"([A-Za-z][A-Za-z0-9+.-]*)://")
FETCHED_SCHEMES = frozenset({"http", "https"})


def register(group: click.Group) -> None:
    group.add_command(extract)


def article_json(article: Article) -> dict[str, object]:
    """The fields ``extract --format json`` prints for one article."""
    return {
        "title": article.title,
        "url": article.url,
        "outlet": article.outlet,
        "agency": article.agency,
        "published": article.published.isoformat() if article.published else None,
        "updated": article.updated.isoformat() if article.updated else None,
        "byline": article.byline,
        "language": article.language,
        "paragraphs": list(article.paragraphs),
        "fingerprint": article.fingerprint,
        "guid": article.guid,
    }


def article_text(article: Article) -> str:
    """A readable rendering: title, one line of provenance, the URL, then the paragraphs."""
    when = article.published.isoformat(timespec="minutes") if article.published else None
    about = " · ".join(x for x in (article.outlet, article.agency, when, article.byline) if x)
    head = [article.title, "=" * min(len(article.title), 78), about, article.url or ""]
    return "\n".join(line for line in head if line) + "\n\n" + article.text + "\n"


def _render(article: Article, fmt: str) -> str:
    if fmt == "json":
        return json.dumps(article_json(article), ensure_ascii=False)
    return article_text(article)


def _read_url(url: str, settings: Settings, hints: ReadHints) -> list[Article]:
    # Imported here so extracting local files never needs the fetcher and its HTTP stack.
    from bot.ingest.fetch import fetch_url

    result = fetch_url(url, settings)
    return read_document(
        result.content, url=result.final_url, content_type=result.content_type, hints=hints
    )


def _read_stdin(hints: ReadHints) -> list[Article]:
    stream = getattr(sys.stdin, "buffer", None)
    data = stream.read(MAX_INPUT_BYTES + 1) if stream else sys.stdin.read().encode("utf-8")
    if len(data) > MAX_INPUT_BYTES:
        raise UnsupportedInput("stdin", f"input too large: over {MAX_INPUT_BYTES} bytes")
    return read_document(bytes(data), hints=hints)


def _read(item: str, settings: Callable[[], Settings], hints: ReadHints) -> list[Article]:
    if item == "-":
        return _read_stdin(hints)
    match = _URL_SCHEME.match(item)
    if match is None:
        return read_path(Path(item), hints)
    scheme = match.group(1).lower()
    if scheme not in FETCHED_SCHEMES:
        raise UnsupportedInput(
            item, f"unsupported URL scheme {scheme!r}; only http and https are fetched"
        )
    return _read_url(item, settings(), hints)


@click.command()
@click.argument("inputs", nargs=-1, required=True, metavar="PATH|URL|-...")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="text: for reading; json: one object per article per line.",
)
@click.option("--outlet", default=None, help="Outlet name to record (default: from the page).")
@click.option("--timezone", default=None, help="IANA zone for times without one (and IST etc).")
@click.option("--language", default=None, help="Language code when the page does not say.")
@click.option("--month-first", is_flag=True, help="Read 03-12-2021 as March 12 (US pages).")
def extract(
    inputs: tuple[str, ...],
    fmt: str,
    outlet: str | None,
    timezone: str | None,
    language: str | None,
    month_first: bool,
) -> None:
    """Print the articles in each PATH or URL (HTML page, RSS/Atom feed or text dump);
    - reads stdin.

    Each failure is reported on stderr and the rest are still read; the exit status is 1
    when any input failed.
    """
    hints = ReadHints(
        outlet=outlet, timezone=timezone, language=language, day_first=not month_first
    )
    loaded: list[Settings] = []

    def settings() -> Settings:
        if not loaded:
            loaded.append(load_settings())
        return loaded[0]

    failed = 0
    for item in inputs:
        try:
            articles = _read(item, settings, hints)
        except NewsbotError as exc:
            failed += 1
            click.echo(f"newsbot: {exc}", err=True)
            continue
        for article in articles:
            click.echo(_render(article, fmt))
    if failed:
        raise click.exceptions.Exit(1)
