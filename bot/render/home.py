"""The App Home tab and its modals: plain values in, Slack views (dicts) out.

Every word is in a template (``home.json.j2``, ``*_modal.json.j2``, ``preview_digest.json.j2``)
rendered through the escaping environment; every view is checked against Slack's view limits
(``bot.render.view_limits``) before it is returned. Long lists are cut to what fits, and the
views say how many rows they left out.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from typing import Any

from bot.model import Digest
from bot.render import home_ids as ids
from bot.render.env import Templates, packaged_templates
from bot.render.messages import MAX_ERROR_TEXT
from bot.render.mrkdwn import Trusted, channel_mention, date_token, link, safe_url, shorten
from bot.render.story_view import story_view
from bot.render.view_limits import check_view, view_problems
from bot.render.views import SourceView, SubscriptionView, TopicView

View = dict[str, Any]
MAX_OPTIONS = 100  # a static_select's options
MAX_OPTION_TEXT = 75
_HEADER_TEXT = 150

_HOME_IDS = {
    "preview": Trusted(ids.ACTION_OPEN_PREVIEW),
    "subscribe": Trusted(ids.ACTION_OPEN_SUBSCRIBE),
    "pause": Trusted(ids.ACTION_PAUSE),
    "resume": Trusted(ids.ACTION_RESUME),
    "unsubscribe": Trusted(ids.ACTION_UNSUBSCRIBE),
    "add_source": Trusted(ids.ACTION_OPEN_ADD_SOURCE),
    "remove_source": Trusted(ids.ACTION_REMOVE_SOURCE),
}
_INPUT_IDS = {
    "channel": Trusted(ids.INPUT_CHANNEL),
    "topic": Trusted(ids.INPUT_TOPIC),
    "time": Trusted(ids.INPUT_TIME),
    "timezone": Trusted(ids.INPUT_TIMEZONE),
    "url": Trusted(ids.INPUT_URL),
}


@dataclass(frozen=True)
class HomeData:
    """What one user's Home tab shows of their workspace."""

    subscriptions: Sequence[SubscriptionView]
    sources: Sequence[SourceView]
    topics: Sequence[TopicView]
    can_change_sources: bool
    notice: str | None = None  # the outcome of the user's last action there
    failed: bool = False  # the notice says what went wrong
    notice_channel: str | None = None  # the channel the notice is about


def _view(templates: Templates, name: str, **context: Any) -> View:
    return templates.blocks(name, **context)


def _checked(view: View) -> View:
    check_view(view)
    return view


def _subscription_row(sub: SubscriptionView, topics: dict[str, str]) -> dict[str, Any]:
    return {
        "id": Trusted(str(sub.id)),
        "channel": channel_mention(sub.channel_id),
        "topic": shorten(topics.get(sub.topic, sub.topic), 150),
        "time": sub.time,
        "timezone": shorten(sub.timezone, 64),
        "paused": sub.status != "active",
        "reason": shorten(sub.reason, MAX_ERROR_TEXT) if sub.reason else None,
    }


def _source_row(source: SourceView, can_change: bool) -> dict[str, Any]:
    location = source.url.strip()
    removable = can_change and len(source.name) <= ids.MAX_VALUE and bool(source.name.strip())
    return {
        "name": shorten(source.name.strip() or location, 150),
        "kind": shorten(source.kind, 40),
        "enabled": source.enabled,
        "location": link(location, shorten(location, 200))
        if safe_url(location)
        else shorten(location, 500),
        "polled": date_token(source.last_polled) if source.last_polled else None,
        "status": source.last_status,
        "error": shorten(source.last_error, MAX_ERROR_TEXT) if source.last_error else None,
        "remove": source.name if removable else None,
    }


def _topic_row(topic: TopicView) -> dict[str, Any]:
    return {
        "slug": shorten(topic.slug, 64),
        "name": shorten(topic.name, 150),
        "searches": shorten(topic.searches, 1500),
    }


def _fit(render: Callable[[list[int]], View], totals: list[int]) -> View:
    """Render with as many rows of each list as fit: the longest list is cut first."""
    shown = list(totals)
    view = render(shown)
    while view_problems(view) and any(shown):
        longest = max(range(len(shown)), key=lambda i: shown[i])
        shown[longest] = shown[longest] * 3 // 4
        view = render(shown)
    return _checked(view)


