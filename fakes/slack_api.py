"""A fake Slack Web API on a real loopback HTTP server. Point ``SLACK_API_URL`` at ``.api_url``.

It answers the Web API methods newsbot calls (JSON, form or query-string arguments), plays the
``response_url`` of slash commands and buttons (``.response_url(key)`` -> ``/response/<key>``),
records every call, and can be scripted to fail::

    with FakeSlackApi() as slack:
        slack.fail("chat.postMessage", error="not_in_channel", channel="C1", times=1)
        slack.fail("chat.postMessage", status=429, retry_after=2)        # once
        slack.fail("chat.postMessage", reset=True)                       # accept, then RST
        slack.set_user("U1", tz="Asia/Tokyo", is_admin=True)
        slack.scopes = "commands,chat:write"     # the token's scopes, as x-oauth-scopes
        ...
        slack.wait_for("chat.postMessage", count=2)
        assert slack.calls("chat.postMessage")[0].params["channel"] == "C1"

``FakeSlackApi(one_message_per_second=True)`` answers a second post to one channel within a
second with 429 (Retry-After: 1) and counts it in ``.rate_violations``, as Slack does.
``workspace_rate=(per_second, burst)`` adds a workspace-wide limit on chat.postMessage (a
token bucket per token: the token names the workspace) answered with 429 and a Retry-After of
the seconds until the next post may go; ``.posts_accepted()`` lists the (token, channel,
arrival time) of every post taken, for tests that check the pace. Posted
messages are kept per channel (``fakes.slack_history``) and read back by
``conversations.history`` / ``.replies`` and ``.messages(channel)``.
"""

from __future__ import annotations

import json
import socket
import struct
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qsl, urlsplit

from fakes.slack_calls import TEAM_ID, Call, Fault, User
from fakes.slack_history import HISTORY_METHODS, MessageHistory
from fakes.slack_limits import PostLimits

RESPONSE_URL = "response_url"  # the method name recorded for response_url posts
VIEW_METHODS = frozenset({"views.publish", "views.open", "views.update"})
BOT_USER_ID = "U0BOT"


@dataclass
class _State:
    calls: list[Call] = field(default_factory=list)
    faults: list[Fault] = field(default_factory=list)
    users: dict[str, User] = field(default_factory=dict)
    limits: PostLimits = field(default_factory=PostLimits)
    ts_counter: int = 0
    extra_methods: dict[str, dict[str, Any]] = field(default_factory=dict)
    history: MessageHistory = field(default_factory=MessageHistory)
    homes: dict[str, dict[str, Any]] = field(default_factory=dict)
    views: dict[str, dict[str, Any]] = field(default_factory=dict)


