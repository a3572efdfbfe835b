"""Who is asking: a user's admin rights and timezone, read from users.info.

A failed lookup never grants a right: a user whose info cannot be read counts as a non-admin
in UTC.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from slack_sdk import WebClient
from slack_sdk.errors import SlackClientError

log = logging.getLogger(__name__)

FALLBACK_TIMEZONE = "UTC"


@dataclass(frozen=True, slots=True)
class SlackUser:
    id: str
    is_admin: bool = False
    timezone: str = FALLBACK_TIMEZONE


def lookup_user(client: WebClient, user_id: str) -> SlackUser:
    try:
        response = client.users_info(user=user_id)
    except SlackClientError as exc:
        log.warning("users.info failed for %s: %s", user_id, exc)
        return SlackUser(user_id)
    user = response.get("user") or {}
    is_admin = bool(user.get("is_admin") or user.get("is_owner"))
    return SlackUser(user_id, is_admin=is_admin, timezone=_valid_timezone(user.get("tz")))


def may_change_sources(user: SlackUser, *, admins_only: bool) -> bool:
    """Settings decide whether only workspace admins and owners may edit the source list."""
    return user.is_admin or not admins_only


def _valid_timezone(name: object) -> str:
    if not isinstance(name, str) or not name:
        return FALLBACK_TIMEZONE
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return FALLBACK_TIMEZONE
    return name
