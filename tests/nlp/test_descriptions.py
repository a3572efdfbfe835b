"""A description for a speaker ("the GOP front-runner said") is read as written."""

from __future__ import annotations

from bot.nlp.names import is_role_word
from bot.nlp.quotes import find_quotes


def test_a_hyphenated_role_noun_is_a_role() -> None:
    assert is_role_word("front-runner") and is_role_word("co-founder")
    assert not is_role_word("long-term")


def test_a_hyphenated_role_noun_ends_a_description_speaker() -> None:
    text = 'The GOP front-runner said the mayor "caused tremendous damage" to the port.'
    [quote] = find_quotes(text)
    assert quote.speaker == "GOP front-runner"


def test_a_capitalised_preposition_opening_the_phrase_is_not_the_speaker() -> None:
    text = (
        'What the survey means. From the report: "In general, samples with longer field '
        'periods produced better estimates."'
    )
    [quote] = find_quotes(text)
    assert quote.speaker == "report"


def test_former_at_a_sentence_start_is_no_first_name() -> None:
    text = (
        'Former Ross speechwriter Ines Hart thinks the plan is "a disaster for the port".\n\n'
        "Many donors, like Ross, Tavin Ross, who has given money to others, said it was "
        '"a disaster for all".'
    )
    speakers = [q.speaker for q in find_quotes(text)]
    assert speakers[0] == "Ines Hart"
    assert "Former Ross" not in speakers


def test_a_pronoun_is_never_printed_as_a_speaker() -> None:
    text = (
        "It’s not enough to look representative - More from the report: "
        '"Today numerous vendors condition their samples on many things."'
    )
    [quote] = find_quotes(text)
    assert quote.speaker is None or quote.speaker.lower() not in ("it", "it’s")
