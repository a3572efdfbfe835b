"""Block Kit rendering: newsbot data in, Slack messages out, always within Slack's limits."""

from __future__ import annotations

from bot.render.actions import ACTION_FULL_QUOTES, ACTION_SHARE, parse_full_quotes_value
from bot.render.messages import (
    Message,
    render_digest,
    render_error,
    render_full_quotes,
    render_help,
    render_notice,
    render_sources,
    render_subscriptions,
)
from bot.render.views import SourceView, SubscriptionView
from bot.render.who import render_who

__all__ = [
    "ACTION_FULL_QUOTES",
    "ACTION_SHARE",
    "Message",
    "SourceView",
    "SubscriptionView",
    "parse_full_quotes_value",
    "render_digest",
    "render_error",
    "render_full_quotes",
    "render_help",
    "render_notice",
    "render_sources",
    "render_subscriptions",
    "render_who",
]
