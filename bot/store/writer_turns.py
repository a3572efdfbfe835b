"""Turns on SQLite's one writer, for the threads of a process and for processes sharing a file.

SQLite lets one connection write at a time. A writer that finds the file busy sleeps in steps
of whole milliseconds (1, 2, 5, 10 ms ...) before it looks again, far longer than a delivery's
short transactions take, and on an event loop that sleep stops every other delivery too. A
lock hands over as soon as it is free: threads of one process wait on a ``threading`` lock,
processes on an advisory ``flock`` of a file beside the database (``<database>-writer.lock``).
SQLite's busy timeout stays the fallback for writers that take no turn.
"""

from __future__ import annotations

import fcntl
import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO

from sqlalchemy import Engine


class WriterTurns:
    """``with turns.turn():`` around a write transaction on ``engine``.

    PostgreSQL and in-memory SQLite need no turns: there a turn is free.
    """

    def __init__(self, engine: Engine) -> None:
        self._threads = threading.RLock()
        self._path = _lock_path(engine)
        self._file: IO[bytes] | None = None
        self._pid = 0  # the process that opened ``_file``: a forked child opens its own
        self._depth = 0  # turns this thread holds, nested

    @contextmanager
    def turn(self) -> Iterator[None]:
        if self._path is None:
            yield
            return
        with self._threads:
            self._depth += 1
            try:
                if self._depth == 1:
                    fcntl.flock(self._opened(self._path), fcntl.LOCK_EX)
                try:
                    yield
                finally:
                    if self._depth == 1 and self._file is not None:
                        fcntl.flock(self._file, fcntl.LOCK_UN)
            finally:
                self._depth -= 1

    def _opened(self, path: Path) -> IO[bytes]:
        # An flock belongs to an open file, which a forked child shares with its parent: each
        # process opens its own, or parent and child would never exclude each other.
        if self._file is None or self._pid != os.getpid():
            self._file = path.open("ab")
            self._pid = os.getpid()
        return self._file


def _lock_path(engine: Engine) -> Path | None:
    if engine.dialect.name != "sqlite":
        return None
    database = engine.url.database
    if not database or database == ":memory:" or database.startswith("file:"):
        return None
    return Path(f"{database}-writer.lock")
