from __future__ import annotations

import pytest

from bot.nlp.speakermatch import match_kind, speaker_matches


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
