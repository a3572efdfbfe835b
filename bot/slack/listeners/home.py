"""The App Home: the Home tab (``app_home_opened`` -> ``views.publish``), its buttons and modals.

Every change goes through the services the slash command uses (``bot.slack.services``), so
``/news`` and the Home tab cannot disagree. After each action the tab is published again with
the outcome at the top. Button values and modal inputs come back from Slack and are parsed as
untrusted input; a subscription belongs to the clicking workspace or is not touched, and the
source permission is checked again on every change (the tab only hides the buttons).

Modals: a modal's input errors are answered in the submission's ack (Slack shows them by the
field); slow work (a source's test read, a digest) runs after the ack, in a lazy listener.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from slack_bolt import Ack, App
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.errors import NewsbotError, StoreError, UsageError
from bot.render import home_ids as ids
from bot.render.home import (
    HomeData,
    render_add_source_modal,
    render_home,
    render_preview_digest,
    render_preview_error,
    render_preview_modal,
    render_preview_waiting,
    render_subscribe_modal,
)
from bot.render.views import TopicView
from bot.slack.listeners import texts
from bot.slack.listeners.commands import build
from bot.slack.listeners.deps import Deps
from bot.slack.listeners.home_inputs import (
    SubscribeForm,
    parse_preview,
    parse_source_url,
    parse_subscribe,
)
from bot.slack.permissions import lookup_user
from bot.slack.services import sources, subscriptions
from bot.text.topics import describe_terms

log = logging.getLogger(__name__)

Body = dict[str, Any]


def register(app: App, deps: Deps) -> None:
    def opened(event: dict[str, Any], body: Body, client: WebClient) -> None:
        if event.get("tab", "home") == "home":
            publish_home(deps, client, _team(body), str(event.get("user", "")))

    app.event("app_home_opened")(opened)
    for action_id, work in _CHANGES.items():
        app.action(action_id)(_change_listener(deps, work))
    app.action(ids.ACTION_OPEN_SUBSCRIBE)(_opener(deps, _subscribe_modal))
    app.action(ids.ACTION_OPEN_ADD_SOURCE)(_opener(deps, _add_source_modal))
    app.action(ids.ACTION_OPEN_PREVIEW)(_opener(deps, _preview_modal))
    _register_modals(app, deps)


def topic_views(deps: Deps) -> list[TopicView]:
    catalog = deps.topics.topics
    return [TopicView(t.slug, t.name, describe_terms(t)) for _, t in sorted(catalog.items())]


def publish_home(
    deps: Deps,
    client: WebClient,
    team_id: str,
    user_id: str,
    *,
    notice: str | None = None,
    failed: bool = False,
    channel: str | None = None,
) -> None:
    """Show ``user_id`` their Home tab, with ``notice`` (an action's outcome, about
    ``channel``) at the top."""
    data = HomeData(
        subscriptions=subscriptions.views(deps, team_id=team_id),
        sources=sources.views(deps),
        topics=topic_views(deps),
        can_change_sources=sources.may_change(deps, client, user_id),
        notice=notice,
        failed=failed,
        notice_channel=channel,
    )
    client.views_publish(user_id=user_id, view=render_home(data, templates=deps.templates))


# -- buttons that change something, then show the tab again ---------------------------------

# (deps, client, team, user, button value) -> (what happened, the channel it is about)
Outcome = tuple[str, str | None]
Change = Callable[[Deps, WebClient, str, str, str], Outcome]


def _pause(deps: Deps, _: WebClient, team: str, user: str, value: str) -> Outcome:
    row = subscriptions.owned(deps, team, _subscription_id(value))
    return subscriptions.pause(deps, team_id=team, sub_id=row.id, user_id=user), row.channel_id


def _resume(deps: Deps, _: WebClient, team: str, __: str, value: str) -> Outcome:
    row = subscriptions.owned(deps, team, _subscription_id(value))
    return subscriptions.resume(deps, team_id=team, sub_id=row.id), row.channel_id


def _unsubscribe(deps: Deps, _: WebClient, team: str, __: str, value: str) -> Outcome:
    row = subscriptions.owned(deps, team, _subscription_id(value))
    return subscriptions.remove(deps, team_id=team, sub_id=row.id), row.channel_id


def _remove_source(deps: Deps, client: WebClient, _: str, user: str, value: str) -> Outcome:
    return sources.remove(deps, client, user_id=user, name_or_url=value), None


_CHANGES: dict[str, Change] = {
    ids.ACTION_PAUSE: _pause,
    ids.ACTION_RESUME: _resume,
    ids.ACTION_UNSUBSCRIBE: _unsubscribe,
    ids.ACTION_REMOVE_SOURCE: _remove_source,
}


def _subscription_id(value: str) -> int:
    try:
        return ids.parse_subscription_id(value)
    except ValueError as exc:
        raise UsageError(texts.SUBSCRIPTION_GONE) from exc


def _change_listener(deps: Deps, work: Change) -> Callable[..., None]:
    def listener(ack: Ack, body: Body, client: WebClient) -> None:
        ack()
        team, user = _team(body), _user(body)
        _answered(deps, client, team, user, lambda: work(deps, client, team, user, _value(body)))

    return listener


def _answered(
    deps: Deps, client: WebClient, team: str, user: str, work: Callable[[], Outcome]
) -> None:
    """Run ``work`` and publish the tab with its outcome; a failure becomes the notice (worded
    as ``errors_answered`` words it for the slash command)."""
    channel: str | None = None
    try:
        (notice, channel), failed = work(), False
    except StoreError:
        log.exception("App Home action failed on the store (team=%s user=%s)", team, user)
        notice, failed = texts.STORE_ERROR, True
    except NewsbotError as exc:
        notice, failed = str(exc), True
    except Exception:
        log.exception("App Home action failed (team=%s user=%s)", team, user)
        notice, failed = texts.INTERNAL_ERROR, True
    try:
        publish_home(deps, client, team, user, notice=notice, failed=failed, channel=channel)
    except (SlackApiError, NewsbotError) as exc:
        log.warning("could not publish the Home tab of %s: %s", user, exc)


# -- buttons that open a modal ----------------------------------------------------------------

Opener = Callable[[Deps, WebClient, Body], dict[str, Any] | None]


def _opener(deps: Deps, make: Opener) -> Callable[..., None]:
    def listener(ack: Ack, body: Body, client: WebClient) -> None:
        ack()
        view = make(deps, client, body)
        if view is not None:  # trigger ids live three seconds: open at once
            client.views_open(trigger_id=str(body.get("trigger_id", "")), view=view)

    return listener


def _subscribe_modal(deps: Deps, client: WebClient, body: Body) -> dict[str, Any]:
    hour, minute = subscriptions.default_time(deps)
    zone = lookup_user(client, _user(body)).timezone
    return render_subscribe_modal(
        topic_views(deps), time=f"{hour:02d}:{minute:02d}", timezone=zone, templates=deps.templates
    )


def _add_source_modal(deps: Deps, client: WebClient, body: Body) -> dict[str, Any] | None:
    team, user = _team(body), _user(body)
    if not sources.may_change(deps, client, user):
        publish_home(deps, client, team, user, notice=texts.SOURCES_ADMINS_ONLY, failed=True)
        return None
    return render_add_source_modal(templates=deps.templates)


def _preview_modal(deps: Deps, _: WebClient, __: Body) -> dict[str, Any]:
    return render_preview_modal(topic_views(deps), templates=deps.templates)


# -- modal submissions --------------------------------------------------------------------------


def _register_modals(app: App, deps: Deps) -> None:
    def check_subscribe(ack: Ack, body: Body) -> None:
        form = parse_subscribe(_values(body), deps.topics)
        if form.errors:
            ack(response_action="errors", errors=form.errors)
        else:
            ack()

    # The lazy listeners run after every ack, a refused submission's too: they check again.
    def subscribe(body: Body, client: WebClient) -> None:
        form = parse_subscribe(_values(body), deps.topics)
        if form.errors:
            return
        team, user = _team(body), _user(body)
        _answered(deps, client, team, user, lambda: _subscribe(deps, client, team, user, form))

    def check_source(ack: Ack, body: Body) -> None:
        _, errors = parse_source_url(_values(body))
        if errors:
            ack(response_action="errors", errors=errors)
        else:
            ack()

    def add_source(body: Body, client: WebClient) -> None:
        url, errors = parse_source_url(_values(body))
        if errors:
            return
        team, user = _team(body), _user(body)
        _answered(deps, client, team, user, lambda: (_add_source(deps, client, user, url), None))

    def check_preview(ack: Ack, body: Body) -> None:
        slug, errors = parse_preview(_values(body))
        if errors:
            ack(response_action="errors", errors=errors)
            return
        name = deps.topics.topics[slug].name if slug in deps.topics.topics else slug
        ack(response_action="update", view=render_preview_waiting(name, templates=deps.templates))

    def preview(body: Body, client: WebClient) -> None:
        slug, errors = parse_preview(_values(body))
        if errors:
            return
        view_id = str((body.get("view") or {}).get("id", ""))
        try:
            view = render_preview_digest(build(deps, slug), templates=deps.templates)
        except NewsbotError as exc:
            view = render_preview_error(slug, str(exc), templates=deps.templates)
        except Exception:
            log.exception("digest preview of %r failed", slug)
            view = render_preview_error(slug, texts.INTERNAL_ERROR, templates=deps.templates)
        client.views_update(view_id=view_id, view=view)

    app.view(ids.VIEW_SUBSCRIBE)(ack=check_subscribe, lazy=[subscribe])
    app.view(ids.VIEW_ADD_SOURCE)(ack=check_source, lazy=[add_source])
    app.view(ids.VIEW_PREVIEW)(ack=check_preview, lazy=[preview])


def _add_source(deps: Deps, client: WebClient, user: str, url: str) -> str:
    return sources.add(deps, client, user_id=user, url=url)


def _subscribe(deps: Deps, client: WebClient, team: str, user: str, form: SubscribeForm) -> Outcome:
    text = subscriptions.subscribe(
        deps,
        client,
        team_id=team,
        channel_id=form.channel_id,
        user_id=user,
        topic=form.topic,
        hour=form.hour,
        minute=form.minute,
        timezone=form.timezone,
    )
    return text, form.channel_id


# -- payload fields ----------------------------------------------------------------------------


def _team(body: Body) -> str:
    team = body.get("team_id") or (body.get("team") or {}).get("id")
    return str(team or (body.get("user") or {}).get("team_id") or "")


def _user(body: Body) -> str:
    return str((body.get("user") or {}).get("id", ""))


def _value(body: Body) -> str:
    actions = body.get("actions") or [{}]
    return str(actions[0].get("value", ""))


def _values(body: Body) -> dict[str, Any]:
    state = (body.get("view") or {}).get("state") or {}
    values = state.get("values")
    return values if isinstance(values, dict) else {}
