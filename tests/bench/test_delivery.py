"""``python -m bench delivery --quick``: every digest once, at the pace, with its ratios."""

from __future__ import annotations

import pytest

from bench import delivery


def test_quick_delivery_bench_posts_each_digest_once_and_prints_its_ratios(
    capsys: pytest.CaptureFixture[str],
) -> None:
    figures = delivery.run(delivery.QUICK, record=False)
    assert figures.right == figures.count == delivery.QUICK
    assert figures.messages == delivery.QUICK * (delivery.STORIES + 1)
    assert figures.doubled == figures.doubled_after == 0
    assert figures.again == {"skipped": delivery.QUICK}
    assert figures.rate_violations == 0  # the pacer kept to the fake's limits
    # Nobody beats the limits Slack sets, bare posts included.
    assert figures.seconds >= figures.ceiling and figures.bare >= figures.ceiling
    out = capsys.readouterr().out
    assert "ratio" in out and "bare posts" in out
