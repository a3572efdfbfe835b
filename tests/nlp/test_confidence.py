from __future__ import annotations

import pytest

from bot.nlp.confidence import bootstrap, ratio, wilson


def test_wilson_interval() -> None:
    lo, hi = wilson(90, 100)
    assert lo == pytest.approx(0.8256, abs=1e-3) and hi == pytest.approx(0.9448, abs=1e-3)
    assert wilson(0, 0) == (0.0, 1.0)
    assert wilson(10, 10)[1] == 1.0


def test_bootstrap_is_reproducible_and_brackets_the_estimate() -> None:
    rows = [(k % 3, 3) for k in range(60)]  # per-article (right, total)

    def stat(row: tuple[int, ...]) -> float:
        return ratio(row[0], row[1])

    lo, hi = bootstrap(rows, stat)
    assert (lo, hi) == bootstrap(rows, stat)
    assert lo < 1 / 3 < hi and hi - lo < 0.2
    assert bootstrap([(1, 1)] * 5, stat) == (1.0, 1.0)
