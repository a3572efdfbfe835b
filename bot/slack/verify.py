"""Slack request signatures, checked on the raw bytes before anything decodes the request.

Slack signs ``v0:<timestamp>:<body bytes>`` with HMAC-SHA256. slack_sdk's ``SignatureVerifier``
decodes the body as UTF-8 first (a non-UTF-8 body from anyone then raises instead of being
refused) and calls ``int()`` on a timestamp of any length (past 4,300 digits Python refuses).
This check bounds every header before it is used, hashes the bytes as they arrived, and takes
an injected clock so tests can sign "in the past".
"""

from __future__ import annotations

import hashlib
import hmac
import re
from collections.abc import Mapping
from dataclasses import dataclass

from bot.clock import Clock

MAX_AGE_SECONDS = 300
# Slack sends a ten-digit Unix time; twelve digits reach the year 33658.
MAX_TIMESTAMP_DIGITS = 12
_TIMESTAMP = re.compile(rf"[0-9]{{1,{MAX_TIMESTAMP_DIGITS}}}")
_SIGNATURE = re.compile(r"v0=[0-9a-f]{64}")


@dataclass(frozen=True)
class RequestVerifier:
    signing_secret: str
    clock: Clock

    def rejection_reason(self, body: bytes, headers: Mapping[str, str]) -> str | None:
        """None when the request is Slack's; otherwise why it is refused (for the log only)."""
        lowered = {k.lower(): v for k, v in headers.items()}
        timestamp = lowered.get("x-slack-request-timestamp", "")
        signature = lowered.get("x-slack-signature", "")
        if not _TIMESTAMP.fullmatch(timestamp):
            return "missing, non-numeric or overlong X-Slack-Request-Timestamp"
        if not _SIGNATURE.fullmatch(signature):
            return "missing or malformed X-Slack-Signature"
        if abs(self.clock().timestamp() - int(timestamp)) > MAX_AGE_SECONDS:
            return "request timestamp is more than 5 minutes from now (replay?)"
        if not hmac.compare_digest(self.signature(timestamp, body), signature):
            return "signature does not match the body"
        return None

    def signature(self, timestamp: str, body: bytes) -> str:
        base = b"v0:" + timestamp.encode("ascii") + b":" + body
        digest = hmac.new(self.signing_secret.encode("utf-8"), base, hashlib.sha256)
        return "v0=" + digest.hexdigest()
