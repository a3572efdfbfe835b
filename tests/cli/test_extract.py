"""``newsbot extract`` over sample files and a real loopback HTTP server."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from click.testing import CliRunner

from bot.cli import cli

SAMPLES = Path(__file__).resolve().parent.parent / "samples"
FIELDS = {
    "title",
    "url",
    "outlet",
    "agency",
    "published",
    "updated",
    "byline",
    "language",
    "paragraphs",
    "fingerprint",
    "guid",
}


ROUTES = {
    "/article": ("text/html; charset=utf-8", SAMPLES / "pages" / "article_jsonld.html"),
    "/feed": ("application/rss+xml", SAMPLES / "feeds" / "rss2.xml"),
}


class _Pages(BaseHTTPRequestHandler):
    """Serves the sample HTML page at /article and the RSS sample at /feed."""

    def do_GET(self) -> None:
        route = ROUTES.get(self.path)
        if route is None:
            self.send_error(404)
            return
        body = route[1].read_bytes()
        self.send_response(200)
        self.send_header("Content-Type", route[0])
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture
def site(monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    monkeypatch.setenv("NEWSBOT_ALLOW_PRIVATE_URLS", "true")  # the server is on loopback
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Pages)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def _run(*args: str) -> tuple[int, list[str], str]:
    """``extract`` as a script runs it: JSON lines unless the test names a format."""
    fmt = [] if "--format" in args else ["--format", "json"]
    result = CliRunner().invoke(cli, ["extract", *fmt, *args])
    return result.exit_code, result.stdout.splitlines(), result.stderr


def test_json_lines_have_every_field() -> None:
    code, lines, _ = _run(str(SAMPLES / "feeds" / "rss2.xml"))
    assert code == 0
    records = [json.loads(line) for line in lines]
    assert len(records) == 2
    assert set(records[0]) == FIELDS
    assert records[0]["guid"] == "coastal-20261102-port"
    assert records[0]["published"] == "2026-11-02T14:30:00-05:00"


def test_text_format_is_readable() -> None:
    code, lines, _ = _run("--format", "text", str(SAMPLES / "pages" / "dump_pipe_byline.txt"))
    assert code == 0
    assert lines[0].startswith("Harbor City council approves")
    assert "Harbor City Ledger" in lines[2]


def test_hints_reach_the_reader() -> None:
    path = str(SAMPLES / "pages" / "dump_date_below.txt")
    code, lines, _ = _run("--outlet", "Northern Courier", "--language", "en", path)
    assert code == 0
    record = json.loads(lines[0])
    assert (record["outlet"], record["language"]) == ("Northern Courier", "en")


def test_each_failure_is_reported_and_the_rest_still_read() -> None:
    junk, missing = SAMPLES / "pages" / "junk.bin", SAMPLES / "pages" / "missing.txt"
    good = SAMPLES / "pages" / "article_plain.html"
    code, lines, stderr = _run(str(junk), str(missing), str(good))
    assert code == 1
    assert len(lines) == 1 and json.loads(lines[0])["agency"] == "AAP"
    errors = stderr.strip().splitlines()
    assert len(errors) == 2
    assert str(junk) in errors[0] and str(missing) in errors[1]


def test_reads_urls_through_the_fetcher(site: str) -> None:
    code, lines, stderr = _run(f"{site}/article", f"{site}/feed")
    assert code == 0, stderr
    records = [json.loads(line) for line in lines]
    assert records[0]["title"] == "Rail strike called off after overnight talks"
    assert records[0]["url"] == f"{site}/article"
    assert [r["outlet"] for r in records[1:]] == ["Coastal Times", "Coastal Times"]


def test_http_error_is_one_line_and_exit_1(site: str) -> None:
    code, lines, stderr = _run(f"{site}/nope")
    assert code == 1 and lines == []
    assert len(stderr.strip().splitlines()) == 1
    assert "404" in stderr


@pytest.mark.parametrize(
    ("url", "scheme"),
    [("ftp://x.com/a", "ftp"), ("file:///etc/hosts", "file"), ("Gopher://x.com/", "gopher")],
)
def test_a_non_http_url_is_refused_by_its_scheme(url: str, scheme: str) -> None:
    code, lines, stderr = _run(url)
    assert code == 1 and lines == []
    assert stderr.strip() == (
        f"newsbot: {url}: unsupported URL scheme '{scheme}'; only http and https are fetched"
    )


def test_an_upper_case_http_url_is_fetched(site: str) -> None:
    code, lines, stderr = _run(site.replace("http://", "HTTP://") + "/article")
    assert code == 0, stderr
    assert json.loads(lines[0])["title"] == "Rail strike called off after overnight talks"
