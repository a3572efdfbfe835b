"""A fake web on a real loopback HTTP server: feeds and pages, and every way a server misbehaves.

    with FakeWeb() as web:
        web.page("/feed.xml", rss_bytes, content_type="application/rss+xml", etag='"v1"')
        web.redirect("/old", "/feed.xml")              # 302 (status= to change)
        web.redirect("/a", "/b"); web.redirect("/b", "/a")   # a loop
        web.status("/gone", 404)
        web.drip("/slow", size=100, interval=1.0)      # one byte per interval
        web.gzip_bomb("/bomb", size=50 * 1024 * 1024)  # ~50 KB on the wire
        web.big("/huge", size=50 * 1024 * 1024, declare_length=False)
        web.hang("/never")                             # reads the request, never answers
        serve_directory(web, Path("tests/samples/poll"))   # every file, {base} filled in
        url = web.url("/feed.xml")
        ...
        assert web.count("/feed.xml") == 2
        assert web.requests[-1].headers["if-none-match"] == '"v1"'

Pages answer conditional GETs: a matching ``If-None-Match`` or an equal ``If-Modified-Since``
gets 304. ``gzip=True`` serves the body gzip-encoded. Routes can be replaced while running.
"""

from __future__ import annotations

import gzip
import hashlib
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

_CHUNK = 64 * 1024


@dataclass
class Recorded:
    path: str
    headers: dict[str, str]  # lower-case names
    host: str
    # Filled in once answered; None while answering and for routes that never finish.
    status: int | None = None


@dataclass
class Page:
    body: bytes = b""
    status: int = 200
    content_type: str | None = "text/html; charset=utf-8"
    etag: str | None = None
    last_modified: str | None = None
    gzip: bool = False
    headers: dict[str, str] = field(default_factory=dict)


Behaviour = Callable[["_Handler"], int | None]


class FakeWeb:
    def __init__(self, host: str = "127.0.0.1") -> None:
        self._routes: dict[str, Behaviour] = {}
        self._lock = threading.Lock()
        self.requests: list[Recorded] = []
        self.stopping = threading.Event()
        self._server = _Server((host, 0), _Handler)
        self._server.daemon_threads = True
        self._server.web = self  # type: ignore[attr-defined]
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True
        )

    # -- lifecycle -------------------------------------------------------------------------
    def __enter__(self) -> FakeWeb:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stopping.set()
        self._server.shutdown()
        self._server.server_close()

    @property
    def port(self) -> int:
        return int(self._server.server_address[1])

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def url(self, path: str, host: str = "127.0.0.1") -> str:
        return f"http://{host}:{self.port}{path}"

    # -- routes ----------------------------------------------------------------------------
    def route(self, path: str, behaviour: Behaviour) -> None:
        with self._lock:
            self._routes[path] = behaviour

    def page(self, path: str, body: bytes | str, **options: Any) -> Page:
        page = Page(body.encode() if isinstance(body, str) else body, **options)
        self.route(path, lambda h: h.serve_page(page))
        return page

    def status(self, path: str, status: int, body: bytes = b"error") -> None:
        self.page(path, body, status=status, content_type="text/plain")

    def redirect(self, path: str, to: str, status: int = 302) -> None:
        self.route(path, lambda h: h.send_simple(status, b"", {"Location": to}))

    def drip(self, path: str, size: int = 100, interval: float = 1.0) -> None:
        self.route(path, lambda h: h.send_drip(size, interval))

    def hang(self, path: str) -> None:
        self.route(path, lambda h: h.wait_forever())

    def gzip_bomb(self, path: str, size: int) -> None:
        payload = gzip.compress(b"\0" * size, compresslevel=9)
        headers = {"Content-Encoding": "gzip"}
        self.route(path, lambda h: h.send_simple(200, payload, headers, "text/html"))

    def big(self, path: str, size: int, declare_length: bool = True) -> None:
        self.route(path, lambda h: h.send_big(size, declare_length))

    # -- inspection ------------------------------------------------------------------------
    def count(self, path: str) -> int:
        with self._lock:
            return sum(1 for r in self.requests if r.path == path)

    def statuses(self, path: str) -> list[int | None]:
        with self._lock:
            return [r.status for r in self.requests if r.path == path]

    def _behaviour(self, path: str) -> Behaviour | None:
        with self._lock:
            return self._routes.get(path)

    def _record(self, item: Recorded) -> None:
        with self._lock:
            self.requests.append(item)


