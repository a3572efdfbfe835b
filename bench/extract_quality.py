"""``python -m bench extract-quality DIR [DIR ...]``: newsbot's article bodies against bare
``trafilatura.extract`` on pages with known gold bodies, side by side, in one process.

A folder holds one page per pair of files with the same name: ``NAME.html`` (the page's bytes)
and ``NAME.json``, an object with

- ``url`` (optional): the page's address, given to both extractors;
- ``articleBody``: the whole gold body as plain text, and/or
- ``with`` and ``without``: lists of snippets the body must hold and must not hold.

Bodies are scored as ``bench/extract_scores.py`` describes (4-gram shingles for ``articleBody``,
snippet presence for ``with``/``without``). newsbot's body is the article's paragraphs as
``read_document`` returns them for an HTML page; a page it refuses counts as an empty body.
Both extractors read every page once, interleaved page by page (each going first on every
other page) so that load on a shared machine falls on both alike; the extraction time ratio
is newsbot's total over trafilatura's.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import trafilatura

from bench.extract_scores import (
    PageCounts,
    Scores,
    shingle_counts,
    shingle_scores,
    snippet_counts,
    snippet_scores,
)
from bot.errors import NewsbotError
from bot.ingest.readers import read_document

Extractor = Callable[[bytes, str | None], str]


@dataclass(frozen=True)
class GoldPage:
    name: str
    html: bytes
    url: str | None
    body: str | None
    wanted: tuple[str, ...] = ()
    unwanted: tuple[str, ...] = ()


@dataclass
class Run:
    """One extractor's bodies and time over a folder."""

    bodies: list[str] = field(default_factory=list)
    seconds: float = 0.0


def newsbot_body(html: bytes, url: str | None) -> str:
    try:
        articles = read_document(html, url=url, content_type="text/html")
    except NewsbotError:
        return ""
    return "\n".join(articles[0].paragraphs) if articles else ""


def trafilatura_body(html: bytes, url: str | None) -> str:
    return trafilatura.extract(html, url=url) or ""


EXTRACTORS: dict[str, Extractor] = {
    "newsbot": newsbot_body,
    "trafilatura.extract": trafilatura_body,
}


def _strings(value: object, key: str, name: str) -> tuple[str, ...]:
    if value is None:
        return ()
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise ValueError(f"{name}.json: {key!r} must be a list of strings")
    return tuple(value)


