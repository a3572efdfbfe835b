"""``newsbot tokens new-key`` and ``newsbot tokens reencrypt``: Slack tokens at rest."""

from __future__ import annotations

import click

from bot.config import load_settings


def register(group: click.Group) -> None:
    group.add_command(tokens)


@click.group()
def tokens() -> None:
    """Encryption of the Slack tokens stored in OAuth mode (NEWSBOT_TOKEN_KEY)."""


@tokens.command("new-key")
def new_key_command() -> None:
    """Print a fresh key for NEWSBOT_TOKEN_KEY (put it first in the list to rotate)."""
    from bot.store.token_cipher import new_key

    click.echo(new_key())


@tokens.command("reencrypt")
def reencrypt() -> None:
    """Encrypt every stored token with the newest key: plain-text ones and old-key ones."""
    from bot.slack.installation import encrypt_stored_tokens
    from bot.store.db import open_engine

    settings = load_settings()
    engine = open_engine(settings.database_url)
    try:
        count = encrypt_stored_tokens(settings, engine)
    finally:
        engine.dispose()
    click.echo(f"re-encrypted {count} stored token(s) with the newest key")
