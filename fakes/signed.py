"""Requests to the app signed exactly as Slack signs them, and a server to send them to."""

from __future__ import annotations

import hashlib
import hmac
import json
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, Literal
from urllib.parse import urlencode

import httpx
import uvicorn
from starlette.types import ASGIApp

from fakes.slack_payloads import (
    block_actions_payload,
    home_action_payload,
    view_submission_payload,
)

SIGNING_SECRET = "8f742231b10e8888abcd99yyyzzz85a5"
TEAM_ID = "T0TEST"
CHANNEL_ID = "C0NEWS"
USER_ID = "U0ALICE"


def signature(secret: str, timestamp: str, body: bytes) -> str:
    base = f"v0:{timestamp}:".encode() + body
    return "v0=" + hmac.new(secret.encode(), base, hashlib.sha256).hexdigest()


def signed_headers(body: bytes, timestamp: int, secret: str = SIGNING_SECRET) -> dict[str, str]:
    return {
        "Content-Type": "application/x-www-form-urlencoded",
        "X-Slack-Request-Timestamp": str(timestamp),
        "X-Slack-Signature": signature(secret, str(timestamp), body),
    }


def slash_command(text: str, response_url: str, **overrides: str) -> bytes:
    fields = {
        "token": "deprecated-verification-token",
        "team_id": TEAM_ID,
        "team_domain": "newsroom",
        "channel_id": CHANNEL_ID,
        "channel_name": "news",
        "user_id": USER_ID,
        "user_name": "alice",
        "command": "/news",
        "text": text,
        "api_app_id": "A0NEWSBOT",
        "response_url": response_url,
        "trigger_id": "1337.42.abcdef",
    }
    fields.update(overrides)
    return urlencode(fields).encode()


def button_click(
    action_id: str,
    value: str,
    response_url: str,
    *,
    message_ts: str = "1700000000.000100",
    ephemeral: bool = True,
    user_id: str = USER_ID,
) -> bytes:
    payload = block_actions_payload(
        action_id,
        value,
        response_url,
        message_ts=message_ts,
        ephemeral=ephemeral,
        user_id=user_id,
    )
    return urlencode({"payload": json.dumps(payload)}).encode()


def home_click(action_id: str, value: str | None = None, *, user_id: str = USER_ID) -> bytes:
    """A button press in the Home tab, form-encoded as Slack sends it."""
    payload = home_action_payload(action_id, value, user_id=user_id)
    return urlencode({"payload": json.dumps(payload)}).encode()


def view_submission(
    callback_id: str, values: dict[str, Any], *, view_id: str, user_id: str = USER_ID
) -> bytes:
    """A modal submitted, form-encoded as Slack sends it."""
    payload = view_submission_payload(callback_id, values, view_id=view_id, user_id=user_id)
    return urlencode({"payload": json.dumps(payload)}).encode()


def event_callback(event: dict[str, Any]) -> bytes:
    body = {
        "token": "deprecated",
        "team_id": TEAM_ID,
        "api_app_id": "A0NEWSBOT",
        "type": "event_callback",
        "event_id": "Ev0001",
        "event_time": 1700000000,
        "event": event,
    }
    return json.dumps(body).encode()


@contextmanager
def serve(app: ASGIApp, *, lifespan: Literal["on", "off"] = "off") -> Iterator[str]:
    """Run ``app`` with uvicorn on a free loopback port in a thread; yields its base URL.

    ``lifespan="on"`` runs the app's start-up and shutdown as ``newsbot serve`` does (the
    analysis workers); off, digests analyse inline and no worker process starts.
    """
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning", lifespan=lifespan))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("uvicorn did not start")
        time.sleep(0.01)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        sock.close()


class SlackSender:
    """Posts signed requests to the app's /slack/events, timed with the app's clock."""

    def __init__(self, base_url: str, timestamp: Any) -> None:
        self.client = httpx.Client(base_url=base_url, timeout=10)
        self._timestamp = timestamp

    def post(self, body: bytes, **header_overrides: str) -> httpx.Response:
        headers: dict[str, str | bytes] = dict(signed_headers(body, self._timestamp()))
        if body.startswith(b"{"):
            headers["Content-Type"] = "application/json"
        # Bytes, so a test can send the non-ASCII header values an attacker could.
        headers.update({k: v.encode("utf-8") for k, v in header_overrides.items()})
        return self.client.post("/slack/events", content=body, headers=headers)

    def close(self) -> None:
        self.client.close()
