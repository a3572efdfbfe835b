from __future__ import annotations

from bot.model import Quote
from bot.nlp.ranking import key_quotes, rank_quotes

TEXT = "x" * 1000


def _q(text: str, speaker: str | None, start: int = 0, utterance: int = 0) -> Quote:
    return Quote(text, start, start + len(text), speaker, None, utterance)


def test_attributed_full_thought_beats_a_fragment_and_an_anonymous_quote() -> None:
    fragment = _q("reckless", "Ann Lee", 10, 0)
    anonymous = _q("The bus lanes will cut journey times for every passenger in town", None, 20, 1)
    best = _q("The bus lanes will cut journey times for every passenger in town", "Ann Lee", 30, 2)
    ranked = rank_quotes([fragment, anonymous, best], title="New bus lanes approved", text=TEXT)
    assert ranked[0] is best
    assert ranked[-1] is fragment


def test_key_quotes_skip_trivial_ones_and_repeat_no_utterance() -> None:
    a = _q(
        "We will build the new bridge before the winter comes, whatever it costs", "Ann Lee", 0, 0
    )
    a2 = _q("And we will build it on time and on budget for the whole city", "Ann Lee", 90, 0)
    b = _q("The bridge is a waste of money that the city does not have", "Bo Chen", 200, 1)
    trivial = _q("No comment", "Cy Diaz", 300, 2)
    chosen = key_quotes([a, a2, b, trivial], title="City to build bridge", text=TEXT)
    assert len(chosen) == 2
    assert {q.utterance for q in chosen} == {0, 1}
    assert trivial not in key_quotes([trivial], title="x", text=TEXT)


def test_a_second_speaker_beats_the_first_speaker_s_second_quote() -> None:
    a1 = _q("We will build the new bridge before the winter comes, whatever it costs", "Ann Lee")
    a2 = _q(
        "The bridge will carry trams, bicycles and buses from the very first day", "Ann Lee", 90, 1
    )
    b = _q("It is a waste of money", "Bo Chen", 200, 2)
    chosen = key_quotes([a1, a2, b], title="City to build new bridge before winter", text=TEXT)
    assert [q.speaker for q in chosen] == ["Ann Lee", "Bo Chen"]


def test_one_speaker_alone_still_gets_two_key_quotes() -> None:
    a1 = _q("We will build the new bridge before the winter comes, whatever it costs", "Ann Lee")
    a2 = _q(
        "The bridge will carry trams, bicycles and buses from the very first day", "Ann Lee", 90, 1
    )
    assert len(key_quotes([a1, a2], title="City to build bridge", text=TEXT)) == 2
