"""ROUGE-1, ROUGE-2 and ROUGE-Lsum F1, scored by Google's reference implementation (rouge-score).

One implementation for every figure newsbot reports (the annotated sets and ``newsbot eval
--summaries``), and the one summarisation papers use, so our numbers compare with theirs:
lower-cased alphanumeric tokens, Porter-stemmed, as in the CNN/DailyMail literature.
ROUGE-Lsum wants one sentence per line, so both sides are given as sentence lists.

rouge-score pulls in NLTK and NumPy: it is imported on first use, never at start-up.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

_KINDS = ("rouge1", "rouge2", "rougeLsum")


@dataclass(frozen=True, slots=True)
class Rouge:
    """F1 scores between 0 and 1."""

    r1: float
    r2: float
    rlsum: float

    def as_json(self) -> dict[str, float]:
        return {"rouge1": self.r1, "rouge2": self.r2, "rougeLsum": self.rlsum}


ZERO = Rouge(0.0, 0.0, 0.0)


@lru_cache(maxsize=1)
def _scorer() -> Any:
    from rouge_score import rouge_scorer  # heavy: only evaluation needs it

    return rouge_scorer.RougeScorer(list(_KINDS), use_stemmer=True)


def _lines(sentences: Sequence[str]) -> str:
    # A sentence with a line break inside would count as two for ROUGE-Lsum.
    return "\n".join(" ".join(s.split()) for s in sentences)


def rouge(system: Sequence[str], reference: Sequence[str]) -> Rouge:
    """F1 of the ``system`` sentences against the ``reference`` sentences."""
    scores = _scorer().score(_lines(reference), _lines(system))
    r1, r2, rlsum = (scores[kind].fmeasure for kind in _KINDS)
    return Rouge(float(r1), float(r2), float(rlsum))


def mean(scores: Sequence[Rouge]) -> Rouge:
    """The average of ``scores`` (all zero for none)."""
    n = max(1, len(scores))
    return Rouge(
        sum(s.r1 for s in scores) / n,
        sum(s.r2 for s in scores) / n,
        sum(s.rlsum for s in scores) / n,
    )
