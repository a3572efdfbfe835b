"""'As X put it:' names X as the speaker, with an aside after the name too."""

from __future__ import annotations

import pytest

from bot.nlp.quotes import find_quotes


@pytest.mark.parametrize(
    "text",
    [
        'As Ansel Kray put it: "This plan will not pass."',
        'As Ansel Kray, a council member, put it: "This plan will not pass."',
        'Few met him. As Ansel Kray, the No. 2 in the SNP leadership, put it: "It will fail."',
    ],
)
def test_as_someone_put_it_names_them(text: str) -> None:
    [quote] = find_quotes(text)
    assert quote.speaker == "Ansel Kray"


def test_as_opening_a_clause_still_is_no_subject() -> None:
    # "As" here opens a clause about the vote; the speaker is the sentence's own subject.
    text = 'As the vote neared, Morwenna Treloar, the chair, said: "We are ready."'
    [quote] = find_quotes(text)
    assert quote.speaker == "Morwenna Treloar"
