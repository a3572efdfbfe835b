"""Storage: SQLAlchemy 2 Core tables, migrated in place by Alembic on first use.

``db.open_engine(url)`` gives an engine whose schema is at the newest revision. Query modules
(``articles``, ``subscriptions``, ``ledger``, ...) are plain functions taking a ``Connection``.
Only SQL that both SQLite and PostgreSQL run belongs here.
"""
