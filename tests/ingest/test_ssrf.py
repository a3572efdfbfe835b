"""The SSRF guard: address classes, schemes, resolvers, redirects, connect-time pinning."""

from __future__ import annotations

import ipaddress
import logging
from collections.abc import Iterator, Sequence

import pytest

from bot.config import Settings
from bot.errors import BlockedURLError
from bot.ingest.fetch import fetch_url
from bot.ingest.ssrf import NOT_PUBLIC, UrlGuard, address_problem
from fakes.web import FakeWeb

LOOPBACK = (ipaddress.ip_network("127.0.0.1/32"),)


@pytest.fixture
def web() -> Iterator[FakeWeb]:
    with FakeWeb() as server:
        server.page("/feed.xml", b"<rss/>", content_type="application/rss+xml")
        yield server


def fake_resolver(table: dict[str, Sequence[str]]) -> UrlGuard:
    def resolve(host: str, port: int) -> Sequence[str]:
        if host not in table:
            raise OSError(f"unknown host {host}")
        return table[host]

    return UrlGuard(allowed_networks=LOOPBACK, resolver=resolve)


def quick() -> Settings:
    return Settings(connect_timeout=1, read_timeout=1, fetch_deadline=3)


@pytest.mark.parametrize(
    ("address", "problem"),
    [
        ("127.0.0.1", "loopback"),
        ("127.8.9.10", "loopback"),
        ("::1", "loopback"),
        ("169.254.169.254", "link-local"),
        ("fe80::1", "link-local"),
        ("0.0.0.0", "unspecified"),
        ("::", "unspecified"),
        ("10.1.2.3", "private"),
        ("172.16.5.4", "private"),
        ("192.168.0.10", "private"),
        ("fd00::5", "private"),
        ("100.64.0.1", "shared (carrier-grade NAT)"),
        ("224.0.0.251", "multicast"),
        ("240.0.0.1", "reserved"),
        ("::ffff:127.0.0.1", "loopback (embedded in ::ffff:7f00:1)"),
        ("::ffff:10.0.0.1", "private (embedded in ::ffff:a00:1)"),
        ("2002:7f00:1::", "loopback (embedded in 2002:7f00:1::)"),
        ("93.184.216.34", None),
        ("2606:4700:4700::1111", None),
    ],
)
def test_address_classes(address: str, problem: str | None) -> None:
    assert address_problem(ipaddress.ip_address(address)) == problem


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:{port}/feed.xml",
        "http://[::1]:{port}/feed.xml",
        "http://[::ffff:127.0.0.1]:{port}/feed.xml",
        "http://0.0.0.0:{port}/feed.xml",
        "http://169.254.169.254/latest/meta-data/",
        "http://10.0.0.8/feed.xml",
        # Decimal spelling of 127.0.0.1: not a literal to ipaddress, caught at connect time.
        "http://2130706433:{port}/feed.xml",
    ],
)
def test_forbidden_addresses_are_refused_before_any_request(web: FakeWeb, url: str) -> None:
    target = url.format(port=web.port)
    with pytest.raises(BlockedURLError) as caught:
        fetch_url(target, quick())
    assert caught.value.url == target
    assert "newsbot fetches public hosts" in str(caught.value)
    assert web.requests == []


@pytest.mark.parametrize(
    "url", ["file:///etc/passwd", "ftp://example.org/feed", "gopher://example.org/", "feed.xml"]
)
def test_only_http_and_https(url: str) -> None:
    with pytest.raises(BlockedURLError, match=r"not allowed|no host"):
        fetch_url(url, quick())


def test_hostname_resolving_to_private_address_is_refused(
    caplog: pytest.LogCaptureFixture,
) -> None:
    guard = fake_resolver({"intranet.example": ["10.0.0.7"]})
    with caplog.at_level(logging.INFO), pytest.raises(BlockedURLError) as caught:
        fetch_url("http://intranet.example/feed.xml", quick(), guard=guard)
    # The error, which a Slack member may see, says what is wrong, never where the name leads;
    # the operator's log says both.
    assert caught.value.reason == NOT_PUBLIC and "10.0.0.7" not in str(caught.value)
    assert "10.0.0.7 is private" in caplog.text


def test_mixed_public_and_private_answer_is_refused(caplog: pytest.LogCaptureFixture) -> None:
    guard = fake_resolver({"mixed.example": ["93.184.216.34", "192.168.1.20"]})
    with caplog.at_level(logging.INFO), pytest.raises(BlockedURLError, match=NOT_PUBLIC):
        fetch_url("http://mixed.example/feed.xml", quick(), guard=guard)
    assert "192.168.1.20 is private" in caplog.text


def test_allowed_network_opens_only_that_hole(web: FakeWeb) -> None:
    guard = fake_resolver({})
    result = fetch_url(web.url("/feed.xml"), quick(), guard=guard)
    assert result.content == b"<rss/>"
    with pytest.raises(BlockedURLError):
        fetch_url(f"http://127.0.0.2:{web.port}/feed.xml", quick(), guard=guard)


@pytest.mark.parametrize(
    "target",
    [
        "http://169.254.169.254/latest/meta-data/",
        "http://[::ffff:169.254.169.254]/",
        "http://internal.example/admin",
        "file:///etc/passwd",
    ],
)
def test_redirect_to_forbidden_address_is_refused(web: FakeWeb, target: str) -> None:
    web.redirect("/start", target)
    guard = fake_resolver({"internal.example": ["10.9.8.7"]})
    with pytest.raises(BlockedURLError) as caught:
        fetch_url(web.url("/start"), quick(), guard=guard)
    assert caught.value.url == target
    assert web.count("/start") == 1


def test_connection_is_pinned_to_the_vetted_address(web: FakeWeb) -> None:
    # news.test has no DNS record anywhere: the fetch can only work if the socket goes to the
    # address our resolver vetted, while the Host header still names the site.
    calls: list[str] = []

    def resolve(host: str, port: int) -> list[str]:
        calls.append(host)
        return ["127.0.0.1"]

    guard = UrlGuard(allowed_networks=LOOPBACK, resolver=resolve)
    result = fetch_url(web.url("/feed.xml", host="news.test"), quick(), guard=guard)
    assert result.content == b"<rss/>"
    assert calls == ["news.test"]
    assert web.requests[0].host == f"news.test:{web.port}"


def test_rebinding_answer_is_vetted_at_connect_time(
    web: FakeWeb, caplog: pytest.LogCaptureFixture
) -> None:
    # A name that looked public once and answers loopback on the lookup that matters.
    answers = iter([["127.0.0.1"]])
    guard = UrlGuard(resolver=lambda host, port: next(answers))
    with caplog.at_level(logging.INFO), pytest.raises(BlockedURLError, match=NOT_PUBLIC):
        fetch_url(web.url("/feed.xml", host="rebind.test"), quick(), guard=guard)
    assert "127.0.0.1 is loopback" in caplog.text
    assert web.requests == []


def test_allow_private_urls_lets_loopback_through(web: FakeWeb) -> None:
    settings = Settings(allow_private_urls=True, fetch_deadline=3)
    assert fetch_url(web.url("/feed.xml"), settings).status == 200
