"""No secret reaches a log, even at -vv (issue 10, finding 5).

``newsbot -vv serve`` runs for real in OAuth mode against the fake Slack API; a browser
installs the app; then everything the process wrote (its debug log and uvicorn's access log)
is searched for the tokens, the OAuth code and the client secret.
"""

from __future__ import annotations

import logging
import os
import re
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from bot.log_redaction import MASK, SecretRedactor, install_redaction
from fakes.signed import SIGNING_SECRET, TEAM_ID, USER_ID
from fakes.slack_api import FakeSlackApi
from tests.slack.conftest import TOKEN_KEY

ACCESS_TOKEN = "xoxe.xoxb-1-ACCESS-abcdef0123456789"
REFRESH_TOKEN = "xoxe-1-REFRESH-abcdef0123456789"
CODE = "oauth-code-5e5e5e5e5e"
CLIENT_SECRET = "client-secret-7a7a7a7a"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _serve(tmp_path: Path, fake: FakeSlackApi, port: int) -> subprocess.Popen[bytes]:
    env = {
        "PATH": os.environ.get("PATH", ""),
        "HOME": str(tmp_path),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'newsbot.db'}",
        "SLACK_CLIENT_ID": "1111.2222",
        "SLACK_CLIENT_SECRET": CLIENT_SECRET,
        "SLACK_SIGNING_SECRET": SIGNING_SECRET,
        "SLACK_API_URL": fake.api_url,
        "NEWSBOT_TOKEN_KEY": TOKEN_KEY,
        "NEWSBOT_SOURCES_FILE": str(tmp_path / "sources.toml"),
    }
    command = [sys.executable, "-c", "from bot.cli import main; main()", "-vv", "serve"]
    args = [*command, "--host", "127.0.0.1", "--port", str(port), "--no-scheduler"]
    log = (tmp_path / "serve.log").open("wb")
    return subprocess.Popen(args, env=env, stdout=log, stderr=subprocess.STDOUT)


def _wait_healthy(base: str, proc: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        assert proc.poll() is None, "newsbot serve exited"
        try:
            if httpx.get(f"{base}/healthz", timeout=1).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.1)
    raise AssertionError("newsbot serve did not start")


def _install(base: str) -> None:
    with httpx.Client(base_url=base) as browser:
        page = browser.get("/slack/install")
        state = re.search(r"state=([^&\"]+)", page.text)
        assert state is not None
        cookie = page.headers["set-cookie"].split(";")[0]
        done = browser.get(
            "/slack/oauth_redirect",
            params={"code": CODE, "state": state[1]},
            headers={"Cookie": cookie},
        )
        assert done.status_code == 200, done.text


def test_oauth_at_debug_level_logs_no_token_code_or_secret(
    tmp_path: Path, fake_slack: FakeSlackApi
) -> None:
    fake_slack.set_method(
        "oauth.v2.access",
        {
            "ok": True,
            "app_id": "A0NEWSBOT",
            "authed_user": {"id": USER_ID},
            "scope": "commands,chat:write",
            "token_type": "bot",
            "access_token": ACCESS_TOKEN,
            "refresh_token": REFRESH_TOKEN,
            "expires_in": 43200,
            "bot_user_id": "U0BOT",
            "team": {"id": TEAM_ID, "name": "Newsroom"},
            "enterprise": None,
            "is_enterprise_install": False,
        },
    )
    port = _free_port()
    proc = _serve(tmp_path, fake_slack, port)
    try:
        _wait_healthy(f"http://127.0.0.1:{port}", proc)
        _install(f"http://127.0.0.1:{port}")
    finally:
        proc.send_signal(signal.SIGINT)
        proc.wait(timeout=30)
    logged = (tmp_path / "serve.log").read_text(encoding="utf-8", errors="replace")
    assert fake_slack.calls("oauth.v2.access"), "the OAuth flow never reached Slack"
    # The logs are there (so the search below means something)...
    assert "Received the following response" in logged and "oauth.v2.access" in logged
    assert "GET /slack/oauth_redirect" in logged
    # ...and hold none of the secrets.
    for secret in (ACCESS_TOKEN, REFRESH_TOKEN, CODE, CLIENT_SECRET, TOKEN_KEY):
        assert secret not in logged, f"{secret} is in the log"
    assert "ACCESS-abcdef" not in logged and "REFRESH-abcdef" not in logged
    assert "code=" not in logged.replace(f"code={MASK}", "")


@pytest.mark.parametrize(
    ("message", "leaked"),
    [
        ("token %s", "xoxb-123-456-abc"),
        ("refresh %s", "xoxe-1-My0xSecret"),
        ("rotating %s", "xoxe.xoxp-1-abcDEF"),
        ("socket %s", "xapp-1-A0-123-abc"),
        ("body: {'code': '%s', 'client_id': '1.2'}", "c0de-value"),
        ("GET /slack/oauth_redirect?state=s&code=%s HTTP/1.1", "c0de-value"),
        ('{"client_secret": "%s"}', "s3cr3t-value"),
        ("headers: {'Authorization': 'Basic %s'}", "MTExMTp0b3BzZWNyZXQ="),
    ],
)
def test_every_level_is_redacted(
    caplog: pytest.LogCaptureFixture, message: str, leaked: str
) -> None:
    install_redaction()
    logger = logging.getLogger("slack_sdk.web.base_client")  # a child: propagated records
    with caplog.at_level(logging.DEBUG):
        for level in (logging.DEBUG, logging.INFO, logging.WARNING, logging.ERROR):
            logger.log(level, message, leaked)
        try:
            raise RuntimeError(message % leaked)
        except RuntimeError:
            logger.exception("oops")
    assert caplog.records
    assert leaked not in caplog.text
    assert MASK in caplog.text


def test_a_configured_secret_is_masked_wherever_it_appears() -> None:
    redactor = SecretRedactor()
    redactor.add_secrets(["push-token-of-mine", None, "short", "key-one-abc,key-two-def"])
    text = "push-token-of-mine and key-two-def but short stays"
    assert redactor.redact(text) == f"{MASK} and {MASK} but short stays"
