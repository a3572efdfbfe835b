"""Parse 1,000 distinct pages (HTML and text dumps made from the test samples).

Prints articles/second for ``read_document``, peak memory, and, as the baseline measured in
the same run, bare ``trafilatura.extract`` on the same HTML pages.
"""

from __future__ import annotations

import random
import re
import resource
import time
import tracemalloc
from pathlib import Path

import trafilatura

from bot.ingest.readers import read_document

PAGES = Path(__file__).resolve().parent.parent / "tests" / "samples" / "pages"
TEMPLATES = {
    "article_jsonld.html": "text/html",
    "article_plain.html": "text/html",
    "latin1.html": "text/html; charset=iso-8859-1",
    "cp1251.html": "text/html; charset=windows-1251",
    "dump_pipe_byline.txt": "text/plain",
    "dump_date_below.txt": "text/plain",
    "dump_agency_updated.txt": "text/plain",
}
_NUMBER = re.compile(rb"(?<![\d-])\d{1,3}(?![\d-])")


def _vary(data: bytes, index: int, rng: random.Random) -> bytes:
    """A distinct page: small numbers changed, and a page number in every paragraph's end."""
    varied = _NUMBER.sub(lambda m: str(rng.randrange(2, 999)).encode(), data)
    return varied.replace(b".</p>", b" (page %d).</p>" % index, 2)


def make_pages(count: int) -> list[tuple[bytes, str]]:
    rng = random.Random(20261128)
    sources = [((PAGES / name).read_bytes(), kind) for name, kind in TEMPLATES.items()]
    return [
        (_vary(sources[i % len(sources)][0], i, rng), sources[i % len(sources)][1])
        for i in range(count)
    ]


def _rate(count: int, seconds: float) -> float:
    return count / seconds if seconds else float("inf")


def _time_readers(pages: list[tuple[bytes, str]]) -> tuple[float, int]:
    started = time.perf_counter()
    articles = sum(len(read_document(data, content_type=kind)) for data, kind in pages)
    return time.perf_counter() - started, articles


def _time_trafilatura(pages: list[bytes]) -> float:
    started = time.perf_counter()
    for data in pages:
        trafilatura.extract(data)
    return time.perf_counter() - started


def _traced_peak_mib(pages: list[tuple[bytes, str]]) -> float:
    tracemalloc.start()
    for data, kind in pages:
        read_document(data, content_type=kind)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return peak / 2**20


def main(quick: bool = False) -> None:
    pages = make_pages(100 if quick else 1000)
    html = [(data, kind) for data, kind in pages if "html" in kind]
    seconds, articles = _time_readers(pages)
    html_seconds, _ = _time_readers(html)
    baseline = _time_trafilatura([data for data, _ in html])
    print(f"pages: {len(pages)} ({len(html)} HTML, {len(pages) - len(html)} text dumps)")
    print(f"read_document, all pages: {_rate(articles, seconds):8.1f} articles/s")
    print(f"read_document, HTML only: {_rate(len(html), html_seconds):8.1f} pages/s")
    print(f"trafilatura.extract, same HTML (baseline): {_rate(len(html), baseline):8.1f} pages/s")
    print(f"ratio read_document / baseline on HTML: {baseline / html_seconds:.2f}x")
    print(f"peak traced memory over 100 pages: {_traced_peak_mib(pages[:100]):.1f} MiB")
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak process RSS: {rss:.0f} MiB")
    from bench import results

    results.describe(
        "ingest_parse",
        f"{len(pages):,} distinct pages made from the test samples ({len(html)} HTML, "
        f"{len(pages) - len(html)} text dumps)",
    )
    results.record(
        "ingest_parse",
        "read_document, HTML pages",
        f"{_rate(len(html), html_seconds):,.0f} pages/s",
        f"bare trafilatura.extract {_rate(len(html), baseline):,.0f} pages/s "
        f"({baseline / html_seconds:.2f}x)",
    )
    results.record("ingest_parse", "read_document, all pages", f"{_rate(articles, seconds):,.0f}/s")


if __name__ == "__main__":
    main()
