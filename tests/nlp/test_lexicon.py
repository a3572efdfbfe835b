"""The word lists are data: a missing space between two lines fuses two words into none."""

from __future__ import annotations

import pytest

from bot.nlp import lexicon


@pytest.mark.parametrize(
    ("words", "expected"),
    [
        (lexicon.ORG_WORDS, {"navy", "co-operative", "airport", "plc", "orchestra"}),
        (lexicon.TITLE_WORDS, {"engineer", "cllr", "prosecutor", "trader", "forecaster"}),
        (lexicon.SPEECH_VERBS, {"shouts", "write", "telling", "joking"}),
        (lexicon.LOWER_CASE_ROLES, {"boss", "baker", "victim", "relative"}),
    ],
)
def test_line_ends_are_whole_words(words: frozenset[str], expected: set[str]) -> None:
    assert expected <= words


def test_no_word_is_two_fused_together() -> None:
    # Every list entry is one lower-case word; a fused pair would be unusually long.
    lists = [v for v in vars(lexicon).values() if isinstance(v, frozenset)]
    longest = max((w for words in lists for w in words), key=len)
    assert len(longest) <= 15, longest  # "communications" is 14; "co-operativenavy" was 16
    assert all(w == w.lower() for words in lists for w in words)
