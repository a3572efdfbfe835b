from __future__ import annotations

import os
import uuid
from collections.abc import Iterator

import pytest
from sqlalchemy import text

from bot.store.db import create_store_engine
from tests.fakes.slack_api import FakeSlackApi

# Read at import, before the autouse fixture strips NEWSBOT_* from the environment.
POSTGRES_URL = os.environ.get("NEWSBOT_TEST_POSTGRES_URL")


@pytest.fixture
def slack() -> Iterator[FakeSlackApi]:
    with FakeSlackApi() as fake:
        yield fake


@pytest.fixture
def postgres_url() -> Iterator[str]:
    """A URL whose connections use a fresh, empty schema of the CI PostgreSQL server."""
    if not POSTGRES_URL:
        pytest.skip("set NEWSBOT_TEST_POSTGRES_URL (scripts/start-postgres.sh) for PostgreSQL")
    schema = f"t_{uuid.uuid4().hex[:12]}"
    admin = create_store_engine(POSTGRES_URL)
    with admin.begin() as conn:
        conn.execute(text(f"CREATE SCHEMA {schema}"))
    sep = "&" if "?" in POSTGRES_URL else "?"
    yield f"{POSTGRES_URL}{sep}options=-csearch_path%3D{schema}"
    with admin.begin() as conn:
        conn.execute(text(f"DROP SCHEMA {schema} CASCADE"))
    admin.dispose()
