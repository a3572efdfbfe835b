"""Slack tokens at rest: Fernet-encrypted under ``NEWSBOT_TOKEN_KEY``.

The setting holds one or more Fernet keys, comma-separated, newest first. New values are
encrypted with the first key; any listed key decrypts (``MultiFernet``), so rotating is: put a
new key in front, restart, run ``newsbot tokens reencrypt`` (or let the next start-up do it),
then drop the old key. ``reencrypt_tokens`` rewrites every stored token that is plain text or
not under the newest key, each row with a compare-and-swap, so a token refreshed at the same
moment by another process is never overwritten with the stale one.

A value that does not decrypt under any key is refused with a ``StoreError`` naming the fix;
a plain-text Slack token (written before encryption was on) is still read, so an upgrade
never locks a workspace out, and is encrypted by the next ``reencrypt_tokens``.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Any, Final

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from sqlalchemy import Connection, Dialect, Text, column, table
from sqlalchemy.types import TypeDecorator

from bot.errors import ConfigError, StoreError

log = logging.getLogger(__name__)

# The token columns of slack_sdk's installation store tables (migration 0002_slack).
TOKEN_COLUMNS: Final[dict[str, tuple[str, ...]]] = {
    "slack_bots": ("bot_token", "bot_refresh_token"),
    "slack_installations": ("bot_token", "bot_refresh_token", "user_token", "user_refresh_token"),
}
# Every Slack token starts so (xoxb-, xoxp-, xoxe.xoxb-, xoxe-1-, xapp-); Fernet output never does.
_PLAIN_PREFIXES: Final = ("xox", "xapp-")


class TokenCipher:
    """Encrypts with the newest key, decrypts with any of them."""

    def __init__(self, keys: Sequence[str]) -> None:
        if not keys:
            raise ConfigError("NEWSBOT_TOKEN_KEY holds no key")
        fernets = [_fernet(i, key) for i, key in enumerate(keys, start=1)]
        self._newest = fernets[0]
        self._any = MultiFernet(fernets)

    @classmethod
    def from_setting(cls, value: str | None) -> TokenCipher | None:
        """The cipher for ``NEWSBOT_TOKEN_KEY`` (comma-separated keys), None when unset."""
        keys = [k.strip() for k in (value or "").split(",") if k.strip()]
        return cls(keys) if keys else None

    def encrypt(self, token: str) -> str:
        return self._newest.encrypt(token.encode("utf-8")).decode("ascii")

    def decrypt(self, stored: str) -> str:
        if is_plain_token(stored):
            return stored
        try:
            return self._any.decrypt(stored.encode("ascii")).decode("utf-8")
        except (InvalidToken, UnicodeError):
            raise StoreError(
                "a stored Slack token does not decrypt with any key in NEWSBOT_TOKEN_KEY: "
                "keep the key it was encrypted with in the list (comma-separated, newest first)"
            ) from None

    def is_current(self, stored: str) -> bool:
        """True when ``stored`` is encrypted under the newest key already."""
        if is_plain_token(stored):
            return False
        try:
            self._newest.decrypt(stored.encode("ascii"))
        except (InvalidToken, UnicodeError):
            return False
        return True


def is_plain_token(stored: str) -> bool:
    return stored.startswith(_PLAIN_PREFIXES)


def new_key() -> str:
    """A fresh key for NEWSBOT_TOKEN_KEY."""
    return Fernet.generate_key().decode("ascii")


def _fernet(position: int, key: str) -> Fernet:
    try:
        return Fernet(key.encode("ascii"))
    except (ValueError, UnicodeError):
        raise ConfigError(
            f"NEWSBOT_TOKEN_KEY: key #{position} is not a Fernet key "
            "(44 characters of url-safe base64; make one with `newsbot tokens new-key`)"
        ) from None


class EncryptedToken(TypeDecorator[str]):
    """A text column whose values are encrypted on the way in and decrypted on the way out."""

    impl = Text
    # The cipher is not part of the SQL, but it is state the statement cache must not share.
    cache_ok = False

    def __init__(self, cipher: TokenCipher) -> None:
        super().__init__()
        self.cipher = cipher

    def process_bind_param(self, value: str | None, dialect: Dialect) -> str | None:
        return None if value is None else self.cipher.encrypt(value)

    def process_result_value(self, value: Any, dialect: Dialect) -> str | None:
        return None if value is None else self.cipher.decrypt(str(value))


def reencrypt_tokens(conn: Connection, cipher: TokenCipher) -> int:
    """Encrypt plain-text tokens and move old-key ones to the newest key; rows rewritten."""
    rewritten = 0
    for table_name, names in TOKEN_COLUMNS.items():
        ref = table(table_name, column("id"), *(column(n) for n in names))
        for row in conn.execute(ref.select()).mappings():
            for name in names:
                stored = row[name]
                if stored is None or cipher.is_current(stored):
                    continue
                try:
                    fresh = cipher.encrypt(cipher.decrypt(stored))
                except StoreError as exc:
                    # One lost key must not stop the app: only that workspace fails, on use.
                    log.warning("%s row %s, %s: %s", table_name, row["id"], name, exc)
                    continue
                # Compare-and-swap: a token refreshed meanwhile is newer; leave it be.
                result = conn.execute(
                    ref.update()
                    .where(ref.c.id == row["id"], ref.c[name] == stored)
                    .values({name: fresh})
                )
                rewritten += result.rowcount
    if rewritten:
        log.info("encrypted %d stored Slack token(s) with the newest NEWSBOT_TOKEN_KEY", rewritten)
    return rewritten
