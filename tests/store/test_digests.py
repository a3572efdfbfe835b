from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import Engine, update

from bot.errors import StoreError
from bot.model import Digest, Quote, Source, Story
from bot.store.digests import find_by_ts, load_digest_message, save_digest_message, set_message_ts
from bot.store.schema import digest_messages

NOW = datetime(2026, 11, 28, 8, 0, tzinfo=UTC)


def _digest() -> Digest:
    text = "“We will keep the harbour open,” the mayor said."
    quote = Quote(text="We will keep the harbour open,", start=1, end=31, speaker="the mayor")
    story = Story(
        id="s1",
        title="Harbour stays open through the storm",
        summary=("The city kept the harbour open.",),
        key_quotes=(quote,),
        quotes=(quote,),
        sources=(Source(outlet="Harbor Daily", url="https://harbor.example/storm"),),
    )
    assert text[quote.start : quote.end] == quote.text
    return Digest(topic="harbour", topic_name="Harbour", generated_at=NOW, stories=(story,))


def test_saved_digest_comes_back_whole(engine: Engine) -> None:
    digest = _digest()
    with engine.begin() as conn:
        message_id = save_digest_message(
            conn, digest, team_id="T1", channel_id="C1", user_id="U1", visibility="channel", now=NOW
        )
        set_message_ts(conn, message_id, "1700000000.000100")
    with engine.connect() as conn:
        loaded = load_digest_message(conn, message_id)
        by_ts = find_by_ts(conn, "C1", "1700000000.000100")
    assert loaded is not None and by_ts is not None
    assert loaded.digest == digest
    assert (by_ts.id, by_ts.visibility, by_ts.user_id) == (message_id, "channel", "U1")


def test_unknown_ids_and_bad_rows(engine: Engine) -> None:
    with engine.begin() as conn:
        assert load_digest_message(conn, "no-such-id") is None
        with pytest.raises(StoreError):
            save_digest_message(
                conn,
                _digest(),
                team_id=None,
                channel_id=None,
                user_id=None,
                visibility="public",
                now=NOW,
            )
        message_id = save_digest_message(
            conn,
            _digest(),
            team_id=None,
            channel_id=None,
            user_id=None,
            visibility="ephemeral",
            now=NOW,
        )
        conn.execute(update(digest_messages).values(digest_json="{not json"))
        with pytest.raises(StoreError, match="unreadable"):
            load_digest_message(conn, message_id)
