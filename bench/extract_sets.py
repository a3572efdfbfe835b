"""Turn public extraction benchmarks into the folder layout ``bench extract-quality`` reads.

    python -m bench.extract_sets trafilatura /work/data/trafilatura/tests \
        /work/data/extract/trafilatura
    python -m bench.extract_sets scrapinghub /work/data/article-extraction-benchmark \
        /work/data/extract/scrapinghub

Each page becomes ``NAME.html`` (the page's bytes, as published) and ``NAME.json``:

- trafilatura's evaluation pages (``tests/evaldata.json``, ``tests/eval/`` and ``tests/cache/``,
  Apache-2.0) give ``{"url", "with", "without"}``: snippets the body must and must not hold;
- the ScrapingHub article-extraction benchmark (``ground-truth.json`` and
  ``html/*.html.gz``, MIT) gives ``{"url", "articleBody"}``: the whole gold body.

The output stays outside the repository: neither set's pages are committed here.
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import sys
from collections.abc import Iterator
from pathlib import Path

Page = tuple[str, bytes, dict[str, object]]
_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


def trafilatura_pages(tests: Path) -> Iterator[Page]:
    """Pages of trafilatura's evaluation (in ``eval/`` or ``cache/``); absent ones are left out."""
    annotations = json.loads((tests / "evaldata.json").read_text(encoding="utf-8"))
    for url, item in sorted(annotations.items()):
        found = [tests / sub / item["file"] for sub in ("cache", "eval")]
        html = next((path for path in found if path.is_file()), None)
        if html is None:
            continue
        name = _UNSAFE.sub("_", html.name.removesuffix(".html"))
        gold = {"url": url, "with": list(item["with"]), "without": list(item["without"])}
        yield name, html.read_bytes(), gold


def scrapinghub_pages(repo: Path) -> Iterator[Page]:
    """Pages of the ScrapingHub benchmark, named by their hash."""
    truth = json.loads((repo / "ground-truth.json").read_text(encoding="utf-8"))
    for name, item in sorted(truth.items()):
        html = gzip.decompress((repo / "html" / f"{name}.html.gz").read_bytes())
        yield name, html, {"url": item.get("url"), "articleBody": item["articleBody"]}


SOURCES = {"trafilatura": trafilatura_pages, "scrapinghub": scrapinghub_pages}


def write_folder(pages: Iterator[Page], out: Path) -> int:
    out.mkdir(parents=True, exist_ok=True)
    count = 0
    for name, html, gold in pages:
        (out / f"{name}.html").write_bytes(html)
        (out / f"{name}.json").write_text(json.dumps(gold, ensure_ascii=False), encoding="utf-8")
        count += 1
    return count


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.extract_sets", description=__doc__)
    parser.add_argument("source", choices=sorted(SOURCES))
    parser.add_argument("input", type=Path, help="the benchmark's checkout (or its tests/)")
    parser.add_argument("output", type=Path, help="folder to write NAME.html + NAME.json into")
    args = parser.parse_args(argv)
    try:
        count = write_folder(SOURCES[args.source](args.input), args.output)
    except (OSError, ValueError, KeyError) as exc:
        print(f"extract_sets: cannot convert {args.input}: {exc}", file=sys.stderr)
        return 1
    print(f"{count} pages written to {args.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
