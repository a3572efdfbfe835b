"""Slack's limits for views (the Home tab and modals), checked before a view is sent.

slack_sdk's ``View`` checks the view itself (at most 100 blocks, a title of at most 24
characters, submit and close labels, private_metadata and callback_id lengths); each block is
checked as messages' blocks are (``bot.render.limits``), with input blocks allowed too.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from slack_sdk.errors import SlackObjectFormationError
from slack_sdk.models.views import View

from bot.errors import RenderError
from bot.render.limits import KNOWN_BLOCKS, block_problems

VIEW_BLOCKS = KNOWN_BLOCKS | {"input"}
VIEW_TYPES = frozenset({"home", "modal"})


def view_problems(view: Mapping[str, Any]) -> list[str]:
    """Every way ``view`` breaks a Slack limit; empty when it can be sent."""
    found: list[str] = []
    if view.get("type") not in VIEW_TYPES:
        found.append(f"view type must be one of {sorted(VIEW_TYPES)}")
    blocks = view.get("blocks")
    if not isinstance(blocks, list):
        return [*found, "blocks is not a list"]
    try:
        View(**dict(view)).validate_json()
    except (SlackObjectFormationError, TypeError) as exc:
        found.append(str(exc))
    for index, block in enumerate(blocks):
        found.extend(block_problems(index, block, allowed=VIEW_BLOCKS))
    return found


def check_view(view: Mapping[str, Any]) -> None:
    """Raise RenderError naming every broken limit of ``view``."""
    found = view_problems(view)
    if found:
        raise RenderError("view breaks Slack's Block Kit limits: " + "; ".join(found))
