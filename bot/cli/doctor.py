"""``newsbot doctor``: check tokens, scopes, database, sources and clock; say how to fix each."""

from __future__ import annotations

import click

from bot.cli.output import FORMAT_OPTION
from bot.clock import system_clock
from bot.config import load_settings
from bot.errors import ConfigError


@click.command()
@click.option("--fetch", is_flag=True, help="Also fetch each feed and page source once.")
@FORMAT_OPTION
def doctor(fetch: bool, fmt: str) -> None:
    """Check this deployment and print what is wrong and how to fix it (exit 1 on problems)."""
    # Imported here: the checks load the store and the Slack SDK, which --help must not.
    from bot.doctor.report import Check, as_json, as_text, problems
    from bot.doctor.run import run_checks

    try:
        settings = load_settings()
    except ConfigError as exc:
        checks = [Check("settings", "fail", str(exc), "correct that setting and run doctor again")]
    else:
        checks = run_checks(settings, fetch=fetch, now=system_clock())
    click.echo(as_json(checks) if fmt == "json" else as_text(checks))
    if problems(checks):
        raise click.exceptions.Exit(1)


def register(group: click.Group) -> None:
    group.add_command(doctor)
