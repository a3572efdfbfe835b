"""The ``newsbot`` command: the only place that reads argv.

Each area registers its commands from its own module (``bot/cli/<area>.py``, each exposing
``register(group)``), so commands stay thin wrappers over the library functions they call.
Failures exit non-zero with a one-line reason on stderr.
"""

from __future__ import annotations

import importlib
import logging
import sys

import click
from sqlalchemy.exc import SQLAlchemyError

from bot.errors import NewsbotError
from bot.store.db import describe_error

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
    "who",
)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.option("-v", "--verbose", count=True, help="More log output (-v info, -vv debug).")
@click.version_option(package_name="newsbot")
def cli(verbose: int) -> None:
    """newsbot: short, faithful news digests for Slack."""
    level = logging.WARNING - 10 * min(verbose, 2)
    logging.basicConfig(level=level, format="%(asctime)s %(levelname)s %(name)s: %(message)s")


for _name in COMMAND_MODULES:
    try:
        _module = importlib.import_module(f"bot.cli.{_name}")
    except ModuleNotFoundError as _exc:
        if _exc.name != f"bot.cli.{_name}":
            raise
        continue
    _module.register(cli)


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
    except SQLAlchemyError as exc:
        # A database that went away or is locked mid-command: one line, not a traceback.
        click.echo(f"newsbot: database error: {describe_error(exc)}", err=True)
        sys.exit(1)
    except KeyboardInterrupt:
        sys.exit(130)
    sys.exit(code if isinstance(code, int) else 0)
