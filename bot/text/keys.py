"""When two quotes, or two sources, count as the same: the keys that decide it.

Shared by story clustering and updates (``bot.digest``) and by the record of what each channel
was shown (``bot.store.story_history``), which stores quotes and sources under these keys.
"""

from __future__ import annotations

import hashlib
from urllib.parse import urlsplit

from bot.model import Quote
from bot.text.topics import phrase_words


def speaker_key(speaker: str | None) -> str | None:
    """The speaker's last normalised word (surname), or None without a speaker."""
    parts = phrase_words(speaker) if speaker else ()
    return parts[-1] if parts else None


def quote_words(quote: Quote) -> str:
    """The quote's normalised words, space-separated."""
    return " ".join(phrase_words(quote.text))


def quote_key(quote: Quote) -> str:
    """A fixed-length key of a quote's words and speaker, for storing shown quotes once."""
    basis = f"{quote_words(quote)}|{speaker_key(quote.speaker) or ''}"
    return hashlib.sha256(basis.encode("utf-8")).hexdigest()


def source_identity(outlet: str | None, url: str | None) -> str:
    """Rule "a new source is a new outlet": the outlet's name, else the web host."""
    if outlet and outlet.strip():
        return "outlet:" + outlet.strip().casefold()
    try:
        host = urlsplit(url).hostname if url else None
    except ValueError:
        host = None
    return "host:" + host.removeprefix("www.") if host else "url:" + (url or "")
