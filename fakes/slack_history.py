"""The fake Slack's message history: what was posted per channel, read back with metadata.

``conversations.history`` lists a channel's top-level messages newest first (thread replies
only when broadcast); ``conversations.replies`` lists a thread, root first. Metadata is left
out unless the caller asks for ``include_all_metadata``, as Slack does.
"""

from __future__ import annotations

import json
import threading
from typing import Any

HISTORY_METHODS = ("conversations.history", "conversations.replies")


class MessageHistory:
    """Messages posted per channel, oldest first; safe to use from the server's threads."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._by_channel: dict[str, list[dict[str, Any]]] = {}

    def messages(self, channel: str) -> list[dict[str, Any]]:
        """Messages posted to ``channel`` (thread replies included), oldest first."""
        with self._lock:
            return [dict(m) for m in self._by_channel.get(channel, [])]

    def keep(self, method: str, params: dict[str, Any], ts: str) -> None:
        """Remember a ``chat.postMessage`` that Slack accepted as message ``ts``."""
        if method != "chat.postMessage" or not params.get("channel"):
            return
        message: dict[str, Any] = {"type": "message", "ts": ts, "text": params.get("text", "")}
        for name in ("blocks", "thread_ts", "reply_broadcast"):
            if name in params:
                message[name] = params[name]
        meta = params.get("metadata")
        if isinstance(meta, str):  # form-encoded posts carry it as JSON text
            meta = json.loads(meta)
        if meta:
            message["metadata"] = meta
        with self._lock:
            self._by_channel.setdefault(str(params["channel"]), []).append(message)

    def answer(self, method: str, params: dict[str, Any]) -> dict[str, Any]:
        """The answer to one of ``HISTORY_METHODS``."""
        stored = self.messages(str(params.get("channel", "")))
        if method == "conversations.history":
            oldest = float(params.get("oldest") or 0)
            picked = [
                m
                for m in stored
                if float(m["ts"]) > oldest
                and (m.get("thread_ts") is None or _truthy(m.get("reply_broadcast")))
            ]
            picked.reverse()  # Slack lists history newest first
        else:
            root = str(params.get("ts", ""))
            picked = [m for m in stored if root in (m["ts"], m.get("thread_ts"))]
            if not any(m["ts"] == root for m in picked):
                return {"ok": False, "error": "thread_not_found"}
        if not _truthy(params.get("include_all_metadata")):
            picked = [{k: v for k, v in m.items() if k != "metadata"} for m in picked]
        return {"ok": True, "messages": picked, "has_more": False}


def _truthy(value: Any) -> bool:
    return value in (True, 1, "1", "true", "True")
