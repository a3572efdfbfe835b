from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.model import Article
from bot.nlp.quotes import find_quotes


def _texts(text: str) -> list[str]:
    return [q.text for q in find_quotes(text)]


def test_span_is_the_content_inside_the_marks_with_its_punctuation() -> None:
    text = '"It is over," she said.'
    (quote,) = find_quotes(text)
    assert quote.text == "It is over," == text[quote.start : quote.end]


def test_curly_quotes_and_guillemets() -> None:
    assert _texts("“We are ready,” he said.") == ["We are ready,"]
    (quote,) = find_quotes("«Nous sommes prêts», said union leader Jean Dupont.")
    assert (quote.text, quote.speaker) == ("Nous sommes prêts", "Jean Dupont")


def test_multi_sentence_quote_is_one_quote() -> None:
    text = '"We came in good faith. They did not," Haddad told reporters.'
    assert _texts(text) == ["We came in good faith. They did not,"]


def test_split_quote_parts_share_an_utterance_and_speaker() -> None:
    text = 'Mayor Ann Lee spoke. "A plan," she said. "And a budget."'
    first, second = find_quotes(text)
    assert first.utterance == second.utterance
    assert first.speaker == second.speaker == "Ann Lee"


def test_quote_continued_over_paragraphs() -> None:
    text = (
        "Housing Minister Priya Natarajan said:\n\n"
        '"For too long, young people were told to wait.\n\n'
        '"That ends now. We will build."'
    )
    parts = find_quotes(text)
    assert [q.text for q in parts] == [
        "For too long, young people were told to wait.",
        "That ends now. We will build.",
    ]
    assert {q.utterance for q in parts} == {parts[0].utterance}
    assert {q.speaker for q in parts} == {"Priya Natarajan"}


def test_single_quotes_nested_inside_stay_in_the_quote() -> None:
    text = "\"They told us 'wait and see' for a year,\" said union leader Erik Dahl."
    (quote,) = find_quotes(text)
    assert quote.text == "They told us 'wait and see' for a year,"
    assert quote.speaker == "Erik Dahl"


def test_headline_quote_with_colon_and_single_quotes() -> None:
    (quote,) = find_quotes("Biden: 'We will not back down'")
    assert quote.text == "We will not back down"
    assert quote.speaker == "Biden"


def test_scare_quotes_and_titles_are_left_out() -> None:
    text = (
        'The so-called "pedestrian weekends" begin in May. The festival opened with '
        '"The Long Walk North", a documentary.'
    )
    assert find_quotes(text) == []


@pytest.mark.parametrize(
    "text",
    [
        # A title in title case, small words in lower case.
        'The study, titled "Sleep and Memory in the Older Brain," appears today.',
        # A product name inside reported speech.
        'Ruiz said the new "Night Owl" range had sold well.',
        # A title that asks a question.
        'She starred in the film "Where Is Anna?" last year.',
        # A speech verb used as a noun, with nobody saying anything.
        'Earlier claims about "miracle diets" did not hold up.',
        # A name given to a thing.
        'The scheme, dubbed the "Mill Lane deal" by councillors, passed on Monday.',
        # The writer's own label.
        'The mayor said the council would not bid for the so-called "town fund" this year.',
    ],
)
def test_titles_and_names_in_quotes_are_not_quotes(text: str) -> None:
    assert find_quotes(text) == []


def test_unattributed_full_quote_is_kept_without_speaker() -> None:
    (quote,) = find_quotes(
        'Crowds filled the square. "We will not leave this square until he goes."'
    )
    assert quote.speaker is None


def test_short_partial_quote_with_a_speech_act_is_kept() -> None:
    (quote,) = find_quotes('Judge Ramona Whitfield called the plan "reckless."')
    assert (quote.text, quote.speaker) == ("reckless.", "Ramona Whitfield")


def test_unbalanced_marks_do_not_crash_or_invent_spans() -> None:
    for text in ['He said "no', '"', '""', "”backwards“", '"a" "b', "«««", '\x00\x01"\x02"']:
        for quote in find_quotes(text):
            assert quote.text == text[quote.start : quote.end]


def test_mixed_scripts_and_control_characters() -> None:
    text = '"Мы готовы к переговорам," сказал он.\x07 «我们准备好了», said Li Wei.'
    for quote in find_quotes(text):
        assert quote.text == text[quote.start : quote.end]


_PARAGRAPH = (
    "Kremlin advisor Yuri Ushakov said the talks would go on. \"It's nonsense, there is "
    'no escalation," said Ushakov. "We have the right to move troops," he added. '
    'The "so-called" crisis "continues\n\n'
)
# Adversarial inputs: unbalanced marks, openers that never close, no spaces, one huge word.
_ADVERSARIAL = ['"' * 1_000_000, "a." * 500_000, "“a " * 300_000, "A" * 1_000_000, "«" * 1_000_000]


# Timing targets belong to `python -m bench nlp`, growth to tests/test_linear_time.py; these only
# catch a hang, with limits a busy two-core machine still meets many times over.
@pytest.mark.timeout(60)
def test_one_megabyte_article_finishes_and_finds_every_quote() -> None:
    text = _PARAGRAPH * (1_000_000 // len(_PARAGRAPH))
    quotes = find_quotes(text)
    assert len(quotes) > 1000
    assert {q.speaker for q in quotes} == {"Yuri Ushakov"}


@pytest.mark.timeout(60)
@pytest.mark.parametrize(
    "text", _ADVERSARIAL, ids=["quotes", "dots", "openers", "word", "guillemets"]
)
def test_one_megabyte_of_adversarial_marks_finishes(text: str) -> None:
    for quote in find_quotes(text):
        assert quote.text == text[quote.start : quote.end]


def test_a_thousand_ages_in_a_row_do_not_exhaust_the_stack() -> None:
    text = "Ann Lee, " + ", ".join(str(10 + i) for i in range(4000)) + ', said "we go on."'
    (quote,) = find_quotes(text)
    assert quote.text == "we go on."


@settings(max_examples=200, deadline=None)
@given(
    st.text(alphabet=st.sampled_from(list("ab ,.:\n\"'“”«»‘’AHS")) | st.characters(), max_size=300)
)
def test_span_invariant_holds_for_any_text(text: str) -> None:
    for quote in find_quotes(text):
        assert quote.text == text[quote.start : quote.end]
        assert quote.text and quote.text == quote.text.strip()


def test_seed_article_quotes(seed_article: Article) -> None:
    found = {q.text: q for q in find_quotes(seed_article.text)}
    expected = [
        "It's nonsense, there is no escalation,",
        "We have the right to move around troops on our own territory, there is absolutely "
        "no escalation (by us).",
    ]
    starts = [
        "Given the tense situation, ",
        "We have a concrete date and time for this video conference. ",
    ]
    for text in expected:
        assert text in found
    for prefix in starts:
        assert any(t.startswith(prefix) for t in found)
    for quote in found.values():
        assert (quote.speaker, quote.speaker_title) == ("Yuri Ushakov", "Kremlin advisor")
        assert seed_article.text[quote.start : quote.end] == quote.text
