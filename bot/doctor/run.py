"""Run every check in order: Slack, database, sources, clock."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from bot.config import Settings
from bot.doctor.clock_checks import check_clock
from bot.doctor.report import Check
from bot.doctor.slack_checks import check_slack
from bot.doctor.source_checks import check_sources
from bot.doctor.store_checks import open_for_checks
from bot.errors import NewsbotError


def run_checks(settings: Settings, *, fetch: bool, now: datetime) -> list[Check]:
    checks = _guarded("slack", lambda: check_slack(settings))
    engine, found = open_for_checks(settings)
    checks.extend(found)
    checks.extend(_guarded("sources", lambda: check_sources(settings, fetch=fetch)))
    try:
        checks.extend(_guarded("clock", lambda: check_clock(settings, engine, now)))
    finally:
        if engine is not None:
            engine.dispose()
    return checks


def _guarded(area: str, run: Callable[[], list[Check]]) -> list[Check]:
    """The area's checks; a setting that stops the area from being checked is its finding."""
    try:
        return run()
    except NewsbotError as exc:
        return [Check(area, "fail", str(exc))]
