"""Score newsbot's quotes and speakers on real annotated news (PolNeAR), by error kind.

Definitions (docs/quality.md repeats them):

* a predicted quote is right when its span is exactly a gold quote's span (both are the
  content between the marks, trimmed; see quotes.py): quote precision, recall and F1 count
  exact spans only;
* a gold quote and a predicted quote that overlap are *paired*; speaker accuracy is over
  paired quotes (exact or not), judged by :mod:`bot.nlp.speakermatch`;
* error kinds: ``missed quote`` (no predicted quote overlaps the gold one), ``partial span``
  (paired, spans differ), ``spurious quote`` (a predicted quote overlaps no gold quote),
  ``no speaker`` (paired, speaker None, the gold has a source), ``wrong person`` (paired,
  a speaker that does not match), ``speaker for unsourced`` (paired, the gold has no source).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

from bot.nlp.confidence import Row, bootstrap, f1, interval, ratio
from bot.nlp.polnear import GoldQuote, PolnearArticle
from bot.nlp.speakermatch import is_nameable, match_kind


@dataclass(frozen=True, slots=True)
class Predicted:
    """One quote newsbot found, with the rule that chose its speaker and that rule's evidence."""

    start: int
    end: int
    speaker: str | None
    rule: str = "-"
    evidence: str = ""


Predict = Callable[[str], Sequence[Predicted]]
MISSED, PARTIAL, SPURIOUS = "missed quote", "partial span", "spurious quote"
NO_SPEAKER, WRONG, UNSOURCED = "no speaker", "wrong person", "speaker for unsourced"
KINDS = (MISSED, PARTIAL, SPURIOUS, NO_SPEAKER, WRONG, UNSOURCED)


@dataclass(frozen=True, slots=True)
class Miss:
    article: str
    kind: str
    rule: str
    quote: str
    gold: str | None
    got: str | None
    evidence: str = ""


@dataclass
class RealReport:
    # Per article: (predicted, gold, exact, paired, speaker right, nameable paired, nameable
    # right). A source is nameable when some name can match it: it is unsourced, gives a
    # name itself, or its coreference chain holds one (not "I", or a "he" CoreNLP left alone).
    rows: list[Row] = field(default_factory=list)
    kinds: Counter[str] = field(default_factory=Counter)
    matched_by: Counter[str] = field(default_factory=Counter)
    misses: list[Miss] = field(default_factory=list)

    def total(self, k: int) -> int:
        return sum(row[k] for row in self.rows)

    @property
    def precision(self) -> float:
        return ratio(self.total(2), self.total(0))

    @property
    def recall(self) -> float:
        return ratio(self.total(2), self.total(1))

    @property
    def f1(self) -> float:
        return f1(self.total(2), self.total(0), self.total(1))

    @property
    def speaker_accuracy(self) -> float:
        return ratio(self.total(4), self.total(3))

    @property
    def nameable_accuracy(self) -> float:
        return ratio(self.total(6), self.total(5))


def _overlap(a: GoldQuote, b: Predicted) -> bool:
    return a.start < b.end and b.start < a.end


def _score_article(article: PolnearArticle, found: Sequence[Predicted], report: RealReport) -> None:
    exact = paired = right = nameable = nameable_right = 0
    used: set[int] = set()
    for gold in article.quotes:
        hits = [k for k, p in enumerate(found) if _overlap(gold, p)]
        if not hits:
            report.kinds[MISSED] += 1
            report.misses.append(Miss(article.id, MISSED, "-", gold.text, gold.source, None))
            continue
        best = next(
            (k for k in hits if (found[k].start, found[k].end) == (gold.start, gold.end)), hits[0]
        )
        used.update(hits)
        pred = found[best]
        paired += 1
        if (pred.start, pred.end) == (gold.start, gold.end):
            exact += 1
        else:
            report.kinds[PARTIAL] += 1
            report.misses.append(
                Miss(article.id, PARTIAL, pred.rule, gold.text, gold.source, pred.speaker)
            )
        how = match_kind(pred.speaker, gold.source, gold.coref)
        can_name = is_nameable(gold.source, gold.coref)
        nameable += can_name
        if how:
            right += 1
            nameable_right += can_name
            report.matched_by[how] += 1
            continue
        kind = UNSOURCED if gold.source is None else NO_SPEAKER if pred.speaker is None else WRONG
        report.kinds[kind] += 1
        report.misses.append(
            Miss(article.id, kind, pred.rule, gold.text, gold.source, pred.speaker, pred.evidence)
        )
    for k, pred in enumerate(found):
        if k not in used:
            report.kinds[SPURIOUS] += 1
            text = article.text[pred.start : pred.end]
            report.misses.append(Miss(article.id, SPURIOUS, pred.rule, text, None, pred.speaker))
    report.rows.append(
        (len(found), len(article.quotes), exact, paired, right, nameable, nameable_right)
    )


def score_real(articles: Iterable[PolnearArticle], predict: Predict) -> RealReport:
    report = RealReport()
    for article in articles:
        _score_article(article, predict(article.text), report)
    return report


def _p(r: Row) -> float:
    return ratio(r[2], r[0])


def _r(r: Row) -> float:
    return ratio(r[2], r[1])


def _f(r: Row) -> float:
    return f1(r[2], r[0], r[1])


def _s(r: Row) -> float:
    return ratio(r[4], r[3])


def _n(r: Row) -> float:
    return ratio(r[6], r[5])


def format_real(name: str, report: RealReport, *, totals_only: bool = False) -> str:
    """The figures with 95% bootstrap intervals (over articles), then the error kinds."""
    rows = report.rows

    def ci(stat: Callable[[Row], float]) -> str:
        return interval(bootstrap(rows, stat))

    lines = [
        f"{name}: {len(rows)} articles, {report.total(1)} gold quotes, {report.total(0)} found",
        f"  quotes    precision {report.precision:.3f} {ci(_p)}  recall {report.recall:.3f} "
        f"{ci(_r)}  F1 {report.f1:.3f} {ci(_f)}",
        f"  speakers  accuracy {report.speaker_accuracy:.3f} {ci(_s)} "
        f"({report.total(4)}/{report.total(3)} paired quotes)",
        f"  nameable  accuracy {report.nameable_accuracy:.3f} {ci(_n)} "
        f"({report.total(6)}/{report.total(5)} paired quotes whose source a name can match)",
    ]
    if totals_only:
        return "\n".join(lines)
    how = ", ".join(f"{k} {v}" for k, v in sorted(report.matched_by.items()))
    lines.append(f"  matched   by {how or 'nothing'}")
    lines.append("  errors    " + ", ".join(f"{k} {report.kinds[k]}" for k in KINDS))
    return "\n".join(lines)


def group_misses(misses: Sequence[Miss]) -> list[tuple[str, list[Miss]]]:
    """Misses grouped by the rule that decided them, biggest group first."""
    groups: dict[str, list[Miss]] = {}
    for miss in misses:
        groups.setdefault(miss.rule, []).append(miss)
    return sorted(groups.items(), key=lambda kv: (-len(kv[1]), kv[0]))
