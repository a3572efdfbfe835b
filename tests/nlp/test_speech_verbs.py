"""Less common speech verbs tag a quote as "said" does (shapes seen in real news)."""

from __future__ import annotations

import pytest

from bot.nlp.quotes import find_quotes


@pytest.mark.parametrize(
    "text",
    [
        '"Is the bridge really closing in June?" reacted Morwenna Treloar.',
        '"The bridge is closing in June?" Morwenna Treloar repeated.',
        '"Nobody asked the ferrymen," Morwenna Treloar railed.',
        '"I never wanted the job," Morwenna Treloar confided.',
        '"Some of us thought the bridge would last," Morwenna Treloar points out.',
    ],
)
def test_a_less_common_verb_still_names_the_speaker(text: str) -> None:
    [quote] = find_quotes(text)
    assert quote.speaker == "Morwenna Treloar"


def test_a_two_word_verb_tags_the_quote_and_its_continuation() -> None:
    text = (
        "Telling Ansel Kray to sit down, Morwenna Treloar raised her voice.\n\n"
        '"Ansel wants to be a tough guy tonight," Treloar shot back. "Let me talk."\n\n'
        '"You are wrong," Treloar went on. "Completely wrong."'
    )
    assert [(q.text, q.speaker) for q in find_quotes(text)] == [
        ("Ansel wants to be a tough guy tonight,", "Morwenna Treloar"),
        ("Let me talk.", "Morwenna Treloar"),
        ("You are wrong,", "Morwenna Treloar"),
        ("Completely wrong.", "Morwenna Treloar"),
    ]


def test_goes_on_to_say_reaches_back_to_the_subject() -> None:
    text = 'The email goes on to say: "The council wants to close the harbour for good."'
    [quote] = find_quotes(text)
    assert quote.speaker == "email"


def test_on_with_an_object_is_no_speech() -> None:
    text = (
        "Ines Hart said that once the Senate goes on recess, "
        '"I intend to campaign wherever I can be helpful."'
    )
    [quote] = find_quotes(text)
    assert quote.speaker == "Ines Hart"