class FakeSlackApi:
    def __init__(
        self,
        *,
        one_message_per_second: bool = False,
        workspace_rate: tuple[float, int] | None = None,
    ) -> None:
        self.one_message_per_second = one_message_per_second
        self.workspace_rate = workspace_rate
        # Sent as ``x-oauth-scopes`` on every Web API answer, as Slack does (None: not sent).
        self.scopes: str | None = None
        self._state = self._fresh_state()
        self._lock = threading.Condition()
        self._server = _QuietServer(("127.0.0.1", 0), _handler_for(self))
        self._server.daemon_threads = True
        self._thread: threading.Thread | None = None

    # -- lifecycle ---------------------------------------------------------------------------
    def start(self) -> FakeSlackApi:
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    def __enter__(self) -> FakeSlackApi:
        return self.start()

    def __exit__(self, *_exc: object) -> None:
        self.stop()

    # -- addresses ---------------------------------------------------------------------------
    @property
    def base_url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host!s}:{port}"

    @property
    def api_url(self) -> str:
        """The value for SLACK_API_URL."""
        return f"{self.base_url}/api/"

    def response_url(self, key: str) -> str:
        return f"{self.base_url}/response/{key}"

    # -- scripting ---------------------------------------------------------------------------
    def fail(self, method: str, **kwargs: Any) -> Fault:
        """Script a failure of ``method`` (see ``Fault``); returns it so a test can inspect it."""
        fault = Fault(method=method, **kwargs)
        with self._lock:
            self._state.faults.append(fault)
        return fault

    def set_user(self, user_id: str, **kwargs: Any) -> User:
        user = User(id=user_id, **kwargs)
        with self._lock:
            self._state.users[user_id] = user
        return user

    def set_method(self, method: str, payload: dict[str, Any]) -> None:
        """Answer ``method`` (one the fake does not know) with ``payload``."""
        with self._lock:
            self._state.extra_methods[method] = payload

    def clear(self) -> None:
        """Forget calls, faults, messages and rate history (users and set_method answers stay)."""
        with self._lock:
            old = self._state
            self._state = self._fresh_state(old.users, old.extra_methods)

    def _fresh_state(
        self,
        users: dict[str, User] | None = None,
        extra_methods: dict[str, dict[str, Any]] | None = None,
    ) -> _State:
        limits = PostLimits(self.one_message_per_second, self.workspace_rate)
        return _State(users=users or {}, extra_methods=extra_methods or {}, limits=limits)

    # -- inspection --------------------------------------------------------------------------
    def calls(self, method: str | None = None) -> list[Call]:
        with self._lock:
            return [c for c in self._state.calls if method is None or c.method == method]

    def responses(self, key: str | None = None) -> list[Call]:
        """Posts to response URLs (all, or those of one key)."""
        return [c for c in self.calls(RESPONSE_URL) if key is None or c.key == key]

    @property
    def rate_violations(self) -> int:
        with self._lock:
            return self._state.limits.violations

    def wait_for(
        self, method: str, count: int = 1, timeout: float = 5.0, key: str | None = None
    ) -> list[Call]:
        """Block until ``count`` calls of ``method`` arrived; AssertionError on timeout."""

        def ready() -> bool:
            return len(self._matching(method, key)) >= count

        with self._lock:
            if not self._lock.wait_for(ready, timeout=timeout):
                seen = [c.method for c in self._state.calls]
                raise AssertionError(f"waited {timeout}s for {count} x {method}; saw {seen}")
            return self._matching(method, key)

    def _matching(self, method: str, key: str | None) -> list[Call]:
        calls = self._state.calls
        return [c for c in calls if c.method == method and (key is None or c.key == key)]

    # -- serving (called from handler threads) -------------------------------------------------
    def _record(self, call: Call) -> None:
        with self._lock:
            self._state.calls.append(call)
            self._lock.notify_all()

    def _take_fault(
        self, method: str, channel: str | None, thread_ts: str | None = None
    ) -> Fault | None:
        with self._lock:
            for fault in self._state.faults:
                if fault.matches(method, channel, thread_ts):
                    if fault.times is not None:
                        fault.times -= 1
                    return fault
        return None

    def posts_accepted(self) -> list[tuple[str, str, float]]:
        """(token, channel, arrival monotonic time) of each chat.postMessage taken, in order."""
        with self._lock:
            return list(self._state.limits.accepted)

    def _rate_limited(self, method: str, channel: str | None, token: str) -> int | None:
        """None if the call may go, else the Retry-After of its 429 (see ``PostLimits``)."""
        if method != "chat.postMessage" or not channel:
            return None
        with self._lock:
            return self._state.limits.admit(token, channel, time.monotonic())

    def _next_ts(self) -> str:
        with self._lock:
            self._state.ts_counter += 1
            return f"{1_800_000_000 + self._state.ts_counter}.{self._state.ts_counter:06d}"

    def _answer(self, method: str, params: dict[str, Any]) -> dict[str, Any]:
        channel = params.get("channel")
        if method in HISTORY_METHODS:
            return self._state.history.answer(method, params)
        if method in ("chat.postMessage", "chat.update"):
            ts = params.get("ts") or self._next_ts()
            message = {k: params[k] for k in ("text", "blocks", "thread_ts") if k in params}
            self._state.history.keep(method, params, ts)
            return {"ok": True, "channel": channel, "ts": ts, "message": {**message, "ts": ts}}
        if method == "chat.postEphemeral":
            return {"ok": True, "message_ts": self._next_ts()}
        if method == "users.info":
            return self._user(str(params.get("user", "")))
        if method == "auth.test":
            return {"ok": True, "team_id": TEAM_ID, "user_id": BOT_USER_ID, "bot_id": "B0BOT"}
        if method == "conversations.info":
            return {"ok": True, "channel": {"id": channel, "is_member": True, "name": "news"}}
        if method in VIEW_METHODS:
            return self._view(method, params)
        if method == "chat.getPermalink":
            link = f"https://example.slack.com/archives/{channel}/p{params.get('message_ts')}"
            return {"ok": True, "channel": channel, "permalink": link}
        with self._lock:
            extra = self._state.extra_methods.get(method)
        return extra if extra is not None else {"ok": False, "error": "unknown_method"}

    def _view(self, method: str, params: dict[str, Any]) -> dict[str, Any]:
        view = params.get("view")
        if isinstance(view, str):  # form posts carry the view JSON-encoded
            view = json.loads(view)
        if not isinstance(view, dict):
            return {"ok": False, "error": "invalid_arguments"}
        with self._lock:
            if method == "views.publish":
                view_id = f"VHOME{params.get('user_id', '')}"
                self._state.homes[str(params.get("user_id", ""))] = view
            elif method == "views.update":
                view_id = str(params.get("view_id", ""))
                if view_id not in self._state.views:
                    return {"ok": False, "error": "not_found"}
            else:
                self._state.ts_counter += 1
                view_id = f"VMODAL{self._state.ts_counter}"
            self._state.views[view_id] = view
        return {"ok": True, "view": {**view, "id": view_id}}

    def home(self, user_id: str) -> dict[str, Any] | None:
        """The Home tab last published for ``user_id`` (views.publish)."""
        with self._lock:
            return self._state.homes.get(user_id)

    def view(self, view_id: str) -> dict[str, Any] | None:
        """A view as last opened, published or updated."""
        with self._lock:
            return self._state.views.get(view_id)

    def _user(self, user_id: str) -> dict[str, Any]:
        with self._lock:
            user = self._state.users.get(user_id)
        if user is None:
            user = User(id=user_id)
        return {"ok": True, "user": user.as_json()}

    def messages(self, channel: str) -> list[dict[str, Any]]:
        """Messages posted to ``channel`` (thread replies included), oldest first."""
        return self._state.history.messages(channel)


