"""A SQLite database belongs to one long-running newsbot process: ``serve`` or ``clock``.

The file sits on one machine's disk, and a platform that runs the Procfile's ``web`` and
``clock`` in separate containers gives each its own copy: the clock would deliver from a
database the web process never writes. So on SQLite newsbot runs as one process
(``newsbot serve``, whose embedded scheduler does the clock's work), and web + clock share a
PostgreSQL ``DATABASE_URL``.

The long-running process holds an exclusive ``flock`` on ``<database>.lock`` for its whole life
and writes its role and pid into it; a second one on the same file is refused with a line
naming the first. The kernel drops the lock when the process exits, however it exits, so a
crash never leaves a stale owner behind. Short commands (``poll``, ``deliver``,
``sources add``) take no lock: SQLite serialises their writes with the owner's.
"""

from __future__ import annotations

import fcntl
import os
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError

from bot.errors import ConfigError

# Where the one-process rule and the PostgreSQL set-up are explained.
OPERATIONS_DOC = "docs/operations.md"


@dataclass
class Ownership:
    """The held lock of one SQLite database; released on ``release()`` or process exit."""

    database: Path
    lock_path: Path
    handle: IO[str]

    def release(self) -> None:
        if not self.handle.closed:
            fcntl.flock(self.handle, fcntl.LOCK_UN)
            self.handle.close()


def sqlite_file(database_url: str) -> Path | None:
    """The database file of a SQLite URL; None for other databases and in-memory SQLite."""
    try:
        url = make_url(database_url)
    except ArgumentError:
        return None
    if url.get_backend_name() != "sqlite" or url.database in (None, "", ":memory:"):
        return None
    return Path(url.database or "").expanduser().absolute()


def claim_sqlite(database_url: str, role: str) -> Ownership | None:
    """Make this process the owner of a SQLite database (None when not SQLite).

    Raises ``ConfigError`` with a one-line reason when another process owns it.
    """
    database = sqlite_file(database_url)
    if database is None:
        return None
    lock_path = database.with_name(database.name + ".lock")
    try:
        handle = lock_path.open("a+", encoding="utf-8")
    except OSError as exc:
        raise ConfigError(f"cannot open lock file {lock_path}: {exc.strerror or exc}") from exc
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        holder = _holder(handle)
        handle.close()
        raise ConfigError(_refusal(database, holder)) from None
    handle.seek(0)
    handle.truncate()
    handle.write(f"newsbot {role} (pid {os.getpid()})\n")
    handle.flush()
    return Ownership(database, lock_path, handle)


def _holder(handle: IO[str]) -> str:
    handle.seek(0)
    said = handle.readline().strip()
    return said or "another newsbot process"


def _refusal(database: Path, holder: str) -> str:
    return (
        f"{database.name} is already used by {holder}: a SQLite database belongs to one "
        "process. Run `newsbot serve` alone (it runs the scheduler too), or give web and "
        f"clock one PostgreSQL DATABASE_URL (see {OPERATIONS_DOC})"
    )


def clock_refusal(database: Path) -> str:
    """Why ``newsbot clock`` does not start on SQLite without ``--allow-sqlite``."""
    return (
        f"newsbot clock runs next to `newsbot serve --no-scheduler` on a shared PostgreSQL "
        f"DATABASE_URL; this one is the SQLite file {database.name}. Run `newsbot serve` "
        "alone (it runs the scheduler too), set DATABASE_URL to PostgreSQL, or pass "
        f"--allow-sqlite to run the clock as the database's only process (see {OPERATIONS_DOC})"
    )


def current_owner(database_url: str) -> str | None:
    """Who holds the database's owner lock now ("newsbot serve (pid 12)"), without taking it
    for longer than a moment and without creating anything; None when nobody does."""
    database = sqlite_file(database_url)
    if database is None:
        return None
    lock_path = database.with_name(database.name + ".lock")
    try:
        handle = lock_path.open(encoding="utf-8")
    except OSError:
        return None  # never claimed (or unreadable, which the claim itself would report)
    with handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_SH | fcntl.LOCK_NB)
        except BlockingIOError:
            return _holder(handle)
        fcntl.flock(handle, fcntl.LOCK_UN)
    return None
