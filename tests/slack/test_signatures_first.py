"""/slack/events checks the signature on the raw bytes first (issue 10, finding 4).

Every unsigned or badly signed request is a 401, every malformed signed body a 400; each is
logged in one line, and nothing raises into the server (no traceback, no 500).
"""

from __future__ import annotations

import json
import logging
from urllib.parse import quote

import pytest

from fakes.signed import SIGNING_SECRET, signature, slash_command
from tests.slack.conftest import RunningApp

REFUSALS = "bot.slack.web"


def _post_signed(app: RunningApp, body: bytes, content_type: str) -> int:
    now = str(int(app.clock().timestamp()))
    headers = {
        "Content-Type": content_type,
        "X-Slack-Request-Timestamp": now,
        "X-Slack-Signature": signature(SIGNING_SECRET, now, body),
    }
    return app.slack.client.post("/slack/events", content=body, headers=headers).status_code


def _assert_one_line_no_traceback(caplog: pytest.LogCaptureFixture) -> None:
    ours = [r for r in caplog.records if r.name == REFUSALS]
    assert len(ours) == 1, [r.getMessage() for r in caplog.records]
    assert "\n" not in ours[0].getMessage()
    assert all(r.exc_info is None for r in caplog.records), "a traceback was logged"
    assert all(r.levelno < logging.ERROR for r in caplog.records)


def test_a_5000_digit_timestamp_is_401(app: RunningApp, caplog: pytest.LogCaptureFixture) -> None:
    body = slash_command("help", app.fake.response_url("ts"))
    timestamp = "9" * 5000
    headers = {
        "X-Slack-Request-Timestamp": timestamp,
        "X-Slack-Signature": signature(SIGNING_SECRET, timestamp, body),
    }
    assert app.slack.post(body, **headers).status_code == 401
    _assert_one_line_no_traceback(caplog)
    assert app.fake.calls() == []


def test_a_non_utf8_body_with_a_wrong_signature_is_401(
    app: RunningApp, caplog: pytest.LogCaptureFixture
) -> None:
    body = b"command=%2Fnews&text=\xff\xfe\xfa"
    response = app.slack.post(body, **{"X-Slack-Signature": "v0=" + "0" * 64})
    assert response.status_code == 401
    _assert_one_line_no_traceback(caplog)


def test_a_non_utf8_body_is_hashed_as_bytes_so_its_signature_can_match(
    app: RunningApp, caplog: pytest.LogCaptureFixture
) -> None:
    body = b"command=%2Fnews&text=\xff\xfe\xfa"
    assert _post_signed(app, body, "application/x-www-form-urlencoded") == 400
    _assert_one_line_no_traceback(caplog)


def _form(payload: object) -> bytes:
    return b"payload=" + quote(json.dumps(payload)).encode()


@pytest.mark.parametrize(
    "body",
    [
        _form({"type": "block_actions", "actions": 5}),
        _form({"type": "block_actions", "actions": [5], "team": "T1", "user": 3}),
        _form({"type": "view_submission", "view": 3}),
        json.dumps({"type": "event_callback", "event": "str"}).encode(),
        json.dumps({"type": "event_callback", "authorizations": [5], "event": {}}).encode(),
        json.dumps({"type": "event_callback", "authorizations": "x", "event": {}}).encode(),
        json.dumps({"enterprise": 5, "team": 7}).encode(),
    ],
)
def test_a_signed_payload_of_the_wrong_shape_is_400(
    app: RunningApp, caplog: pytest.LogCaptureFixture, body: bytes
) -> None:
    content_type = (
        "application/json" if body.startswith(b"{") else "application/x-www-form-urlencoded"
    )
    assert _post_signed(app, body, content_type) == 400
    _assert_one_line_no_traceback(caplog)


@pytest.mark.parametrize(
    ("body", "content_type"),
    [
        (b"payload=" + quote("{bad").encode(), "application/x-www-form-urlencoded"),
        (b"payload=" + quote("[1,2]").encode(), "application/x-www-form-urlencoded"),
        (b"payload=" + quote('"text"').encode(), "application/x-www-form-urlencoded"),
        (b"{bad json", "application/json"),
        (b"[1, 2]", "application/json"),
        (b"{" * 5000, "application/json"),
    ],
)
def test_a_malformed_signed_payload_is_400(
    app: RunningApp, caplog: pytest.LogCaptureFixture, body: bytes, content_type: str
) -> None:
    assert _post_signed(app, body, content_type) == 400
    _assert_one_line_no_traceback(caplog)
    assert app.fake.calls() == []


def test_a_well_formed_signed_payload_still_reaches_bolt(app: RunningApp) -> None:
    body = b"payload=" + quote(json.dumps({"type": "unknown_kind"})).encode()
    # Bolt answers a payload no listener wants with 404; the point is it was not refused.
    assert _post_signed(app, body, "application/x-www-form-urlencoded") not in (400, 401, 500)
