"""The database: does it answer, and is its schema the one this newsbot expects?

Read only: an old schema is reported, not upgraded (every other newsbot command upgrades it
on start), and a SQLite file that does not exist yet is not created.
"""

from __future__ import annotations

from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, text

from bot.config import Settings
from bot.doctor.report import Check
from bot.errors import StoreError
from bot.store.db import alembic_config, create_store_engine, reading, safe_url
from bot.store.sqlite_owner import sqlite_file

BACKUP_FIRST = "back the database up first (docs/operations.md)"


def open_for_checks(settings: Settings) -> tuple[Engine | None, list[Check]]:
    """An engine on the database when it answers, and the database checks."""
    where = safe_url(settings.database_url)
    database = sqlite_file(settings.database_url)
    if database is not None and not database.exists():
        return None, [
            Check(
                "database",
                "warn",
                f"{database} does not exist yet",
                "nothing to do: newsbot creates it on first start (check the working directory "
                "if you expected one)",
            )
        ]
    try:
        engine = create_store_engine(settings.database_url)
        with reading(engine, "connect") as conn:
            conn.execute(text("SELECT 1"))
    except StoreError as exc:
        reason = exc.reason
        return None, [
            Check(
                "database",
                "fail",
                f"cannot connect to {where}: {reason}",
                "check DATABASE_URL (for PostgreSQL: server running, user, password, database)",
            )
        ]
    kind = "SQLite" if database is not None else engine.dialect.name
    return engine, [Check("database", "ok", f"{kind} at {where} answers"), _migrations(engine)]


def _migrations(engine: Engine) -> Check:
    script = ScriptDirectory.from_config(alembic_config(engine))
    heads = set(script.get_heads())
    try:
        with reading(engine, "read the schema version") as conn:
            current = set(MigrationContext.configure(conn).get_current_heads())
    except StoreError as exc:
        return Check("migrations", "fail", f"cannot read the schema version: {exc.reason}")
    if current == heads:
        return Check("migrations", "ok", f"schema at the newest revision ({', '.join(heads)})")
    if not current:
        return Check(
            "migrations", "warn", "empty database", "nothing to do: newsbot creates it on start"
        )
    known = {rev.revision for rev in script.walk_revisions()}
    unknown = sorted(current - known)
    if unknown:
        return Check(
            "migrations",
            "fail",
            f"the schema ({', '.join(unknown)}) is newer than this newsbot knows",
            "run the newsbot version that migrated it, or restore the backup taken before",
        )
    return Check(
        "migrations",
        "warn",
        f"schema at {', '.join(sorted(current))}, this newsbot upgrades it to "
        f"{', '.join(sorted(heads))} when it starts",
        BACKUP_FIRST,
    )
