"""A fake Slack Socket Mode server: a real WebSocket server on loopback.

Slack's side of Socket Mode, as far as newsbot needs it: the app calls ``apps.connections.open``
(answered by ``FakeSlackApi`` with ``.url``), connects, gets a ``hello``, then receives
envelopes and must ack each with ``{"envelope_id": ...}`` within 3 seconds::

    with FakeSocketMode() as socket_mode:
        slack.set_method("apps.connections.open", socket_mode.connections_open_answer())
        ...  # connect the app
        socket_mode.wait_connected()
        envelope_id = socket_mode.slash_command("help", slack.response_url("help"))
        ack = socket_mode.wait_for_ack(envelope_id)
        socket_mode.button_click("newsbot_share", digest_id, slack.response_url("share"))
        socket_mode.event({"type": "tokens_revoked", "tokens": {"bot": ["U0BOT"]}})

Each payload is shaped as Slack's Socket Mode carries it: the JSON object itself, where HTTP
mode has form fields (slash commands) or a form-encoded ``payload`` field (buttons).

The WebSocket protocol itself is the ``websockets`` library's (a dev dependency), so what is
tested is slack_sdk's client against a standard server, not against a second home-made codec.
"""

from __future__ import annotations

import itertools
import json
import threading
import time
from dataclasses import dataclass
from typing import Any

from websockets.exceptions import ConnectionClosed
from websockets.sync.server import Server, ServerConnection, serve

from fakes.slack_api import TEAM_ID
from fakes.slack_payloads import APP_ID, CHANNEL_ID, USER_ID, block_actions_payload


@dataclass(frozen=True)
class Ack:
    envelope_id: str
    payload: dict[str, Any] | None
    seconds: float  # from sending the envelope to receiving its ack


