"""``newsbot quotes``, ``summarize`` and ``eval`` (evaluation.py): the NLP core from the shell.

Both text commands read one text (a file or ``-`` for stdin) or, with ``--jsonl``, many
``{"id", "text"}`` lines, answering one JSON line per input. A bad line gets an error line of its
own (and a note on stderr); the others go on, and the exit status is 1 at the end.

A single input is read as bytes and decoded like a fetched page (byte order mark, then UTF-8,
then a guess), so a legacy-charset file works and binary junk is refused. An HTML page is run
through the article reader first: its quotes and summary come from the article body
(``Article.text``), and quote spans index into that body, which ``--format json`` then prints.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TextIO

import click

from bot.cli.evaluation import eval_command
from bot.cli.output import FORMAT_OPTION
from bot.errors import CommandError, ReadError, UnsupportedInput
from bot.ingest.decode import decode_bytes
from bot.ingest.readers import MAX_INPUT_BYTES, ReadHints, file_problem, sniff_kind
from bot.model import Quote

_FORMAT = FORMAT_OPTION
_JSONL = click.option(
    "--jsonl",
    "jsonl",
    type=click.Path(dir_okay=False, allow_dash=True),
    help='Batch mode: a file (or -) of {"id", "text"} JSON lines; one JSON line out per line.',
)
_PATH = click.argument("path", required=False, type=click.Path(dir_okay=False, allow_dash=True))
_HTML_SUFFIXES = frozenset({".html", ".htm", ".xhtml"})


@dataclass(frozen=True)
class Input:
    """One text to analyse; ``body`` is True when it is the extracted body of an HTML page."""

    text: str
    title: str | None = None
    body: bool = False


def register(group: click.Group) -> None:
    group.add_command(quotes_command)
    group.add_command(summarize_command)
    group.add_command(eval_command)  # defined in evaluation.py: one module per idea


def _read_bytes(path: str) -> bytes:
    # One byte past the cap is enough to tell that the input is too large.
    if path == "-":
        stream = getattr(sys.stdin, "buffer", None)
        if stream is None:  # a text-only stdin (an embedding caller): it is already text
            return sys.stdin.read(MAX_INPUT_BYTES + 1).encode("utf-8")
        return bytes(stream.read(MAX_INPUT_BYTES + 1))
    try:
        with Path(path).open("rb") as handle:
            return handle.read(MAX_INPUT_BYTES + 1)
    except OSError as exc:
        raise CommandError(f"{path}: {file_problem(exc)}") from exc


def read_input(path: str) -> Input:
    """The text of ``path`` (``-``: stdin): decoded plain text, or an HTML page's article body.

    Raises ``EmptyInput``/``UnsupportedInput`` (binary, too large, a feed, no article).
    """
    from bot.ingest.html import read_html

    source = "stdin" if path == "-" else path
    data = _read_bytes(path)
    if len(data) > MAX_INPUT_BYTES:
        raise UnsupportedInput(source, f"input too large: over {MAX_INPUT_BYTES} bytes")
    suffix = Path(path).suffix.lower()
    kind = sniff_kind(data, "text/html" if suffix in _HTML_SUFFIXES else None)
    if kind == "feed":
        raise UnsupportedInput(
            source, "an RSS/Atom feed, not one article: run `newsbot extract` on it first"
        )
    if kind == "text":
        return Input(decode_bytes(data, source=source))
    try:
        article = read_html(data, url=None, hints=ReadHints())
    except ReadError as exc:
        raise type(exc)(source, exc.reason) from exc
    return Input(article.text, article.title, body=True)


def _open_lines(path: str) -> Iterator[str]:
    if path == "-":
        yield from sys.stdin
        return
    try:
        with Path(path).open(encoding="utf-8", errors="replace") as handle:
            yield from handle
    except OSError as exc:
        raise CommandError(f"{path}: {file_problem(exc)}") from exc


def _quote_line(quote: Quote) -> str:
    who = ", ".join(x for x in (quote.speaker, quote.speaker_title) if x) or "unattributed"
    return f"“{quote.text}” — {who}"


def _batch(path: str, answer: Callable[[dict[str, Any]], dict[str, Any]], out: TextIO) -> int:
    """Answer each JSON line; returns how many lines failed."""
    failed = 0
    for n, line in enumerate(_open_lines(path), 1):
        if not line.strip():
            continue
        item_id: object = None
        try:
            item = json.loads(line)
            if not isinstance(item, dict) or not isinstance(item.get("text"), str):
                raise ValueError('each line must be an object with a string "text"')
            item_id = item.get("id")
            result = {"id": item_id, **answer(item)}
        except ValueError as exc:
            failed += 1
            click.echo(f"newsbot: line {n}: {exc}", err=True)
            result = {"id": item_id, "error": str(exc)}
        out.write(json.dumps(result, ensure_ascii=False) + "\n")
    return failed


def _run(path: str | None, jsonl: str | None, single: Callable[[Input], None], answer: Any) -> None:
    if (path is None) == (jsonl is None):
        raise click.UsageError("give either PATH (or -) or --jsonl FILE")
    if jsonl is not None:
        if _batch(jsonl, answer, sys.stdout):
            sys.exit(1)
        return
    assert path is not None
    single(read_input(path))


@click.command("quotes")
@_PATH
@_FORMAT
@_JSONL
@click.option(
    "--explain",
    is_flag=True,
    help="Show, for each quote, the rule that chose its speaker, its evidence and candidates.",
)
def quotes_command(path: str | None, fmt: str, jsonl: str | None, explain: bool) -> None:
    """Print the direct quotes of a text, with speakers and character spans.

    PATH is plain text (any common charset) or an HTML page. Spans index into plain text as
    given; for an HTML page they index into its extracted article body, which --format json
    prints as "body".
    """

    from bot.nlp.explain import explain_json, explain_lines
    from bot.nlp.quotes import explain_quotes, find_quotes

    def as_json(text: str) -> list[dict[str, Any]]:
        if explain:
            return [explain_json(text, e) for e in explain_quotes(text)]
        return [q.as_json() for q in find_quotes(text)]

    def single(given: Input) -> None:
        if fmt == "json":
            out: dict[str, Any] = {"quotes": as_json(given.text)}
            if given.body:
                out["body"] = given.text
            click.echo(json.dumps(out, ensure_ascii=False))
        elif explain:
            for e in explain_quotes(given.text):
                click.echo(_quote_line(e.quote))
                for line in explain_lines(given.text, e):
                    click.echo(line)
        else:
            for quote in find_quotes(given.text):
                click.echo(_quote_line(quote))

    def answer(item: dict[str, Any]) -> dict[str, Any]:
        return {"quotes": as_json(item["text"])}

    _run(path, jsonl, single, answer)


@click.command("summarize")
@_PATH
@_FORMAT
@_JSONL
@click.option(
    "--title", default=None, help="The headline, to weight sentences that share its words."
)
@click.option("--sentences", "count", type=click.IntRange(1, 10), default=3, show_default=True)
def summarize_command(
    path: str | None, fmt: str, jsonl: str | None, title: str | None, count: int
) -> None:
    """Print a short extractive summary: sentences of the text, verbatim, in order.

    PATH is plain text (any common charset) or an HTML page, whose article body is summarised
    (its headline is the default --title).
    """

    from bot.nlp.quotes import find_quotes
    from bot.nlp.summary import summarize

    def summary_of(text: str, headline: str | None) -> list[str]:
        return summarize(text, title=headline, quotes=find_quotes(text), max_sentences=count)

    def single(given: Input) -> None:
        lines = summary_of(given.text, title or given.title)
        if fmt == "json":
            click.echo(json.dumps({"summary": lines}, ensure_ascii=False))
        else:
            for line in lines:
                click.echo(line)

    def answer(item: dict[str, Any]) -> dict[str, Any]:
        headline = item.get("title")
        return {
            "summary": summary_of(item["text"], headline if isinstance(headline, str) else title)
        }

    _run(path, jsonl, single, answer)
