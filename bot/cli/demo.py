"""``newsbot demo``: the offline walk-through of the main job (see ``bot.demo``)."""

from __future__ import annotations

import dataclasses
import tempfile
from pathlib import Path

import click

from bot.clock import system_clock
from bot.config import load_settings

DEFAULT_OUT = Path("out/demo-blocks.json")


@click.command("demo")
@click.option("--topic", default="putin-biden", show_default=True, help="Topic slug to digest.")
@click.option(
    "--out",
    "out_path",
    type=click.Path(dir_okay=False, path_type=Path),
    default=DEFAULT_OUT,
    show_default=True,
    help="Where to write the Block Kit JSON (a list of Block Kit Builder payloads).",
)
@click.option(
    "--database",
    "database_url",
    default=None,
    help="Database URL to ingest into (default: a temporary SQLite file, deleted afterwards).",
)
def demo(topic: str, out_path: Path, database_url: str | None) -> None:
    """Ingest the bundled samples, build TOPIC's digest and show it as Slack would."""
    from rich.console import Console

    from bot.demo import check_out_path, run_demo  # imported here so `newsbot --help` stays fast

    check_out_path(out_path)
    settings = load_settings()
    console = Console()
    with tempfile.TemporaryDirectory(prefix="newsbot-demo-") as tmp:
        url = database_url or f"sqlite:///{Path(tmp) / 'demo.db'}"
        result = run_demo(
            dataclasses.replace(settings, database_url=url),
            topic=topic,
            out_path=out_path,
            now=system_clock(),
            console=console,
        )
    click.echo(
        f"{_count(result.articles, 'sample article')} -> "
        f"{_count(len(result.digest.stories), 'story', 'stories')}, "
        f"{_count(len(result.messages), 'digest message')}, "
        f"{_count(len(result.replies), 'full-quote reply', 'full-quote replies')}."
    )
    click.echo(f"Block Kit JSON written to {result.out_path}")
    click.echo("Paste each element of that list into https://app.slack.com/block-kit-builder")


def _count(n: int, one: str, many: str | None = None) -> str:
    return f"{n} {one if n == 1 else (many or one + 's')}"


def register(group: click.Group) -> None:
    group.add_command(demo)
