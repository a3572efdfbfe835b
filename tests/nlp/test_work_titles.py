"""A quote right after a work's noun is the work's title, not speech (rule "work title")."""

from __future__ import annotations

from bot.nlp.quotes import find_quotes


def test_a_title_after_the_works_noun_is_no_quote() -> None:
    text = (
        "The author of the blog “Salt and Ash” Ines Hart pointed out later in her post "
        "“I failed”:\n\n“Who decides which voices count, and why is it always the same people?”"
    )
    assert [q.text for q in find_quotes(text)] == [
        "Who decides which voices count, and why is it always the same people?"
    ]


def test_a_framed_work_keeps_its_quote() -> None:
    text = "Jury president Tavin Ross called the film « a quiet earthquake » on Friday."
    [quote] = find_quotes(text)
    assert (quote.text, quote.speaker) == ("a quiet earthquake", "Tavin Ross")


def test_a_post_quoted_after_a_colon_is_speech() -> None:
    text = "Ines Hart wrote in a post: “We failed the town and we know it.”"
    [quote] = find_quotes(text)
    assert quote.speaker == "Ines Hart"
