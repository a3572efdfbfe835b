"""Each named speaker rule, on sentences written for these tests."""

from __future__ import annotations

import pytest

from bot.nlp.quotes import explain_quotes, find_quotes
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


CONTEXT_CASES = [
    # No speech verb anywhere: the sentence's subject is who the partial quote belongs to.
    ('Ann Lee was sure that the council "never listens to the crews".', Rule.CONTEXT_SUBJECT),
    # A quote that opens its sentence, with narrative between it and the paragraph's speaker.
    (
        'Ann Lee said the pumps were ready. The crew cheered. "We never doubted the pumps '
        'for one moment." The tide turned at noon.',
        Rule.CONTEXT_SPEAKER,
    ),
]


@pytest.mark.parametrize(("text", "rule"), CONTEXT_CASES)
def test_context_rules_are_the_last_resort(text: str, rule: Rule) -> None:
    found = [e for e in explain_quotes(text) if e.rule == rule]
    assert [e.quote.speaker for e in found] == ["Ann Lee"]
    start, end = found[0].decided_by.evidence or (0, 0)
    assert text[start:end] == "Ann Lee"


def test_a_sentence_opened_by_a_capitalised_word_has_no_context_speaker() -> None:
    [found] = explain_quotes('Underneath, someone had written "Keep the harbour open for us all".')
    assert found.quote.speaker is None and found.rule == Rule.NONE


def test_a_pronoun_skips_the_person_whose_first_name_says_otherwise() -> None:
    text = (
        "Ann Lee and Tom Hart inspected the pumps on Monday. Hart said they were new.\n\n"
        '"They will hold," she said.'
    )
    [found] = explain_quotes(text)
    assert found.quote.speaker == "Ann Lee"


def test_a_title_stops_at_a_bracketed_aside() -> None:
    text = (
        "Ann Lee, a harbour pilot and member of the Crew Union (the oldest in the port), "
        'said the pumps "will hold through the whole of the winter storms".'
    )
    [found] = explain_quotes(text)
    assert found.quote.speaker_title == "harbour pilot and member of the Crew Union"


def test_a_context_quote_keeps_two_words_but_not_one() -> None:
    two = explain_quotes('Ann Lee was sure the new pumps were "simply wonderful" in the flood.')
    one = explain_quotes('Ann Lee was sure the new pumps were "wonderful" in the flood.')
    assert [e.quote.speaker for e in two] == ["Ann Lee"] and one == []


def test_a_party_and_state_in_brackets_do_not_end_the_attribution_sentence() -> None:
    text = (
        '"We will not wait for the flood," said Senate Minority Whip Ann Lee (D-Maine) in an '
        'interview. "The pumps must be bought this year."'
    )
    _, second = explain_quotes(text)
    assert second.rule == Rule.SAME_UTTERANCE
    assert (second.quote.speaker, second.quote.speaker_title) == (
        "Ann Lee",
        "Senate Minority Whip",
    )


def test_a_lone_surname_that_speaks_is_someone_a_pronoun_can_mean() -> None:
    text = 'Okafor said the pumps were ready.\n\n"They will hold all winter," he said.'
    assert [q.speaker for q in find_quotes(text)] == ["Okafor"]


def test_context_rules_also_answer_when_a_rule_found_a_verb_but_no_speaker() -> None:
    text = (
        "Under the heading of safety, Ann Lee described the move as a breach of "
        'trust, adding: "The pumps were never tested at all."'
    )
    [found] = explain_quotes(text)
    assert found.quote.speaker == "Ann Lee" and found.rule == Rule.CONTEXT_SUBJECT
    assert any(c.rule == Rule.CLAUSE_SUBJECT for c in found.candidates)


@pytest.mark.parametrize(
    "text",
    [
        '"We will not wait for the flood" if the pumps fail, Ann Lee said.',
        '"We will not wait for the flood" if the pumps fail, said Ann Lee, a pilot.',
    ],
)
def test_a_tag_ending_the_quotes_sentence_names_the_speaker(text: str) -> None:
    [found] = explain_quotes(text)
    assert found.quote.speaker == "Ann Lee" and found.rule == Rule.AFTER_SENTENCE_TAG


def test_a_sentence_tag_after_another_quotation_is_not_read() -> None:
    text = '"We will not wait" if the pumps fail, and "the yard is ready," said Ann Lee.'
    first, second = explain_quotes(text)
    assert second.quote.speaker == "Ann Lee" and first.rule != Rule.AFTER_SENTENCE_TAG


def test_an_auxiliary_between_speaker_and_verb() -> None:
    [found] = explain_quotes('"We will not wait for the flood," Ann Lee has said.')
    assert found.quote.speaker == "Ann Lee" and found.rule == Rule.AFTER_SPEAKER_VERB


def test_a_second_partial_quote_in_the_sentence_shares_the_first_ones_speaker() -> None:
    text = (
        'Harbour master Ann Lee said the pumps were "remarkable" because they would '
        '"keep the whole yard dry in any flood".'
    )
    first, second = explain_quotes(text)
    assert first.quote.speaker == second.quote.speaker == "Ann Lee"
    assert second.rule == Rule.PARTIAL_PREVIOUS_QUOTE


def test_a_person_after_a_plain_worded_title_is_the_sentence_subject() -> None:
    text = (
        "Veteran harbour front-runner Ann Lee stretched the truth a bit on Monday, when she "
        "claimed the pumps were new.\n\n"
        '"The pumps are ready," she said.'
    )
    assert [q.speaker for q in find_quotes(text)] == ["Ann Lee"]
