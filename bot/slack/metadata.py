"""Slack message metadata on every delivered message, and finding those messages again.

Each message of a delivery says which subscription, slot and part it is. A worker resuming a
slot an earlier attempt may have half-posted reads the channel (and the digest's thread) for
these and posts only what is missing. Needs the channels:history (groups:history) scope.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import datetime, timedelta
from typing import Any

from slack_sdk import WebClient

EVENT_TYPE = "newsbot_digest"
# How far before the slot's local midnight recovery looks back in the channel history.
HISTORY_MARGIN = timedelta(minutes=10)


def metadata(sub_id: int, slot: str, part: str, digest_id: str) -> dict[str, Any]:
    payload = {"subscription_id": sub_id, "slot": slot, "part": part, "digest_id": digest_id}
    return {"event_type": EVENT_TYPE, "event_payload": payload}


def _ours(message: dict[str, Any], sub_id: int, slot: str) -> str | None:
    meta = message.get("metadata") or {}
    payload = meta.get("event_payload") or {}
    if meta.get("event_type") != EVENT_TYPE:
        return None
    if payload.get("subscription_id") != sub_id or payload.get("slot") != slot:
        return None
    part = payload.get("part")
    return part if isinstance(part, str) else None


def _pages(call: Callable[..., Any], **kwargs: Any) -> Iterable[dict[str, Any]]:
    cursor: str | None = None
    while True:
        page = call(**kwargs, cursor=cursor) if cursor else call(**kwargs)
        yield from page.get("messages") or []
        cursor = (page.get("response_metadata") or {}).get("next_cursor")
        if not page.get("has_more") or not cursor:
            return


def find_posted_parts(
    client: WebClient,
    channel: str,
    sub_id: int,
    slot: str,
    oldest: datetime,
    *,
    threads: Iterable[str] = (),
) -> dict[str, str]:
    """Part -> ts of the messages of (sub_id, slot) already in ``channel``, in its digest's
    thread and in ``threads`` (earlier digests' threads that updates reply in)."""
    found: dict[str, str] = {}
    history = _pages(
        client.conversations_history,
        channel=channel,
        oldest=f"{oldest.timestamp():.6f}",
        include_all_metadata=True,
        limit=200,
    )
    for message in history:
        part = _ours(message, sub_id, slot)
        if part is not None:
            found.setdefault(part, str(message["ts"]))
    roots = [found["d0"]] if "d0" in found else []
    for root in [*roots, *threads]:
        replies = _pages(
            client.conversations_replies,
            channel=channel,
            ts=root,
            include_all_metadata=True,
            limit=200,
        )
        for message in replies:
            part = _ours(message, sub_id, slot)
            if part is not None and part.startswith("q"):
                found.setdefault(part, str(message["ts"]))
    return found
