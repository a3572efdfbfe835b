from __future__ import annotations

from typing import Any

import pytest

from bot.errors import RenderError
from bot.render import ACTION_FULL_QUOTES, ACTION_SHARE, parse_full_quotes_value, render_digest
from bot.render.env import Templates
from bot.render.limits import problems
from bot.render.mrkdwn import unescape
from fakes.render import block_texts, make_digest, make_quote, make_source, make_story


def buttons(message: dict[str, Any]) -> list[dict[str, Any]]:
    return [e for b in message["blocks"] if b["type"] == "actions" for e in b["elements"]]


def test_a_digest_has_header_context_story_sources_and_buttons(templates: Templates) -> None:
    [message] = render_digest(make_digest(make_story()), digest_id="d1", templates=templates)
    blocks = message["blocks"]
    assert message["unfurl_links"] is False and message["unfurl_media"] is False
    assert "Vienna talks" in message["text"]
    assert blocks[0] == {"type": "header", "text": {"type": "plain_text", "text": "Vienna talks"}}
    assert blocks[1]["type"] == "context" and "generated" in blocks[1]["elements"][0]["text"]
    texts = "\n".join(block_texts(message))
    assert "*<https://courier.example/world/vienna-talks|Vienna talks resume for round 1>*" in texts
    assert "Negotiators met for four hours in Vienna on Friday." in texts
    assert (
        ">“We have agreed to keep talking, and that is not nothing”\n"
        "— *Marta Kowalski*, lead negotiator" in texts
    )
    assert "Danube Courier> (Reuters) · <!date^" in texts
    [full] = buttons(message)
    assert full["action_id"] == ACTION_FULL_QUOTES
    assert parse_full_quotes_value(full["value"]) == ("d1", 0)
    assert sum(b["type"] == "divider" for b in blocks) >= 2
    assert problems(message) == []


def test_shareable_digests_carry_a_share_button(templates: Templates) -> None:
    [message] = render_digest(
        make_digest(make_story()), digest_id="d1", shareable=True, templates=templates
    )
    share = [b for b in buttons(message) if b["action_id"] == ACTION_SHARE]
    assert [b["value"] for b in share] == ["d1"]
    [plain] = render_digest(make_digest(make_story()), digest_id="d1", templates=templates)
    assert all(b["action_id"] != ACTION_SHARE for b in buttons(plain))


def test_a_story_without_quotes_has_no_full_quotes_button(templates: Templates) -> None:
    story = make_story(key_quotes=(), quotes=())
    [message] = render_digest(make_digest(story), digest_id="d", templates=templates)
    assert buttons(message) == []


def test_an_empty_digest_says_nothing_is_new(templates: Templates) -> None:
    [message] = render_digest(make_digest(), digest_id="d", templates=templates)
    assert "nothing new" in message["text"]
    assert any("Nothing new for *Vienna talks*" in t for t in block_texts(message))
    assert problems(message) == []


def test_an_empty_on_demand_digest_says_there_are_no_stories_and_offers_no_share(
    templates: Templates,
) -> None:
    [message] = render_digest(
        make_digest(name="Lighthouse keepers"),
        digest_id="d",
        shareable=True,
        on_demand=True,
        templates=templates,
    )
    shown = "\n".join(block_texts(message))
    assert "No stories about *Lighthouse keepers* yet" in shown and "/news help" in shown
    assert "since the last digest" not in shown and "nothing new" not in message["text"]
    assert buttons(message) == []
    assert problems(message) == []


def _mrkdwn_blocks_with(message: dict[str, Any], needle: str) -> list[dict[str, Any]]:
    found = [b["text"] for b in message["blocks"] if isinstance(b.get("text"), dict)]
    found += [e for b in message["blocks"] for e in b.get("elements", []) if "text" in e]
    return [t for t in found if t.get("type") == "mrkdwn" and needle in t["text"]]


def test_the_user_given_topic_name_is_shown_verbatim(templates: Templates) -> None:
    # verbatim: Slack must not turn a typed "#general" or "@here" into a link or a mention.
    name = "#general @here"
    empty = render_digest(make_digest(name=name), digest_id="d", templates=templates)
    stories = [make_story(n, summary=("Long sentence here. " * 140,)) for n in range(12)]
    split = render_digest(make_digest(*stories, name=name), digest_id="d", templates=templates)
    assert len(split) > 1
    shown = [t for m in (*empty, split[1]) for t in _mrkdwn_blocks_with(m, name)]
    assert len(shown) == 2
    assert all(t.get("verbatim") is True for t in shown)


def test_the_title_links_only_to_the_articles_own_url(templates: Templates) -> None:
    story = make_story(
        title="See https://phish.example/login now",
        summary=("Details at <https://phish.example|the official site>.",),
        sources=(make_source(url="javascript:alert(1)"), make_source(url="https://ok.example/a")),
    )
    [message] = render_digest(make_digest(story), digest_id="d", templates=templates)
    first = block_texts(message)[2]
    assert first.startswith("*<https://ok.example/a|See https://phish.example/login now>*")
    assert "<https://phish" not in "".join(block_texts(message))


