"""Requests not signed by Slack get 401 and never reach a listener or the Slack API."""

from __future__ import annotations

import pytest

from fakes.signed import SIGNING_SECRET, signature, slash_command
from tests.slack.conftest import RunningApp


def _assert_refused(app: RunningApp, status: int) -> None:
    assert status == 401
    assert app.fake.calls() == []


def test_a_signed_command_is_accepted(app: RunningApp) -> None:
    body = slash_command("help", app.fake.response_url("ok"))
    assert app.slack.post(body).status_code == 200
    app.fake.wait_for("response_url", key="ok")


def test_a_request_signed_301_seconds_ago_is_refused(app: RunningApp) -> None:
    body = slash_command("help", app.fake.response_url("old"))
    sent = int(app.clock().timestamp()) - 301
    headers = {
        "X-Slack-Request-Timestamp": str(sent),
        "X-Slack-Signature": signature(SIGNING_SECRET, str(sent), body),
    }
    _assert_refused(app, app.slack.post(body, **headers).status_code)


def test_a_request_from_the_future_is_refused(app: RunningApp) -> None:
    body = slash_command("help", app.fake.response_url("future"))
    sent = int(app.clock().timestamp()) + 400
    headers = {
        "X-Slack-Request-Timestamp": str(sent),
        "X-Slack-Signature": signature(SIGNING_SECRET, str(sent), body),
    }
    _assert_refused(app, app.slack.post(body, **headers).status_code)


def test_a_tampered_body_is_refused(app: RunningApp) -> None:
    body = slash_command("help", app.fake.response_url("t"))
    now = str(int(app.clock().timestamp()))
    headers = {
        "X-Slack-Request-Timestamp": now,
        "X-Slack-Signature": signature(SIGNING_SECRET, now, body),
    }
    tampered = body.replace(b"help", b"list")
    _assert_refused(app, app.slack.post(tampered, **headers).status_code)


def test_a_wrong_secret_is_refused(app: RunningApp) -> None:
    body = slash_command("help", app.fake.response_url("w"))
    now = str(int(app.clock().timestamp()))
    headers = {"X-Slack-Signature": signature("not-the-secret", now, body)}
    _assert_refused(app, app.slack.post(body, **headers).status_code)


@pytest.mark.parametrize("timestamp", ["", "soon", "12.5", "-1", "١٧٠٠٠٠٠٠٠٠"])
def test_a_missing_or_non_numeric_timestamp_is_refused(app: RunningApp, timestamp: str) -> None:
    body = slash_command("help", app.fake.response_url("n"))
    status = app.slack.post(body, **{"X-Slack-Request-Timestamp": timestamp}).status_code
    _assert_refused(app, status)


@pytest.mark.parametrize("sig", ["", "v0=", "v1=abc", "v0=ünïcödé", "v0=" + "é" * 64])
def test_a_malformed_or_non_ascii_signature_is_refused(app: RunningApp, sig: str) -> None:
    body = slash_command("help", app.fake.response_url("s"))
    _assert_refused(app, app.slack.post(body, **{"X-Slack-Signature": sig}).status_code)


def test_a_huge_body_is_refused_before_verification(app: RunningApp) -> None:
    body = slash_command("x" * (2 * 1024 * 1024), app.fake.response_url("big"))
    assert app.slack.post(body).status_code == 413
    assert app.fake.calls() == []
