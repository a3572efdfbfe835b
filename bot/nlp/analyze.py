"""One call that reads an article: its quotes, its summary and its key quotes.

The digest caches analyses as JSON in the store; ``ANALYZER_VERSION`` goes up whenever the rules
change what they find, so a cached analysis from older rules is recomputed, not trusted.

An article the rules did not finish within its time budget (``bot.digest.analysis_pool``) gets a
*skipped* analysis instead: no quotes, and its lead as the summary, so its story still shows.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from bot.codec import quote_from_dict, quote_to_dict
from bot.errors import StoreError
from bot.model import Article, Quote
from bot.nlp.quotes import find_quotes
from bot.nlp.ranking import key_quotes
from bot.nlp.summary import summarize

# 5: quote-mark styles, follow-on quotes (issue 9); 6: summary furniture rules (issue 11);
# 7: analyses may be skipped as too slow (skipped, budget_seconds);
# 8: speakers past long asides, surnames, spokespeople, carried titles (issue 9).
ANALYZER_VERSION = 9
# Why an analysis was skipped (``Analysis.skipped``).
SKIPPED_TOO_SLOW = "too slow"
SKIPPED_WORKER_DIED = "worker died"
# A skipped analysis shows this much of the lead paragraph (a story's summary is ~300 chars).
LEAD_CHARS = 400


@dataclass(frozen=True, slots=True)
class Analysis:
    quotes: tuple[Quote, ...]
    summary: tuple[str, ...]
    key_quotes: tuple[Quote, ...]
    # None when the rules ran; else why they did not ("too slow": over the time budget).
    skipped: str | None = None
    # The budget a "too slow" article went over: a larger budget tries the article again.
    budget_seconds: float | None = None


def analyze(article: Article) -> Analysis:
    """Quotes over ``article.text`` (spans index into it), summary and key quotes."""
    text = article.text
    quotes = find_quotes(text)
    key = key_quotes(quotes, title=article.title, text=text)
    summary = summarize(text, title=article.title, quotes=quotes)
    return Analysis(tuple(quotes), tuple(summary), tuple(key))


def skipped_analysis(article: Article, reason: str, budget_seconds: float | None) -> Analysis:
    """No quotes, and the lead paragraph (shortened) as the summary."""
    return Analysis((), (_lead(article),), (), skipped=reason, budget_seconds=budget_seconds)


def _lead(article: Article) -> str:
    # Plain string work only: the rules were too slow on this text, so no rule runs on it.
    lead = " ".join(article.paragraphs[0].split()) if article.paragraphs else ""
    if len(lead) <= LEAD_CHARS:
        return lead
    cut = lead[:LEAD_CHARS].rsplit(" ", 1)[0] if " " in lead[:LEAD_CHARS] else lead[:LEAD_CHARS]
    return cut + "…"


def analysis_to_json(analysis: Analysis) -> str:
    data: dict[str, Any] = {
        "version": ANALYZER_VERSION,
        "quotes": [quote_to_dict(q) for q in analysis.quotes],
        "summary": list(analysis.summary),
        "key_quotes": [quote_to_dict(q) for q in analysis.key_quotes],
    }
    if analysis.skipped is not None:
        data["skipped"] = analysis.skipped
        data["budget_seconds"] = analysis.budget_seconds
    return json.dumps(data, ensure_ascii=False)


def analysis_from_json(data: str) -> Analysis:
    """Read a cached analysis; StoreError when it is malformed or from another analyzer version."""
    try:
        raw: Any = json.loads(data)
        if raw.get("version") != ANALYZER_VERSION:
            raise StoreError(
                f"cached analysis is version {raw.get('version')!r}, not {ANALYZER_VERSION}"
            )
        skipped, budget = raw.get("skipped"), raw.get("budget_seconds")
        return Analysis(
            tuple(quote_from_dict(q) for q in raw["quotes"]),
            tuple(str(s) for s in raw["summary"]),
            tuple(quote_from_dict(q) for q in raw["key_quotes"]),
            skipped=None if skipped is None else str(skipped),
            budget_seconds=None if budget is None else float(budget),
        )
    except (ValueError, KeyError, TypeError, AttributeError) as exc:
        raise StoreError(f"cached analysis is not valid JSON of an Analysis: {exc}") from exc
