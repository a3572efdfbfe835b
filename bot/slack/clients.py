"""Slack Web API clients: one factory so every client honours ``SLACK_API_URL`` and retries alike.

Retries: a 429 is retried after its ``Retry-After`` unless that is longer than
``max_retry_after`` (then the call fails at once rather than blocking a scheduler thread);
a 5xx is retried with exponential backoff. Connection errors are *not* retried by default:
a reset after Slack accepted ``chat.postMessage`` would post a second copy. Delivery resolves
that case through its ledger instead.
"""

from __future__ import annotations

import copy
import time
from collections.abc import Callable

from slack_sdk import WebClient
from slack_sdk.http_retry import (
    BackoffRetryIntervalCalculator,
    ConnectionErrorRetryHandler,
    HttpRequest,
    HttpResponse,
    RateLimitErrorRetryHandler,
    RetryHandler,
    RetryIntervalCalculator,
    RetryState,
)
from slack_sdk.http_retry.handler import default_interval_calculator

from bot.config import Settings

DEFAULT_MAX_RETRY_AFTER = 30.0


def _retry_after_seconds(response: HttpResponse) -> float | None:
    for name, values in response.headers.items():
        if name.lower() == "retry-after" and values:
            try:
                return float(values[0])
            except ValueError:
                return None
    return None


class _WaitingRetryHandler(RetryHandler):
    """A retry handler whose wait comes from ``_wait`` and is slept through ``sleep``.

    slack_sdk's own handlers always call ``time.sleep``; an injected ``sleep`` lets tests
    retry at once.
    """

    def __init__(
        self,
        max_retry_count: int,
        sleep: Callable[[float], None],
        interval_calculator: RetryIntervalCalculator = default_interval_calculator,
    ) -> None:
        super().__init__(max_retry_count=max_retry_count, interval_calculator=interval_calculator)
        self._sleep = sleep

    def _wait(self, state: RetryState, response: HttpResponse | None) -> float:
        raise NotImplementedError

    def prepare_for_next_attempt(
        self,
        *,
        state: RetryState,
        request: HttpRequest,
        response: HttpResponse | None = None,
        error: Exception | None = None,
    ) -> None:
        state.next_attempt_requested = True
        self._sleep(self._wait(state, response))
        state.increment_current_attempt()


class CappedRateLimitRetryHandler(_WaitingRetryHandler):
    """Retry a 429 after ``Retry-After`` seconds, but give up when Slack asks for too long."""

    def __init__(
        self,
        max_retry_count: int = 2,
        max_retry_after: float = DEFAULT_MAX_RETRY_AFTER,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        super().__init__(max_retry_count, sleep)
        self.max_retry_after = max_retry_after

    def _can_retry(
        self,
        *,
        state: RetryState,
        request: HttpRequest,
        response: HttpResponse | None = None,
        error: Exception | None = None,
    ) -> bool:
        if response is None or response.status_code != 429:
            return False
        wait = _retry_after_seconds(response)
        return wait is not None and wait <= self.max_retry_after

    def _wait(self, state: RetryState, response: HttpResponse | None) -> float:
        wait = _retry_after_seconds(response) if response is not None else None
        return wait if wait is not None else 1.0


class ServerErrorRetryHandler(_WaitingRetryHandler):
    """Retry Slack 5xx answers with exponential backoff (plus slack_sdk's random jitter)."""

    def __init__(
        self,
        max_retry_count: int = 2,
        backoff_factor: float = 0.5,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        super().__init__(
            max_retry_count, sleep, BackoffRetryIntervalCalculator(backoff_factor=backoff_factor)
        )

    def _can_retry(
        self,
        *,
        state: RetryState,
        request: HttpRequest,
        response: HttpResponse | None = None,
        error: Exception | None = None,
    ) -> bool:
        return response is not None and 500 <= response.status_code < 600

    def _wait(self, state: RetryState, response: HttpResponse | None) -> float:
        return self.interval_calculator.calculate_sleep_duration(state.current_attempt)


def retry_handlers(
    *,
    retry_connection_errors: bool = False,
    max_retry_after: float = DEFAULT_MAX_RETRY_AFTER,
    sleep: Callable[[float], None] = time.sleep,
) -> list[RetryHandler]:
    """newsbot's retry policy; ``sleep`` waits between attempts (tests pass a no-op)."""
    handlers: list[RetryHandler] = [
        CappedRateLimitRetryHandler(max_retry_after=max_retry_after, sleep=sleep),
        ServerErrorRetryHandler(sleep=sleep),
    ]
    if retry_connection_errors:
        handlers.append(ConnectionErrorRetryHandler())
    return handlers


def api_base_url(settings: Settings) -> str:
    """The Web API base URL (slack_sdk wants the trailing slash)."""
    base = settings.slack_api_url or WebClient.BASE_URL
    return base if base.endswith("/") else base + "/"


def make_web_client(
    settings: Settings,
    token: str | None = None,
    *,
    retry_connection_errors: bool = False,
    max_retry_after: float = DEFAULT_MAX_RETRY_AFTER,
    retry_sleep: Callable[[float], None] = time.sleep,
) -> WebClient:
    """A WebClient pointed at ``SLACK_API_URL`` (or slack.com) with newsbot's retry policy;
    ``retry_sleep`` waits between retries (tests pass a no-op so they never really sleep)."""
    return WebClient(
        token=token if token is not None else settings.slack_bot_token,
        base_url=api_base_url(settings),
        timeout=10,
        retry_handlers=retry_handlers(
            retry_connection_errors=retry_connection_errors,
            max_retry_after=max_retry_after,
            sleep=retry_sleep,
        ),
    )


def without_rate_limit_retries(client: WebClient) -> WebClient:
    """A copy of ``client`` that hands a 429 back to its caller instead of sleeping on it.

    Delivery paces its posts itself and answers a 429 by holding back only that channel and
    workspace (``bot.slack.pacing``); a retry asleep inside the SDK would hold a thread and
    know nothing of the other posts waiting for the same workspace.
    """
    limited = (CappedRateLimitRetryHandler, RateLimitErrorRetryHandler)
    plain = copy.copy(client)
    plain.retry_handlers = [h for h in client.retry_handlers if not isinstance(h, limited)]
    return plain
