from __future__ import annotations

import os
from collections.abc import Iterator

import pytest

from fakes.slack_api import FakeSlackApi
from tests.conftest import fresh_postgres_url

# Read at import, before the autouse fixture strips NEWSBOT_* from the environment.
POSTGRES_URL = os.environ.get("NEWSBOT_TEST_POSTGRES_URL")


@pytest.fixture
def slack() -> Iterator[FakeSlackApi]:
    with FakeSlackApi() as fake:
        yield fake


@pytest.fixture
def postgres_url() -> Iterator[str]:
    """A URL whose connections use a fresh, empty schema of the CI PostgreSQL server."""
    yield from fresh_postgres_url()
