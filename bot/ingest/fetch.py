"""Fetching: URLs in, bytes out, inside hard limits. The only module that talks HTTP.

Every fetch is bounded: connect and read timeouts, an overall deadline per request (a server
dripping one byte a second cannot hold a worker), a cap on the *decompressed* body (a gzip
bomb stops at the cap), and at most ``max_redirects`` hops, each checked by the SSRF guard.
Polling many feeds runs on one ``httpx.AsyncClient`` with a per-host concurrency limit, behind
plain functions (``fetch_url``, ``fetch_many``), so the synchronous core never sees asyncio.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import dataclasses
import functools
import ssl
import zlib
from collections import defaultdict
from collections.abc import Callable, Coroutine, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar
from urllib.parse import urljoin, urlsplit

import httpcore
import httpx

from bot.config import Settings
from bot.errors import (
    BlockedURLError,
    FetchError,
    FetchTimeout,
    HTTPStatusError,
    ResponseTooLarge,
    TooManyRedirects,
)
from bot.ingest.ssrf import GuardedBackend, UrlGuard, guard_from_settings

_REDIRECTS = frozenset({301, 302, 303, 307, 308})
_ACCEPT = (
    "application/rss+xml, application/atom+xml, application/xml;q=0.9, text/xml;q=0.9, "
    "text/html;q=0.8, text/plain;q=0.7, */*;q=0.5"
)
# Only encodings decoded here with a bounded output; br/zstd would bypass the size cap.
_ACCEPT_ENCODING = "gzip, deflate"
# Concurrent connections over all hosts; the per-host limit comes from the settings.
_MAX_CONNECTIONS = 64

T = TypeVar("T")
OnResult = Callable[[int, "FetchResult | FetchError"], None]


@dataclass(frozen=True)
class FetchRequest:
    """One URL to fetch, with the validators of the last successful fetch (conditional GET)."""

    url: str
    etag: str | None = None
    last_modified: str | None = None


@dataclass(frozen=True)
class FetchResult:
    url: str
    final_url: str
    status: int
    content: bytes
    content_type: str | None
    etag: str | None
    last_modified: str | None
    # 304: the copy from the last fetch is still current; ``content`` is empty.
    not_modified: bool = False


def fetch_url(
    url: str,
    settings: Settings,
    *,
    etag: str | None = None,
    last_modified: str | None = None,
    guard: UrlGuard | None = None,
) -> FetchResult:
    """Fetch one URL; raise the specific ``FetchError`` on any failure."""
    result = fetch_many([FetchRequest(url, etag, last_modified)], settings, guard=guard)[0]
    if isinstance(result, FetchError):
        raise result
    return result


def fetch_many(
    requests: Sequence[FetchRequest],
    settings: Settings,
    *,
    guard: UrlGuard | None = None,
    on_result: OnResult | None = None,
) -> list[FetchResult | FetchError]:
    """Fetch all ``requests`` concurrently; one result or error per request, in order.

    ``on_result(index, outcome)`` is called as each one finishes (for progress bars).
    """
    if not requests:
        return []
    return _run(fetch_many_async(requests, settings, guard=guard, on_result=on_result))


async def fetch_many_async(
    requests: Sequence[FetchRequest],
    settings: Settings,
    *,
    guard: UrlGuard | None = None,
    on_result: OnResult | None = None,
) -> list[FetchResult | FetchError]:
    guard = guard or guard_from_settings(settings.allow_private_urls)
    async with _client(settings, guard) as client:
        fetcher = _Fetcher(client, settings, guard)

        async def one(index: int, request: FetchRequest) -> FetchResult | FetchError:
            outcome = await fetcher.fetch(request)
            if on_result is not None:
                on_result(index, outcome)
            return outcome

        return list(await asyncio.gather(*(one(i, r) for i, r in enumerate(requests))))


def _run(coroutine: Coroutine[Any, Any, T]) -> T:
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(coroutine)
    # Called from async code (a Slack handler, say): run on a loop of our own in a thread.
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, coroutine).result()


class _GuardedTransport(httpx.AsyncHTTPTransport):
    """httpx's transport with a connection pool whose sockets go through the SSRF guard."""

    def __init__(self, guard: UrlGuard, settings: Settings) -> None:
        context = _ssl_context()
        super().__init__(verify=context, trust_env=False)
        # httpx 0.28 cannot be handed a network backend, so its pool is replaced by one that
        # has ours; tests/ingest/test_ssrf.py fails if an httpx upgrade bypasses it.
        self._pool = httpcore.AsyncConnectionPool(
            ssl_context=context,
            max_connections=_MAX_CONNECTIONS,
            max_keepalive_connections=_MAX_CONNECTIONS,
            network_backend=GuardedBackend(guard),
        )


@functools.cache
def _ssl_context() -> ssl.SSLContext:
    # Loading the CA bundle takes ~25 ms; one verifying context serves every fetch.
    return httpx.create_ssl_context(trust_env=False)


def _client(settings: Settings, guard: UrlGuard) -> httpx.AsyncClient:
    timeout = httpx.Timeout(
        connect=settings.connect_timeout,
        read=settings.read_timeout,
        write=settings.read_timeout,
        pool=settings.fetch_deadline,
    )
    return httpx.AsyncClient(
        transport=_GuardedTransport(guard, settings),
        timeout=timeout,
        follow_redirects=False,  # followed by hand so every hop passes the guard
        trust_env=False,  # no proxy, netrc or certificate settings from the environment
        headers={"User-Agent": settings.user_agent, "Accept": _ACCEPT},
    )


