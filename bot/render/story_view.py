"""Story -> the plain values a template lays out, sized to fit Slack's limits.

Only length decisions and trusted tokens (links, dates) are made here; all other escaping is
left to the template environment. Text that must be shortened ends in a visible "…".
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from urllib.parse import urlsplit

from bot.model import Quote, Source, Story
from bot.render.actions import ACTION_FULL_QUOTES, full_quotes_value
from bot.render.deep_links import deep_link
from bot.render.limits import MAX_SECTION_TEXT
from bot.render.mrkdwn import (
    Trusted,
    chunks,
    date_token,
    escaped_length,
    link,
    safe_url,
    shorten,
)
from bot.render.utterances import in_marks, utterance_text, utterances

MAX_TITLE = 250
MAX_NAME = 150
MAX_SOURCES_SHOWN = 5
# Room left in a section for the template's own characters (bold marks, dashes, newlines).
SECTION_MARGIN = 120
SECTION_BUDGET = MAX_SECTION_TEXT - SECTION_MARGIN
# A quote line is prefixed with ">", so each newline in a quote costs two characters.
QUOTE_NEWLINE_COST = 2
# Three full sections stay under a message's ~12,000 characters with room for the rest.
SECTIONS_PER_PIECE = 3
# The label of a quote's deep link (the article scrolled to the quote, highlighted).
IN_CONTEXT = "in context"


@dataclass(frozen=True, slots=True)
class QuoteView:
    lines: tuple[str, ...]
    speaker: str | None
    speaker_title: str | None
    # The quote's place in its article (a text-fragment link), when the article has a URL.
    context: Trusted | None = None


@dataclass(frozen=True, slots=True)
class FullQuoteView:
    sections: tuple[tuple[str, ...], ...]  # each section: the quote lines it shows
    speaker: str | None
    speaker_title: str | None
    source: Trusted | None
    # A quote too long for one message is cut into pieces; only the last names the speaker.
    last: bool = True
    context: Trusted | None = None


@dataclass(frozen=True, slots=True)
class SourceLine:
    label: Trusted
    agency: str | None
    time: Trusted | None


@dataclass(frozen=True, slots=True)
class Button:
    action_id: Trusted
    value: Trusted


@dataclass(frozen=True, slots=True)
class UpdateView:
    """What an updated story gained: counted here, worded by the template."""

    new_quotes: int  # utterances, as the digest shows them
    new_sources: int
    first_sent: Trusted | None
    threaded: bool  # the new quotes reply in the earlier digest's thread


@dataclass(frozen=True, slots=True)
class StoryView:
    title: Trusted | str
    summary: str
    more: Trusted | None
    quotes: tuple[QuoteView, ...]
    sources: tuple[SourceLine, ...]
    more_sources: int
    button: Button | None
    update: UpdateView | None = None


def article_url(story: Story) -> str | None:
    """The story's own link: the first source URL that is a safe http(s) link."""
    return next((s.url for s in story.sources if safe_url(s.url)), None)


def title_view(story: Story) -> Trusted:
    title = shorten(story.title.strip() or "Untitled story", MAX_TITLE)
    return link(article_url(story), title)


def _name(value: str | None) -> str | None:
    return shorten(value.strip(), MAX_NAME) if value and value.strip() else None


def _summary(story: Story, title: Trusted) -> tuple[str, Trusted | None]:
    """The summary, shortened visibly (with a link to the article) when it cannot fit."""
    text = " ".join(part.strip() for part in story.summary if part.strip())
    more = link(article_url(story), "read the article")
    budget = SECTION_BUDGET - len(title.text) - len(more.text)
    if escaped_length(text) <= budget:
        return text, None
    return shorten(text, budget), more


def quote_lines(text: str) -> tuple[str, ...]:
    return tuple(text.split("\n"))


def _overhead(quote: Quote, context: Trusted | None = None) -> int:
    names = sum(escaped_length(n or "") for n in (quote.speaker, quote.speaker_title))
    return 20 + names + (len(context.text) + 3 if context else 0)


def quote_url(quote: Quote, story: Story) -> str | None:
    """The URL of the article the quote was read in (see ``_quote_source``), if it has one."""
    url, outlet = quote.source_url, quote.source_outlet
    if not url and not outlet and len(story.sources) == 1:
        url = story.sources[0].url
    return url if safe_url(url) else None


