"""One call that reads an article: its quotes, its summary and its key quotes.

The digest caches analyses as JSON in the store; ``ANALYZER_VERSION`` goes up whenever the rules
change what they find, so a cached analysis from older rules is recomputed, not trusted.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from bot.digest.codec import quote_from_dict, quote_to_dict
from bot.errors import StoreError
from bot.model import Article, Quote
from bot.nlp.quotes import find_quotes
from bot.nlp.ranking import key_quotes
from bot.nlp.summary import summarize

ANALYZER_VERSION = (
    7  # 5: quote-mark styles, follow-on quotes (issue 9); 6: summary furniture rules (issue 11);
    # 7: speakers past long asides, surnames, spokespeople, carried titles (issue 9)
)


@dataclass(frozen=True, slots=True)
class Analysis:
    quotes: tuple[Quote, ...]
    summary: tuple[str, ...]
    key_quotes: tuple[Quote, ...]


def analyze(article: Article) -> Analysis:
    """Quotes over ``article.text`` (spans index into it), summary and key quotes."""
    text = article.text
    quotes = find_quotes(text)
    key = key_quotes(quotes, title=article.title, text=text)
    summary = summarize(text, title=article.title, quotes=quotes)
    return Analysis(tuple(quotes), tuple(summary), tuple(key))


def analysis_to_json(analysis: Analysis) -> str:
    return json.dumps(
        {
            "version": ANALYZER_VERSION,
            "quotes": [quote_to_dict(q) for q in analysis.quotes],
            "summary": list(analysis.summary),
            "key_quotes": [quote_to_dict(q) for q in analysis.key_quotes],
        },
        ensure_ascii=False,
    )


def analysis_from_json(data: str) -> Analysis:
    """Read a cached analysis; StoreError when it is malformed or from another analyzer version."""
    try:
        raw: Any = json.loads(data)
        if raw.get("version") != ANALYZER_VERSION:
            raise StoreError(
                f"cached analysis is version {raw.get('version')!r}, not {ANALYZER_VERSION}"
            )
        return Analysis(
            tuple(quote_from_dict(q) for q in raw["quotes"]),
            tuple(str(s) for s in raw["summary"]),
            tuple(quote_from_dict(q) for q in raw["key_quotes"]),
        )
    except (ValueError, KeyError, TypeError, AttributeError) as exc:
        raise StoreError(f"cached analysis is not valid JSON of an Analysis: {exc}") from exc
