"""Slack's Block Kit limits, checked on every payload before the renderer returns it.

slack_sdk's block models check most per-block limits (``validate_json``) but not the nested
buttons of an ``actions`` block nor anything message-wide (50 blocks, the total text Slack
refuses as ``msg_blocks_too_long``, the notification fallback), so those are checked here too.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from slack_sdk.errors import SlackObjectFormationError
from slack_sdk.models.blocks import Block

from bot.errors import RenderError

MAX_BLOCKS = 50
MAX_HEADER_TEXT = 150
MAX_SECTION_TEXT = 3000
MAX_FIELD_TEXT = 2000
MAX_BUTTON_TEXT = 75
MAX_BUTTON_VALUE = 2000
MAX_ACTION_ID = 255
MAX_CONTEXT_ELEMENTS = 10
MAX_ACTIONS_ELEMENTS = 25
# Slack does not document the exact figure behind msg_blocks_too_long; ~12,000 characters of
# text over all blocks is the accepted safe ceiling.
MAX_MESSAGE_TEXT = 12_000
# Slack truncates ``text`` past 40,000 characters; newsbot keeps its fallbacks far shorter.
MAX_FALLBACK_TEXT = 40_000
KNOWN_BLOCKS = frozenset({"header", "section", "context", "divider", "actions"})


def text_objects(value: Any) -> Iterator[Mapping[str, Any]]:
    """Every text object (``{"type": "plain_text"|"mrkdwn", "text": ...}``) inside ``value``."""
    if isinstance(value, Mapping):
        if value.get("type") in {"plain_text", "mrkdwn"} and isinstance(value.get("text"), str):
            yield value
        for child in value.values():
            yield from text_objects(child)
    elif isinstance(value, list):
        for child in value:
            yield from text_objects(child)


def blocks_text_length(blocks: list[dict[str, Any]]) -> int:
    """The characters of text in ``blocks``: what Slack's message-wide cap counts."""
    return sum(len(obj["text"]) for obj in text_objects(blocks))


def _text(obj: Any) -> str:
    return obj.get("text", "") if isinstance(obj, Mapping) else ""


def _check_button(button: Mapping[str, Any]) -> list[str]:
    found = []
    if len(_text(button.get("text"))) > MAX_BUTTON_TEXT:
        found.append(f"button text longer than {MAX_BUTTON_TEXT} characters")
    if len(str(button.get("value", ""))) > MAX_BUTTON_VALUE:
        found.append(f"button value longer than {MAX_BUTTON_VALUE} characters")
    if len(str(button.get("action_id", ""))) > MAX_ACTION_ID:
        found.append(f"action_id longer than {MAX_ACTION_ID} characters")
    return found


def _check_shape(block: Mapping[str, Any]) -> list[str]:
    kind = block.get("type")
    if kind == "header" and len(_text(block.get("text"))) > MAX_HEADER_TEXT:
        return [f"header text longer than {MAX_HEADER_TEXT} characters"]
    if kind == "section":
        found = []
        if len(_text(block.get("text"))) > MAX_SECTION_TEXT:
            found.append(f"section text longer than {MAX_SECTION_TEXT} characters")
        if any(len(_text(f)) > MAX_FIELD_TEXT for f in block.get("fields", [])):
            found.append(f"section field longer than {MAX_FIELD_TEXT} characters")
        accessory = block.get("accessory")
        if isinstance(accessory, Mapping) and accessory.get("type") == "button":
            found.extend(_check_button(accessory))
        return found
    if kind == "context" and len(block.get("elements", [])) > MAX_CONTEXT_ELEMENTS:
        return [f"context block with more than {MAX_CONTEXT_ELEMENTS} elements"]
    if kind == "actions":
        elements = block.get("elements", [])
        found = [f"actions block with more than {MAX_ACTIONS_ELEMENTS} elements"]
        found = found if len(elements) > MAX_ACTIONS_ELEMENTS else []
        for element in elements:
            found.extend(_check_button(element))
        return found
    return []


def block_problems(index: int, block: Any, *, allowed: frozenset[str] = KNOWN_BLOCKS) -> list[str]:
    """Every way block ``index`` breaks a limit, or is of a type not in ``allowed``."""
    if not isinstance(block, Mapping) or block.get("type") not in allowed:
        kind = block.get("type") if isinstance(block, Mapping) else type(block).__name__
        return [f"block {index}: unknown block type {kind!r}"]
    found = _check_shape(block)
    parsed = Block.parse(dict(block))
    try:
        if parsed is not None:
            parsed.validate_json()
    except SlackObjectFormationError as exc:
        found.append(str(exc))
    return [f"block {index} ({block['type']}): {problem}" for problem in found]


def problems(message: Mapping[str, Any]) -> list[str]:
    """Every way ``message`` breaks a Slack limit; empty when it can be posted."""
    found: list[str] = []
    text = message.get("text")
    if not isinstance(text, str) or not text.strip():
        found.append("the notification fallback text is missing")
    elif len(text) > MAX_FALLBACK_TEXT:
        found.append(f"fallback text longer than {MAX_FALLBACK_TEXT} characters")
    blocks = message.get("blocks", [])
    if not isinstance(blocks, list):
        return [*found, "blocks is not a list"]
    if len(blocks) > MAX_BLOCKS:
        found.append(f"{len(blocks)} blocks; Slack allows {MAX_BLOCKS}")
    total = blocks_text_length(blocks)
    if total > MAX_MESSAGE_TEXT:
        found.append(f"{total} characters of text in blocks; the safe limit is {MAX_MESSAGE_TEXT}")
    for index, block in enumerate(blocks):
        found.extend(block_problems(index, block))
    return found


def check_message(message: Mapping[str, Any]) -> None:
    """Raise RenderError naming every broken limit of ``message``."""
    found = problems(message)
    if found:
        raise RenderError("message breaks Slack's Block Kit limits: " + "; ".join(found))
