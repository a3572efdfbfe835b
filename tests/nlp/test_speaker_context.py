"""Speakers on real-news shapes: long asides, bare surnames, spokespeople, carried titles.

Every sentence here was written for these tests.
"""

from __future__ import annotations

from bot.nlp.quotes import explain_quotes
from bot.nlp.rules import Resolution, Rule

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


def test_a_bare_surname_takes_the_full_name_given_earlier() -> None:
    text = (
        "The committee heard from Rep. Dolores Vance Whitfield (D-Fla.) and Sen. Orrin Kalb "
        "(R-Mont.) before the vote.\n\n"
        '"Who signed off on this contract?" Kalb demanded.\n\n'
        '"Is that all?" Vance Whitfield asked.'
    )
    first, second = explain_quotes(text)
    assert (first.quote.speaker, first.quote.speaker_title) == ("Orrin Kalb", "Sen.")
    assert (second.quote.speaker, second.quote.speaker_title) == (
        "Dolores Vance Whitfield",
        "Rep.",
    )
    assert second.decided_by.resolved == Resolution.TITLE_CARRIED


def test_a_spokesperson_speaks_for_the_organisation_just_named() -> None:
    text = (
        "The Halvard Rail Company cancelled all evening services on the coastal line.\n\n"
        '"Safety comes first and we apologise to passengers," a spokesperson said.\n\n'
        'The Orland Water Board raised its charges. "Bills will rise by four per cent," a '
        "statement said."
    )
    first, second = explain_quotes(text)
    assert (first.quote.speaker, first.quote.speaker_title) == (
        "Halvard Rail Company",
        "spokesperson",
    )
    assert first.decided_by.resolved == Resolution.SPOKESPERSON_ORG
    assert second.quote.speaker == "Orland Water Board"


def test_a_spokesperson_with_no_organisation_nearby_stays_as_written() -> None:
    text = (
        "The Halvard Rail Company cancelled its services.\n\nPassengers waited for hours in "
        "the rain. Many gave up and went home.\n\n"
        '"We apologise to everyone," a spokesperson said.'
    )
    [found] = explain_quotes(text)
    assert found.quote.speaker == "a spokesperson"


def test_a_person_with_an_of_org_appositive_is_the_person() -> None:
    text = (
        '"Screening saves lives every day," Tobias Renn, chief executive of Mary\'s Lung '
        "Health Trust, said."
    )
    [found] = explain_quotes(text)
    assert found.quote.speaker == "Tobias Renn"
    assert found.quote.speaker_title == "chief executive of Mary's Lung Health Trust"


def test_a_party_label_before_a_name_is_not_part_of_the_name() -> None:
    text = (
        "Democrat Nora Pell won the county by a wide margin.\n\n"
        '"We earned every vote," Nora Pell said.'
    )
    [found] = explain_quotes(text)
    assert found.quote.speaker == "Nora Pell"


def test_a_title_never_runs_across_a_caption_join() -> None:
    text = (
        "The flood barrier was finished in a row\n"
        'President Ilse Marr opened it on Tuesday. "It will hold," Marr said.\n\n'
        "The ceremony was watched by her daughter\n"
        'Princess Alma Vey. "We are proud," Vey said.'
    )
    first, second = explain_quotes(text)
    assert (first.quote.speaker, first.quote.speaker_title) == ("Ilse Marr", "President")
    assert (second.quote.speaker, second.quote.speaker_title) == ("Alma Vey", "Princess")


def test_a_title_from_an_earlier_mention_carries_to_every_later_quote() -> None:
    text = (
        "Ines Kalnins, the harbour master, inspected the pumps on Monday.\n\n"
        '"The pumps are ready," Kalnins said.\n\n'
        '"We checked every one," she added.\n\n'
        'Ines Kalnins told the crowd: "Go home safely."\n\n'
        '"It is a good day," said Kalnins.'
    )
    found = explain_quotes(text)
    assert [(f.quote.speaker, f.quote.speaker_title) for f in found] == [
        ("Ines Kalnins", "harbour master")
    ] * 4


def test_a_subject_before_a_long_aside_keeps_the_quote_after_the_verb() -> None:
    text = (
        "Lena Voss, who advised three governors over two decades and now teaches at the state "
        'university in the capital, told the students: "Listen first."'
    )
    [found] = explain_quotes(text)
    assert found.quote.speaker == "Lena Voss"
    assert found.rule == Rule.BEFORE_SPEAKER_ASIDE_VERB


def test_a_place_inside_the_aside_is_not_the_speaker() -> None:
    text = (
        "Dale Hutton, a 61-year-old welder from Mercer, Ohio, says the party must "
        '"listen to the workers first."'
    )
    [found] = explain_quotes(text)
    assert found.quote.speaker == "Dale Hutton"


def test_a_headline_run_read_as_a_name_gives_way_to_the_name_itself() -> None:
    text = (
        "Glenn Vale Blasts Critics\n\n"
        "Radio host Glenn Vale hit back at his critics on Tuesday.\n\n"
        '"They have never filled a sandbag," Vale said.'
    )
    [found] = explain_quotes(text)
    assert found.quote.speaker == "Glenn Vale"
    assert found.decided_by.resolved in (Resolution.FULL_NAME, Resolution.TITLE_CARRIED)


def test_a_name_inside_a_headline_run_is_the_name() -> None:
    text = (
        "Mock Lindsay Crane Plan\n\n"
        "Lindsay Crane presented the harbour budget on Monday.\n\n"
        '"It adds up," Crane said.'
    )
    [found] = explain_quotes(text)
    assert found.quote.speaker == "Lindsay Crane"
