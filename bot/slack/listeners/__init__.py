"""Bolt listeners, one module per Slack surface, each with ``register(app, deps)``."""

from __future__ import annotations

from slack_bolt import App

from bot.slack.listeners import actions, commands, events, home
from bot.slack.listeners.deps import Deps

__all__ = ["Deps", "register_listeners"]


def register_listeners(app: App, deps: Deps) -> None:
    commands.register(app, deps)
    actions.register(app, deps)
    events.register(app, deps)
    home.register(app, deps)
