"""The ``/news who`` reply: quotes with story, outlet, date and deep link; always within limits."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from bot.model import Quote
from bot.render import render_who
from bot.render.env import Templates
from bot.render.limits import problems
from bot.render.mrkdwn import unescape
from bot.who.answer import SaidQuote, WhoAnswer
from fakes.render import block_texts

NOW = datetime(2026, 11, 28, 8, 0, tzinfo=UTC)
ATTACK = "<!channel> & <https://evil.example|click>"


def said(text: str, *, url: str | None = "https://news.example/a", hours: int = 1) -> SaidQuote:
    quote = Quote(text, 0, len(text), speaker="Yuri Ushakov", speaker_title="Kremlin aide")
    return SaidQuote(
        "Yuri Ushakov",
        "Kremlin aide",
        (quote,),
        "Talks go on",
        "Meridian Post",
        url,
        NOW - timedelta(hours=hours),
    )


def answer(*quotes: SaidQuote) -> WhoAnswer:
    return WhoAnswer("Ushakov", ("Yuri Ushakov",), quotes, ())


def test_each_quote_has_its_story_outlet_date_and_deep_link(templates: Templates) -> None:
    message = render_who(
        answer(said("It was a frank and useful conversation")), templates=templates
    )
    texts = block_texts(message)
    assert texts[0] == "*What Yuri Ushakov said*, newest first"
    assert texts[1] == ">“It was a frank and useful conversation”\n— *Yuri Ushakov*, Kremlin aide"
    assert texts[2].startswith("<https://news.example/a|Talks go on> · Meridian Post · <!date^")
    assert texts[2].endswith(
        " · <https://news.example/a#:~:text=It%20was%20a%20frank%20and%20useful%20conversation"
        "|in context>"
    )
    assert message["unfurl_links"] is False
    assert problems(message) == []


def test_an_article_without_a_url_has_no_links(templates: Templates) -> None:
    texts = block_texts(render_who(answer(said("Words", url=None)), templates=templates))
    assert texts[2].startswith("Talks go on · Meridian Post · <!date^")
    assert "in context" not in texts[2]


def test_article_text_cannot_ping_or_link(templates: Templates) -> None:
    message = render_who(answer(said(ATTACK)), templates=templates)
    shown = "\n".join(block_texts(message))
    assert "<!channel>" not in shown and "<https://evil.example" not in shown
    assert ATTACK in unescape(shown)


def test_many_long_quotes_are_cut_to_what_one_message_holds(templates: Templates) -> None:
    quotes = [said(f"Quote {n}: " + "long words & more " * 200, hours=n) for n in range(50)]
    message = render_who(answer(*quotes), templates=templates)
    assert problems(message) == []
    texts = block_texts(message)
    assert "(the newest" in texts[0] and "of 50)" in texts[0]
    assert texts[1].startswith(">“Quote 0:")


def test_no_match_names_the_query_and_suggests(templates: Templates) -> None:
    message = render_who(
        WhoAnswer("Ushakow", (), (), ("Yuri Ushakov", "Dmitry Ushakov", "Ushakova")),
        templates=templates,
    )
    text = block_texts(message)[0]
    assert text == (
        "Nobody called “Ushakow” has been quoted yet. "
        "Did you mean *Yuri Ushakov*, *Dmitry Ushakov* or *Ushakova*?"
    )
    assert problems(message) == []
