"""The tables. Change them only together with a new migration in ``migrations/versions``."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    DateTime,
    Dialect,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    TypeDecorator,
    UniqueConstraint,
)


class UTCDateTime(TypeDecorator[datetime]):
    """Aware datetimes in, aware (UTC) datetimes out, on SQLite too (which keeps no zone)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> Any:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to the store; pass a timezone-aware one")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: Any, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        assert isinstance(value, datetime)
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


metadata = MetaData()

articles = Table(
    "articles",
    metadata,
    Column("id", Integer, primary_key=True),
    # sha256 of the feed GUID and of the normalised URL: either identifies the same article.
    Column("guid_key", String(64), nullable=True, unique=True),
    Column("url_key", String(64), nullable=True, unique=True),
    Column("guid", Text, nullable=True),
    Column("url", Text, nullable=True),
    Column("title", Text, nullable=False),
    Column("outlet", String(255), nullable=True),
    Column("agency", String(255), nullable=True),
    Column("byline", String(512), nullable=True),
    Column("language", String(16), nullable=True),
    Column("published", UTCDateTime(), nullable=True),
    Column("updated", UTCDateTime(), nullable=True),
    Column("body", Text, nullable=False),  # paragraphs joined by a blank line
    Column("feed_summary", Text, nullable=True),
    Column("fingerprint", String(64), nullable=False, index=True),
    Column("source", String(255), nullable=True),
    # A second outlet's copy of the same text points at the first one.
    Column("duplicate_of", Integer, ForeignKey("articles.id"), nullable=True, index=True),
    # Stored when a feed was added: known, but never "new" for a digest.
    Column("seen_only", Boolean, nullable=False, default=False),
    Column("first_seen", UTCDateTime(), nullable=False, index=True),
    Column("last_seen", UTCDateTime(), nullable=False),
    # Quotes and summary computed once at ingest (JSON), with the analyser version that made it.
    Column("analysis", Text, nullable=True),
    Column("analysis_version", Integer, nullable=False, default=0),
)

# Normalised terms of each article's title and lead, for topic selection without a text scan.
# ``newest`` copies the article's digest order (``newest_key``) so that the index on
# (term, newest) hands out a term's articles newest first and a digest stops at its limit.
# It is rewritten with the rows whenever the article's publication time changes.
article_terms = Table(
    "article_terms",
    metadata,
    Column("term", String(64), primary_key=True),
    Column(
        "article_id",
        Integer,
        ForeignKey("articles.id", ondelete="CASCADE", name="article_terms_article_id_fkey"),
        primary_key=True,
    ),
    Column("newest", BigInteger, nullable=False),
    # On SQLite the primary key is the table itself: one b-tree fewer for ~50 rows an article.
    sqlite_with_rowid=False,
)
Index(
    "ix_article_terms_newest",
    article_terms.c.term,
    article_terms.c.newest,
    article_terms.c.article_id,
)
Index("ix_article_terms_article", article_terms.c.article_id, article_terms.c.term)

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def newest_key(published: datetime | None, first_seen: datetime) -> int:
    """An article's digest order as one integer: microseconds since 1970 of its publication
    time, else of when it was first seen. Exact (datetimes keep microseconds), so ordering by
    it is ordering by ``coalesce(published, first_seen)``."""
    moment = published if published is not None else first_seen
    if moment.tzinfo is None:
        raise ValueError("naive datetime given to the store; pass a timezone-aware one")
    delta = moment.astimezone(UTC) - _EPOCH
    return (delta.days * 86_400 + delta.seconds) * 1_000_000 + delta.microseconds


fetch_state = Table(
    "fetch_state",
    metadata,
    Column("url_key", String(64), primary_key=True),
    Column("url", Text, nullable=False),
    Column("etag", Text, nullable=True),
    Column("last_modified", Text, nullable=True),
    Column("failures", Integer, nullable=False, default=0),
    Column("next_attempt", UTCDateTime(), nullable=True),
    Column("last_polled", UTCDateTime(), nullable=True),
    Column("last_status", Integer, nullable=True),
    Column("last_error", Text, nullable=True),
)

subscriptions = Table(
    "subscriptions",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("team_id", String(32), nullable=False),
    Column("channel_id", String(32), nullable=False),
    Column("topic", String(128), nullable=False),
    Column("hour", Integer, nullable=False),
    Column("minute", Integer, nullable=False),
    Column("timezone", String(64), nullable=False),
    Column("created_by", String(32), nullable=True),
    Column("created_at", UTCDateTime(), nullable=False),
    Column("status", String(16), nullable=False, default="active"),  # active | paused
    Column("status_reason", Text, nullable=True),
    UniqueConstraint("team_id", "channel_id", "topic", name="uq_subscription"),
)

# The delivery ledger: one row per (subscription, slot) makes a daily digest exactly-once.
deliveries = Table(
    "deliveries",
    metadata,
    Column("id", Integer, primary_key=True),
    Column(
        "subscription_id",
        Integer,
        ForeignKey("subscriptions.id", ondelete="CASCADE"),
        nullable=False,
    ),
    Column("slot", String(32), nullable=False),  # local date of the scheduled run, e.g. 2026-11-28
    Column("status", String(16), nullable=False),  # claimed | posted | empty | failed
    Column("claimed_at", UTCDateTime(), nullable=False),
    Column("claimed_by", String(128), nullable=True),
    Column("posted_at", UTCDateTime(), nullable=True),
    Column("message_ts", String(32), nullable=True),
    Column("error", Text, nullable=True),
    # The fencing token: one more on every (re)claim. Only the holder of the current generation
    # may post, record a post or mark the slot; an owner that was taken over sees its number gone.
    Column("generation", Integer, nullable=False, default=1, server_default="1"),
    # The owner's last sign of life; a claim goes stale this long after it (claimed_at if NULL).
    Column("heartbeat_at", UTCDateTime(), nullable=True),
    UniqueConstraint("subscription_id", "slot", name="uq_delivery_slot"),
)