class FakeSocketMode:
    def __init__(self, *, ping_interval: float | None = 0.1) -> None:
        """``ping_interval``: Slack pings its clients; here often, because slack_sdk's client
        closes only once its blocking read returns (up to 3 s otherwise), so a ping every
        0.1 s lets ``handler.close()`` finish promptly."""
        self._lock = threading.Condition()
        self._connections: list[ServerConnection] = []
        self._paths: list[str] = []
        self._sent_at: dict[str, float] = {}
        self._acks: list[Ack] = []
        self._unparsed: list[str] = []  # frames from the app that were not acks
        self._ids = itertools.count(1)
        self._server: Server = serve(self._handle, "127.0.0.1", 0, ping_interval=ping_interval)
        self._thread: threading.Thread | None = None

    # -- lifecycle ---------------------------------------------------------------------------
    def start(self) -> FakeSocketMode:
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()  # closes every open connection too
        if self._thread is not None:
            self._thread.join(timeout=5)

    def __enter__(self) -> FakeSocketMode:
        return self.start()

    def __exit__(self, *_exc: object) -> None:
        self.stop()

    # -- addresses ---------------------------------------------------------------------------
    @property
    def url(self) -> str:
        host, port = self._server.socket.getsockname()[:2]
        # Shaped like Slack's own (a path and a ticket), which the client must pass through.
        return f"ws://{host}:{port}/link/?ticket=fake-ticket&app_id={APP_ID}"

    def connections_open_answer(self) -> dict[str, Any]:
        """What ``apps.connections.open`` answers (give it to ``FakeSlackApi.set_method``)."""
        return {"ok": True, "url": self.url}

    # -- sending -----------------------------------------------------------------------------
    def send_envelope(
        self,
        kind: str,
        payload: dict[str, Any],
        *,
        accepts: bool = True,
        extra: dict[str, Any] | None = None,
    ) -> str:
        """Send one envelope to the newest connection; returns its envelope_id. ``extra``: more
        top-level fields (Events API envelopes carry ``retry_attempt`` and ``retry_reason``)."""
        envelope_id = f"env-{next(self._ids):04d}"
        frame = {
            "envelope_id": envelope_id,
            "type": kind,
            "payload": payload,
            "accepts_response_payload": accepts,
            **(extra or {}),
        }
        with self._lock:
            if not self._connections:
                raise AssertionError("no app is connected to the fake Socket Mode server")
            connection = self._connections[-1]
            self._sent_at[envelope_id] = time.monotonic()
        connection.send(json.dumps(frame))
        return envelope_id

    def slash_command(self, text: str, response_url: str, command: str = "/news") -> str:
        return self.send_envelope(
            "slash_commands", slash_command_payload(text, response_url, command)
        )

    def button_click(
        self,
        action_id: str,
        value: str,
        response_url: str,
        *,
        message_ts: str = "1700000000.000100",
        ephemeral: bool = True,
    ) -> str:
        """A press of one digest button (``block_actions``); Slack lets no ack payload answer it."""
        payload = block_actions_payload(
            action_id, value, response_url, message_ts=message_ts, ephemeral=ephemeral
        )
        return self.send_envelope("interactive", payload, accepts=False)

    def event(self, event: dict[str, Any], *, retry_attempt: int = 0) -> str:
        """One Events API event (``event_callback``), as a first delivery unless told otherwise."""
        retry = {"retry_attempt": retry_attempt, "retry_reason": "timeout" if retry_attempt else ""}
        return self.send_envelope(
            "events_api", event_callback_payload(event), accepts=False, extra=retry
        )

    # -- inspection --------------------------------------------------------------------------
    @property
    def paths(self) -> list[str]:
        """The request path (with query) of every WebSocket handshake, in order."""
        with self._lock:
            return list(self._paths)

    def acks(self) -> list[Ack]:
        with self._lock:
            return list(self._acks)

    def unparsed(self) -> list[str]:
        with self._lock:
            return list(self._unparsed)

    def wait_connected(self, timeout: float = 5.0) -> None:
        with self._lock:
            if not self._lock.wait_for(lambda: bool(self._connections), timeout=timeout):
                raise AssertionError(f"no Socket Mode connection within {timeout}s")

    def wait_for_ack(self, envelope_id: str, timeout: float = 5.0) -> Ack:
        def found() -> Ack | None:
            return next((a for a in self._acks if a.envelope_id == envelope_id), None)

        with self._lock:
            if not self._lock.wait_for(lambda: found() is not None, timeout=timeout):
                raise AssertionError(f"no ack for {envelope_id} within {timeout}s: {self._acks}")
            ack = found()
        assert ack is not None
        return ack

    # -- serving (one thread per connection) ---------------------------------------------------
    def _handle(self, connection: ServerConnection) -> None:
        connection.send(json.dumps(hello()))
        with self._lock:
            self._connections.append(connection)
            self._paths.append(connection.request.path if connection.request else "")
            self._lock.notify_all()
        try:
            for message in connection:
                self._received(message if isinstance(message, str) else message.decode())
        except ConnectionClosed:
            pass  # the app went away (closing the handler drops the socket without a close frame)
        finally:
            with self._lock:
                self._connections.remove(connection)

    def _received(self, text: str) -> None:
        arrived = time.monotonic()
        try:
            frame = json.loads(text)
            envelope_id = str(frame["envelope_id"])
        except (ValueError, KeyError, TypeError):
            with self._lock:
                self._unparsed.append(text)
            return
        with self._lock:
            sent = self._sent_at.get(envelope_id, arrived)
            self._acks.append(Ack(envelope_id, frame.get("payload"), arrived - sent))
            self._lock.notify_all()


def hello() -> dict[str, Any]:
    """Slack's first message on every new connection."""
    return {
        "type": "hello",
        "num_connections": 1,
        "debug_info": {"host": "applink-fake", "approximate_connection_time": 18060},
        "connection_info": {"app_id": APP_ID},
    }


def slash_command_payload(text: str, response_url: str, command: str = "/news") -> dict[str, Any]:
    """The form fields of a slash command, as Socket Mode carries them (a JSON object)."""
    return {
        "token": "deprecated-verification-token",
        "team_id": TEAM_ID,
        "team_domain": "newsroom",
        "channel_id": CHANNEL_ID,
        "channel_name": "news",
        "user_id": USER_ID,
        "user_name": "alice",
        "command": command,
        "text": text,
        "api_app_id": APP_ID,
        "is_enterprise_install": "false",
        "response_url": response_url,
        "trigger_id": "1337.42.abcdef",
    }


def event_callback_payload(event: dict[str, Any]) -> dict[str, Any]:
    """The ``event_callback`` wrapper Slack puts around every Events API event."""
    return {
        "token": "deprecated-verification-token",
        "team_id": TEAM_ID,
        "api_app_id": APP_ID,
        "type": "event_callback",
        "event_id": "Ev0SOCKET01",
        "event_time": 1700000000,
        "event": event,
        "authorizations": [
            {"team_id": TEAM_ID, "user_id": "U0BOT", "is_bot": True, "is_enterprise_install": False}
        ],
        "is_ext_shared_channel": False,
    }
