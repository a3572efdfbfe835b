from __future__ import annotations

from rich.console import Console

from bot.render import render_digest, render_full_quotes
from bot.render.env import Templates
from bot.render.terminal import plain, show_messages
from fakes.render import make_digest, make_story


def test_plain_spells_out_links_dates_and_entities() -> None:
    text = (
        "*<https://a.example/x?a=1&amp;b=2|Title &amp; co>* <!date^1^{time}|2026-11-28 08:00 UTC>"
    )
    assert plain(text) == "*Title & co (https://a.example/x?a=1&b=2)* 2026-11-28 08:00 UTC"


def test_show_messages_prints_a_readable_digest(templates: Templates) -> None:
    console = Console(record=True, width=120, color_system=None)
    story = make_story(title="Talks & <!channel> [bold]resume[/bold]")
    show_messages(render_digest(make_digest(story), digest_id="d", templates=templates), console)
    show_messages(render_full_quotes(story, templates=templates), console, title="reply")
    out = console.export_text()
    assert "Vienna talks" in out
    assert (
        "Talks & <!channel> [bold]resume[/bold] (https://courier.example/world/vienna-talks)" in out
    )
    assert "│ We have agreed to keep talking, and that is not nothing," in out
    assert "[Full quotes]" in out
    assert "reply 1: Full quotes:" in out
