from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import Connection, Engine, select, update

from bot.errors import StoreError
from bot.model import Digest, Quote, Source, Story
from bot.store.digests import (
    FULL_QUOTES_CLAIM_TIMEOUT,
    claim_full_quotes,
    delete_digest_message,
    find_by_ts,
    full_quotes_reply_ts,
    load_digest_message,
    prune_digest_messages,
    record_full_quotes_posted,
    release_full_quotes,
    save_digest_message,
    save_digest_message_once,
    set_message_ts,
    shared_message_id,
)
from bot.store.schema import digest_messages, full_quote_replies

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


def _save(conn: Connection, visibility: str = "channel", now: datetime = NOW) -> str:
    return save_digest_message(
        conn, _digest(), team_id="T1", channel_id="C1", user_id=None, visibility=visibility, now=now
    )


def test_a_shared_copy_is_saved_once_under_an_id_derived_from_the_original(
    engine: Engine,
) -> None:
    shared = shared_message_id("ephemeral-1")
    assert shared == shared_message_id("ephemeral-1") != shared_message_id("ephemeral-2")
    fields = {"team_id": "T1", "channel_id": "C1", "user_id": "U1", "visibility": "channel"}
    with engine.begin() as conn:
        assert save_digest_message_once(conn, _digest(), message_id=shared, now=NOW, **fields)
        assert not save_digest_message_once(conn, _digest(), message_id=shared, now=NOW, **fields)
        assert load_digest_message(conn, shared) is not None
        delete_digest_message(conn, shared)
        assert load_digest_message(conn, shared) is None


def test_full_quotes_are_claimed_at_most_once_per_story(engine: Engine) -> None:
    with engine.begin() as conn:
        digest_id = _save(conn)
        assert claim_full_quotes(conn, digest_id, 0, NOW)
        assert not claim_full_quotes(conn, digest_id, 0, NOW)
        assert claim_full_quotes(conn, digest_id, 1, NOW)  # another story
        assert full_quotes_reply_ts(conn, digest_id, 0) is None  # claimed, not posted yet
        release_full_quotes(conn, digest_id, 0)  # the post failed
        assert claim_full_quotes(conn, digest_id, 0, NOW)
        record_full_quotes_posted(conn, digest_id, 0, "1.000100", NOW)
        record_full_quotes_posted(conn, digest_id, 0, "2.000200", NOW)  # keeps the first
        release_full_quotes(conn, digest_id, 0)  # a confirmed post is never released
        assert full_quotes_reply_ts(conn, digest_id, 0) == "1.000100"
        later = NOW + FULL_QUOTES_CLAIM_TIMEOUT * 10
        assert not claim_full_quotes(conn, digest_id, 0, later)


def test_an_abandoned_claim_is_retaken_after_the_timeout(engine: Engine) -> None:
    with engine.begin() as conn:
        digest_id = _save(conn)
        assert claim_full_quotes(conn, digest_id, 0, NOW)
        assert not claim_full_quotes(conn, digest_id, 0, NOW + timedelta(seconds=30))
        assert claim_full_quotes(conn, digest_id, 0, NOW + FULL_QUOTES_CLAIM_TIMEOUT)
        assert not claim_full_quotes(conn, digest_id, 0, NOW + FULL_QUOTES_CLAIM_TIMEOUT)


def test_delivery_records_its_thread_replies_without_a_claim(engine: Engine) -> None:
    with engine.begin() as conn:
        digest_id = _save(conn)
        record_full_quotes_posted(conn, digest_id, 2, "3.000300", NOW)
        assert not claim_full_quotes(conn, digest_id, 2, NOW)
        assert full_quotes_reply_ts(conn, digest_id, 2) == "3.000300"


def test_pruning_deletes_old_digests_of_both_kinds_and_their_replies(engine: Engine) -> None:
    day = timedelta(days=1)
    with engine.begin() as conn:
        old_channel = _save(conn, "channel", NOW - 40 * day)
        old_ephemeral = _save(conn, "ephemeral", NOW - 31 * day)
        recent = _save(conn, "channel", NOW - day)
        record_full_quotes_posted(conn, old_channel, 0, "1.000100", NOW - 40 * day)
        record_full_quotes_posted(conn, recent, 0, "2.000200", NOW - day)
        assert prune_digest_messages(conn, older_than=NOW - 30 * day) == 2
        assert prune_digest_messages(conn, older_than=NOW - 30 * day) == 0
        assert load_digest_message(conn, old_channel) is None
        assert load_digest_message(conn, old_ephemeral) is None
        assert load_digest_message(conn, recent) is not None
        assert conn.execute(select(full_quote_replies.c.digest_id)).scalars().all() == [recent]