def load_page(json_path: Path) -> GoldPage:
    """The page named by ``NAME.json``; ValueError (one line) when the pair is unusable."""
    name = json_path.stem
    html_path = json_path.with_suffix(".html")
    if not html_path.is_file():
        raise ValueError(f"{name}.json has no {name}.html beside it")
    try:
        gold = json.loads(json_path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ValueError(f"{name}.json is not JSON: {exc}") from exc
    if not isinstance(gold, dict):
        raise ValueError(f"{name}.json must hold an object")
    body, url = gold.get("articleBody"), gold.get("url")
    if body is not None and not isinstance(body, str):
        raise ValueError(f"{name}.json: 'articleBody' must be a string")
    wanted = _strings(gold.get("with"), "with", name)
    unwanted = _strings(gold.get("without"), "without", name)
    if body is None and not wanted and not unwanted:
        raise ValueError(f"{name}.json has neither 'articleBody' nor 'with'/'without'")
    page_url = url if isinstance(url, str) and url else None
    return GoldPage(name, html_path.read_bytes(), page_url, body, wanted, unwanted)


def load_folder(folder: Path) -> tuple[list[GoldPage], list[str]]:
    """The folder's pages, and one line for each pair that could not be used."""
    pages: list[GoldPage] = []
    problems: list[str] = []
    for json_path in sorted(folder.glob("*.json")):
        try:
            pages.append(load_page(json_path))
        except (OSError, ValueError) as exc:
            problems.append(str(exc))
    return pages, problems


def run_all(pages: Sequence[GoldPage], extractors: dict[str, Extractor]) -> dict[str, Run]:
    runs = {name: Run() for name in extractors}
    order = list(extractors.items())
    if pages:  # first calls load models and stop lists; keep that out of the timing
        for extract in extractors.values():
            extract(pages[0].html, pages[0].url)
    for index, page in enumerate(pages):
        for name, extract in order if index % 2 == 0 else order[::-1]:
            started = time.perf_counter()
            body = extract(page.html, page.url)
            runs[name].seconds += time.perf_counter() - started
            runs[name].bodies.append(body)
    return runs


@dataclass(frozen=True)
class SetScores:
    body: Scores | None
    snippets: Scores | None
    body_pages: list[PageCounts]
    snippet_pages: list[PageCounts]


def score(pages: Sequence[GoldPage], bodies: Sequence[str]) -> SetScores:
    body_pages = [
        shingle_counts(page.body, text)
        for page, text in zip(pages, bodies, strict=True)
        if page.body is not None
    ]
    snippet_pages = [
        snippet_counts(page.wanted, page.unwanted, text)
        for page, text in zip(pages, bodies, strict=True)
        if page.wanted or page.unwanted
    ]
    return SetScores(
        shingle_scores(body_pages) if body_pages else None,
        snippet_scores(snippet_pages) if snippet_pages else None,
        body_pages,
        snippet_pages,
    )


def _ratio(ours: float, theirs: float) -> str:
    return f"{ours / theirs:.3f}x" if theirs else "n/a"


def _table(title: str, scores: dict[str, Scores]) -> list[str]:
    lines = [f"{title:<28} {'P':>6} {'R':>6} {'F1':>6}"]
    for name, value in scores.items():
        lines.append(f"{name:<28} {value.precision:6.3f} {value.recall:6.3f} {value.f1:6.3f}")
    ours, theirs = (value.f1 for value in scores.values())
    lines.append(f"{'F1 ratio newsbot/trafilatura':<28} {_ratio(ours, theirs):>20}")
    return lines


def report(folder: Path, pages: Sequence[GoldPage], runs: dict[str, Run]) -> list[str]:
    scored = {name: score(pages, run.bodies) for name, run in runs.items()}
    with_body = sum(1 for page in pages if page.body is not None)
    with_snippets = sum(1 for page in pages if page.wanted or page.unwanted)
    lines = [f"{folder}: {len(pages)} pages ({with_body} gold bodies, {with_snippets} snippets)"]
    bodies = {name: s.body for name, s in scored.items() if s.body is not None}
    if bodies:
        lines += _table("body, 4-gram shingles", bodies)
    snippets = {name: s.snippets for name, s in scored.items() if s.snippets is not None}
    if snippets:
        lines += _table("snippets, found/leaked", snippets)
    for name, run in runs.items():
        rate = len(pages) / run.seconds if run.seconds else float("inf")
        lines.append(f"time {name:<23} {run.seconds:6.2f} s  {rate:6.1f} pages/s")
    ours, theirs = (run.seconds for run in runs.values())
    lines.append(f"{'time ratio newsbot/trafilatura':<28} {_ratio(ours, theirs):>20}")
    return lines


def worse_pages(pages: Sequence[GoldPage], runs: dict[str, Run], count: int) -> list[str]:
    """The pages where newsbot falls furthest below trafilatura: for development sets only."""
    ours, theirs = (score(pages, run.bodies) for run in runs.values())
    gaps: list[tuple[float, str]] = []
    body_names = [page.name for page in pages if page.body is not None]
    for name, mine, base in zip(body_names, ours.body_pages, theirs.body_pages, strict=True):
        gap = _page_f1(base) - _page_f1(mine)
        if gap > 0:
            gaps.append((gap, f"{name}: F1 {_page_f1(mine):.3f} vs {_page_f1(base):.3f}"))
    snippet_names = [page.name for page in pages if page.wanted or page.unwanted]
    pairs = zip(snippet_names, ours.snippet_pages, theirs.snippet_pages, strict=True)
    for name, mine, base in pairs:
        gap = (base.tp - base.fp) - (mine.tp - mine.fp)
        if gap > 0:
            gaps.append(
                (gap, f"{name}: found {mine.tp:g}/{base.tp:g}, leaked {mine.fp:g}/{base.fp:g}")
            )
    return [line for _, line in sorted(gaps, reverse=True)[:count]]


def _page_f1(counts: PageCounts) -> float:
    return Scores(counts.precision or 0.0, counts.recall or 0.0).f1


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench extract-quality", description=__doc__)
    parser.add_argument("folders", nargs="+", type=Path, metavar="DIR")
    parser.add_argument(
        "--show-worse",
        type=int,
        default=0,
        metavar="N",
        help="list the N pages where newsbot trails most (never on a sealed set)",
    )
    args = parser.parse_args(argv)
    failed = 0
    for folder in args.folders:
        if not folder.is_dir():
            print(f"extract-quality: {folder} is not a folder", file=sys.stderr)
            failed += 1
            continue
        pages, problems = load_folder(folder)
        for problem in problems:
            print(f"extract-quality: skipped {problem}", file=sys.stderr)
        if not pages:
            print(f"extract-quality: no usable pages in {folder}", file=sys.stderr)
            failed += 1
            continue
        runs = run_all(pages, EXTRACTORS)
        print("\n".join(report(folder, pages, runs)))
        for line in worse_pages(pages, runs, args.show_worse):
            print(f"  worse: {line}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
