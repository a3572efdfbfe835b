"""procrastinate's tables, on PostgreSQL only: the task queue of NEWSBOT_QUEUE=on

Revision ID: 0009_task_queue
Revises: 0008_term_time_index
Create Date: 2026-12-03

The schema is the one shipped with the procrastinate version pyproject.toml pins (3.10.x). A
later procrastinate release that changes it comes with its own migration files: apply them in
a new revision after this one, together with raising the pin. SQLite databases are untouched:
queue mode refuses SQLite.
"""

from __future__ import annotations

from importlib import resources

import sqlalchemy as sa
from alembic import op

revision = "0009_task_queue"
down_revision = "0008_term_time_index"
branch_labels = None
depends_on = None


def _exists(bind: sa.Connection) -> bool:
    # In the connection's own schema (search_path), where the statements below create it.
    return bool(bind.execute(sa.text("SELECT to_regclass('procrastinate_jobs')")).scalar())


_DROP_FUNCTIONS = """
DO $$
DECLARE f regprocedure;
BEGIN
    FOR f IN
        SELECT p.oid::regprocedure FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
        WHERE n.nspname = current_schema() AND left(p.proname, 14) = 'procrastinate_'
    LOOP
        EXECUTE 'DROP FUNCTION IF EXISTS ' || f || ' CASCADE';
    END LOOP;
END $$
"""


def upgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name != "postgresql" or _exists(bind):
        return
    schema = (resources.files("procrastinate.sql") / "schema.sql").read_text(encoding="utf-8")
    # One script through the driver, which reads "%" as a placeholder: doubled, it stays "%".
    bind.exec_driver_sql(schema.replace("%", "%%"))


def downgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name != "postgresql":
        return
    # Its functions first (CASCADE takes their triggers): a function whose arguments are plain
    # types outlives the tables and types, and would refuse the next upgrade's CREATE.
    op.execute(_DROP_FUNCTIONS)
    for table in ("events", "periodic_defers", "jobs", "workers"):
        op.execute(f"DROP TABLE IF EXISTS procrastinate_{table} CASCADE")
    for kind in ("job_to_defer_v1", "job_event_type", "job_status"):
        op.execute(f"DROP TYPE IF EXISTS procrastinate_{kind} CASCADE")
