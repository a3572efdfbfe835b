"""An updated story in a digest: marked "Updated", counted, with only what is new."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

from bot.model import StoryUpdate
from bot.render import render_digest, render_full_quotes
from bot.render.env import Templates
from bot.render.limits import problems
from fakes.render import (
    GENERATED,
    block_texts,
    make_digest,
    make_quote,
    make_source,
    make_story,
)

SPRING = replace(
    make_quote("Nobody should expect a breakthrough before spring,", speaker="Ana Lind"),
    utterance=1,
)


def _updated(
    templates: Templates, quotes: int, sources: int, *, thread_ts: str | None = None
) -> str:
    story = replace(
        make_story(),
        summary=(),
        key_quotes=(make_quote(), SPRING)[:quotes],
        quotes=(make_quote(), SPRING)[:quotes],
        sources=tuple(
            make_source(f"Outlet {n}", f"https://outlet{n}.example/talks") for n in range(sources)
        ),
        update=StoryUpdate(first_sent=GENERATED - timedelta(days=1), thread_ts=thread_ts),
    )
    [message] = render_digest(make_digest(story), digest_id="d1", templates=templates)
    assert problems(message) == []
    return "\n".join(block_texts(message))


def test_an_update_counts_what_is_new_in_words(templates: Templates) -> None:
    text = _updated(templates, 2, 3)
    assert "*Updated* (first sent <!date^" in text and ": 2 new quotes, 3 more sources" in text
    assert "Negotiators met" not in text  # the summary was shown the first time
    one_quote = _updated(templates, 1, 0)
    assert ": 1 new quote" in one_quote and "more source" not in one_quote
    assert ": 1 more source" in _updated(templates, 0, 1)
    assert "earlier digest's thread" in _updated(templates, 1, 1, thread_ts="1.2")
    assert "earlier digest's thread" not in _updated(templates, 0, 1, thread_ts="1.2")


def test_a_story_that_is_not_an_update_is_not_marked(templates: Templates) -> None:
    [message] = render_digest(make_digest(make_story()), digest_id="d1", templates=templates)
    assert not any("Updated" in t for t in block_texts(message))


def test_an_update_thread_reply_is_headed_new_quotes(templates: Templates) -> None:
    story = replace(make_story(), update=StoryUpdate(thread_ts="1.2"))
    [reply] = render_full_quotes(story, templates=templates)
    assert reply["text"].startswith("New quotes: ")
    [plain] = render_full_quotes(make_story(), templates=templates)
    assert plain["text"].startswith("Full quotes: ")
