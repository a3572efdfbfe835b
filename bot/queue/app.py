"""One procrastinate app per process, on newsbot's own PostgreSQL database.

Queue mode (``NEWSBOT_QUEUE=on``) needs PostgreSQL: procrastinate keeps its jobs there (schema
applied by migration 0009_task_queue), so no other server runs. SQLite is refused in one line.
"""

from __future__ import annotations

import zlib
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from sqlalchemy.engine import make_url

from bot.config import Settings
from bot.errors import ConfigError

if TYPE_CHECKING:
    import procrastinate

POLL_TASK = "newsbot.poll_sources"
DELIVER_TASK = "newsbot.deliver_slot"
INDEX_TASK = "newsbot.index_quotes"
POLL_QUEUE = "poll"
DELIVER_QUEUE = "deliver"
INDEX_QUEUE = "index"
QUEUES = (DELIVER_QUEUE, POLL_QUEUE, INDEX_QUEUE)

SQLITE_REFUSAL = (
    "NEWSBOT_QUEUE=on needs a PostgreSQL DATABASE_URL (the task queue lives there); "
    "on SQLite run `newsbot serve` alone, without NEWSBOT_QUEUE"
)


def queue_mode(settings: Settings) -> bool:
    """True when the clock only enqueues and ``newsbot worker`` processes do the work.

    Raises ``ConfigError`` (one line) when queue mode is asked for on SQLite.
    """
    if not settings.queue:
        return False
    if not settings.database_url.startswith(("postgres://", "postgresql")):
        raise ConfigError(SQLITE_REFUSAL)
    return True


def conninfo(database_url: str) -> str:
    """libpq's form of a SQLAlchemy URL (driver name dropped; query options such as
    ``options=-csearch_path=...`` kept), for procrastinate's psycopg pool."""
    url = make_url(database_url.replace("postgres://", "postgresql://", 1))
    plain = url.set(drivername="postgresql")
    return plain.render_as_string(hide_password=False)


def host_lock(url: str, per_host: int) -> str:
    """The lock a poll of ``url`` runs under: at most ``per_host`` polls of one host at once,
    across every worker (rule "per-host politeness": the fetcher's in-process limit, held
    cluster-wide). A URL always gets the same one of its host's ``per_host`` locks."""
    host = (urlsplit(url).hostname or "").lower()
    slot = zlib.crc32(url.encode()) % max(1, per_host)
    return f"host:{host}#{slot}"


def make_app(database_url: str, *, asynchronous: bool) -> procrastinate.App:
    """An app over ``database_url``; the worker runs it async, the clock defers synchronously.

    procrastinate's pools check a connection before lending it, so a restarted database costs
    a reconnect, not a failed task.
    """
    import procrastinate

    info = conninfo(database_url)
    connector: procrastinate.BaseConnector
    if asynchronous:
        connector = procrastinate.PsycopgConnector(conninfo=info)
    else:
        connector = procrastinate.SyncPsycopgConnector(conninfo=info)
    return procrastinate.App(connector=connector)
