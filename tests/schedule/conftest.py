from __future__ import annotations

from collections.abc import Iterator

import pytest

from fakes.slack_api import FakeSlackApi


@pytest.fixture
def slack() -> Iterator[FakeSlackApi]:
    with FakeSlackApi() as fake:
        yield fake