def test_a_story_with_no_usable_url_is_shown_without_a_link(templates: Templates) -> None:
    story = make_story(sources=(make_source(url=None),))
    [message] = render_digest(make_digest(story), digest_id="d", templates=templates)
    assert block_texts(message)[2].startswith("*Vienna talks resume for round 1*")


def test_a_huge_summary_is_shortened_visibly_with_a_link(templates: Templates) -> None:
    story = make_story(summary=("Word & more. " * 400,))  # over 5,000 characters
    [message] = render_digest(make_digest(story), digest_id="d", templates=templates)
    section = block_texts(message)[2]
    assert len(section) <= 3000
    assert "… (<https://courier.example/world/vienna-talks|read the article>)" in section
    assert problems(message) == []


def test_forty_long_stories_split_into_several_valid_messages(templates: Templates) -> None:
    long_quote = make_quote("A" * 1200 + " & the rest.")
    stories = [
        make_story(
            n, summary=(f"Story {n}. " + "Long sentence here. " * 120,), key_quotes=(long_quote,)
        )
        for n in range(40)
    ]
    messages = render_digest(
        make_digest(*stories), digest_id="big", shareable=True, templates=templates
    )
    assert len(messages) > 3
    for message in messages:
        assert problems(message) == []
    values = [
        parse_full_quotes_value(b["value"])[1]
        for m in messages
        for b in buttons(m)
        if b["action_id"] == ACTION_FULL_QUOTES
    ]
    assert values == list(range(40))
    shares = [
        i for i, m in enumerate(messages) for b in buttons(m) if b["action_id"] == ACTION_SHARE
    ]
    assert shares == [len(messages) - 1]
    assert messages[0]["blocks"][0]["type"] == "header"
    assert f"part 2 of {len(messages)}" in messages[1]["text"]


def test_a_bad_digest_id_is_refused(templates: Templates) -> None:
    with pytest.raises(RenderError):
        render_digest(make_digest(make_story()), digest_id="", templates=templates)
    with pytest.raises(RenderError):
        render_digest(make_digest(make_story()), digest_id="x" * 2000, templates=templates)


def test_long_key_quotes_are_shortened_visibly_not_silently(templates: Templates) -> None:
    quotes = tuple(make_quote(f"Quote number {n} " + "blah " * 500) for n in range(3))
    [message] = render_digest(
        make_digest(make_story(key_quotes=quotes)), digest_id="d", templates=templates
    )
    section = block_texts(message)[3]
    assert len(section) <= 3000
    assert section.count("…") == 3
    assert unescape(section).count("— *Marta Kowalski*") == 3


def test_many_sources_are_counted_and_none_is_fine(templates: Templates) -> None:
    many = tuple(make_source(f"Outlet {n}", f"https://o{n}.example/a") for n in range(8))
    [message] = render_digest(
        make_digest(make_story(sources=many)), digest_id="d", templates=templates
    )
    [context] = [b for b in message["blocks"][3:] if b["type"] == "context"][:1]
    assert len(context["elements"]) == 6
    assert context["elements"][-1]["text"] == "and 3 more"
    [bare] = render_digest(make_digest(make_story(sources=())), digest_id="d", templates=templates)
    assert problems(bare) == []
    assert block_texts(bare)[2].startswith("*Vienna talks resume for round 1*")


def test_an_agency_is_not_repeated_when_it_is_the_outlet(templates: Templates) -> None:
    source = make_source(outlet=None, url=None, agency="Continental Press Agency")
    [message] = render_digest(
        make_digest(make_story(sources=(source,))), digest_id="d", templates=templates
    )
    assert any(t.startswith("Continental Press Agency · <!date^") for t in block_texts(message))


def test_each_key_quote_links_to_its_place_in_the_article(templates: Templates) -> None:
    [message] = render_digest(make_digest(make_story()), digest_id="d1", templates=templates)
    texts = "\n".join(block_texts(message))
    assert (
        "— *Marta Kowalski*, lead negotiator · <https://courier.example/world/vienna-talks"
        "#:~:text=We%20have%20agreed%20to%20keep,and%20that%20is%20not%20nothing%2C|in context>"
        in texts
    )
    # The plain link stays: the title still links to the article itself.
    assert "*<https://courier.example/world/vienna-talks|Vienna talks" in texts


def test_a_quote_from_an_article_without_a_url_has_no_deep_link(templates: Templates) -> None:
    story = make_story(sources=(make_source(url=None),))
    [message] = render_digest(make_digest(story), digest_id="d1", templates=templates)
    texts = "\n".join(block_texts(message))
    assert "— *Marta Kowalski*, lead negotiator" in texts
    assert ":~:text=" not in texts and "in context" not in texts