def context_link(parts: Sequence[Quote], story: Story) -> Trusted | None:
    """A link to the quote's place in its article: its URL with a text fragment built from the
    quote's own (verbatim) words; None for an article without an http(s) URL."""
    target = deep_link(quote_url(parts[0], story), [p.text for p in parts])
    return link(target, IN_CONTEXT) if target else None


def key_quote_views(quotes: Sequence[Quote], story: Story) -> tuple[QuoteView, ...]:
    """Key quotes for a digest section, one view per utterance, in quote marks (see
    ``bot.render.utterances``), each with a link to its place in the article; each shortened
    with "…" only if they cannot all fit."""
    groups = utterances(quotes)
    if not groups:
        return ()
    contexts = [context_link(g, story) for g in groups]
    used = sum(_overhead(g[0], c) for g, c in zip(groups, contexts, strict=True))
    budget = (SECTION_BUDGET - used) // len(groups)
    marks = len(in_marks(""))
    return tuple(
        QuoteView(
            lines=quote_lines(
                in_marks(
                    shorten(utterance_text(parts), budget - marks, newline_cost=QUOTE_NEWLINE_COST)
                )
            ),
            speaker=_name(parts[0].speaker),
            speaker_title=_name(parts[0].speaker_title),
            context=context,
        )
        for parts, context in zip(groups, contexts, strict=True)
    )


def _when(moment: datetime | None) -> Trusted | None:
    return date_token(moment) if moment else None


def source_line(source: Source) -> SourceLine:
    """Outlet (linked to its copy), agency when it is not the outlet itself, and time."""
    label = source.outlet or _host(source.url) or source.agency or "unnamed source"
    agency = _name(source.agency) if source.agency and source.agency != label else None
    return SourceLine(link(source.url, shorten(label, MAX_NAME)), agency, _when(source.published))


def _host(url: str | None) -> str | None:
    if not url:
        return None
    try:
        return urlsplit(url).hostname
    except ValueError:
        return None


def update_view(story: Story) -> UpdateView | None:
    if story.update is None:
        return None
    return UpdateView(
        new_quotes=len(utterances(story.quotes)),
        new_sources=len(story.sources),
        first_sent=_when(story.update.first_sent),
        threaded=story.update.thread_ts is not None and bool(story.quotes),
    )


def story_view(story: Story, *, digest_id: str, index: int) -> StoryView:
    title = title_view(story)
    summary, more = _summary(story, title)
    button = None
    if story.quotes or story.key_quotes:
        value = full_quotes_value(digest_id, index)
        button = Button(Trusted(ACTION_FULL_QUOTES), Trusted(value))
    shown = story.sources[:MAX_SOURCES_SHOWN]
    return StoryView(
        title=title,
        summary=summary,
        more=more,
        quotes=key_quote_views(story.key_quotes, story),
        sources=tuple(source_line(s) for s in shown),
        more_sources=len(story.sources) - len(shown),
        button=button,
        update=update_view(story),
    )


def _quote_source(quote: Quote, story: Story) -> Trusted | None:
    """Where the quote was read: the article that contains it, linked when it has a URL.

    Rule "a quote cites only its own article": a quote read in an article without a URL is
    credited to that article's outlet, unlinked, and never linked to another outlet's copy.
    Only a quote that does not say where it was read, in a story of one source, takes that
    source.
    """
    url, outlet = quote.source_url, quote.source_outlet
    if not url and not outlet and len(story.sources) == 1:
        url, outlet = story.sources[0].url, story.sources[0].outlet
    if safe_url(url):
        outlet = outlet or next((s.outlet for s in story.sources if s.url == url), None)
        return link(url, outlet or _host(url) or "source")
    return link(None, shorten(outlet, MAX_NAME)) if outlet else None


def full_quote_views(quote: Quote, story: Story) -> list[FullQuoteView]:
    """A quote in full, verbatim: over several sections when long, and in pieces of at most
    SECTIONS_PER_PIECE sections so that even a huge quote can spread over several messages."""
    context = context_link([quote], story)
    budget = SECTION_BUDGET - _overhead(quote, context)
    pieces = chunks(quote.text, budget, newline_cost=QUOTE_NEWLINE_COST)
    sections = [quote_lines(piece) for piece in pieces]
    runs = range(0, len(sections), SECTIONS_PER_PIECE)
    return [
        FullQuoteView(
            sections=tuple(sections[start : start + SECTIONS_PER_PIECE]),
            speaker=_name(quote.speaker),
            speaker_title=_name(quote.speaker_title),
            source=_quote_source(quote, story),
            last=start + SECTIONS_PER_PIECE >= len(sections),
            context=context,
        )
        for start in runs
    ]
