"""Speakers on real-news shapes: long asides, bare surnames, spokespeople, carried titles.

Every sentence here was written for these tests.
"""

from __future__ import annotations

from bot.nlp.quotes import explain_quotes
from bot.nlp.rules import Rule

LONG_ASIDE = (
    '"The harbour will not close this winter," Marta Quillon, who served as transport '
    "commissioner for the northern district under the previous administration of Governor "
    'Alden Frey, told reporters at the ferry terminal on Monday. "We have the money for it."'
)


def test_a_long_relative_clause_keeps_the_speaker_for_both_parts() -> None:
    first, second = explain_quotes(LONG_ASIDE)
    assert first.quote.speaker == "Marta Quillon"
    assert first.rule == Rule.AFTER_SPEAKER_ASIDE_VERB
    assert second.quote.speaker == "Marta Quillon"


def test_a_long_appositive_keeps_the_speaker() -> None:
    text = (
        '"Voters want the bridge repaired before anything else," county pollster Dov Armitage, '
        "one of the three analysts commissioned by the regional council to run the spring "
        "survey of residents, told the Gazette."
    )
    [found] = explain_quotes(text)
    assert found.quote.speaker == "Dov Armitage"


def test_a_list_of_names_is_not_an_aside() -> None:
    text = (
        '"We walked out together," Ana Lee, Bo Park, Cy Dunn and Di Moss, all of the night '
        "shift at the plant, said in a statement."
    )
    [found] = explain_quotes(text)
    assert found.quote.speaker != "Ana Lee"
