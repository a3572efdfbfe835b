"""Ingest what the user names: files, directories of dumps and URLs, into the store.

Each input succeeds or fails on its own: a bad file or an unreachable URL is reported with
its reason and the other inputs are still read and saved. Each input is saved in its own
transaction, so a failure never takes back what another input stored.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from sqlalchemy import Engine

from bot.config import Settings
from bot.errors import FetchError, NewsbotError, ReadError
from bot.ingest.fetch import FetchRequest, FetchResult, fetch_many
from bot.ingest.readers import ReadHints, read_document, read_path
from bot.ingest.ssrf import UrlGuard
from bot.model import Article
from bot.store.articles import SaveReport, save_articles
from bot.store.db import in_transaction

log = logging.getLogger(__name__)

# The kinds of file read from a directory; anything else there (READMEs, images) is skipped.
READABLE_SUFFIXES = frozenset({".txt", ".html", ".htm", ".xml", ".rss", ".atom", ".rdf"})

Progress = Callable[[str, int, int], None]  # (input, done, total)


@dataclass
class IngestReport:
    new: list[int] = field(default_factory=list)
    updated: list[int] = field(default_factory=list)
    duplicates: list[int] = field(default_factory=list)
    unchanged: list[int] = field(default_factory=list)
    read: int = 0  # articles read from all inputs
    failed: list[tuple[str, NewsbotError]] = field(default_factory=list)

    def add(self, saved: SaveReport) -> None:
        self.new.extend(saved.new)
        self.updated.extend(saved.updated)
        self.duplicates.extend(saved.duplicates)
        self.unchanged.extend(saved.unchanged)


def is_url(text: str) -> bool:
    return "://" in text


def ingest_inputs(
    engine: Engine,
    settings: Settings,
    inputs: Sequence[str],
    *,
    now: datetime,
    guard: UrlGuard | None = None,
    hints: ReadHints | None = None,
    progress: Progress | None = None,
) -> IngestReport:
    """Read every input (URLs fetched concurrently, SSRF-checked) and store the articles."""
    report = IngestReport()
    urls = [text for text in inputs if is_url(text)]
    results = fetch_many([FetchRequest(u) for u in urls], settings, guard=guard)
    fetched = dict(zip(urls, results, strict=True))
    for done, text in enumerate(inputs, start=1):
        try:
            if is_url(text):
                articles = _read_fetched(fetched[text], hints)
            else:
                articles = read_local(Path(text), hints, report.failed)
            report.read += len(articles)
            report.add(store(engine, articles, now=now))
        except NewsbotError as exc:
            log.warning("ingest of %s failed: %s", text, exc)
            report.failed.append((text, exc))
        if progress:
            progress(text, done, len(inputs))
    return report


def read_local(
    path: Path, hints: ReadHints | None, failed: list[tuple[str, NewsbotError]]
) -> list[Article]:
    """A file's articles, or those of every readable file in a directory (failures noted)."""
    if path.is_dir():
        return read_directory(path, hints, failed)
    if not path.exists():
        raise ReadError(str(path), "no such file or directory")
    return read_path(path, hints)


def read_directory(
    directory: Path, hints: ReadHints | None, failed: list[tuple[str, NewsbotError]]
) -> list[Article]:
    """Articles of the readable files directly in ``directory``, in name order.

    A file that cannot be read is added to ``failed`` and the others are still read.
    """
    by_file = read_files(readable_files(directory), hints, failed)
    return [article for articles in by_file.values() for article in articles]


def readable_files(directory: Path) -> list[Path]:
    """The files directly in ``directory`` that newsbot can read, in name order."""
    try:
        return sorted(p for p in directory.iterdir() if _readable(p))
    except OSError as exc:
        raise ReadError(str(directory), f"cannot list the directory: {exc.strerror}") from exc


def read_files(
    files: Sequence[Path], hints: ReadHints | None, failed: list[tuple[str, NewsbotError]]
) -> dict[Path, list[Article]]:
    """Each readable file's articles; a file that cannot be read goes to ``failed`` instead."""
    out: dict[Path, list[Article]] = {}
    for path in files:
        try:
            out[path] = read_path(path, hints)
        except ReadError as exc:
            log.warning("skipping %s: %s", path, exc.reason)
            failed.append((str(path), exc))
    return out


def store(
    engine: Engine, articles: Sequence[Article], *, now: datetime, seen_only: bool = False
) -> SaveReport:
    """Save in one transaction; a database failure becomes a StoreError."""
    if not articles:
        return SaveReport()
    return in_transaction(
        engine,
        lambda conn: save_articles(conn, articles, now=now, seen_only=seen_only),
        doing=f"save {len(articles)} article(s)",
    )


def _readable(path: Path) -> bool:
    return (
        path.is_file()
        and not path.name.startswith(".")
        and path.suffix.lower() in READABLE_SUFFIXES
    )


def _read_fetched(result: FetchResult | FetchError, hints: ReadHints | None) -> list[Article]:
    if isinstance(result, FetchError):
        raise result
    return read_document(
        result.content, url=result.final_url, content_type=result.content_type, hints=hints
    )
