"""Military grades before a name ("Staff Sgt.", "1st Lt.", "Sgt. Maj.") are titles, not names."""

from __future__ import annotations

import pytest

from bot.nlp.quotes import find_quotes
from bot.nlp.tokens import tokenize


@pytest.mark.parametrize(
    ("text", "speaker", "title"),
    [
        ('"We held the line," said Army Staff Sgt. Orla Venn.', "Orla Venn", "Army Staff Sgt."),
        ('"We held the line," Marine Cpl. Dace Mull said.', "Dace Mull", "Marine Cpl."),
        ('"We held," said Sgt. Maj. Bo Tull.', "Bo Tull", "Sgt. Maj."),
        ('"I hoped for more," said Air Force 1st Lt. Tavin Ross.', "Tavin Ross", "Lt."),
    ],
)
def test_a_grade_is_the_title_and_the_name_follows(text: str, speaker: str, title: str) -> None:
    [quote] = find_quotes(text)
    assert (quote.speaker, quote.speaker_title) == (speaker, title)


def test_an_ordinal_is_one_token() -> None:
    assert [t.text for t in tokenize("the 21st and 2nd, 3.5% and 1stop")] == [
        "the", "21st", "and", "2nd", ",", "3.5%", "and", "1", "stop",
    ]  # fmt: skip


def test_an_ordinal_in_a_headline_joins_no_name() -> None:
    text = (
        "Bank Renames Ines Hart for 2nd Term at Harbour Trust.\n\n"
        '"We will keep the port open," said Ines Hart.'
    )
    [quote] = find_quotes(text)
    assert quote.speaker == "Ines Hart"
