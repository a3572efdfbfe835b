"""Rule "dash credit": a quotation paragraph credited by the next one, '- Ann Lee.'"""

from __future__ import annotations

from bot.nlp.quotes import explain_quotes, find_quotes
from bot.nlp.rules import Rule


def test_a_dash_and_a_name_under_a_quote_paragraph_credit_it() -> None:
    text = (
        "Fact check of the week.\n\n"
        '"Boeing and other multinationals pay zero taxes."\n\n'
        "- Tavin Ross.\n\n"
        "This is a complex issue, subject to fierce debate."
    )
    [explained] = explain_quotes(text)
    assert explained.quote.speaker == "Tavin Ross"
    assert explained.rule is Rule.AFTER_DASH_CREDIT


def test_a_dash_before_a_title_and_name_without_a_full_stop() -> None:
    text = '"Great speech. She is ready and she never quits."\n\n-President Ines Hart'
    [quote] = find_quotes(text)
    assert (quote.speaker, quote.speaker_title) == ("Ines Hart", "President")


def test_a_dash_line_that_goes_on_is_no_credit() -> None:
    text = '"The dam will hold."\n\n- Tavin Ross has said so for years, and he is wrong.'
    [quote] = find_quotes(text)
    assert quote.speaker is None
