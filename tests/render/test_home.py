"""The App Home views: every limit Slack sets on views holds, whatever the lists hold."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from bot.errors import RenderError
from bot.render import home_ids as ids
from bot.render.env import Templates
from bot.render.home import HomeData, render_home, render_preview_digest, render_subscribe_modal
from bot.render.view_limits import check_view, view_problems
from bot.render.views import SourceView, SubscriptionView, TopicView
from fakes.render import block_texts, make_digest, make_story

POLLED = datetime(2026, 11, 28, 7, 45, tzinfo=UTC)


def _subs(n: int) -> list[SubscriptionView]:
    return [
        SubscriptionView(f"topic-{i}", 9, 0, "UTC", "active", f"C{i:04d}X", i) for i in range(n)
    ]


def _sources(n: int) -> list[SourceView]:
    return [
        SourceView(f"Source {i}", f"https://s{i}.example/rss", "feed", True, None, POLLED, 200)
        for i in range(n)
    ]


def _topics(n: int) -> list[TopicView]:
    return [TopicView(f"topic-{i}", f"Topic {i}", "word, other word") for i in range(n)]


def test_a_crowded_home_is_cut_to_fit_and_says_how_much_is_left_out(templates: Templates) -> None:
    data = HomeData(_subs(80), _sources(60), _topics(30), can_change_sources=True)
    view = render_home(data, templates=templates)
    assert view_problems(view) == [] and len(view["blocks"]) <= 100
    text = "\n".join(block_texts(view))
    assert "*Daily digests* (80)" in text and "more not shown" in text


def test_sources_show_their_last_poll_and_admins_get_remove_buttons(templates: Templates) -> None:
    failing = SourceView("Broken <b>", "https://b.example/rss", "feed", True, "HTTP 503", POLLED)
    data = HomeData([], [*_sources(1), failing], [], can_change_sources=True)
    text = "\n".join(block_texts(render_home(data, templates=templates)))
    assert "Last poll <!date^" in text and "HTTP 200" in text
    assert ":warning: HTTP 503" in text and "Broken &lt;b&gt;" in text  # escaped
    readonly = render_home(
        HomeData([], [failing], [], can_change_sources=False), templates=templates
    )
    assert ids.ACTION_REMOVE_SOURCE not in str(readonly)


def test_a_user_supplied_notice_is_escaped(templates: Templates) -> None:
    data = HomeData([], [], [], can_change_sources=False, notice="<!channel> & co", failed=True)
    text = "\n".join(block_texts(render_home(data, templates=templates)))
    assert ":warning: &lt;!channel&gt; &amp; co" in text


def test_the_subscribe_modal_offers_at_most_a_hundred_topics(templates: Templates) -> None:
    view = render_subscribe_modal(
        _topics(150), time="09:00", timezone="Europe/Berlin", templates=templates
    )
    select = view["blocks"][1]["element"]
    assert select["type"] == "static_select" and len(select["options"]) == 100
    assert view_problems(view) == []


def test_a_preview_keeps_as_many_stories_as_fit(templates: Templates) -> None:
    digest = make_digest(*(make_story(n) for n in range(1, 40)))
    view = render_preview_digest(digest, templates=templates)
    assert view_problems(view) == []
    assert "more." in "\n".join(block_texts(view))


def test_view_limits_are_enforced() -> None:
    long_title = {
        "type": "modal",
        "title": {"type": "plain_text", "text": "A title much longer than Slack allows"},
        "blocks": [{"type": "divider"}],
    }
    assert any("title" in p for p in view_problems(long_title))
    too_many = {"type": "home", "blocks": [{"type": "divider"}] * 101}
    with pytest.raises(RenderError, match="100"):
        check_view(too_many)
    assert view_problems({"type": "message", "blocks": []})
