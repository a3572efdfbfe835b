"""Shingles and Jaccard similarity, shared by copy detection and story clustering."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from bot.text.similarity import jaccard, may_reach, sample_may_reach, shingles

WORDS = "the tide rose over the old quay wall before dawn on sunday".split()


def test_shingles_are_runs_of_five_words() -> None:
    runs = shingles(WORDS)
    assert len(runs) == len(WORDS) - 4
    assert "the tide rose over the" in runs and "before dawn on sunday" not in runs
    assert shingles(WORDS[:3]) == frozenset({"the tide rose"})
    assert shingles([]) == frozenset()
    assert shingles(WORDS, size=2) >= {"old quay", "on sunday"}


def test_jaccard_of_copies_and_strangers() -> None:
    text = shingles(WORDS)
    dated = shingles(["ostby", "wire", *WORDS])
    assert jaccard(text, text) == 1.0
    assert 0.7 < jaccard(text, dated) < 1.0
    assert jaccard(text, shingles("a different story about frost".split())) == 0.0
    assert jaccard(text, frozenset()) == 0.0


@given(
    st.frozensets(st.integers(0, 30).map(str), max_size=25),
    st.frozensets(st.integers(0, 30).map(str), max_size=25),
    st.floats(0.0, 1.0),
)
def test_may_reach_never_rules_out_a_pair_that_reaches(
    a: frozenset[str], b: frozenset[str], threshold: float
) -> None:
    if jaccard(a, b) >= threshold and (a and b):
        assert may_reach(a, b, threshold)


@given(
    st.frozensets(st.integers(0, 30).map(str), min_size=1, max_size=25),
    st.frozensets(st.integers(0, 30).map(str), min_size=1, max_size=25),
    st.integers(0, 25),
    st.sampled_from([0.5, 0.8, 0.9, 1.0]),
)
def test_a_sample_never_rules_out_a_pair_that_reaches(
    a: frozenset[str], b: frozenset[str], take: int, threshold: float
) -> None:
    sample = frozenset(sorted(a)[:take])
    if jaccard(a, b) >= threshold:
        assert sample_may_reach(sample, len(a), b, threshold)


def test_a_sample_rules_out_strangers() -> None:
    text = shingles(WORDS)
    other = shingles("frost killed the blossom on the northern slopes in may".split())
    sample = frozenset(sorted(text)[:4])
    assert not sample_may_reach(sample, len(text), other, 0.8)
    assert sample_may_reach(sample, len(text), text, 0.8)
