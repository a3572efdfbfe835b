"""95% confidence intervals for the evaluation figures.

Quotes cluster in articles (one article's speaker rule fails for all its quotes), so the
intervals come from a percentile bootstrap over articles: resample the articles with
replacement, recompute the figure, take the 2.5th and 97.5th percentiles. The seed is fixed,
so a run prints the same interval every time. :func:`wilson` is there for a single proportion
of independent trials.
"""

from __future__ import annotations

import math
import random
from collections.abc import Callable, Sequence

ROUNDS = 1000
SEED = 20240609
Row = tuple[int, ...]


def wilson(k: int, n: int, z: float = 1.96) -> tuple[float, float]:
    """The Wilson score interval of ``k`` successes in ``n`` trials ((0, 1) when n is 0)."""
    if n == 0:
        return 0.0, 1.0
    p = k / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    return max(0.0, centre - half), min(1.0, centre + half)


def _sums(rows: Sequence[Row], picks: Sequence[int]) -> Row:
    width = len(rows[0])
    totals = [0] * width
    for k in picks:
        row = rows[k]
        for j in range(width):
            totals[j] += row[j]
    return tuple(totals)


def bootstrap(
    rows: Sequence[Row], stat: Callable[[Row], float], rounds: int = ROUNDS, seed: int = SEED
) -> tuple[float, float]:
    """Percentile interval of ``stat`` over article rows (count tuples summed per resample)."""
    if not rows:
        return 0.0, 1.0
    rng = random.Random(seed)  # noqa: S311 - resampling, not secrets
    n = len(rows)
    values = sorted(stat(_sums(rows, rng.choices(range(n), k=n))) for _ in range(rounds))
    return values[int(0.025 * (rounds - 1))], values[math.ceil(0.975 * (rounds - 1))]


def ratio(num: int, den: int, empty: float = 1.0) -> float:
    return num / den if den else empty


def f1(matched: int, predicted: int, gold: int) -> float:
    p, r = ratio(matched, predicted), ratio(matched, gold)
    return 2 * p * r / (p + r) if p + r else 0.0


def interval(lo_hi: tuple[float, float]) -> str:
    return f"[{lo_hi[0]:.3f}, {lo_hi[1]:.3f}]"
