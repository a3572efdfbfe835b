"""Fetching against a real loopback server: answers, validators, limits and failures."""

from __future__ import annotations

import asyncio
import threading
import time
import tracemalloc
import zlib
from collections.abc import Iterator

import pytest

from bot.config import Settings
from bot.errors import (
    FetchError,
    FetchTimeout,
    HTTPStatusError,
    ResponseTooLarge,
    TooManyRedirects,
)
from bot.ingest.fetch import FetchRequest, FetchResult, fetch_many, fetch_url
from bot.ingest.ssrf import UrlGuard
from fakes.web import FakeWeb

FEED = b'<?xml version="1.0"?><rss version="2.0"><channel><title>Harbor</title></channel></rss>'
MB = 1024 * 1024


def settings(**overrides: object) -> Settings:
    base: dict[str, object] = {
        "allow_private_urls": True,
        "connect_timeout": 1.0,
        "read_timeout": 0.5,
        "fetch_deadline": 2.0,
        "max_body_bytes": MB,
        "max_redirects": 3,
        "user_agent": "newsbot-test/1.0",
    }
    return Settings(**(base | overrides))  # type: ignore[arg-type]


@pytest.fixture
def web() -> Iterator[FakeWeb]:
    with FakeWeb() as server:
        server.page(
            "/feed.xml",
            FEED,
            content_type="application/rss+xml",
            etag='"v1"',
            last_modified="Sat, 28 Nov 2026 07:00:00 GMT",
        )
        yield server


def test_fetches_body_type_and_validators(web: FakeWeb) -> None:
    result = fetch_url(web.url("/feed.xml"), settings())
    assert result == FetchResult(
        url=web.url("/feed.xml"),
        final_url=web.url("/feed.xml"),
        status=200,
        content=FEED,
        content_type="application/rss+xml",
        etag='"v1"',
        last_modified="Sat, 28 Nov 2026 07:00:00 GMT",
        not_modified=False,
    )
    assert web.requests[0].headers["user-agent"] == "newsbot-test/1.0"


def test_conditional_get_with_etag_gives_not_modified(web: FakeWeb) -> None:
    result = fetch_url(web.url("/feed.xml"), settings(), etag='"v1"')
    assert result.not_modified and result.status == 304 and result.content == b""
    assert result.etag == '"v1"'
    assert web.requests[0].headers["if-none-match"] == '"v1"'


def test_conditional_get_with_last_modified(web: FakeWeb) -> None:
    stamp = "Sat, 28 Nov 2026 07:00:00 GMT"
    result = fetch_url(web.url("/feed.xml"), settings(), last_modified=stamp)
    assert result.not_modified
    assert result.last_modified == stamp


def test_changed_resource_is_fetched_again(web: FakeWeb) -> None:
    web.page("/feed.xml", b"<rss>new</rss>", etag='"v2"')
    result = fetch_url(web.url("/feed.xml"), settings(), etag='"v1"')
    assert not result.not_modified
    assert (result.content, result.etag) == (b"<rss>new</rss>", '"v2"')


def test_gzip_body_is_decompressed(web: FakeWeb) -> None:
    web.page("/zipped", b"<p>hello</p>" * 100, gzip=True)
    assert fetch_url(web.url("/zipped"), settings()).content == b"<p>hello</p>" * 100


@pytest.mark.parametrize("status", [404, 410, 500, 503])
def test_error_status_is_a_specific_error(web: FakeWeb, status: int) -> None:
    web.status("/broken", status)
    with pytest.raises(HTTPStatusError) as caught:
        fetch_url(web.url("/broken"), settings())
    assert caught.value.status == status
    assert caught.value.url == web.url("/broken")
    assert f"HTTP {status}" in str(caught.value)


def test_redirects_are_followed(web: FakeWeb) -> None:
    web.redirect("/old", "/moved", status=301)
    web.redirect("/moved", web.url("/feed.xml"), status=307)
    result = fetch_url(web.url("/old"), settings())
    assert result.url == web.url("/old")
    assert result.final_url == web.url("/feed.xml")
    assert result.content == FEED


def test_redirect_loop_is_refused(web: FakeWeb) -> None:
    web.redirect("/a", "/b")
    web.redirect("/b", "/a")
    with pytest.raises(TooManyRedirects, match="loop"):
        fetch_url(web.url("/a"), settings(max_redirects=10))
    assert web.count("/a") == 1


def test_too_many_redirects(web: FakeWeb) -> None:
    for hop in range(5):
        web.redirect(f"/r{hop}", f"/r{hop + 1}")
    with pytest.raises(TooManyRedirects, match="more than 3 redirects"):
        fetch_url(web.url("/r0"), settings())


def test_server_that_never_answers_times_out(web: FakeWeb) -> None:
    web.hang("/never")
    started = time.monotonic()
    with pytest.raises(FetchTimeout) as caught:
        fetch_url(web.url("/never"), settings(read_timeout=0.3))
    assert time.monotonic() - started < 1.5
    assert caught.value.url == web.url("/never")


