"""Engines, migrations, and the store's boundary.

Every command gets a database at the newest schema revision. Code outside ``bot.store`` gets a
connection only from ``reading``, ``transaction`` or ``in_transaction``; they, and ``guarded``
around a store function, turn every SQLAlchemy error into a ``StoreError`` (rule "unavailable,
not refused": ``StoreUnavailable`` when the database cannot be reached), so no layer above the
store knows SQLAlchemy's exceptions. The original error stays attached as ``__cause__``.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar
from urllib.parse import urlsplit

from alembic import command
from alembic.config import Config
from sqlalchemy import Connection, Engine, create_engine, event, inspect, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import (
    ArgumentError,
    IntegrityError,
    InterfaceError,
    OperationalError,
    SQLAlchemyError,
)

from bot.errors import StoreError, StoreUnavailable

log = logging.getLogger(__name__)

_MIGRATIONS = Path(__file__).resolve().parent / "migrations"
# Any constant: PostgreSQL advisory lock id held while migrating, so two processes starting
# at once do not both create the schema.
_MIGRATION_LOCK_ID = 0x6E657773
T = TypeVar("T")
# "scheme://user:password@": the password, for masking a URL SQLAlchemy cannot parse.
_PASSWORD_IN_URL = re.compile(r"^([^:/]*://[^:/@]*:)[^@]*@")
# Rule "unavailable, not refused": errors that say the database is not there (down, locked,
# connection lost), not that this statement or its data is wrong; the caller may retry later.
_UNAVAILABLE = (OperationalError, InterfaceError)


def describe_error(exc: BaseException) -> str:
    """One line for a database error: the driver's message without SQL or background links."""
    orig = getattr(exc, "orig", None)
    text_ = str(orig if orig is not None else exc).strip()
    return text_.splitlines()[0] if text_ else type(exc).__name__


def store_error(exc: SQLAlchemyError, doing: str) -> StoreError:
    """The newsbot error for a database error met while doing ``doing`` ("save 3 articles")."""
    reason = describe_error(exc)
    kind = StoreUnavailable if isinstance(exc, _UNAVAILABLE) else StoreError
    return kind(f"cannot {doing}: {reason}", reason=reason)


@contextmanager
def guarded(doing: str) -> Iterator[None]:
    """Database errors inside become ``StoreError`` ("cannot <doing>: ..."); also a decorator."""
    try:
        yield
    except SQLAlchemyError as exc:
        raise store_error(exc, doing) from exc


def unexpected_database_error(exc: BaseException) -> str | None:
    """The one-line reason when ``exc`` is a database error that got past the store (raised
    by a library using newsbot's engine, such as APScheduler's job store); else None."""
    return describe_error(exc) if isinstance(exc, SQLAlchemyError) else None


def safe_url(url: str) -> str:
    """``url`` with any password masked, for messages and logs."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except (ArgumentError, ValueError):
        # Unparseable (a port that is not a number): mask what sits between ":" and "@".
        return _PASSWORD_IN_URL.sub(r"\1***@", url)


def _normalise_url(url: str) -> str:
    # Heroku-style URLs name the dialect "postgres://"; SQLAlchemy wants a driver.
    if url.startswith("postgres://"):
        url = "postgresql://" + url[len("postgres://") :]
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url[len("postgresql://") :]
    return url


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    # WAL lets the web process read while the scheduler writes; busy_timeout waits out locks.
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=10000")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def create_store_engine(url: str) -> Engine:
    """An engine for ``url`` without touching the schema (see ``open_engine``)."""
    url = _normalise_url(url)
    try:
        urlsplit(url).port  # noqa: B018 - raises ValueError for a port that is no port
        # A file needs no ping: only a server connection can go stale between uses.
        engine = create_engine(url, pool_pre_ping=not url.startswith("sqlite"))
    except (SQLAlchemyError, ImportError, ValueError) as exc:
        raise StoreError(f"cannot use database {safe_url(url)}: {describe_error(exc)}") from exc
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas)
    return engine


def alembic_config(engine: Engine) -> Config:
    config = Config()
    config.set_main_option("script_location", str(_MIGRATIONS))
    # configparser treats "%" specially; the URL is only informational, env.py gets a connection.
    url = engine.url.render_as_string(hide_password=True).replace("%", "%%")
    config.set_main_option("sqlalchemy.url", url)
    return config


def migrate(engine: Engine) -> None:
    """Create the schema on first use, upgrade it in place when newsbot's schema changed."""
    config = alembic_config(engine)
    try:
        with engine.begin() as connection:
            if connection.dialect.name == "postgresql":
                connection.execute(
                    text("SELECT pg_advisory_xact_lock(:id)"), {"id": _MIGRATION_LOCK_ID}
                )
            config.attributes["connection"] = connection
            command.upgrade(config, "head")
    except SQLAlchemyError as exc:
        where = engine.url.render_as_string(hide_password=True)
        raise StoreError(f"cannot migrate database {where}: {describe_error(exc)}") from exc


def open_engine(url: str) -> Engine:
    """An engine whose schema is at the newest revision."""
    engine = create_store_engine(url)
    migrate(engine)
    return engine


@guarded("list the tables")
def table_names(engine: Engine) -> list[str]:
    return sorted(inspect(engine).get_table_names())


def in_transaction(
    engine: Engine, work: Callable[[Connection], T], *, doing: str, retries: int = 1
) -> T:
    """``work(conn)`` in one transaction, run again (up to ``retries`` times) if it lost a race.

    Two writers (two pollers, a poll and a push) can both find an article unknown and both
    insert it; the later insert breaks a unique key. That transaction is rolled back whole, so
    running it again is safe, and the second run finds the row the other writer committed and
    updates it instead. Other errors, and a conflict that persists, raise ``StoreError``
    ("cannot <doing>: ...").
    """
    attempt = 0
    while True:
        try:
            with engine.begin() as conn:
                return work(conn)
        except IntegrityError as exc:
            if attempt >= retries:
                raise store_error(exc, doing) from exc
            attempt += 1
            log.info("another writer stored the same row first, retrying: %s", describe_error(exc))
        except SQLAlchemyError as exc:
            raise store_error(exc, doing) from exc


@contextmanager
def transaction(engine: Engine, doing: str) -> Iterator[Connection]:
    """One short transaction whose database errors surface as ``StoreError`` ("cannot <doing>"),
    whether they happen in the block, at the connect or at the commit."""
    with guarded(doing), engine.begin() as conn:
        yield conn


@contextmanager
def reading(engine: Engine, doing: str) -> Iterator[Connection]:
    """A connection for reads, outside a transaction; database errors as in ``transaction``."""
    with guarded(doing), engine.connect() as conn:
        yield conn
