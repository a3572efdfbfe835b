"""Fixtures shared by the whole suite.

Every test runs hermetically: Slack, proxy, database and newsbot variables are stripped from the
environment, so a developer's shell can never leak a token or point a test at a real service.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import Engine, text

from bot.clock import FrozenClock
from bot.store.db import create_store_engine, migrate

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT.parent / "shared" / "seeds"
_STRIPPED_PREFIXES = ("SLACK_", "NEWSBOT_", "HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "NO_PROXY")
_STRIPPED_NAMES = {"DATABASE_URL", "PORT", "http_proxy", "https_proxy", "all_proxy", "no_proxy"}
POSTGRES_URL = os.environ.get("NEWSBOT_TEST_POSTGRES_URL")


@pytest.fixture(autouse=True)
def hermetic_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    for name in list(os.environ):
        if name.upper().startswith(_STRIPPED_PREFIXES) or name in _STRIPPED_NAMES:
            monkeypatch.delenv(name, raising=False)
    # The user's own config folder (a sources.toml there is read by default): an empty one.
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg-config"))


@pytest.fixture
def clock() -> FrozenClock:
    return FrozenClock(datetime(2026, 11, 28, 8, 0, tzinfo=UTC))


@pytest.fixture
def seed_text() -> str:
    """The real scraped page from ../shared/seeds; tests using it skip where it is absent."""
    files = sorted(SEEDS.glob("*.txt")) if SEEDS.is_dir() else []
    if not files:
        pytest.skip("../shared/seeds is not present on this machine")
    return files[0].read_text(encoding="utf-8")


def _sqlite_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'newsbot.db'}"


@pytest.fixture(params=["sqlite", "postgres"])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A fresh, empty database URL: SQLite always, PostgreSQL when CI provides a server."""
    if request.param == "sqlite":
        yield _sqlite_url(tmp_path)
        return
    yield from fresh_postgres_url()


def fresh_postgres_url() -> Iterator[str]:
    """A URL whose connections use a fresh, empty schema of the CI PostgreSQL server (skips
    without one); the schema is dropped afterwards. For fixtures: ``yield from`` it."""
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


@pytest.fixture
def engine(database_url: str) -> Iterator[Engine]:
    """A migrated engine on each supported database."""
    eng = create_store_engine(database_url)
    migrate(eng)
    yield eng
    eng.dispose()


@pytest.fixture
def sqlite_engine(tmp_path: Path) -> Iterator[Engine]:
    """A migrated SQLite engine, for tests that are not about the database itself."""
    eng = create_store_engine(_sqlite_url(tmp_path))
    migrate(eng)
    yield eng
    eng.dispose()
