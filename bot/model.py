"""Plain data that flows through newsbot: Article -> Quote/Story -> Digest.

No I/O here. Every datetime is timezone-aware. Dataclasses are frozen so a value handed to
one stage cannot be changed behind another stage's back.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import datetime

PARAGRAPH_SEPARATOR = "\n\n"

_WORD = re.compile(r"\w+", re.UNICODE)


def content_fingerprint(text: str) -> str:
    """A stable hash of the words of ``text``: case, punctuation and spacing do not count."""
    folded = unicodedata.normalize("NFKC", text).casefold()
    words = _WORD.findall(folded)
    return hashlib.sha256(" ".join(words).encode("utf-8")).hexdigest()


@dataclass(frozen=True, slots=True)
class Article:
    """One article as read from a page, a feed item, a dump on disk or the push endpoint."""

    title: str
    paragraphs: tuple[str, ...]
    url: str | None = None
    outlet: str | None = None
    agency: str | None = None
    published: datetime | None = None
    updated: datetime | None = None
    byline: str | None = None
    language: str | None = None
    guid: str | None = None
    # The feed's own text for this item: kept so a paywalled or blocked page can fall back to it.
    feed_summary: str | None = None
    source: str | None = None

    @property
    def text(self) -> str:
        """The body as one string; quote spans (``Quote.start``/``end``) index into this."""
        return PARAGRAPH_SEPARATOR.join(self.paragraphs)

    @property
    def fingerprint(self) -> str:
        return content_fingerprint(self.text)


@dataclass(frozen=True, slots=True)
class Quote:
    """A direct quotation, verbatim: ``text == article_text[start:end]``."""

    text: str
    start: int
    end: int
    speaker: str | None = None
    speaker_title: str | None = None
    # Quotes split by an attribution ("A," he said. "B.") share one utterance number.
    utterance: int = 0
    # Where the quote was read: filled in when quotes of several articles are merged in a story.
    source_url: str | None = None
    # That article's outlet: names the source of a quote read in an article without a URL.
    source_outlet: str | None = None

    @property
    def utterance_key(self) -> tuple[str | None, str | None, int]:
        """Parts of one utterance share this: the article they were read in, and its number."""
        return (self.source_url, self.source_outlet, self.utterance)

    def as_json(self) -> dict[str, object]:
        return {
            "text": self.text,
            "speaker": self.speaker,
            "speaker_title": self.speaker_title,
            "start": self.start,
            "end": self.end,
        }


@dataclass(frozen=True, slots=True)
class Source:
    """One outlet's copy of a story."""

    outlet: str | None
    url: str | None
    agency: str | None = None
    published: datetime | None = None


@dataclass(frozen=True, slots=True)
class StoryUpdate:
    """A story the channel was sent before that has gained sources or quotes since.

    The story that carries it holds only what is new: its ``quotes`` and ``sources`` are the
    new ones, and its ``id`` is the key the channel's earlier digest recorded it under.
    """

    first_sent: datetime | None = None
    # The earlier digest message whose thread holds the story's quotes, while it is recent
    # enough (``update_thread_window_days``) to reply in; None: reply under today's digest.
    thread_ts: str | None = None


@dataclass(frozen=True, slots=True)
class Story:
    """One event, possibly reported by several outlets."""

    id: str
    title: str
    summary: tuple[str, ...]
    key_quotes: tuple[Quote, ...]
    quotes: tuple[Quote, ...]
    sources: tuple[Source, ...]
    first_seen: datetime | None = None
    published: datetime | None = None
    score: float = 0.0
    article_ids: tuple[int, ...] = ()
    update: StoryUpdate | None = None


@dataclass(frozen=True, slots=True)
class Digest:
    """The stories of one topic over one window, ready to render."""

    topic: str
    topic_name: str
    generated_at: datetime
    stories: tuple[Story, ...]
    window_start: datetime | None = None
    window_end: datetime | None = None
    extra: dict[str, object] = field(default_factory=dict)


@dataclass(frozen=True)
class SentStory:
    """What one channel was shown of one story, under the key it was recorded with.

    Read and recorded by ``bot.store.story_history``; ``bot.digest.updates`` decides from it
    what of a story is new to the channel.
    """

    key: str
    article_ids: frozenset[int]
    sources: frozenset[str]  # ``bot.text.keys.source_identity`` of every sent article
    quotes: tuple[Quote, ...]  # every quote shown (text and speaker are what count)
    first_sent: datetime | None = None
    thread_ts: str | None = None  # the digest message whose thread holds the story's quotes
    thread_at: datetime | None = None  # when that message was posted
