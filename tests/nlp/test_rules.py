"""Each named speaker rule, on sentences written for these tests."""

from __future__ import annotations

import pytest

from bot.nlp.quotes import explain_quotes
from bot.nlp.rules import Resolution, Rule

CASES = [
    ('"The pumps are ready," said Ann Lee, head of the crew.', Rule.AFTER_VERB_SPEAKER),
    ('"The pumps are ready," Ann Lee said.', Rule.AFTER_SPEAKER_VERB),
    ('"The pumps are ready for the flood," according to Ann Lee.', Rule.AFTER_ACCORDING),
    ('"The pumps are ready for the flood," in the words of Ann Lee.', Rule.AFTER_WORDS_OF),
    ('Ann Lee said: "The pumps are ready for the flood."', Rule.BEFORE_SPEAKER_VERB),
    ('Ann Lee: "The pumps are ready for the flood."', Rule.BEFORE_NAME_COLON),
    ('Ann Lee had a word for the crew: "The pumps are ready."', Rule.BEFORE_COLON_SUBJECT),
    ('According to Ann Lee, "the pumps are ready for the flood."', Rule.BEFORE_ACCORDING),
    ('Ann Lee said the pump plan was "reckless".', Rule.PARTIAL_FRAMING),
    ('According to Ann Lee, the plan is "reckless and unfair to farmers".', Rule.PARTIAL_ACCORDING),
    ('Ann Lee nodded and said: "The pumps are ready for the flood."', Rule.CLAUSE_SUBJECT),
    (
        'Ann Lee said she checked the pumps at night.\n\n"My father taught me to check twice."',
        Rule.CARRIED_OVER,
    ),
]


@pytest.mark.parametrize(("text", "rule"), CASES)
def test_each_rule_names_itself(text: str, rule: Rule) -> None:
    [found] = explain_quotes(text)
    assert found.quote.speaker == "Ann Lee"
    assert found.rule == rule
    assert found.decided_by.evidence is not None
    start, end = found.decided_by.evidence
    assert "Lee" in text[start:end] or rule == Rule.CARRIED_OVER


def test_a_later_part_of_an_utterance_says_so() -> None:
    first, second = explain_quotes('"The pumps are ready," Ann Lee said. "The crew is too."')
    assert first.rule == Rule.AFTER_SPEAKER_VERB and second.rule == Rule.SAME_UTTERANCE
    assert second.quote.speaker == "Ann Lee"


def test_no_rule_no_speaker() -> None:
    [found] = explain_quotes('The banner read "Keep the harbour open for all of us".')
    assert found.quote.speaker is None and found.rule == Rule.NONE


def test_resolutions_are_named() -> None:
    text = (
        "Harbour master Ann Lee inspected the pumps on Monday.\n\n"
        '"The pumps are ready," Lee said.\n\n'
        '"We checked every one," she added.'
    )
    first, second = explain_quotes(text)
    assert first.decided_by.resolved == Resolution.TITLE_CARRIED
    assert (first.quote.speaker, first.quote.speaker_title) == ("Ann Lee", "Harbour master")
    assert second.decided_by.resolved == Resolution.PRONOUN and second.quote.speaker == "Ann Lee"


def test_candidates_list_every_rule_that_read_something() -> None:
    [found] = explain_quotes('Ann Lee said: "The pumps are ready for the flood," adding little.')
    got = [(c.rule, c.speaker) for c in found.candidates]
    assert got == [(Rule.AFTER_VERB_SPEAKER, None), (Rule.BEFORE_SPEAKER_VERB, "Ann Lee")]
    assert found.rule == Rule.BEFORE_SPEAKER_VERB
