"""What every command shares about output: ``--format text|json`` and file problems.

Rule "one default": every command that prints results takes ``--format`` and defaults to
text, for people; ``--format json`` is for scripts (one JSON document, or one JSON object per
line where a command prints a stream of items, like ``extract``). Failures always go to stderr
as one line each, ``newsbot: <where>: <reason>``, whatever the format.
"""

from __future__ import annotations

import json
from pathlib import Path

import click

from bot.ingest.readers import file_problem

__all__ = ["FORMATS", "FORMAT_OPTION", "echo_json", "file_problem", "missing"]

FORMATS = ("text", "json")


FORMAT_OPTION = click.option(
    "--format",
    "fmt",
    type=click.Choice(FORMATS),
    default="text",
    show_default=True,
    help="text for reading, json for scripts.",
)


def echo_json(value: object) -> None:
    click.echo(json.dumps(value, ensure_ascii=False))


def missing(path: str | Path) -> str:
    """The one-line reason for a path that does not exist."""
    return f"{path}: no such file or directory"
