"""NLP fixtures: the seed article's body cut out of the scraped page with plain string ops."""

from __future__ import annotations

import pytest

from bot.model import Article

SEED_TITLE = "Kremlin says it has date for new Putin-Biden talks, waiting for U.S. approval"


@pytest.fixture
def seed_article(seed_text: str) -> Article:
    """The six body paragraphs: after the "Updated:" line, before the syndication note."""
    after_stamp = seed_text.split("IST\n", 1)[1]
    body = after_stamp.split("(This story has not been edited", 1)[0]
    paragraphs = [p.strip() for p in body.strip().split("\n\n") if p.strip()]
    # The first block repeats the headline; the body starts after it.
    return Article(title=SEED_TITLE, paragraphs=tuple(paragraphs[1:]))
