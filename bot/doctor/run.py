"""Run every check in order: Slack, database, sources, clock."""

from __future__ import annotations

from datetime import datetime

from bot.config import Settings
from bot.doctor.clock_checks import check_clock
from bot.doctor.report import Check
from bot.doctor.slack_checks import check_slack
from bot.doctor.source_checks import check_sources
from bot.doctor.store_checks import open_for_checks


def run_checks(settings: Settings, *, fetch: bool, now: datetime) -> list[Check]:
    checks = check_slack(settings)
    engine, found = open_for_checks(settings)
    checks.extend(found)
    checks.extend(check_sources(settings, fetch=fetch))
    try:
        checks.extend(check_clock(settings, engine, now))
    finally:
        if engine is not None:
            engine.dispose()
    return checks