class _QuietServer(ThreadingHTTPServer):
    # Room for a thousand clients connecting at once (the delivery bench), not the default 5.
    request_queue_size = 1024

    def handle_error(self, request: Any, client_address: Any) -> None:
        pass  # a scripted reset makes the handler's socket fail afterwards; that is the point


def _decode(handler: BaseHTTPRequestHandler, body: bytes) -> dict[str, Any]:
    params: dict[str, Any] = dict(parse_qsl(urlsplit(handler.path).query))
    ctype = handler.headers.get("Content-Type", "")
    if "json" in ctype and body:
        loaded = json.loads(body)
        params.update(loaded if isinstance(loaded, dict) else {"_json": loaded})
    elif body:
        params.update(parse_qsl(body.decode("utf-8"), keep_blank_values=True))
    for name in ("blocks", "attachments", "view"):  # form posts carry these JSON-encoded
        if isinstance(params.get(name), str):
            try:
                params[name] = json.loads(params[name])
            except json.JSONDecodeError:
                pass
    return params


def _handler_for(fake: FakeSlackApi) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, format: str, *args: Any) -> None:
            pass  # quiet: the test reads fake.calls() instead

        def do_GET(self) -> None:
            self._serve()

        def do_POST(self) -> None:
            self._serve()

        def _serve(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length) if length else b""
            path = urlsplit(self.path).path
            params = _decode(self, body)
            headers = {k.lower(): v for k, v in self.headers.items()}
            if path.startswith("/response/"):
                key = path.removeprefix("/response/")
                self._respond_to(RESPONSE_URL, params, headers, path, key, text_ok=True)
            elif path.startswith("/api/"):
                method = path.removeprefix("/api/")
                self._respond_to(method, params, headers, path, None, text_ok=False)
            else:
                self._send(404, {"ok": False, "error": "not_found"})

        def _respond_to(
            self,
            method: str,
            params: dict[str, Any],
            headers: dict[str, str],
            path: str,
            key: str | None,
            *,
            text_ok: bool,
        ) -> None:
            channel = params.get("channel")
            arrived = time.monotonic()

            def record(status: int) -> None:
                fake._record(Call(method, params, headers, arrived, path, key, status))

            thread = params.get("thread_ts")
            fault = fake._take_fault(method, channel, str(thread) if thread else None)
            if fault is not None and not fault.reset:
                status = fault.status or 200
                record(status)
                self._send(
                    status,
                    {"ok": False, "error": fault.error or "fatal_error"},
                    retry_after=fault.retry_after if status == 429 else None,
                )
                return
            # After scripted answers: a post answered with an error never counts as taken.
            token = headers.get("authorization", "").removeprefix("Bearer ")
            retry_after = fake._rate_limited(method, channel, token or str(params.get("token")))
            if retry_after is not None:
                record(429)
                self._send(429, {"ok": False, "error": "ratelimited"}, retry_after=retry_after)
                return
            # oauth.v2.access authenticates with the client id and secret instead of a token.
            authed = headers.get("authorization") or "token" in params or "client_id" in params
            if not text_ok and not authed:
                record(200)
                self._send(200, {"ok": False, "error": "not_authed"})
                return
            answer = {"ok": True} if text_ok else fake._answer(method, params)
            record(200)
            if fault is not None:  # reset after accepting: the call took effect, no answer
                self._reset()
                return
            self._send(200, answer, text="ok" if text_ok else None)

        def _send(
            self,
            status: int,
            payload: dict[str, Any],
            *,
            retry_after: int | None = None,
            text: str | None = None,
        ) -> None:
            data = text.encode() if text is not None else json.dumps(payload).encode()
            self.send_response(status)
            ctype = "text/plain" if text is not None else "application/json; charset=utf-8"
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(data)))
            if retry_after is not None:
                self.send_header("Retry-After", str(retry_after))
            if text is None and fake.scopes is not None:
                self.send_header("x-oauth-scopes", fake.scopes)
            self.end_headers()
            self.wfile.write(data)

        def _reset(self) -> None:
            # SO_LINGER 0 makes close() send RST: the client sees "connection reset by peer".
            self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            self.connection.close()
            self.close_connection = True

    return Handler
