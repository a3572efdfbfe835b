from __future__ import annotations

import pytest

from bot.render import (
    SourceView,
    SubscriptionView,
    render_error,
    render_help,
    render_notice,
    render_sources,
    render_subscriptions,
)
from bot.render.env import Templates
from bot.render.limits import problems
from fakes.render import all_strings, block_texts

COMMANDS = [
    "/news TOPIC`",
    "/news TOPIC here`",
    "/news subscribe TOPIC [at HH:MM or 9am] [TIMEZONE]`",
    "/news unsubscribe TOPIC`",
    "/news list`",
    "/news sources`",
    "/news sources add URL`",
    "/news sources remove URL`",
    "/news help`",
]


def test_help_documents_every_command(templates: Templates) -> None:
    message = render_help(templates=templates)
    text = "\n".join(block_texts(message))
    for command in COMMANDS:
        assert command in text
    assert problems(message) == []


def test_usage_errors_carry_the_command_reference(templates: Templates) -> None:
    message = render_error("Unknown topic <!here>", usage=True, templates=templates)
    texts = block_texts(message)
    assert texts[0] == ":warning: Unknown topic &lt;!here&gt;"
    assert "/news list`" in texts[1]
    assert len(render_error("oops", templates=templates)["blocks"]) == 1


def test_notice_is_escaped_and_short(templates: Templates) -> None:
    message = render_notice("Subscribed to putin-biden at 09:00 Europe/Berlin", templates=templates)
    assert message["text"] == "Subscribed to putin-biden at 09:00 Europe/Berlin"
    assert render_notice("x" * 10_000, templates=templates)["text"].endswith("…")


def subscription(n: int, channel: str = "C0ABC123") -> SubscriptionView:
    return SubscriptionView(f"topic-{n}", 9, 5, "Europe/Berlin", "active", channel)


def test_subscriptions_show_topic_time_zone_and_channel(templates: Templates) -> None:
    paused = SubscriptionView("putin-biden", 18, 0, "UTC", "paused", "<!channel>")
    message = render_subscriptions([subscription(1), paused], templates=templates)
    texts = block_texts(message)
    assert "*topic-1* at 09:05 Europe/Berlin in <#C0ABC123>" in texts
    assert "*putin-biden* at 18:00 UTC in &lt;!channel&gt; · _paused_" in texts


@pytest.mark.parametrize("channel", ["C1", "G7", "D0", "C0123456789AB"])
def test_short_and_long_channel_ids_are_mentions(templates: Templates, channel: str) -> None:
    texts = block_texts(render_subscriptions([subscription(1, channel)], templates=templates))
    assert f"*topic-1* at 09:05 Europe/Berlin in <#{channel}>" in texts
    assert "No daily digests" in " ".join(
        block_texts(render_subscriptions([], templates=templates))
    )


def test_long_lists_are_cut_with_a_count_not_silently(templates: Templates) -> None:
    message = render_subscriptions([subscription(n) for n in range(200)], templates=templates)
    assert problems(message) == []
    assert "…and 160 more not shown." in block_texts(message)


def test_sources_show_state_location_and_last_error(templates: Templates) -> None:
    sources = [
        SourceView("Danube Courier", "https://courier.example/rss", "rss", True),
        SourceView("Local dump", "/srv/news/dump.txt", "file", False, "file not found <@U1>"),
    ]
    message = render_sources(sources, templates=templates)
    texts = "\n".join(block_texts(message))
    assert "<https://courier.example/rss|https://courier.example/rss>" in texts
    assert "*Local dump* (file, disabled)\n/srv/news/dump.txt" in texts
    assert "last error: file not found &lt;@U1&gt;" in texts
    assert "<@U1>" not in "".join(all_strings(message))


def test_sources_with_huge_errors_still_fit(templates: Templates) -> None:
    sources = [
        SourceView(f"s{n}", f"https://s{n}.example/feed", "rss", True, "E" * 5000)
        for n in range(100)
    ]
    message = render_sources(sources, templates=templates)
    assert problems(message) == []
    assert any("more not shown" in t for t in block_texts(message))


def test_a_notice_can_end_with_a_safe_link_only(templates: Templates) -> None:
    url = "https://news.slack.com/archives/C1/p1?thread_ts=1.2&cid=C1"
    message = render_notice("Quotes <here>", link_url=url, link_label="open", templates=templates)
    [text] = block_texts(message)
    link = "<https://news.slack.com/archives/C1/p1?thread_ts=1.2&amp;cid=C1|open>"
    assert text == f"Quotes &lt;here&gt; ({link})"
    unsafe = render_notice("Quotes", link_url="javascript:alert(1)", templates=templates)
    assert block_texts(unsafe) == ["Quotes"]
