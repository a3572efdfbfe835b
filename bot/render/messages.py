"""The public render functions: newsbot data in, Slack messages (Block Kit dicts) out.

Pure apart from reading templates: nothing here queries the database or calls Slack. Every
message is checked against Slack's limits before it is returned (RenderError otherwise).
Each function takes ``templates`` (default: the packaged ones; never read from the
environment here, so callers holding settings pass ``load_templates(settings.templates_path)``).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from bot.errors import RenderError
from bot.model import Digest, Story
from bot.render.actions import ACTION_SHARE, MAX_DIGEST_ID_LENGTH
from bot.render.env import Templates, packaged_templates, parse_json
from bot.render.limits import MAX_HEADER_TEXT, check_message, problems
from bot.render.mrkdwn import (
    Trusted,
    channel_mention,
    date_token,
    escape,
    link,
    safe_url,
    shorten,
)
from bot.render.split import Size, pack
from bot.render.story_view import (
    SECTION_BUDGET,
    Button,
    full_quote_views,
    story_view,
    title_view,
)
from bot.render.views import SourceView, SubscriptionView

Message = dict[str, Any]

# A list reply shows at most this many rows; the rest are counted, never dropped silently.
MAX_LIST_ROWS = 40
MAX_ERROR_TEXT = 300
# Measuring the fixed part of a message with this part count over-estimates it safely.
_MEASURE_PARTS = 999


def _render(templates: Templates, name: str, **context: Any) -> Message:
    return templates.blocks(name, **context)


def _checked(message: Message) -> Message:
    check_message(message)
    return message


def _partial_size(templates: Templates, name: str, **context: Any) -> Size:
    """The size of a partial that renders a comma-separated run of blocks."""
    blocks = parse_json(name, "[" + templates.text(name, **context) + "]")
    return Size.of(blocks)


def _fixed_size(templates: Templates, name: str, **context: Any) -> Size:
    return Size.of(_render(templates, name, **context)["blocks"])


def _digest_context(digest: Digest) -> dict[str, Any]:
    name = shorten(digest.topic_name.strip() or digest.topic, MAX_HEADER_TEXT)
    return {
        "topic_name": name,
        "generated": date_token(digest.generated_at),
        "window_start": date_token(digest.window_start) if digest.window_start else None,
        "window_end": date_token(digest.window_end or digest.generated_at),
        "total": len(digest.stories),
        "empty": not digest.stories,
    }


def render_digest(
    digest: Digest,
    *,
    digest_id: str,
    shareable: bool = False,
    on_demand: bool = False,
    templates: Templates | None = None,
) -> list[Message]:
    """A digest as one or more messages, split at story boundaries when it is too long.

    Story ``i`` (0-based, in ``digest.stories`` order) gets a "Full quotes" button whose value
    is ``f"{digest_id}:{i}"``; ``shareable`` adds a "Share in channel" button to the last part
    (never to an empty digest: there is nothing to share). ``on_demand`` (asked for with
    ``/news``) words an empty digest as "no stories about the topic yet" instead of the
    scheduled "nothing new since the last digest".
    """
    if not digest_id.strip() or len(digest_id) > MAX_DIGEST_ID_LENGTH:
        raise RenderError(f"digest id must be 1 to {MAX_DIGEST_ID_LENGTH} characters")
    templates = templates or packaged_templates()
    base = {**_digest_context(digest), "on_demand": on_demand}
    wanted = shareable and bool(digest.stories)
    share = Button(Trusted(ACTION_SHARE), Trusted(digest_id)) if wanted else None
    views = [story_view(s, digest_id=digest_id, index=i) for i, s in enumerate(digest.stories)]
    return _render_in_parts(
        templates,
        ("digest.json.j2", "_story.json.j2", "stories", "story"),
        views,
        base,
        last={"share": share},
        # An empty digest has its own layout; parts are measured with the story layout.
        measure={"empty": False},
    )


def render_full_quotes(story: Story, *, templates: Templates | None = None) -> list[Message]:
    """Every quote of ``story`` verbatim with speaker and source; split at quote boundaries.

    An updated story (``Story.update``) holds only its new quotes, and is headed so."""
    templates = templates or packaged_templates()
    quotes = story.quotes or story.key_quotes
    views = [view for q in quotes for view in full_quote_views(q, story)]
    title = title_view(story)
    base = {
        "title": title,
        "title_text": shorten(story.title.strip() or "story", 150),
        # An update's thread reply holds only the quotes that are new since the first digest.
        "updated": story.update is not None,
    }
    return _render_in_parts(
        templates, ("full_quotes.json.j2", "_quote.json.j2", "quotes", "quote"), views, base
    )


def _render_in_parts(
    templates: Templates,
    names: tuple[str, str, str, str],
    views: Sequence[Any],
    base: dict[str, Any],
    *,
    last: dict[str, Any] | None = None,
    measure: dict[str, Any] | None = None,
) -> list[Message]:
    """Render ``views`` into as few messages as fit, split only between items.

    ``names`` is (message template, item partial, list variable, item variable); ``last``
    holds values only the final part shows (the share button), ``measure`` values that hold
    while sizes are measured.
    """
    template, partial, list_name, item_name = names
    last = last or {}
    sizes = [_partial_size(templates, partial, **{item_name: v}) for v in views]
    fixed = {**base, **last, **(measure or {}), list_name: [], "parts": _MEASURE_PARTS}
    first = _fixed_size(templates, template, part=1, **fixed)
    rest = _fixed_size(templates, template, part=2, **fixed)
    runs = pack(sizes, first=first, rest=rest)
    empty_last = {key: None for key in last}
    return [
        _checked(
            _render(
                templates,
                template,
                **base,
                **(last if number == len(runs) else empty_last),
                **{list_name: views[run.start : run.stop]},
                part=number,
                parts=len(runs),
            )
        )
        for number, run in enumerate(runs, start=1)
    ]


def render_help(*, templates: Templates | None = None) -> Message:
    """The ``/news help`` reply."""
    return _checked(_render(templates or packaged_templates(), "help.json.j2"))


def render_error(
    message: str, *, usage: bool = False, templates: Templates | None = None
) -> Message:
    """A short error for the user; ``usage`` appends the command reference."""
    text = shorten(message.strip() or "Something went wrong.", MAX_ERROR_TEXT)
    templates = templates or packaged_templates()
    return _checked(_render(templates, "error.json.j2", message=text, usage=usage))


def render_notice(
    text: str,
    *,
    link_url: str | None = None,
    link_label: str = "open it",
    templates: Templates | None = None,
) -> Message:
    """A short confirmation such as "Subscribed to putin-biden at 09:00 Europe/Berlin".

    ``link_url`` (a Slack permalink, say) is appended as a link labelled ``link_label``; an
    unsafe URL is left out rather than shown.
    """
    shown: str | Trusted = shorten(text.strip() or "Done.", SECTION_BUDGET)
    if safe_url(link_url):
        shown = Trusted(f"{escape(str(shown))} ({link(link_url, link_label).text})")
    return _checked(_render(templates or packaged_templates(), "notice.json.j2", text=shown))


def _fit_rows(render: Callable[[int], Message], total: int) -> Message:
    """Render as many rows as fit (at most MAX_LIST_ROWS); the template counts the rest."""
    shown = min(total, MAX_LIST_ROWS)
    message = render(shown)
    while problems(message) and shown > 0:
        shown = shown * 3 // 4
        message = render(shown)
    return _checked(message)


def _subscription_row(sub: SubscriptionView) -> dict[str, Any]:
    return {
        "topic": shorten(sub.topic, 150),
        "time": sub.time,
        "timezone": shorten(sub.timezone, 64),
        "status": shorten(sub.status, 64),
        "channel": channel_mention(sub.channel_id),
    }


def render_subscriptions(
    subs: Sequence[SubscriptionView], *, templates: Templates | None = None
) -> Message:
    """The ``/news list`` reply."""
    rows = [_subscription_row(s) for s in subs]
    return _render_list(templates or packaged_templates(), "subscriptions.json.j2", rows)


def _source_row(source: SourceView) -> dict[str, Any]:
    location = source.url.strip()
    return {
        "name": shorten(source.name.strip() or location, 150),
        "kind": shorten(source.kind, 40),
        "enabled": source.enabled,
        "location": link(location, shorten(location, 200))
        if safe_url(location)
        else shorten(location, 500),
        "last_error": shorten(source.last_error, MAX_ERROR_TEXT) if source.last_error else None,
    }


def render_sources(sources: Sequence[SourceView], *, templates: Templates | None = None) -> Message:
    """The ``/news sources`` reply: each source's name, location, kind, state and last error."""
    rows = [_source_row(s) for s in sources]
    return _render_list(templates or packaged_templates(), "sources.json.j2", rows)


def _render_list(templates: Templates, name: str, rows: list[dict[str, Any]]) -> Message:
    """A list reply with as many rows as fit, and a count of those left out."""

    def render(shown: int) -> Message:
        return _render(
            templates, name, rows=rows[:shown], total=len(rows), hidden=len(rows) - shown
        )

    return _fit_rows(render, len(rows))
