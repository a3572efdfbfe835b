"""Name matching for ``who NAME``: surname, full name and title forms; close names."""

from __future__ import annotations

import pytest

from bot.who.names import means, name_key, name_words, suggestions, surname_key

USHAKOV = name_words("Yuri Ushakov")
AIDE = name_words("Kremlin aide")


@pytest.mark.parametrize(
    "query",
    [
        "Ushakov",
        "ushakov",
        "USHAKOV",
        "Yuri Ushakov",
        "yuri ushakov",
        "Kremlin aide Yuri Ushakov",
        "kremlin aide ushakov",
        "Ushakov's",
        "Ushakov’s",
    ],
)
def test_surname_full_name_and_title_forms_mean_the_speaker(query: str) -> None:
    assert means(name_words(query), USHAKOV, AIDE)


@pytest.mark.parametrize(
    "query", ["Dmitry Ushakov", "Ushakova", "Yuri", "Kremlin spokesman Ushakov", "Yuri Ivanov"]
)
def test_other_people_are_not_the_speaker(query: str) -> None:
    assert not means(name_words(query), USHAKOV, AIDE)


def test_keys_fold_accents_articles_and_suffixes() -> None:
    assert name_key("José Martínez Jr.") == "jose martinez"
    assert surname_key("the Bank of England") == "england"
    assert means(name_words("Jose Martinez"), name_words("José Martínez"))
    assert means(name_words("Bank of England"), name_words("the Bank of England"))
    assert name_words("  ,, ") == ()


def test_a_stored_surname_only_speaker_is_found_by_the_full_name() -> None:
    assert means(name_words("Yuri Ushakov"), name_words("Ushakov"))


def test_close_names_are_suggested_best_first() -> None:
    keys = [name_key(n) for n in ("Yuri Ushakov", "Arkady Voronin", "Laura Whitfield")]
    assert suggestions("Ushakow", keys)[0] == "yuri ushakov"
    assert suggestions("Laura Whitfeld", keys)[0] == "laura whitfield"
    assert suggestions("Quetzalcoatl", keys) == []
