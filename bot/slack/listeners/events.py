"""Workspace lifecycle events: an uninstall or a revoked bot token forgets the workspace.

Bolt acknowledges events itself; the work here is two deletes, well inside Slack's limit.
"""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt import App

from bot.slack.listeners.deps import Deps
from bot.store.db import transaction
from bot.store.subscriptions import remove_team

log = logging.getLogger(__name__)


def register(app: App, deps: Deps) -> None:
    def uninstalled(body: dict[str, Any]) -> None:
        forget_workspace(app, deps, body)

    def tokens_revoked(body: dict[str, Any], event: dict[str, Any]) -> None:
        tokens = event.get("tokens") or {}
        store = app.installation_store
        if store is not None:
            for user_id in tokens.get("oauth") or []:
                store.delete_installation(
                    enterprise_id=body.get("enterprise_id"),
                    team_id=body.get("team_id"),
                    user_id=user_id,
                )
        # Without its bot token newsbot can post nothing here: forget the workspace.
        if tokens.get("bot"):
            forget_workspace(app, deps, body)

    app.event("app_uninstalled")(uninstalled)
    app.event("tokens_revoked")(tokens_revoked)


def forget_workspace(app: App, deps: Deps, body: dict[str, Any]) -> None:
    team_id = body.get("team_id")
    enterprise_id = body.get("enterprise_id")
    if app.installation_store is not None:
        app.installation_store.delete_all(enterprise_id=enterprise_id, team_id=team_id)
    removed = 0
    if team_id:
        with transaction(deps.engine, "remove the workspace's subscriptions") as conn:
            removed = remove_team(conn, str(team_id))
    log.info("workspace %s left: installation and %d subscription(s) removed", team_id, removed)
