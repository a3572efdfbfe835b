from __future__ import annotations

from typing import Any

import pytest

from bot.errors import RenderError
from bot.render.limits import check_message, problems


def section(text: str) -> dict[str, Any]:
    return {"type": "section", "text": {"type": "mrkdwn", "text": text}}


def button(text: str = "Go", value: str = "v") -> dict[str, Any]:
    return {
        "type": "button",
        "text": {"type": "plain_text", "text": text},
        "action_id": "a",
        "value": value,
    }


def message(*blocks: dict[str, Any], text: str = "fallback") -> dict[str, Any]:
    return {"text": text, "blocks": list(blocks)}


def test_a_small_message_passes() -> None:
    check_message(message(section("hello"), {"type": "divider"}))


@pytest.mark.parametrize(
    ("msg", "expected"),
    [
        (message(*[{"type": "divider"}] * 51), "51 blocks"),
        (message({"type": "header", "text": {"type": "plain_text", "text": "h" * 151}}), "header"),
        (message(section("s" * 3001)), "section text"),
        (message({"type": "actions", "elements": [button(value="v" * 2001)]}), "button value"),
        (message({"type": "actions", "elements": [button(text="b" * 76)]}), "button text"),
        (
            message({"type": "context", "elements": [{"type": "mrkdwn", "text": "c"}] * 11}),
            "context",
        ),
        (message(*[section("x" * 2500)] * 5), "characters of text"),
        (message(section("ok"), text=""), "fallback"),
        (message({"type": "video"}), "unknown block type"),
    ],
)
def test_each_limit_is_reported(msg: dict[str, Any], expected: str) -> None:
    found = problems(msg)
    assert any(expected in problem for problem in found), found
    with pytest.raises(RenderError, match="Block Kit limits"):
        check_message(msg)
