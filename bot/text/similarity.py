"""Text similarity shared by the store (copy detection) and the digest (story clustering).

Two copies of one text share most of their word n-gram *shingles*; the Jaccard similarity of
the shingle sets says how much of the text they share. Each caller tokenises in its own way
(the store by raw words, the digest by topic words) and passes the tokens in.
"""

from __future__ import annotations

from collections.abc import Sequence

SHINGLE_WORDS = 5


def shingles(tokens: Sequence[str], size: int = SHINGLE_WORDS) -> frozenset[str]:
    """The runs of ``size`` consecutive tokens, joined by spaces; a shorter text is one run."""
    if len(tokens) < size:
        return frozenset({" ".join(tokens)}) if tokens else frozenset()
    # zip of the shifted token lists yields each run: the loop stays in C, which counts when
    # every article saved is shingled.
    return frozenset(map(" ".join, zip(*(tokens[i:] for i in range(size)), strict=False)))


def jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    """Shared share of the union; 0.0 when either is empty."""
    if not a or not b:
        return 0.0
    shared = len(a & b)
    return shared / (len(a) + len(b) - shared)


def may_reach(a: frozenset[str], b: frozenset[str], threshold: float) -> bool:
    """Whether ``jaccard(a, b)`` can be ``threshold`` or more, judged by the sizes alone.

    The overlap is at most the smaller set and the union at least the larger one, so sets of
    very different sizes are ruled out without comparing them.
    """
    small, large = sorted((len(a), len(b)))
    # The same division ``jaccard`` makes when one set holds the other: no rounding gap.
    return large > 0 and small / large >= threshold


def sample_may_reach(
    sample: frozenset[str], size: int, b: frozenset[str], threshold: float
) -> bool:
    """Whether ``jaccard(a, b)`` can be ``threshold`` or more, judged by ``sample``, a few
    elements of ``a`` (which has ``size`` elements).

    Reaching it takes an overlap of ``threshold * (|a| + |b|) / (1 + threshold)``, so at most
    ``|a|`` minus that many elements of ``a`` may be missing from ``b``; the sample's misses
    are some of them. A stranger misses with nearly every sampled element and is ruled out
    at a fraction of the cost of a full comparison.
    """
    allowed = size - threshold * (size + len(b)) / (1 + threshold)
    return len(sample - b) <= allowed + 1e-9  # the margin absorbs float rounding