class _Server(ThreadingHTTPServer):
    # The default listen backlog of 5 drops connections when a poller opens dozens at once,
    # and a dropped SYN costs a one-second retransmit: benchmarks would measure that.
    request_queue_size = 1024

    def handle_error(self, request: object, client_address: object) -> None:
        # A client that hangs up early (a refused 404, a capped body) is not a server fault;
        # the default handler would print a traceback into the stderr the CLI tests read.
        if isinstance(sys.exc_info()[1], ConnectionError):
            return
        super().handle_error(request, client_address)  # type: ignore[arg-type]


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: ThreadingHTTPServer

    @property
    def web(self) -> FakeWeb:
        return self.server.web  # type: ignore[attr-defined, no-any-return]

    def log_message(self, format: str, *args: Any) -> None:
        pass  # quiet: tests read .requests instead

    def do_GET(self) -> None:
        path = urlsplit(self.path).path
        headers = {k.lower(): v for k, v in self.headers.items()}
        # Recorded before answering, so a client that got its answer always finds the request.
        record = Recorded(path, headers, headers.get("host", ""))
        self.web._record(record)
        behaviour = self.web._behaviour(path)
        try:
            if behaviour is None:
                status: int | None = self.send_simple(404, b"no such page")
            else:
                status = behaviour(self)
        except (BrokenPipeError, ConnectionResetError):
            status = None  # the client gave up (a cap or a deadline): that is the point
            self.close_connection = True
        record.status = status

    # -- answers ---------------------------------------------------------------------------
    def send_simple(
        self,
        status: int,
        body: bytes,
        headers: dict[str, str] | None = None,
        content_type: str | None = "text/plain",
    ) -> int:
        self.send_response(status)
        if content_type:
            self.send_header("Content-Type", content_type)
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)
        return status

    def serve_page(self, page: Page) -> int:
        validators = {"ETag": page.etag, "Last-Modified": page.last_modified}
        headers = {k: v for k, v in validators.items() if v} | page.headers
        if page.status == 200 and self._not_modified(page):
            return self.send_simple(304, b"", headers, None)
        body = page.body
        if page.gzip:
            body = gzip.compress(body)
            headers["Content-Encoding"] = "gzip"
        return self.send_simple(page.status, body, headers, page.content_type)

    def _not_modified(self, page: Page) -> bool:
        if page.etag and self.headers.get("If-None-Match") == page.etag:
            return True
        since = self.headers.get("If-Modified-Since")
        return bool(page.last_modified) and since == page.last_modified

    def send_drip(self, size: int, interval: float) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", str(size))
        self.end_headers()
        for _ in range(size):
            if self.web.stopping.wait(interval):
                break
            self.wfile.write(b"x")
            self.wfile.flush()
        self.close_connection = True

    def wait_forever(self) -> None:
        self.web.stopping.wait(60)
        self.close_connection = True

    def send_big(self, size: int, declare_length: bool) -> int:
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        if declare_length:
            self.send_header("Content-Length", str(size))
        else:
            self.send_header("Connection", "close")  # the body ends when the socket closes
        self.end_headers()
        chunk = b"a" * _CHUNK
        sent = 0
        while sent < size and not self.web.stopping.is_set():
            self.wfile.write(chunk[: size - sent])
            sent += _CHUNK
        self.close_connection = True
        return 200


def wait_until(predicate: Callable[[], bool], timeout: float = 5.0) -> bool:
    """Poll ``predicate`` briefly (server threads record requests after answering)."""
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if predicate():
            return True
        time.sleep(0.01)
    return predicate()


_TYPES = {
    ".xml": "application/rss+xml",
    ".atom": "application/atom+xml",
    ".html": "text/html; charset=utf-8",
    ".txt": "text/plain; charset=utf-8",
}


def serve_directory(web: FakeWeb, directory: Path, prefix: str = "") -> list[str]:
    """Serve every file under ``directory`` at ``prefix/<relative path>``, with an ETag.

    ``{base}`` in a file is replaced by the server's base URL, so feeds can link to pages.
    Returns the paths served.
    """
    served = []
    for file in sorted(p for p in directory.rglob("*") if p.is_file()):
        path = f"{prefix}/{file.relative_to(directory).as_posix()}"
        body = file.read_bytes().replace(b"{base}", web.base_url.encode())
        etag = '"' + hashlib.sha256(body).hexdigest()[:16] + '"'
        web.page(path, body, content_type=_TYPES.get(file.suffix, "text/plain"), etag=etag)
        served.append(path)
    return served
