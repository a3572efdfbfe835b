"""Score quotes, speakers and summaries against the annotated set in ``bot/nlp/evalset``.

Gold files are JSON Lines, one article per line::

    {"id": "dev01", "title": "...", "paragraphs": ["...", "..."],
     "quotes": [{"text": "...", "speaker": "..." | null, "speaker_title": "..." | null}],
     "summary": ["reference sentence", ...]}          # summary is optional

A predicted quote matches a gold quote when the texts are identical (the span convention of
``quotes.py``). Speaker accuracy counts matched quotes whose speaker agrees, ignoring case,
spacing and a leading "a"/"an"/"the", with None agreeing with None. Summaries get ROUGE-1/2/Lsum
F1 from ``bot.nlp.rouge`` (rouge-score), newsbot's and lead-3's side by side.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bot.errors import ReadError
from bot.model import PARAGRAPH_SEPARATOR, Article
from bot.nlp.analyze import analyze
from bot.nlp.rouge import ZERO, Rouge, mean, rouge
from bot.nlp.sentences import split_sentences

EVALSET_DIR = Path(__file__).resolve().parent / "evalset"
# Written alongside the rules (dev) or just after tuning them (held-out); the NLP benchmark
# builds its articles from these.
GOLD_FILES = ("dev.jsonl", "heldout.jsonl")
# Written by annotators who never saw the rules: the honest measure of what newsbot reaches.
BLIND_FILES = tuple(f"blind{n}.jsonl" for n in ("", 2, 3, 4, 5, 6, 7, 8, 9))


@dataclass(frozen=True, slots=True)
class GoldQuote:
    text: str
    speaker: str | None
    speaker_title: str | None


@dataclass(frozen=True, slots=True)
class GoldItem:
    id: str
    title: str
    paragraphs: tuple[str, ...]
    quotes: tuple[GoldQuote, ...]
    summary: tuple[str, ...] = ()

    @property
    def article(self) -> Article:
        return Article(title=self.title, paragraphs=self.paragraphs)


@dataclass
class Report:
    articles: int = 0
    predicted: int = 0
    gold: int = 0
    matched: int = 0
    speaker_right: int = 0
    summaries: int = 0
    rouge: Rouge = ZERO
    lead3: Rouge = ZERO
    misses: list[str] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.matched / self.predicted if self.predicted else 1.0

    @property
    def recall(self) -> float:
        return self.matched / self.gold if self.gold else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def speaker_accuracy(self) -> float:
        return self.speaker_right / self.matched if self.matched else 1.0


def _item(raw: Any, where: str) -> GoldItem:
    try:
        quotes = tuple(
            GoldQuote(q["text"], q.get("speaker"), q.get("speaker_title")) for q in raw["quotes"]
        )
        return GoldItem(
            str(raw["id"]),
            str(raw["title"]),
            tuple(str(p) for p in raw["paragraphs"]),
            quotes,
            tuple(str(s) for s in raw.get("summary", ())),
        )
    except (KeyError, TypeError, AttributeError) as exc:
        raise ReadError(where, f"not a gold item: missing or wrong field {exc}") from exc


def load_gold(path: Path) -> list[GoldItem]:
    """Read a gold JSONL file; ReadError names the line when one is malformed."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise ReadError(str(path), f"cannot read gold file: {exc.strerror}") from exc
    items = []
    for n, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            raw = json.loads(line)
        except json.JSONDecodeError as exc:
            raise ReadError(f"{path}:{n}", f"invalid JSON: {exc.msg}") from exc
        items.append(_item(raw, f"{path}:{n}"))
    return items


def lead3(text: str) -> list[str]:
    """The baseline summary: the first three sentences."""
    return [text[s:e] for s, e in split_sentences(text)[:3]]


_ARTICLES = ("the ", "a ", "an ")


def _speaker_key(name: str | None) -> str:
    # "the union" and "union", "A spokeswoman" and "a spokeswoman" name the same speaker; an
    # annotator cannot know which form the rules print, so the article is not scored.
    key = " ".join((name or "").split()).casefold()
    for article in _ARTICLES:
        key = key.removeprefix(article)
    return key


def _same_speaker(predicted: str | None, gold: str | None) -> bool:
    return _speaker_key(predicted) == _speaker_key(gold)


def _score_quotes(item: GoldItem, report: Report) -> None:
    predicted = list(analyze(item.article).quotes)
    report.predicted += len(predicted)
    report.gold += len(item.quotes)
    pool = {q.text: q for q in reversed(predicted)}
    counts = Counter(q.text for q in predicted)
    for gold in item.quotes:
        if counts[gold.text] > 0:
            counts[gold.text] -= 1
            report.matched += 1
            got = pool[gold.text].speaker
            if _same_speaker(got, gold.speaker):
                report.speaker_right += 1
            else:
                report.misses.append(f"{item.id}: speaker {got!r} != {gold.speaker!r}")
        else:
            report.misses.append(f"{item.id}: missed {gold.text[:50]!r}")
    for text, extra in counts.items():
        if extra > 0:
            report.misses.append(f"{item.id}: spurious {text[:50]!r}")


def evaluate(
    items: Iterable[GoldItem], summarizer: Callable[[Article], Sequence[str]] | None = None
) -> Report:
    """Score newsbot (or ``summarizer`` for the summaries) on ``items``."""
    report = Report()
    ours: list[Rouge] = []
    base: list[Rouge] = []
    for item in items:
        report.articles += 1
        _score_quotes(item, report)
        if not item.summary:
            continue
        article = item.article
        summary = summarizer(article) if summarizer else analyze(article).summary
        ours.append(rouge(summary, item.summary))
        base.append(rouge(lead3(PARAGRAPH_SEPARATOR.join(item.paragraphs)), item.summary))
    report.summaries = len(ours)
    report.rouge, report.lead3 = mean(ours), mean(base)
    return report


def format_report(name: str, report: Report) -> str:
    """A small plain-text table for the CLI."""
    r, b = report.rouge, report.lead3
    return "\n".join(
        [
            f"{name}: {report.articles} articles, {report.gold} gold quotes, "
            f"{report.predicted} found",
            f"  quotes    precision {report.precision:.3f}  recall {report.recall:.3f}  "
            f"F1 {report.f1:.3f}",
            f"  speakers  accuracy {report.speaker_accuracy:.3f} ({report.speaker_right}/"
            f"{report.matched} matched quotes)",
            f"  summaries ({report.summaries})  ROUGE-1/2/Lsum F  newsbot "
            f"{r.r1:.3f}/{r.r2:.3f}/{r.rlsum:.3f}  lead-3 {b.r1:.3f}/{b.r2:.3f}/{b.rlsum:.3f}",
        ]
    )


def report_json(name: str, report: Report, *, misses: bool = False) -> dict[str, Any]:
    """The figures of ``format_report`` as a JSON object (with the misses when asked)."""
    out: dict[str, Any] = {
        "set": name,
        "articles": report.articles,
        "quotes": {
            "gold": report.gold,
            "found": report.predicted,
            "precision": report.precision,
            "recall": report.recall,
            "f1": report.f1,
        },
        "speakers": {"accuracy": report.speaker_accuracy, "matched": report.matched},
        "summaries": {
            "articles": report.summaries,
            "newsbot": report.rouge.as_json(),
            "lead3": report.lead3.as_json(),
        },
    }
    if misses:
        out["misses"] = list(report.misses)
    return out
