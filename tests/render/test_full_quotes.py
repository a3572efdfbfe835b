from __future__ import annotations

from dataclasses import replace

from bot.render import render_full_quotes
from bot.render.env import Templates
from bot.render.limits import problems
from bot.render.mrkdwn import unescape
from fakes.render import block_texts, make_quote, make_source, make_story

# The default quote's place in the default article: its first and last five words.
DEEP = (
    "<https://courier.example/world/vienna-talks"
    "#:~:text=We%20have%20agreed%20to%20keep,and%20that%20is%20not%20nothing%2C|in context>"
)


def test_every_quote_with_speaker_title_and_source_link(templates: Templates) -> None:
    story = make_story(
        sources=(
            make_source(),
            make_source(outlet="Alpine Post", url="https://alpine.example/news/1"),
        ),
        quotes=(
            make_quote(source_url="https://courier.example/world/vienna-talks"),
            make_quote(
                "Nobody should expect a breakthrough before spring,",
                speaker=None,
                speaker_title=None,
                source_url="https://alpine.example/news/1",
            ),
        ),
    )
    [message] = render_full_quotes(story, templates=templates)
    texts = block_texts(message)
    assert texts[0].startswith("*Full quotes:* <https://courier.example/world/vienna-talks|")
    assert ">We have agreed to keep talking, and that is not nothing," in texts
    assert (
        "— *Marta Kowalski*, lead negotiator · "
        "<https://courier.example/world/vienna-talks|Danube Courier> · " + DEEP in texts
    )
    assert ">Nobody should expect a breakthrough before spring," in texts
    assert (
        "— _speaker not named_ · <https://alpine.example/news/1|Alpine Post> · "
        "<https://alpine.example/news/1#:~:text=Nobody%20should%20expect%20a%20breakthrough"
        "%20before%20spring%2C|in context>" in texts
    )
    assert message["unfurl_links"] is False
    assert problems(message) == []


def test_a_quote_cites_only_the_article_it_was_read_in(templates: Templates) -> None:
    # Harbor Daily's copy has no URL: its quote must not borrow the wire's link.
    story = make_story(
        sources=(make_source(), make_source(outlet="Harbor Daily", url=None)),
        quotes=(
            replace(make_quote(), source_url=None, source_outlet="Harbor Daily"),
            make_quote("No source known,", speaker=None, speaker_title=None),
        ),
    )
    texts = block_texts(render_full_quotes(story, templates=templates)[0])
    assert "— *Marta Kowalski*, lead negotiator · Harbor Daily" in texts
    assert "— _speaker not named_" in texts
    assert not any("courier.example" in t for t in texts[1:])


def test_a_quote_of_a_single_source_story_takes_that_source(templates: Templates) -> None:
    texts = block_texts(render_full_quotes(make_story(), templates=templates)[0])
    assert (
        "— *Marta Kowalski*, lead negotiator · "
        "<https://courier.example/world/vienna-talks|Danube Courier> · " + DEEP in texts
    )


def test_a_very_long_quote_is_shown_whole_over_several_sections(templates: Templates) -> None:
    text = " ".join(f"word{n} & <b>" for n in range(1500))  # ~20,000 characters escaped
    [message, *more] = render_full_quotes(
        make_story(quotes=(make_quote(text),)), templates=templates
    )
    sections = [t for m in [message, *more] for t in block_texts(m) if t.startswith(">")]
    assert len(sections) > 5
    assert unescape("".join(s[1:] for s in sections)) == text
    for m in [message, *more]:
        assert problems(m) == []


def test_many_quotes_split_at_quote_boundaries(templates: Templates) -> None:
    quotes = tuple(make_quote(f"Quote {n}: " + "talk " * 100) for n in range(60))
    messages = render_full_quotes(make_story(quotes=quotes), templates=templates)
    assert len(messages) > 1
    shown = [t for m in messages for t in block_texts(m) if t.startswith(">Quote")]
    assert [int(t.split(":")[0][len(">Quote ") :]) for t in shown] == list(range(60))
    assert all(problems(m) == [] for m in messages)
    assert "part 2 of" in messages[1]["text"]


def test_a_story_without_quotes_says_so(templates: Templates) -> None:
    [message] = render_full_quotes(make_story(key_quotes=(), quotes=()), templates=templates)
    assert "no direct quotes" in " ".join(block_texts(message))


def test_multi_line_quotes_keep_every_line(templates: Templates) -> None:
    text = "First line of the statement.\n\nSecond paragraph, & more."
    [message] = render_full_quotes(make_story(quotes=(make_quote(text),)), templates=templates)
    section = next(t for t in block_texts(message) if t.startswith(">First"))
    assert unescape(section) == ">First line of the statement.\n>\n>Second paragraph, & more."
