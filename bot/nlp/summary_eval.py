"""Score newsbot's summaries and the lead-3 baseline on a set of news with human summaries.

A summary set is JSON Lines, one article per line (docs/summaries.md)::

    {"id": "...", "text": "the article", "reference": "the human summary", "title": "..."}

``title`` is optional. The reference may put one sentence (or highlight) per line; ROUGE-Lsum
uses those lines, and a reference on one line is split into sentences like the article is.
newsbot summarises ``text`` exactly as ``newsbot summarize`` does; lead-3 is its first three
sentences by the same splitter, so both sides see the same sentences.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bot.errors import ReadError
from bot.nlp.evaluate import lead3
from bot.nlp.jsonl import read_jsonl
from bot.nlp.quotes import find_quotes
from bot.nlp.rouge import Rouge, mean, rouge
from bot.nlp.sentences import sentences
from bot.nlp.summary import summarize


@dataclass(frozen=True, slots=True)
class SummaryItem:
    id: str
    text: str
    reference: str
    title: str | None = None


@dataclass(frozen=True, slots=True)
class SummaryReport:
    name: str
    articles: int
    newsbot: Rouge
    lead3: Rouge

    def as_json(self) -> dict[str, Any]:
        return {
            "set": self.name,
            "articles": self.articles,
            "newsbot": self.newsbot.as_json(),
            "lead3": self.lead3.as_json(),
        }


def _item(raw: Any, where: str) -> SummaryItem:
    if not isinstance(raw, dict):
        raise ReadError(where, "not a summary item: each line must be a JSON object")
    for key in ("text", "reference"):
        if not isinstance(raw.get(key), str) or not raw[key].strip():
            raise ReadError(where, f'not a summary item: "{key}" must be a non-empty string')
    title = raw.get("title")
    if title is not None and not isinstance(title, str):
        raise ReadError(where, 'not a summary item: "title" must be a string')
    return SummaryItem(str(raw.get("id", "")), raw["text"], raw["reference"], title)


def load_summary_set(path: Path) -> list[SummaryItem]:
    """Read a summary set; ReadError names the file and line of the first bad line."""
    items = read_jsonl(path, "summary set", _item)
    if not items:
        raise ReadError(str(path), "no articles in the summary set")
    return items


def reference_sentences(reference: str) -> list[str]:
    """The reference as sentences: its lines, or its sentences when it is one line."""
    lines = [line.strip() for line in reference.splitlines() if line.strip()]
    return lines if len(lines) > 1 else sentences(reference)


def newsbot_summary(item: SummaryItem) -> list[str]:
    """newsbot's summary of one item, made as ``newsbot summarize`` makes it."""
    return summarize(item.text, title=item.title, quotes=find_quotes(item.text))


def score_summaries(
    name: str,
    items: Iterable[SummaryItem],
    summarizer: Callable[[SummaryItem], Sequence[str]] = newsbot_summary,
) -> SummaryReport:
    """Mean ROUGE F1 of ``summarizer`` (newsbot by default) and of lead-3 on ``items``."""
    ours: list[Rouge] = []
    base: list[Rouge] = []
    for item in items:
        reference = reference_sentences(item.reference)
        ours.append(rouge(summarizer(item), reference))
        base.append(rouge(lead3(item.text), reference))
    return SummaryReport(name, len(ours), mean(ours), mean(base))


def format_summary_report(report: SummaryReport) -> str:
    """A side-by-side table, ROUGE F1 times 100 as the literature prints it."""
    rows = [
        f"{report.name}: {report.articles} articles, ROUGE F1 x 100",
        f"  {'':<11}{'newsbot':>8}{'lead-3':>8}{'diff':>8}",
    ]
    for label, ours, base in (
        ("ROUGE-1", report.newsbot.r1, report.lead3.r1),
        ("ROUGE-2", report.newsbot.r2, report.lead3.r2),
        ("ROUGE-Lsum", report.newsbot.rlsum, report.lead3.rlsum),
    ):
        rows.append(f"  {label:<11}{100 * ours:8.2f}{100 * base:8.2f}{100 * (ours - base):+8.2f}")
    return "\n".join(rows)
