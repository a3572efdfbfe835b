from __future__ import annotations

import pytest

from bot.nlp.speakermatch import is_nameable, match_kind, speaker_matches


@pytest.mark.parametrize(
    ("predicted", "source", "kind"),
    [
        ("the harbour board", "Harbour board", "same"),
        ("Ines Varga", "Mayor Ines Varga, who chairs the council,", "name"),
        ("Ines Varga", "Varga", "name"),
        ("Ines Varga", "Mrs. Varga", "name"),
        ("Ana Lee", "Dr. Ana Lee of the Coastal Institute", "name"),
        ("Tom Kerr", "Minister of State Tom Kerr", "name"),
        ("Harbour Trust", "a spokeswoman for the Harbour Trust", "name"),
        ("Harbour Trust", "the Harbour Trust press office", "inside"),
        ("Rob P. Casey", "Sen. Rob P. Casey Jr. (D-Pa.), a supporter", "name"),
        ("Brent Bozell III", "Bozell", "name"),
    ],
)
def test_matches(predicted: str, source: str, kind: str) -> None:
    assert match_kind(predicted, source) == kind


@pytest.mark.parametrize(
    ("predicted", "source"),
    [
        ("Ines Varga", "Piet Varga"),  # another first name: another person
        ("Varga", "Varga campaign manager Joe Dunn"),  # a name after it: someone else spoke
        (None, "Ines Varga"),
        ("Ines Varga", None),
        ("Ines Varga", "he"),  # a pronoun without a coreference chain cannot be checked
    ],
)
def test_mismatches(predicted: str | None, source: str | None) -> None:
    assert not speaker_matches(predicted, source)


def test_a_pronoun_matches_through_its_coreference_chain() -> None:
    assert match_kind("Ines Varga", "she", ["Mayor Ines Varga", "Varga"]) == "coref"
    assert not speaker_matches("Piet Roos", "she", ["Mayor Ines Varga"])


def test_none_matches_an_unsourced_quote() -> None:
    assert speaker_matches(None, None)


def test_a_name_set_off_after_a_role_is_the_name_head() -> None:
    source = "the port's deputy harbour master, Ann Lee, who joined in May"
    assert match_kind("Ann Lee", source) == "name"
    assert match_kind("Tom Hart", source) == ""


@pytest.mark.parametrize(
    ("source", "coref", "nameable"),
    [
        (None, (), True),  # unsourced: None is the right answer
        ("Sen. Ann Lee (D-Maine)", (), True),
        ("a spokesman for the Lee campaign", (), True),
        ("he", ("Ann Lee",), True),
        ("he", (), False),
        ("I", (), False),
        ("the official", (), False),
    ],
)
def test_nameable_sources(source: str | None, coref: tuple[str, ...], nameable: bool) -> None:
    assert is_nameable(source, coref) is nameable


def test_a_description_matches_before_its_complement_only() -> None:
    assert match_kind("a longtime adviser", "a longtime adviser to the mayor") == "same"
    assert match_kind("the base chief", "the base chief known as Bob") == "same"
    assert match_kind("adviser", "a longtime adviser to the mayor") == ""
    assert match_kind("a longtime adviser", "a longtime adviser of ships") == ""


def test_a_surname_alone_matches_wherever_it_stands_in_a_full_name() -> None:
    assert match_kind("Gao Junlan", "Ms. Gao") == "name"  # surname first
    assert match_kind("Melba Acosta Febo", "Ms. Acosta") == "name"  # two surnames
    assert match_kind("Acosta Foundation", "Acosta") == ""  # an organisation named for them
    assert match_kind("Ann Gao", "Tom Junlan Gao") == ""  # a full name must agree at its end
