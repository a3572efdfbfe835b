"""Sending rendered messages (dicts with "text"/"blocks") and turning failures into replies."""

from __future__ import annotations

import logging
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from typing import Any

from slack_bolt.context.respond import Respond
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.errors import CommandError, NewsbotError, StoreError, UsageError
from bot.render.env import Templates
from bot.render.messages import render_error, render_notice
from bot.slack.listeners import texts

log = logging.getLogger(__name__)

Message = Mapping[str, Any]
_MESSAGE_KEYS = ("text", "blocks", "attachments")
_SLACK_ERRORS = {
    "not_in_channel": texts.NOT_IN_CHANNEL,
    "channel_not_found": texts.CHANNEL_NOT_FOUND,
    "is_archived": texts.CHANNEL_NOT_FOUND,
}


def _content(message: Message) -> dict[str, Any]:
    return {k: message[k] for k in _MESSAGE_KEYS if k in message}


def reply(respond: Respond, message: Message, *, replace_original: bool = False) -> None:
    """Show ``message`` to the caller only, through the request's response_url."""
    response = respond(
        **_content(message), response_type="ephemeral", replace_original=replace_original
    )
    if response.status_code != 200:
        log.warning("response_url answered %s: %s", response.status_code, response.body)


def notice(
    respond: Respond,
    text: str,
    *,
    templates: Templates | None = None,
    link_url: str | None = None,
    link_label: str = "open it",
) -> None:
    """A short ephemeral confirmation, optionally ending with a link (e.g. a permalink)."""
    message = render_notice(text, link_url=link_url, link_label=link_label, templates=templates)
    reply(respond, message)


def post(client: WebClient, channel: str, message: Message, thread_ts: str | None = None) -> str:
    """chat.postMessage without link previews; returns the new message's ts."""
    args: dict[str, Any] = {"channel": channel, "unfurl_links": False, "unfurl_media": False}
    if thread_ts:
        args["thread_ts"] = thread_ts
    response = client.chat_postMessage(**args, **_content(message))
    return str(response["ts"])


@contextmanager
def errors_answered(
    respond: Respond, what: str, body: Mapping[str, Any], templates: Templates | None = None
) -> Iterator[None]:
    """Answer any failure inside with a short ephemeral message; log the unexpected ones."""
    try:
        yield
    except UsageError as exc:  # only a malformed command gets the usage, not every refusal
        _send_error(respond, str(exc), templates, usage=True)
    except CommandError as exc:
        _send_error(respond, str(exc), templates)
    except StoreError:
        log.exception("%s failed on the store (%s)", what, _where(body))
        _send_error(respond, texts.STORE_ERROR, templates)
    except NewsbotError as exc:
        _send_error(respond, str(exc), templates)
    except SlackApiError as exc:
        error = str(exc.response.get("error", ""))
        log.warning("%s: Slack refused a call with %s (%s)", what, error, _where(body))
        _send_error(respond, _SLACK_ERRORS.get(error, texts.INTERNAL_ERROR), templates)
    except Exception:
        log.exception("%s failed (%s)", what, _where(body))
        _send_error(respond, texts.INTERNAL_ERROR, templates)


def _send_error(
    respond: Respond, text: str, templates: Templates | None, *, usage: bool = False
) -> None:
    try:
        reply(respond, render_error(text, usage=usage, templates=templates))
    except Exception:  # the reply itself failed: nothing left to tell the user through
        log.exception("could not send an error reply")


def _where(body: Mapping[str, Any]) -> str:
    team = body.get("team_id") or (body.get("team") or {}).get("id")
    user = body.get("user_id") or (body.get("user") or {}).get("id")
    channel = body.get("channel_id") or (body.get("channel") or {}).get("id")
    return f"team={team} channel={channel} user={user}"