# Every message of a delivery Slack accepted, by part (d0, q1.0, ...), and which generation of
# the claim posted it: a new owner skips what is recorded here before asking Slack's history.
delivery_posts = Table(
    "delivery_posts",
    metadata,
    Column(
        "delivery_id",
        Integer,
        ForeignKey("deliveries.id", ondelete="CASCADE"),
        primary_key=True,
    ),
    Column("part", String(32), primary_key=True),
    Column("message_ts", String(32), nullable=False),
    Column("generation", Integer, nullable=False),
    Column("posted_at", UTCDateTime(), nullable=False),
)

# Which stories (by article id) a channel has already been sent.
sent_articles = Table(
    "sent_articles",
    metadata,
    Column("team_id", String(32), primary_key=True),
    Column("channel_id", String(32), primary_key=True),
    Column("article_id", Integer, ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True),
    Column("sent_at", UTCDateTime(), nullable=False),
    # The story (``sent_stories.story_key``) the article went out in; NULL on rows sent before
    # story updates were recorded.
    Column("story_key", String(64), nullable=True),
)
Index(
    "ix_sent_articles_story",
    sent_articles.c.team_id,
    sent_articles.c.channel_id,
    sent_articles.c.story_key,
)

# Each story a channel was sent, and the digest message whose thread holds its quotes: a later
# update of the story replies there while that message is recent.
sent_stories = Table(
    "sent_stories",
    metadata,
    Column("team_id", String(32), primary_key=True),
    Column("channel_id", String(32), primary_key=True),
    Column("story_key", String(64), primary_key=True),
    Column("first_sent_at", UTCDateTime(), nullable=False),
    Column("last_sent_at", UTCDateTime(), nullable=False),
    Column("thread_ts", String(32), nullable=True),
    Column("thread_at", UTCDateTime(), nullable=True),
)

# Every quote a channel was shown of a story (key: ``bot.text.keys.quote_key``), so an
# update shows only quotes never shown there.
shown_quotes = Table(
    "shown_quotes",
    metadata,
    Column("team_id", String(32), primary_key=True),
    Column("channel_id", String(32), primary_key=True),
    Column("story_key", String(64), primary_key=True),
    Column("quote_key", String(64), primary_key=True),
    Column("text", Text, nullable=False),
    Column("speaker", Text, nullable=True),
)

# Every digest shown or posted, so "Full quotes" and thread replies need no Slack history read.
digest_messages = Table(
    "digest_messages",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("team_id", String(32), nullable=True),
    Column("channel_id", String(32), nullable=True),
    Column("user_id", String(32), nullable=True),
    Column("visibility", String(16), nullable=False),  # ephemeral | channel
    Column("message_ts", String(32), nullable=True),
    Column("delivery_id", Integer, ForeignKey("deliveries.id", ondelete="SET NULL"), nullable=True),
    Column("digest_json", Text, nullable=False),
    Column("created_at", UTCDateTime(), nullable=False),
)
Index("ix_digest_messages_ts", digest_messages.c.channel_id, digest_messages.c.message_ts)
Index("ix_digest_messages_created_at", digest_messages.c.created_at)

# A story's full quotes already in a channel digest's thread (message_ts is NULL while posting).
full_quote_replies = Table(
    "full_quote_replies",
    metadata,
    Column(
        "digest_id",
        String(36),
        ForeignKey("digest_messages.id", ondelete="CASCADE"),
        primary_key=True,
    ),
    Column("story_index", Integer, primary_key=True),
    Column("message_ts", String(32), nullable=True),
    Column("created_at", UTCDateTime(), nullable=False),
)

# Every attributed quote of every analysed article, by speaker, for ``newsbot who`` and
# ``/news who``: name_key is the speaker's folded name ("yuri ushakov"), surname_key its last
# word ("ushakov"); said_at (the article's publication, else first-seen time) orders answers.
speaker_quotes = Table(
    "speaker_quotes",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("article_id", Integer, ForeignKey("articles.id", ondelete="CASCADE"), nullable=False),
    Column("position", Integer, nullable=False),  # the quote's place among the article's quotes
    Column("utterance", Integer, nullable=False),
    Column("speaker", Text, nullable=False),
    Column("speaker_title", Text, nullable=True),
    Column("name_key", String(255), nullable=False),
    Column("surname_key", String(128), nullable=False),
    Column("text", Text, nullable=False),
    Column("span_start", Integer, nullable=False),
    Column("span_end", Integer, nullable=False),
    Column("said_at", UTCDateTime(), nullable=False),
)
Index("ix_speaker_quotes_surname", speaker_quotes.c.surname_key, speaker_quotes.c.said_at)
Index("ix_speaker_quotes_name", speaker_quotes.c.name_key, speaker_quotes.c.said_at)
Index("ix_speaker_quotes_article", speaker_quotes.c.article_id)

# Which articles' quotes are in speaker_quotes, and from which analyser version.
speaker_quote_state = Table(
    "speaker_quote_state",
    metadata,
    Column("article_id", Integer, ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True),
    Column("analyzer_version", Integer, nullable=False),
)
