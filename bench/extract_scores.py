"""How close an extracted article body is to the gold one.

Two kinds of gold, scored the way their benchmarks publish them, so figures stay comparable:

- a whole gold body (``articleBody``): 4-gram shingle matching. Tokens are the maximal runs of
  Unicode word characters (regex ``\\w+``, case kept, punctuation and markup dropped); a shingle
  is four consecutive tokens (a text of fewer tokens is one shorter shingle). Per page, shingles
  are matched as multisets into true positives, false positives (extracted, not gold) and false
  negatives (gold, not extracted); page precision and recall are averaged over the pages and F1
  is the harmonic mean of the two averages. This is the ScrapingHub benchmark's measure.
- snippets (``with``/``without``): a snippet is found when its whitespace-collapsed text is a
  substring of the whitespace-collapsed body. Found ``with`` snippets are true positives, missed
  ones false negatives, found ``without`` snippets false positives; counts are summed over all
  pages before precision, recall and F1. This is trafilatura's evaluation's measure.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

SHINGLE_SIZE = 4
_TOKEN = re.compile(r"\w+")


@dataclass(frozen=True)
class Scores:
    precision: float
    recall: float

    @property
    def f1(self) -> float:
        total = self.precision + self.recall
        return 2 * self.precision * self.recall / total if total else 0.0


@dataclass(frozen=True)
class PageCounts:
    """True positives, false positives and false negatives of one page."""

    tp: float
    fp: float
    fn: float

    @property
    def precision(self) -> float | None:
        """None when nothing was extracted: such a page counts against recall only."""
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else None

    @property
    def recall(self) -> float | None:
        """None when the gold body is empty."""
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else None


def tokens(text: str) -> list[str]:
    return _TOKEN.findall(text)


def shingles(text: str, size: int = SHINGLE_SIZE) -> Counter[tuple[str, ...]]:
    words = tokens(text)
    return Counter(tuple(words[i : i + size]) for i in range(max(1, len(words) - size + 1)))


def shingle_counts(gold: str, extracted: str) -> PageCounts:
    """One page's shingle matches, normalised to sum to 1 so long pages weigh no more."""
    want, got = shingles(gold), shingles(extracted)
    want.pop((), None)
    got.pop((), None)
    tp = sum((want & got).values())
    fp = sum((got - want).values())
    fn = sum((want - got).values())
    total = tp + fp + fn
    return PageCounts(tp / total, fp / total, fn / total) if total else PageCounts(0, 0, 0)


def _mean(values: Iterable[float | None]) -> float:
    kept = [value for value in values if value is not None]
    return sum(kept) / len(kept) if kept else 0.0


def shingle_scores(pages: Sequence[PageCounts]) -> Scores:
    """Page precisions and recalls averaged (pages where one is undefined are left out)."""
    return Scores(_mean(p.precision for p in pages), _mean(p.recall for p in pages))


def _collapsed(text: str) -> str:
    return " ".join(text.split())


def snippet_counts(wanted: Sequence[str], unwanted: Sequence[str], extracted: str) -> PageCounts:
    body = _collapsed(extracted)
    found = sum(1 for snippet in wanted if _collapsed(snippet) in body)
    leaked = sum(1 for snippet in unwanted if _collapsed(snippet) in body)
    return PageCounts(found, leaked, len(wanted) - found)


def snippet_scores(pages: Sequence[PageCounts]) -> Scores:
    """Counts summed over all pages, then precision and recall."""
    tp = sum(p.tp for p in pages)
    fp = sum(p.fp for p in pages)
    fn = sum(p.fn for p in pages)
    return Scores(tp / (tp + fp) if tp + fp else 0.0, tp / (tp + fn) if tp + fn else 0.0)
