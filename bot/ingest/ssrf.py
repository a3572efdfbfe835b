"""The SSRF guard: newsbot only fetches public http(s) addresses unless told otherwise.

A URL is checked three times: its scheme and any literal IP before the request, again after
every redirect, and — the check that counts — when a connection is opened. There the host is
resolved once, *every* address of the answer is vetted, and the socket is connected to a
vetted address (``GuardedBackend``). Resolving once and connecting to what was vetted closes
the DNS-rebinding gap a separate "look up, then let the HTTP client look up again" leaves open.
TLS still verifies the certificate against the URL's hostname, and the Host header is the
URL's, because the pinning happens below HTTP, in the httpcore network backend.
"""

from __future__ import annotations

import asyncio
import ipaddress
import logging
import socket
import typing
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import httpcore

from bot.errors import BlockedURLError, FetchError

log = logging.getLogger(__name__)

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network
# (host, port) -> the IP addresses the host resolves to, as strings.
Resolver = Callable[[str, int], Sequence[str]]

ALLOWED_SCHEMES = frozenset({"http", "https"})
# What a refused address is called in errors anyone may see; never which address it was.
NOT_PUBLIC = "not a public address; newsbot fetches public hosts"
# Carrier-grade NAT space: not "private" to Python, yet never a public news site.
_SHARED_NETWORK = ipaddress.ip_network("100.64.0.0/10")


def system_resolver(host: str, port: int) -> list[str]:
    """Every address the system resolver gives for ``host`` (IPv4 and IPv6), deduplicated."""
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return list(dict.fromkeys(str(info[4][0]) for info in infos))


def address_problem(ip: IPAddress) -> str | None:
    """Why ``ip`` must not be fetched from, or None when it is a public unicast address."""
    if isinstance(ip, ipaddress.IPv6Address):
        # ::ffff:127.0.0.1 reaches 127.0.0.1; 2002:7f00:1:: (6to4) can tunnel to it too.
        embedded = ip.ipv4_mapped or ip.sixtofour
        if embedded is not None:
            problem = address_problem(embedded)
            return f"{problem} (embedded in {ip})" if problem else None
    checks = (
        (ip.is_unspecified, "unspecified"),
        (ip.is_loopback, "loopback"),
        (ip.is_link_local, "link-local"),
        (ip.is_multicast, "multicast"),
        (ip.is_reserved, "reserved"),
        (ip.is_private, "private"),
        (ip.version == 4 and ip in _SHARED_NETWORK, "shared (carrier-grade NAT)"),
        (not ip.is_global, "not globally routable"),
    )
    return next((label for failed, label in checks if failed), None)


@dataclass(frozen=True)
class UrlGuard:
    """The policy for one fetcher: which addresses are allowed and how hosts are resolved.

    ``allowed_networks`` lets a caller open a narrow hole (a test's loopback server, an
    operator's internal feed) while every other forbidden address class stays refused.
    """

    allow_private: bool = False
    allowed_networks: tuple[IPNetwork, ...] = ()
    resolver: Resolver = field(default=system_resolver, compare=False)

    def check_url(self, url: str) -> None:
        """Refuse a URL that is not http(s), has no host, or names a forbidden IP literally."""
        try:
            parts = urlsplit(url)
            host = parts.hostname
            parts.port  # noqa: B018 - raises ValueError on a bad port
        except ValueError as exc:
            raise BlockedURLError(url, f"not a valid URL ({exc})") from exc
        if parts.scheme.lower() not in ALLOWED_SCHEMES:
            shown = parts.scheme or "none"
            raise BlockedURLError(url, f"scheme {shown!r} is not allowed; use http or https")
        if not host:
            raise BlockedURLError(url, "the URL has no host")
        literal = _literal_ip(host)
        if literal is not None:
            self.check_address(url, literal)

    def check_address(self, url: str, ip: IPAddress) -> None:
        if self.allow_private or any(ip in net for net in self.allowed_networks):
            return
        problem = address_problem(ip)
        if problem:
            # The address and its class are for the operator's log only: told to whoever asked
            # (a Slack member adding a source), they would map the internal network by name.
            log.info("refused %s: address %s is %s", url, ip, problem)
            raise BlockedURLError(url, NOT_PUBLIC)

    def resolve(self, host: str, port: int) -> list[str]:
        """Resolve ``host`` once and vet every address; any forbidden one refuses the host.

        One bad address in a mixed answer is enough: the client might connect to any of them.
        """
        where = f"{host}:{port}"
        literal = _literal_ip(host)
        if literal is not None:
            addresses = [str(literal)]
        else:
            try:
                addresses = list(self.resolver(host, port))
            except (OSError, UnicodeError) as exc:
                raise FetchError(where, f"cannot resolve host {host!r}: {exc}") from exc
        if not addresses:
            raise FetchError(where, f"host {host!r} has no addresses")
        for address in addresses:
            self.check_address(where, _parse_ip(where, address))
        return addresses


def guard_from_settings(
    allow_private_urls: bool,
    *,
    resolver: Resolver | None = None,
    allowed_networks: Iterable[str] = (),
) -> UrlGuard:
    return UrlGuard(
        allow_private=allow_private_urls,
        allowed_networks=tuple(ipaddress.ip_network(n) for n in allowed_networks),
        resolver=resolver or system_resolver,
    )


def _literal_ip(host: str) -> IPAddress | None:
    try:
        return ipaddress.ip_address(host.strip("[]").split("%", 1)[0])
    except ValueError:
        return None


def _parse_ip(where: str, address: str) -> IPAddress:
    try:
        return ipaddress.ip_address(address.split("%", 1)[0])
    except ValueError as exc:
        log.info("refused %s: the resolver returned %r, not an address", where, address)
        raise FetchError(where, "the host does not resolve to an address") from exc


class GuardedBackend(httpcore.AsyncNetworkBackend):
    """An httpcore network backend that connects only to addresses the guard vetted."""

    def __init__(self, guard: UrlGuard, inner: httpcore.AsyncNetworkBackend | None = None):
        self._guard = guard
        self._inner = inner or httpcore.AnyIOBackend()

    async def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: typing.Iterable[httpcore.SOCKET_OPTION] | None = None,
    ) -> httpcore.AsyncNetworkStream:
        # The resolver may block (getaddrinfo does), so it runs off the event loop.
        addresses = await asyncio.to_thread(self._guard.resolve, host, port)
        last_error: Exception | None = None
        for address in addresses:
            try:
                return await self._inner.connect_tcp(
                    address, port, timeout, local_address, socket_options
                )
            except (httpcore.ConnectError, httpcore.ConnectTimeout) as exc:
                last_error = exc
        assert last_error is not None
        raise last_error

    async def connect_unix_socket(
        self,
        path: str,
        timeout: float | None = None,
        socket_options: typing.Iterable[httpcore.SOCKET_OPTION] | None = None,
    ) -> httpcore.AsyncNetworkStream:
        raise BlockedURLError(path, "unix sockets are never fetched")

    async def sleep(self, seconds: float) -> None:
        await self._inner.sleep(seconds)
