"""OAuth token refresh is locked across processes: two engines, one refresh."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from typing import Any

import pytest
from slack_sdk import WebClient
from slack_sdk.oauth.token_rotation import TokenRotator

from bot.slack.installation import installation_store
from bot.slack.tokens import installed_token
from bot.store.db import open_engine
from fakes.slack_api import FakeSlackApi
from tests.conftest import fresh_postgres_url
from tests.slack.test_delivery_tokens import install, oauth_settings

pytestmark = pytest.mark.postgres


@pytest.fixture
def postgres_url() -> Iterator[str]:
    yield from fresh_postgres_url()


class SlowRotator(TokenRotator):
    """Slack's refresh with half a second of latency, so two callers would overlap."""

    def perform_bot_token_rotation(self, **kwargs: Any) -> Any:
        time.sleep(0.5)
        return super().perform_bot_token_rotation(**kwargs)


def test_two_processes_refresh_a_workspace_token_once(
    postgres_url: str, slack: FakeSlackApi
) -> None:
    settings = oauth_settings(slack.api_url)
    engines = [open_engine(postgres_url), open_engine(postgres_url)]  # one per "process"
    install(engines[0], settings, expires_in=600)
    slack.set_method(
        "oauth.v2.access",
        {
            "ok": True,
            "token_type": "bot",
            "access_token": "xoxe.xoxb-new",
            "refresh_token": "xoxe-1-next",
            "expires_in": 43200,
        },
    )
    # Each "process" has its own store, rotator and in-process lock, as two workers would.
    sources = [
        installed_token(
            installation_store(settings, engine),
            SlowRotator(
                client_id="111.222", client_secret="shh", client=WebClient(base_url=slack.api_url)
            ),
            engine=engine,
        )
        for engine in engines
    ]
    start = threading.Barrier(2)
    tokens: list[str] = []

    def resolve(index: int) -> None:
        start.wait()
        tokens.append(sources[index]("T1"))

    threads = [threading.Thread(target=resolve, args=(i,)) for i in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(10)
    for engine in engines:
        engine.dispose()
    assert len(slack.calls("oauth.v2.access")) == 1
    assert tokens == ["xoxe.xoxb-new", "xoxe.xoxb-new"]
