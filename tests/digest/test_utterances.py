"""Key quotes are whole utterances; a speaker must name someone."""

from __future__ import annotations

import pytest

from bot.digest.stories import Item, make_story
from bot.digest.utterances import names_someone, whole_utterances
from bot.ingest.readers import read_path
from bot.model import Quote, Story
from bot.nlp.analyze import analyze
from bot.resources import resource_dir

SAMPLES = resource_dir("samples")


def _story(name: str) -> Story:
    (read,) = read_path(SAMPLES / name)
    analysis = analyze(read)
    return make_story([Item(1, read, analysis.quotes, analysis.summary)])


def _quote(text: str, utterance: int, start: int = 0) -> Quote:
    return Quote(text, start, start + len(text), "Helen Carraway", None, utterance)


def test_a_chosen_part_brings_every_part_of_its_utterance_in_text_order() -> None:
    first, second, other = _quote("A,", 0, 0), _quote("B.", 0, 10), _quote("C.", 1, 20)
    assert whole_utterances([second], [first, second, other]) == (first, second)
    assert whole_utterances([other, second, first], [first, second, other]) == (
        other,
        first,
        second,
    )


def test_a_story_never_shows_the_second_half_of_a_split_quote_alone() -> None:
    # The Ledger: "We are not yet at the point ...," Carraway said. "But the direction ..."
    texts = [q.text for q in _story("ledger-boe-rate-decision.html").key_quotes]
    second = next(i for i, t in enumerate(texts) if t.startswith("But the direction"))
    assert second > 0 and texts[second - 1].startswith("We are not yet at the point")


def test_minutes_are_no_speaker() -> None:
    # '"...," minutes released on Wednesday showed.'
    story = _story("harbor-daily-fed-minutes.txt")
    assert "minutes" not in {q.speaker for q in story.quotes}
    assert "Alicia Romero" in {q.speaker for q in story.quotes}


@pytest.mark.parametrize(
    ("speaker", "named"),
    [
        ("Helen Carraway", True),
        ("White House official", True),
        ("a spokesperson for Eastquay Terminals", True),
        ("analysts", True),
        ("a spokesperson", True),
        ("minutes", False),
        ("data", False),
        ("", False),
        (None, False),
    ],
)
def test_a_speaker_must_name_someone(speaker: str | None, named: bool) -> None:
    assert names_someone(speaker) is named