def render_home(data: HomeData, *, templates: Templates | None = None) -> View:
    """The Home tab (``views.publish``)."""
    templates = templates or packaged_templates()
    names = {t.slug: t.name for t in data.topics}
    subs = [_subscription_row(s, names) for s in data.subscriptions if s.id is not None]
    sources = [_source_row(s, data.can_change_sources) for s in data.sources]
    topics = [_topic_row(t) for t in data.topics]
    notice = shorten(data.notice.strip(), 2000) if data.notice and data.notice.strip() else None

    def render(shown: list[int]) -> View:
        return _view(
            templates,
            "home.json.j2",
            ids=_HOME_IDS,
            notice=notice,
            failed=data.failed,
            notice_channel=channel_mention(data.notice_channel) if data.notice_channel else None,
            subs=subs[: shown[0]],
            subs_total=len(subs),
            subs_hidden=len(subs) - shown[0],
            sources=sources[: shown[1]],
            sources_total=len(sources),
            sources_hidden=len(sources) - shown[1],
            topics=topics[: shown[2]],
            topics_total=len(topics),
            topics_hidden=len(topics) - shown[2],
            can_change_sources=data.can_change_sources,
        )

    return _fit(render, [len(subs), len(sources), len(topics)])


def _options(topics: Sequence[TopicView]) -> list[dict[str, Any]]:
    return [
        {"slug": Trusted(t.slug), "label": shorten(t.name or t.slug, MAX_OPTION_TEXT)}
        for t in topics[:MAX_OPTIONS]
    ]


def render_subscribe_modal(
    topics: Sequence[TopicView], *, time: str, timezone: str, templates: Templates | None = None
) -> View:
    """The "Add a daily digest" modal, its time and timezone filled in."""
    templates = templates or packaged_templates()
    view = _view(
        templates,
        "subscribe_modal.json.j2",
        ids={**_INPUT_IDS, "view": Trusted(ids.VIEW_SUBSCRIBE)},
        topics=_options(topics),
        time=time,
        timezone=shorten(timezone, 64),
    )
    return _checked(view)


def render_add_source_modal(*, templates: Templates | None = None) -> View:
    templates = templates or packaged_templates()
    ids_ = {**_INPUT_IDS, "view": Trusted(ids.VIEW_ADD_SOURCE)}
    return _checked(_view(templates, "add_source_modal.json.j2", ids=ids_))


def render_preview_modal(
    topics: Sequence[TopicView], *, templates: Templates | None = None
) -> View:
    """The "Preview a digest" modal: which topic."""
    templates = templates or packaged_templates()
    ids_ = {**_INPUT_IDS, "view": Trusted(ids.VIEW_PREVIEW)}
    return _checked(_view(templates, "preview_modal.json.j2", ids=ids_, topics=_options(topics)))


def _preview(templates: Templates, topic_name: str, **context: Any) -> View:
    base: dict[str, Any] = {
        "ids": {"view": Trusted(ids.VIEW_PREVIEW_DIGEST)},
        "topic_name": shorten(topic_name.strip() or "topic", _HEADER_TEXT),
        "waiting": False,
        "error": None,
    }
    return _view(templates, "preview_digest.json.j2", **{**base, **context})


def render_preview_waiting(topic_name: str, *, templates: Templates | None = None) -> View:
    """What the preview modal shows while the digest is made."""
    return _checked(_preview(templates or packaged_templates(), topic_name, waiting=True))


def render_preview_error(
    topic_name: str, error: str, *, templates: Templates | None = None
) -> View:
    text = shorten(error.strip() or "Something went wrong.", MAX_ERROR_TEXT)
    return _checked(_preview(templates or packaged_templates(), topic_name, error=text))


def render_preview_digest(digest: Digest, *, templates: Templates | None = None) -> View:
    """The digest in the preview modal: its stories without buttons (nothing was posted, so
    there is no thread for "Full quotes"), as many as fit."""
    templates = templates or packaged_templates()
    stories = [
        replace(story_view(s, digest_id="preview", index=i), button=None)
        for i, s in enumerate(digest.stories)
    ]
    total = len(stories)

    def render(shown: list[int]) -> View:
        return _preview(
            templates,
            digest.topic_name or digest.topic,
            generated=date_token(digest.generated_at),
            total=total,
            stories=stories[: shown[0]],
            hidden=total - shown[0],
            topic_slug=digest.topic,
        )

    return _fit(render, [total])
