"""Secrets never reach a log: tokens, OAuth codes and client secrets are masked in every record.

slack_sdk at DEBUG prints whole request and response bodies (``oauth.v2.access`` answers with
the bot and refresh tokens), and uvicorn's access log prints the query string of the OAuth
callback (``?code=...``). ``REDACTOR`` masks, in the message, its arguments and any traceback:

- Slack tokens by their prefixes (``SLACK_TOKEN``: xoxb-, xoxp-, xoxe-, xoxe.xoxb-, xapp-, ...);
- values of secret-named fields in query strings, forms, JSON and dict reprs (``SECRET_FIELD``);
- ``Authorization: Basic/Bearer`` credentials (``AUTHORIZATION``);
- every secret setting's exact value (``add_secrets``; ``load_settings`` registers them).

Python applies a logger's filters only to records logged on that very logger, not to records
propagated from its children, so ``install_redaction`` puts the filter on the root logger *and*
its handlers, and on uvicorn's loggers, which keep handlers of their own.
``DROP_QUERY_STRING`` strips query strings from uvicorn's access log lines.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable
from typing import Final

MASK: Final = "[REDACTED]"
# Shorter values are too likely to occur in ordinary text to be masked wherever they appear.
_MIN_LITERAL = 6
SLACK_TOKEN: Final = re.compile(r"\b(xox[a-z](?:\.xox[a-z])?|xapp)-[0-9A-Za-z-]+")
SECRET_FIELD: Final = re.compile(
    r"""(?ix)
    (                                   # the field name and its separator, kept
      (?:[?&]|\b)
      (?:code|client_secret|refresh_token|access_token|bot_token|user_token|token
         |signing_secret|app_token|token_key)
      ['"]?\s*[:=]\s*\[?['"]?         # a parsed query string shows lists: {'code': ['...']}
    )
    [^\s'"&,;}]+                        # the value, masked
    """
)
AUTHORIZATION: Final = re.compile(
    r"(?i)(authorization['\"]?\s*[:=]\s*['\"]?(?:basic|bearer)\s+)[A-Za-z0-9+/=._~-]+"
)
_UVICORN_LOGGERS = ("uvicorn", "uvicorn.error", "uvicorn.access")


class SecretRedactor(logging.Filter):
    """Masks secrets in a record's message, arguments and traceback text; never drops it."""

    def __init__(self) -> None:
        super().__init__()
        self._literals: set[str] = set()

    def add_secrets(self, values: Iterable[str | None]) -> None:
        for value in values:
            for part in (value or "").split(","):  # NEWSBOT_TOKEN_KEY holds several keys
                if len(part.strip()) >= _MIN_LITERAL:
                    self._literals.add(part.strip())

    def redact(self, text: str) -> str:
        for literal in sorted(self._literals, key=len, reverse=True):
            if literal in text:
                text = text.replace(literal, MASK)
        text = SLACK_TOKEN.sub(lambda m: f"{m[1]}-{MASK}", text)
        text = AUTHORIZATION.sub(lambda m: m[1] + MASK, text)
        return SECRET_FIELD.sub(lambda m: m[1] + MASK, text)

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except (TypeError, ValueError):  # a bad format string: logging reports it itself
            return True
        redacted = self.redact(message)
        if redacted != message:
            record.msg, record.args = redacted, None
        if record.exc_info and not record.exc_text:
            # The formatter uses exc_text when set, so the masked text is what is printed.
            record.exc_text = self.redact(logging.Formatter().formatException(record.exc_info))
        if record.stack_info:
            record.stack_info = self.redact(record.stack_info)
        return True


class DropQueryString(logging.Filter):
    """uvicorn's access line shows the path only: the OAuth callback's ?code= stays out."""

    def filter(self, record: logging.LogRecord) -> bool:
        args = record.args
        # uvicorn logs (client, method, path with query, http version, status).
        if isinstance(args, tuple) and len(args) == 5 and isinstance(args[2], str):
            record.args = (args[0], args[1], args[2].split("?", 1)[0], args[3], args[4])
        return True


REDACTOR: Final = SecretRedactor()
DROP_QUERY_STRING: Final = DropQueryString()


def install_redaction() -> None:
    """Put the filters where every record passes them (see the module docstring); idempotent."""
    root = logging.getLogger()
    targets: list[logging.Filterer] = [root, *root.handlers]
    for name in _UVICORN_LOGGERS:
        logger = logging.getLogger(name)
        targets += [logger, *logger.handlers]
    for target in targets:
        if REDACTOR not in target.filters:
            target.addFilter(REDACTOR)
    access = logging.getLogger("uvicorn.access")
    if DROP_QUERY_STRING not in access.filters:
        # Before the redactor, so a code in the path is dropped rather than masked.
        access.filters.insert(0, DROP_QUERY_STRING)
