"""Slack tokens encrypted at rest: token columns widened to text, existing rows encrypted

Revision ID: 0005_tokens
Revises: 0004_delivery_fencing
Create Date: 2026-12-06

A Fernet token is about twice as long as the Slack token inside it, past slack_sdk's 200
characters (PostgreSQL enforces the width), so the token columns become TEXT. When
NEWSBOT_TOKEN_KEY is set while upgrading, every stored token is encrypted here; when it is
not, rows stay as they are and the first start with a key encrypts them
(bot/store/token_cipher.py). Downgrading decrypts them again, which needs the key.
"""

from __future__ import annotations

import os

import sqlalchemy as sa
from alembic import op

from bot.store.token_cipher import TOKEN_COLUMNS, TokenCipher, is_plain_token, reencrypt_tokens

revision = "0005_tokens"
down_revision = "0004_delivery_fencing"
branch_labels = None
depends_on = None

_KEY_VARIABLE = "NEWSBOT_TOKEN_KEY"


def upgrade() -> None:
    for table_name, names in TOKEN_COLUMNS.items():
        with op.batch_alter_table(table_name) as batch_op:
            for name in names:
                batch_op.alter_column(name, existing_type=sa.String(200), type_=sa.Text())
    cipher = TokenCipher.from_setting(os.environ.get(_KEY_VARIABLE))
    if cipher is not None:
        reencrypt_tokens(op.get_bind(), cipher)


def downgrade() -> None:
    _decrypt_all(TokenCipher.from_setting(os.environ.get(_KEY_VARIABLE)))
    for table_name, names in TOKEN_COLUMNS.items():
        with op.batch_alter_table(table_name) as batch_op:
            for name in names:
                batch_op.alter_column(name, existing_type=sa.Text(), type_=sa.String(200))


def _decrypt_all(cipher: TokenCipher | None) -> None:
    conn = op.get_bind()
    for table_name, names in TOKEN_COLUMNS.items():
        ref = sa.table(table_name, sa.column("id"), *(sa.column(n) for n in names))
        for row in conn.execute(ref.select()).mappings():
            for name in names:
                stored = row[name]
                if stored is None or is_plain_token(stored):
                    continue
                if cipher is None:
                    raise RuntimeError(f"set {_KEY_VARIABLE} to decrypt the stored Slack tokens")
                plain = cipher.decrypt(stored)
                conn.execute(ref.update().where(ref.c.id == row["id"]).values({name: plain}))
