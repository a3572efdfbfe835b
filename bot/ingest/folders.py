"""Directory sources: read only the files that changed since the last poll, and store them.

A folder of page dumps is polled like a feed, and like a feed an unchanged file should cost
nothing. Each file's modification time and size are its validator, kept in ``fetch_state``
under the file's URI; a file whose pair has not moved is not read again. A file's validator is
saved in the same transaction as its articles, so a failed save is read again next time.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from sqlalchemy import Connection, Engine

from bot.errors import NewsbotError, ReadError
from bot.ingest.readers import ReadHints
from bot.ingest.service import read_files, readable_files
from bot.model import Article
from bot.store.articles import SaveReport, save_articles
from bot.store.db import in_transaction, reading
from bot.store.fetch_state import load_states, record_file


@dataclass
class FolderPoll:
    report: SaveReport = field(default_factory=SaveReport)
    unchanged_files: int = 0  # not read: same modification time and size as last time
    failed: list[tuple[str, NewsbotError]] = field(default_factory=list)


def file_signature(path: Path) -> str:
    """``mtime_ns:size``: changes whenever the file is rewritten (or touched)."""
    stat = path.stat()
    return f"{stat.st_mtime_ns}:{stat.st_size}"


def poll_folder(
    engine: Engine,
    directory: Path,
    *,
    hints: ReadHints | None,
    now: datetime,
    seen_only: bool = False,
    prepare: Callable[[Article], Article] = lambda article: article,
) -> FolderPoll:
    """Read and store the files of ``directory`` that are new or changed since the last poll.

    ReadError when the directory cannot be listed, StoreError when saving fails; a single file
    that cannot be read is reported in ``failed`` and the others go on.
    """
    if not directory.is_dir():
        raise ReadError(str(directory), "no such directory")
    # Files are keyed by their file:// URI, which only an absolute path has; resolving also
    # makes the key the same whichever working directory the poll runs from.
    directory = directory.resolve()
    result = FolderPoll()
    signatures = _signatures(readable_files(directory), result.failed)
    with reading(engine, f"read the file states of {directory}") as conn:
        known = load_states(conn, [path.as_uri() for path in signatures])
    changed = [
        path
        for path, signature in signatures.items()
        if (state := known.get(path.as_uri())) is None or state.etag != signature
    ]
    result.unchanged_files = len(signatures) - len(changed)
    by_file = read_files(changed, hints, result.failed)

    def save(conn: Connection) -> SaveReport:
        articles = [prepare(article) for found in by_file.values() for article in found]
        report = save_articles(conn, articles, now=now, seen_only=seen_only)
        for path in by_file:
            record_file(conn, path.as_uri(), now=now, signature=signatures[path])
        return report

    if by_file:
        result.report = in_transaction(engine, save, doing=f"save the files of {directory}")
    return result


def _signatures(files: list[Path], failed: list[tuple[str, NewsbotError]]) -> dict[Path, str]:
    out: dict[Path, str] = {}
    for path in files:
        try:
            out[path] = file_signature(path)
        except OSError as exc:  # removed or unreadable between listing and stat
            failed.append((str(path), ReadError(str(path), f"cannot stat: {exc.strerror}")))
    return out
