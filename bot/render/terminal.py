"""A readable terminal preview of Block Kit messages (for ``newsbot demo`` and debugging).

mrkdwn is turned back into plain text for display: entities unescaped, ``<url|label>`` shown
as "label (url)", date tokens as their fallback. Everything goes through ``rich.text.Text``,
never rich markup, so article text cannot inject console styling either.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

from rich.console import Console
from rich.rule import Rule
from rich.text import Text

from bot.render.mrkdwn import unescape

_TOKEN = re.compile(r"<([^<>|]*)(?:\|([^<>]*))?>")


def _token(match: re.Match[str]) -> str:
    target, label = match.group(1), match.group(2)
    if target.startswith("!date^"):
        return label or target
    if target.startswith(("#", "@", "!")):
        return label or target
    return f"{label} ({target})" if label and label != target else target


def plain(mrkdwn: str) -> str:
    """``mrkdwn`` as a reader would see it: links spelled out, entities unescaped."""
    return unescape(_TOKEN.sub(_token, mrkdwn))


def _section_text(text: str) -> Text:
    out = Text()
    for line in plain(text).split("\n"):
        if line.startswith(">"):
            out.append("│ " + line[1:] + "\n", style="italic")
        else:
            out.append(line + "\n")
    return out


def _element_text(element: Mapping[str, Any]) -> str:
    if element.get("type") == "button":
        return f"[{plain(element.get('text', {}).get('text', ''))}]"
    return plain(str(element.get("text", "")))


def _show_block(block: Mapping[str, Any], console: Console) -> None:
    kind = block.get("type")
    if kind == "header":
        console.print(Text(plain(block["text"]["text"]), style="bold underline"))
    elif kind == "section":
        console.print(_section_text(block.get("text", {}).get("text", "")), end="")
        if isinstance(block.get("accessory"), Mapping):
            console.print(Text(_element_text(block["accessory"]), style="cyan"))
    elif kind == "context":
        texts = (_element_text(e) for e in block.get("elements", []))
        console.print(Text("  ".join(texts), style="dim"))
    elif kind == "actions":
        buttons = (_element_text(e) for e in block.get("elements", []))
        console.print(Text(" ".join(buttons), style="bold cyan"))
    elif kind == "divider":
        console.print(Rule(style="dim"))
    else:
        console.print(Text(f"({kind} block)", style="dim"))


def show_messages(
    messages: Iterable[Mapping[str, Any]], console: Console, *, title: str = "message"
) -> None:
    """Print each message's blocks readably, one titled rule per message."""
    for number, message in enumerate(messages, start=1):
        console.print(Rule(Text(f"{title} {number}: {plain(message.get('text', ''))}")))
        for block in message.get("blocks", []):
            _show_block(block, console)
