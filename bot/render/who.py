"""The ``/news who NAME`` reply: a speaker's newest quotes, each with its story, outlet, date,
a link to the article and a deep link to the quote's place in it (``bot.render.deep_links``).

Pure apart from reading templates. As many quotes as fit in one message are shown (each
shortened visibly only when very long); the template counts the ones left out.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from bot.render.deep_links import deep_link
from bot.render.env import Templates, packaged_templates
from bot.render.limits import check_message, problems
from bot.render.mrkdwn import Trusted, date_token, link, shorten
from bot.render.story_view import IN_CONTEXT, MAX_NAME, MAX_TITLE, QUOTE_NEWLINE_COST, quote_lines
from bot.render.utterances import in_marks, utterance_text
from bot.who.answer import SaidQuote, WhoAnswer

Message = dict[str, Any]

# A quote longer than this is shortened with "…": the deep link leads to the rest.
MAX_QUOTE_SHOWN = 1200
MAX_QUERY_SHOWN = 100


@dataclass(frozen=True, slots=True)
class SaidView:
    lines: tuple[str, ...]
    speaker: str
    speaker_title: str | None
    story: Trusted  # the article's title, linked to the article itself (the plain link)
    outlet: str | None
    when: Trusted | None
    context: Trusted | None  # the deep link


def said_view(said: SaidQuote) -> SaidView:
    shown = shorten(utterance_text(said.parts), MAX_QUOTE_SHOWN, newline_cost=QUOTE_NEWLINE_COST)
    target = deep_link(said.url, [p.text for p in said.parts])
    title = shorten(said.title.strip() or "Untitled story", MAX_TITLE)
    return SaidView(
        lines=quote_lines(in_marks(shown)),
        speaker=shorten(said.speaker, MAX_NAME),
        speaker_title=shorten(said.speaker_title, MAX_NAME) if said.speaker_title else None,
        story=link(said.url, title),
        outlet=shorten(said.outlet, MAX_NAME) if said.outlet else None,
        when=date_token(said.said_at),
        context=link(target, IN_CONTEXT) if target else None,
    )


def render_who(answer: WhoAnswer, *, templates: Templates | None = None) -> Message:
    """The answer to ``who NAME``: the quotes newest first, or close names when none match."""
    templates = templates or packaged_templates()
    views = [said_view(s) for s in answer.quotes]
    context = {
        "query": shorten(answer.query.strip(), MAX_QUERY_SHOWN),
        "speakers": shorten(", ".join(answer.speakers[:3]) or answer.query.strip(), MAX_TITLE),
        "suggestions": [shorten(s, MAX_NAME) for s in answer.suggestions],
    }
    return _fit(templates, views, context)


def _fit(templates: Templates, views: Sequence[SaidView], context: dict[str, Any]) -> Message:
    """As many quotes as the message holds; fewer until Slack's limits are met."""
    shown = len(views)
    while True:
        message = templates.json(
            "who.json.j2",
            **context,
            quotes=views[:shown],
            total=len(views),
            hidden=len(views) - shown,
        )
        if not problems(message) or shown == 0:
            check_message(message)
            return dict(message)
        shown = shown * 3 // 4
