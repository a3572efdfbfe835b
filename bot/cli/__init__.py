"""The ``newsbot`` command: the only place that reads argv.

Each area registers its commands from its own module (``bot/cli/<area>.py``, each exposing
``register(group)``), so commands stay thin wrappers over the library functions they call.
Failures exit non-zero with a one-line reason on stderr.

Start-up stays cheap: this module and the command modules import only click and the standard
library at the top; each command imports what it needs (the store, the Slack SDK, the
scheduler, trafilatura) when it runs.
"""

from __future__ import annotations

import importlib
import logging
import sys

import click

from bot.errors import NewsbotError
from bot.log_redaction import install_redaction

# Modules under bot/cli that contribute commands; each has ``register(group: click.Group)``.
COMMAND_MODULES = (
    "extract",
    "ingest",
    "nlp",
    "digest",
    "slack",
    "demo",
    "schedule",
    "doctor",
    "tokens",
    "who",
    "worker",
)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.option("-v", "--verbose", count=True, help="More log output (-v info, -vv debug).")
@click.version_option(package_name="newsbot")
def cli(verbose: int) -> None:
    """newsbot: short, faithful news digests for Slack."""
    level = logging.WARNING - 10 * min(verbose, 2)
    logging.basicConfig(level=level, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    install_redaction()


for _name in COMMAND_MODULES:
    try:
        _module = importlib.import_module(f"bot.cli.{_name}")
    except ModuleNotFoundError as _exc:
        if _exc.name != f"bot.cli.{_name}":
            raise
        continue
    _module.register(cli)


def database_error(exc: BaseException) -> str | None:
    """The one-line reason for a database error that got past the store (raised inside a
    library that uses newsbot's engine); None when ``exc`` is not one.

    Such an error can only exist if a command already imported SQLAlchemy, so a command that
    never touched the store never pays for importing it here.
    """
    if "sqlalchemy" not in sys.modules:
        return None
    from bot.store.db import unexpected_database_error

    return unexpected_database_error(exc)


def main() -> None:
    """Console-script entry point: turn newsbot errors into a one-line reason and exit 1."""
    try:
        code = cli.main(standalone_mode=False)
    except click.exceptions.Abort:
        click.echo("aborted", err=True)
        sys.exit(130)
    except click.ClickException as exc:
        exc.show()
        sys.exit(exc.exit_code)
    except NewsbotError as exc:
        click.echo(f"newsbot: {exc}", err=True)
        sys.exit(1)
    except KeyboardInterrupt:
        sys.exit(130)
    except Exception as exc:
        # A database that went away or is locked mid-command: one line, not a traceback.
        reason = database_error(exc)
        if reason is None:
            raise
        click.echo(f"newsbot: database error: {reason}", err=True)
        sys.exit(1)
    sys.exit(code if isinstance(code, int) else 0)
