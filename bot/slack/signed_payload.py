"""Is a signed body something Bolt can read? Checked before Bolt parses it. Pure.

A correct signature says who sent a body, not that it is well formed; Bolt's parser raises on a
body that is not UTF-8, on ``payload={bad`` and on JSON that is not an object, and the request
would end as a 500 with a traceback. This reads the body the way Bolt will (JSON when the
content type says so or it opens with ``{``, else a form whose ``payload`` field is JSON) and
names the first problem. It then checks the *shape* Bolt relies on without looking (see
``SHAPES``): a ``team`` that is a number or an ``event`` that is a string makes Bolt's own
parsing raise just the same.
"""

from __future__ import annotations

import json
from typing import Any, Final
from urllib.parse import parse_qsl

_OBJECT: Final = (dict,)
_OBJECT_OR_ID: Final = (dict, str)
_LIST: Final = (list,)
_ID: Final = (str,)
# What Slack sends under these keys, wherever they occur (None is always allowed). Only keys
# Bolt indexes or iterates while routing a request are listed: a wrong type elsewhere reaches
# newsbot's listeners, which read payloads defensively.
SHAPES: Final[dict[str, tuple[type, ...]]] = {
    **dict.fromkeys(("team", "user", "channel", "enterprise"), _OBJECT_OR_ID),
    **dict.fromkeys(
        "event view container message previous_message item state function_data "
        "assistant_thread bot_profile inputs".split(),
        _OBJECT,
    ),
    **dict.fromkeys(("authorizations", "actions", "blocks"), _LIST),
    **dict.fromkeys(
        "type team_id enterprise_id user_id channel_id api_app_id action_id callback_id "
        "trigger_id response_url command ts thread_ts event_ts function_execution_id "
        "bot_access_token context_team_id context_enterprise_id user_team "
        "app_installed_team_id".split(),
        _ID,
    ),
}
# Lists whose every element Bolt treats as an object.
_LISTS_OF_OBJECTS: Final = frozenset({"authorizations", "actions"})


def payload_problem(body: bytes, content_type: str | None) -> str | None:
    """None when Bolt can parse ``body``; otherwise what is wrong with it (one line)."""
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        return "the body is not UTF-8"
    if not text:
        return None
    media_type = (content_type or "").split(";", 1)[0].strip().lower()
    if media_type == "application/json" or text.startswith("{"):
        return _json_object_problem("the body", text)
    if "payload" not in text:
        return None
    payload = dict(parse_qsl(text, keep_blank_values=True)).get("payload")
    return None if payload is None else _json_object_problem("the payload field", payload)


def _json_object_problem(what: str, text: str) -> str | None:
    try:
        value = json.loads(text)
    except (json.JSONDecodeError, RecursionError) as exc:
        return f"{what} is not JSON ({type(exc).__name__})"
    if not isinstance(value, dict):
        return f"{what} is JSON but not an object"
    return shape_problem(value)


def shape_problem(payload: dict[str, Any]) -> str | None:
    """The first key whose value has a type Slack never sends there (see ``SHAPES``)."""
    # A stack, not recursion: how deep a payload nests is not ours to choose.
    stack: list[Any] = [payload]
    while stack:
        node = stack.pop()
        if isinstance(node, list):
            stack.extend(node)
            continue
        if not isinstance(node, dict):
            continue
        for key, value in node.items():
            allowed = SHAPES.get(key)
            if value is not None and allowed is not None and not isinstance(value, allowed):
                return f"{key!r} is a {type(value).__name__}, not a {allowed[0].__name__}"
            if key in _LISTS_OF_OBJECTS and not all(isinstance(v, dict) for v in value or ()):
                return f"{key!r} holds something other than objects"
            if isinstance(value, dict | list):
                stack.append(value)
    return None