class _Fetcher:
    def __init__(self, client: httpx.AsyncClient, settings: Settings, guard: UrlGuard) -> None:
        self._client = client
        self._settings = settings
        self._guard = guard
        self._all = asyncio.Semaphore(_MAX_CONNECTIONS)
        self._per_host: defaultdict[str, asyncio.Semaphore] = defaultdict(
            lambda: asyncio.Semaphore(max(1, settings.per_host_concurrency))
        )

    async def fetch(self, request: FetchRequest) -> FetchResult | FetchError:
        host = (urlsplit(request.url).hostname or "").lower()
        deadline = self._settings.fetch_deadline
        try:
            # The deadline starts once a slot is free: waiting behind other hosts is not slow.
            async with self._all, self._per_host[host], asyncio.timeout(deadline):
                return await self._follow(request)
        except TimeoutError:
            return FetchTimeout(request.url, f"no complete answer within {deadline:g}s")
        except FetchError as exc:
            return exc

    async def _follow(self, request: FetchRequest) -> FetchResult:
        url, seen = request.url, {request.url}
        for _ in range(self._settings.max_redirects + 1):
            self._guard.check_url(url)
            outcome = await self._hop(url, request)
            if isinstance(outcome, FetchResult):
                return dataclasses.replace(outcome, url=request.url)
            if outcome in seen:
                raise TooManyRedirects(request.url, f"redirect loop back to {outcome}")
            seen.add(outcome)
            url = outcome
        limit = self._settings.max_redirects
        raise TooManyRedirects(request.url, f"more than {limit} redirects (last to {url})")

    async def _hop(self, url: str, request: FetchRequest) -> FetchResult | str:
        """The result, or the next URL when the server redirects."""
        try:
            async with self._client.stream("GET", url, headers=_conditional(request)) as resp:
                return await self._answer(url, request, resp)
        except httpx.TimeoutException as exc:
            raise FetchTimeout(url, f"{_describe(exc)} (timeout)") from exc
        except (httpx.HTTPError, httpx.InvalidURL) as exc:
            raise FetchError(url, f"cannot fetch: {_describe(exc)}") from exc
        except BlockedURLError as exc:
            # Raised at connect time, where only host:port is known: name the URL instead.
            raise BlockedURLError(url, exc.reason) from exc

    async def _answer(
        self, url: str, request: FetchRequest, resp: httpx.Response
    ) -> FetchResult | str:
        status = resp.status_code
        if status in _REDIRECTS and resp.headers.get("location"):
            return urljoin(url, resp.headers["location"])
        if status == 304:
            return FetchResult(
                url,
                url,
                status,
                b"",
                resp.headers.get("content-type"),
                resp.headers.get("etag") or request.etag,
                resp.headers.get("last-modified") or request.last_modified,
                not_modified=True,
            )
        if not 200 <= status < 300:
            raise HTTPStatusError(url, status)
        body = await _read_capped(url, resp, self._settings.max_body_bytes)
        return FetchResult(
            url,
            url,
            status,
            body,
            resp.headers.get("content-type"),
            resp.headers.get("etag"),
            resp.headers.get("last-modified"),
        )


def _conditional(request: FetchRequest) -> dict[str, str]:
    headers = {"Accept-Encoding": _ACCEPT_ENCODING}
    if request.etag:
        headers["If-None-Match"] = request.etag
    if request.last_modified:
        headers["If-Modified-Since"] = request.last_modified
    return headers


def _describe(exc: Exception) -> str:
    return f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__


async def _read_capped(url: str, resp: httpx.Response, cap: int) -> bytes:
    encoding = resp.headers.get("content-encoding", "identity").strip().lower()
    declared = resp.headers.get("content-length", "")
    if encoding == "identity" and declared.isdigit() and int(declared) > cap:
        raise ResponseTooLarge(url, f"body of {int(declared):,} bytes is over the cap of {cap:,}")
    body = _BoundedBody(url, encoding, cap)
    async for chunk in resp.aiter_raw():
        body.feed(chunk)
    return body.finish()


class _BoundedBody:
    """Collects a body, decompressing with a bounded output so no step can pass the cap."""

    def __init__(self, url: str, encoding: str, cap: int) -> None:
        self._url, self._cap = url, cap
        self._parts: list[bytes] = []
        self._size = 0
        self._raw_deflate_allowed = encoding == "deflate"
        if encoding in ("gzip", "x-gzip"):
            self._inflater: Any = zlib.decompressobj(16 + zlib.MAX_WBITS)
        elif encoding == "deflate":
            self._inflater = zlib.decompressobj()
        elif encoding in ("identity", ""):
            self._inflater = None
        else:
            raise FetchError(url, f"unsupported content-encoding {encoding!r}")

    def feed(self, data: bytes) -> None:
        if self._inflater is None:
            self._append(data)
            return
        try:
            self._inflate(data)
        except zlib.error as exc:
            if not (self._raw_deflate_allowed and self._size == 0):
                raise FetchError(self._url, f"compressed body is corrupt: {exc}") from exc
            # Some servers send "deflate" without the zlib header: retry as raw deflate.
            self._raw_deflate_allowed = False
            self._inflater = zlib.decompressobj(-zlib.MAX_WBITS)
            self.feed(data)

    def _inflate(self, data: bytes) -> None:
        while data:
            self._append(self._inflater.decompress(data, self._cap - self._size + 1))
            data = self._inflater.unconsumed_tail

    def _append(self, data: bytes) -> None:
        self._size += len(data)
        if self._size > self._cap:
            raise ResponseTooLarge(self._url, f"body is over the cap of {self._cap:,} bytes")
        self._parts.append(data)

    def finish(self) -> bytes:
        if self._inflater is not None:
            try:
                self._append(self._inflater.flush())
            except zlib.error as exc:
                raise FetchError(self._url, f"compressed body is corrupt: {exc}") from exc
        return b"".join(self._parts)