def test_drip_feed_is_cut_by_the_deadline(web: FakeWeb) -> None:
    # Each byte arrives well within the read timeout; only the overall deadline stops it.
    web.drip("/drip", size=200, interval=0.05)
    started = time.monotonic()
    with pytest.raises(FetchTimeout, match=r"within 0\.5s"):
        fetch_url(web.url("/drip"), settings(read_timeout=1.0, fetch_deadline=0.5))
    assert time.monotonic() - started < 1.5


def test_declared_huge_body_is_refused_up_front(web: FakeWeb) -> None:
    web.big("/huge", 50 * MB)
    with pytest.raises(ResponseTooLarge, match="52,428,800 bytes"):
        fetch_url(web.url("/huge"), settings())


def test_undeclared_huge_body_stops_at_the_cap(web: FakeWeb) -> None:
    web.big("/stream", 50 * MB, declare_length=False)
    started = time.monotonic()
    with pytest.raises(ResponseTooLarge, match="over the cap of 1,048,576"):
        fetch_url(web.url("/stream"), settings())
    assert time.monotonic() - started < 2


def test_gzip_bomb_stops_at_the_cap_without_inflating_it(web: FakeWeb) -> None:
    web.gzip_bomb("/bomb", 50 * MB)
    tracemalloc.start()
    try:
        with pytest.raises(ResponseTooLarge, match="over the cap"):
            fetch_url(web.url("/bomb"), settings())
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    # Decompressing a whole 64 KiB network chunk at once would allocate tens of MB.
    assert peak < 8 * MB


def test_body_just_under_the_cap_is_kept(web: FakeWeb) -> None:
    web.page("/exact", b"z" * MB, gzip=True)
    assert len(fetch_url(web.url("/exact"), settings()).content) == MB


def test_corrupt_gzip_and_unknown_encoding_are_fetch_errors(web: FakeWeb) -> None:
    web.page("/corrupt", b"not gzip at all", headers={"Content-Encoding": "gzip"})
    web.page("/brotli", b"\x0b\x02\x80", headers={"Content-Encoding": "br"})
    with pytest.raises(FetchError, match="corrupt"):
        fetch_url(web.url("/corrupt"), settings())
    with pytest.raises(FetchError, match="unsupported content-encoding 'br'"):
        fetch_url(web.url("/brotli"), settings())


def test_connection_refused_is_a_fetch_error() -> None:
    with FakeWeb() as gone:
        url = gone.url("/feed.xml")
    with pytest.raises(FetchError, match="cannot fetch"):
        fetch_url(url, settings())


def test_fetch_many_keeps_order_and_isolates_failures(web: FakeWeb) -> None:
    web.hang("/never")
    web.status("/missing", 404)
    requests = [
        FetchRequest(web.url("/feed.xml")),
        FetchRequest(web.url("/never")),
        FetchRequest(web.url("/missing")),
        FetchRequest(web.url("/feed.xml"), etag='"v1"'),
    ]
    ok, hung, missing, cached = fetch_many(requests, settings(read_timeout=0.3))
    assert isinstance(ok, FetchResult) and ok.content == FEED
    assert isinstance(hung, FetchTimeout)
    assert isinstance(missing, HTTPStatusError) and missing.status == 404
    assert isinstance(cached, FetchResult) and cached.not_modified


def test_per_host_concurrency_is_limited(web: FakeWeb) -> None:
    active: dict[str, int] = {}
    peak: dict[str, int] = {}
    lock = threading.Lock()

    def slow(handler: object) -> int:
        host = handler.headers["Host"].split(":")[0]  # type: ignore[attr-defined]
        with lock:
            active[host] = active.get(host, 0) + 1
            peak[host] = max(peak.get(host, 0), active[host])
        time.sleep(0.1)
        with lock:
            active[host] -= 1
        return handler.send_simple(200, b"ok")  # type: ignore[attr-defined, no-any-return]

    web.route("/slow", slow)
    guard = UrlGuard(allow_private=True, resolver=lambda host, port: ["127.0.0.1"])
    urls = [web.url("/slow", host=h) for h in ("a.test", "b.test") for _ in range(6)]
    started = time.monotonic()
    results = fetch_many([FetchRequest(u) for u in urls], settings(), guard=guard)
    elapsed = time.monotonic() - started
    assert all(isinstance(r, FetchResult) for r in results)
    assert peak == {"a.test": 2, "b.test": 2}
    # 6 requests per host, 2 at a time, hosts in parallel: about 3 rounds of 0.1 s.
    assert elapsed < 0.6 * 6 / 2


def test_fetch_url_works_inside_a_running_event_loop(web: FakeWeb) -> None:
    async def handler() -> FetchResult:
        return fetch_url(web.url("/feed.xml"), settings())

    assert asyncio.run(handler()).content == FEED


@pytest.mark.parametrize("wbits", [zlib.MAX_WBITS, -zlib.MAX_WBITS], ids=["zlib", "raw"])
def test_deflate_with_and_without_zlib_header(web: FakeWeb, wbits: int) -> None:
    packer = zlib.compressobj(wbits=wbits)
    body = packer.compress(b"<p>deflated</p>" * 50) + packer.flush()
    web.page("/deflate", body, headers={"Content-Encoding": "deflate"})
    assert fetch_url(web.url("/deflate"), settings()).content == b"<p>deflated</p>" * 50
