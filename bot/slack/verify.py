"""Slack request signatures, checked before Bolt sees a request.

Bolt's own check answers a non-numeric timestamp or a non-ASCII signature with a 500 (an
uncaught ``int()``/``compare_digest`` error) and reads the wall clock. This one rejects every
malformed header with a reason, and takes an injected clock so tests can sign "in the past".
"""

from __future__ import annotations

from collections.abc import Mapping

from slack_sdk.signature import Clock as SlackClock
from slack_sdk.signature import SignatureVerifier

from bot.clock import Clock

MAX_AGE_SECONDS = 300


class _InjectedClock(SlackClock):
    def __init__(self, clock: Clock) -> None:
        self._clock = clock

    def now(self) -> float:
        return self._clock().timestamp()


def make_verifier(signing_secret: str, clock: Clock) -> SignatureVerifier:
    return SignatureVerifier(signing_secret, clock=_InjectedClock(clock))


def rejection_reason(
    verifier: SignatureVerifier, body: bytes, headers: Mapping[str, str]
) -> str | None:
    """None when the request is Slack's; otherwise why it is refused (for the log only)."""
    lowered = {k.lower(): v for k, v in headers.items()}
    timestamp = lowered.get("x-slack-request-timestamp", "")
    signature = lowered.get("x-slack-signature", "")
    if not (timestamp.isascii() and timestamp.isdigit()):
        return "missing or non-numeric X-Slack-Request-Timestamp"
    if not (signature.isascii() and signature.startswith("v0=")):
        return "missing or malformed X-Slack-Signature"
    if abs(verifier.clock.now() - int(timestamp)) > MAX_AGE_SECONDS:
        return "request timestamp is more than 5 minutes from now (replay?)"
    if not verifier.is_valid(body=body, timestamp=timestamp, signature=signature):
        return "signature does not match the body"
    return None
