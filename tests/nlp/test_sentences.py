from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.nlp.sentences import sentences, split_sentences

HARD_CASES = [
    # A US dateline: the state's full stop does not end the sentence; in prose it may.
    (
        "DARLOW, Pa. (AP) — A former treasurer was sentenced Thursday. He wept.",
        ["DARLOW, Pa. (AP) — A former treasurer was sentenced Thursday.", "He wept."],
    ),
    (
        "He moved to Erie, Pa. The city welcomed him.",
        ["He moved to Erie, Pa.", "The city welcomed him."],
    ),
    (
        "Officials in the U.S. said on Tuesday the deal was off. Talks resume next week.",
        ["Officials in the U.S. said on Tuesday the deal was off.", "Talks resume next week."],
    ),
    (
        "Mr. Smith met Dr. Jones on Jan. 5 at No. 10 Downing Street. They talked.",
        ["Mr. Smith met Dr. Jones on Jan. 5 at No. 10 Downing Street.", "They talked."],
    ),
    (
        "The meeting began at 9 a.m. and ended at noon. Nobody left.",
        ["The meeting began at 9 a.m. and ended at noon.", "Nobody left."],
    ),
    (
        'The vote closed at 8 p.m. "We won," she said.',
        ["The vote closed at 8 p.m.", '"We won," she said.'],
    ),
    (
        "J. R. R. Tolkien wrote the book. George W. Bush read it.",
        ["J. R. R. Tolkien wrote the book.", "George W. Bush read it."],
    ),
    (
        "Inflation rose 3.5% in March. It was 3.2%.",
        ["Inflation rose 3.5% in March.", "It was 3.2%."],
    ),
    ("He paused... then left. Nobody followed.", ["He paused... then left.", "Nobody followed."]),
    (
        '"We are ready. We have always been ready," she said. The crowd cheered.',
        ['"We are ready. We have always been ready," she said.', "The crowd cheered."],
    ),
    (
        "“It is over.” Then she left.",
        ["“It is over.”", "Then she left."],
    ),
    (
        'Prices fell 2.1 per cent. "That is good news," Ms. Lee said.',
        ["Prices fell 2.1 per cent.", '"That is good news," Ms. Lee said.'],
    ),
    ('He asked, "Why now?" Nobody answered.', ['He asked, "Why now?"', "Nobody answered."]),
    (
        "He lives in the U.S. The rest stay in Canada.",
        ["He lives in the U.S.", "The rest stay in Canada."],
    ),
    ("Acme Inc. said profits rose. Shares fell.", ["Acme Inc. said profits rose.", "Shares fell."]),
    ("A headline with no stop\n\nThe body.", ["A headline with no stop", "The body."]),
    # Run-together initials never end a sentence; "D.C." still may.
    (
        "Jazz pianist R.T. Alder was taken to hospital in Memphis. He is 84.",
        ["Jazz pianist R.T. Alder was taken to hospital in Memphis.", "He is 84."],
    ),
    (
        "Novelist P.J. Quarry signed copies in Leeds. J.R.R. Tolkien fans queued too.",
        ["Novelist P.J. Quarry signed copies in Leeds.", "J.R.R. Tolkien fans queued too."],
    ),
    (
        "She flew to Washington D.C. The talks began at once.",
        ["She flew to Washington D.C.", "The talks began at once."],
    ),
    # A CNN-style dateline glued to "U.S." does not hide the abbreviation.
    (
        "(CNN)U.S. District Judge Ana Roe was hurt. She is recovering.",
        ["(CNN)U.S. District Judge Ana Roe was hurt.", "She is recovering."],
    ),
]


def test_a_stray_quote_mark_in_text_without_paragraph_breaks_holds_no_sentence_open() -> None:
    # One unpaired mark early on pairs every later mark wrongly; the sentences still split.
    filler = " ".join(
        f"Crews cleared road number {n} of fallen trees on Sunday." for n in range(30)
    )
    text = f'The storm hit at dawn, a "record gust. {filler} "It was wild," said Ola Berg. Done.'
    got = sentences(text)
    assert max(len(s) for s in got) < 400
    assert "Crews cleared road number 12 of fallen trees on Sunday." in got


@pytest.mark.parametrize(("text", "expected"), HARD_CASES)
def test_hard_cases(text: str, expected: list[str]) -> None:
    assert sentences(text) == expected


def test_empty_and_blank_text_have_no_sentences() -> None:
    assert split_sentences("") == []
    assert split_sentences(" \n\n \t") == []


@given(st.text(alphabet=st.sampled_from(list("ab .?!\"'“”\n U.S.Mr")), max_size=200))
def test_spans_are_ordered_trimmed_and_inside_the_text(text: str) -> None:
    spans = split_sentences(text)
    last_end = 0
    for start, end in spans:
        assert last_end <= start < end <= len(text)
        assert not text[start].isspace() and not text[end - 1].isspace()
        last_end = end
