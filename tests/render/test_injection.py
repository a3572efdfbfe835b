"""Article text must never ping anyone, link anywhere or break the JSON of a payload."""

from __future__ import annotations

import json
import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.render import render_digest, render_full_quotes
from bot.render.env import Templates
from bot.render.limits import problems, text_objects
from bot.render.mrkdwn import unescape
from fakes.render import all_strings, make_digest, make_quote, make_source, make_story

ATTACKS = ["<!channel>", "<!here>", "<@U123>", "<https://evil.example|click>", "<#C999>"]
HOSTILE = " ".join(ATTACKS) + ' & "quoted" \\ back\nslash \t tab \x07 bell – ünïcødé 🗞️'


def hostile_story() -> object:
    quote = make_quote(HOSTILE, speaker=HOSTILE, speaker_title=HOSTILE)
    return make_story(
        title=HOSTILE,
        summary=(HOSTILE, HOSTILE),
        key_quotes=(quote,),
        quotes=(quote,),
        sources=(make_source(outlet=HOSTILE, agency=HOSTILE),),
    )


def payloads(templates: Templates) -> list[dict[str, object]]:
    story = hostile_story()
    digest = make_digest(story, name=HOSTILE)  # type: ignore[arg-type]
    return [
        *render_digest(digest, digest_id="d", shareable=True, templates=templates),
        *render_full_quotes(story, templates=templates),  # type: ignore[arg-type]
    ]


@pytest.mark.parametrize("attack", ATTACKS)
def test_no_control_sequence_from_an_article_survives_unescaped(
    templates: Templates, attack: str
) -> None:
    for payload in payloads(templates):
        for text in all_strings(payload):
            assert attack not in text


def test_only_newsbot_built_tokens_remain_in_the_text(templates: Templates) -> None:
    tokens: set[str] = set()
    for payload in payloads(templates):
        for text in all_strings(payload):
            tokens.update(re.findall(r"<([^>|^]*)", text))
    # The article's link, its deep links (the quote's words percent-encoded) and dates.
    deep = "https://courier.example/world/vienna-talks#:~:text="
    plain = {"https://courier.example/world/vienna-talks", "!date"}
    assert {t for t in tokens if not t.startswith(deep)} <= plain
    assert any(t.startswith(deep) for t in tokens)


def test_article_text_sections_are_sent_verbatim(templates: Templates) -> None:
    for payload in payloads(templates):
        for obj in text_objects(payload["blocks"]):
            if obj["type"] == "mrkdwn" and "ünïcødé" in obj["text"]:
                assert obj.get("verbatim") is True


def test_quotes_backslashes_newlines_control_and_unicode_survive(templates: Templates) -> None:
    for payload in payloads(templates):
        assert problems(payload) == []  # type: ignore[arg-type]
        assert json.loads(json.dumps(payload)) == payload
    full = unescape("\n".join(all_strings(payloads(templates)[-1])))
    for line in HOSTILE.split("\n"):
        assert line in full


def key_shown(text: str) -> str:
    words = text.strip().rstrip(",;: \t\n")
    return f">“{words}”"


@settings(max_examples=60, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=400))
def test_any_single_line_quote_appears_verbatim_after_unescaping(
    templates: Templates, text: str
) -> None:
    text = text.replace("\n", " ")
    story = make_story(key_quotes=(make_quote(text),), quotes=(make_quote(text),))
    # A key quote is shown in quote marks without outer spaces or a closing comma; the full
    # quotes show it as written.
    for messages, expected in (
        (render_digest(make_digest(story), digest_id="d", templates=templates), key_shown(text)),
        (render_full_quotes(story, templates=templates), f">{text}"),
    ):
        shown = [unescape(t) for m in messages for t in all_strings(m)]
        assert any(expected in t for t in shown)
