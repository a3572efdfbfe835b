"""``newsbot ingest``, ``newsbot poll`` and ``newsbot sources list|add|remove``.

Thin wrappers: settings from the environment, the store from ``database_url``, time from the
system clock; the work is done by ``bot.ingest``. A failure of any input or source is printed
on stderr (one line each) and makes the command exit 1; the others are still stored.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import asdict
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

import click

from bot.cli.output import FORMAT_OPTION, echo_json
from bot.clock import system_clock
from bot.config import load_settings
from bot.errors import CommandError, NewsbotError
from bot.ingest.sources import (
    KINDS,
    SourceConfig,
    SourceKind,
    add_source,
    find_source,
    load_sources,
    remove_source,
    validate_source,
    writable_sources_file,
)

if TYPE_CHECKING:
    from bot.ingest.poll import PollSummary
    from bot.ingest.service import IngestReport

ProgressFn = Callable[[str, int, int], None]


def register(group: click.Group) -> None:
    group.add_command(ingest)
    group.add_command(poll)
    group.add_command(sources)


@click.command()
@click.argument("inputs", nargs=-1, required=True, metavar="PATH|URL...")
@FORMAT_OPTION
def ingest(inputs: tuple[str, ...], fmt: str) -> None:
    """Read files, folders of saved pages and dumps, or URLs into the store, as new news."""
    from bot.digest.backfill import index_recent
    from bot.ingest.service import ingest_inputs
    from bot.store.db import open_engine

    settings = load_settings()
    engine = open_engine(settings.database_url)
    with _quiet_failure_logs(), _progress("reading") as progress:
        report = ingest_inputs(engine, settings, inputs, now=system_clock(), progress=progress)
    index_recent(engine, len(report.new) + len(report.updated))  # for `newsbot who`
    if fmt == "json":
        echo_json(ingest_json(report))
    else:
        click.echo(_ingest_line(report))
    _fail_on(report.failed)


@click.command()
@FORMAT_OPTION
def poll(fmt: str) -> None:
    """Poll every enabled source once and store what is new."""
    from bot.digest.backfill import index_recent
    from bot.ingest.poll import poll_sources
    from bot.store.db import open_engine

    settings = load_settings()
    engine = open_engine(settings.database_url)
    with _quiet_failure_logs(), _progress("polling") as progress:
        summary = poll_sources(engine, settings, now=system_clock(), progress=progress)
    index_recent(engine)  # for `newsbot who`
    if fmt == "json":
        echo_json(poll_json(summary))
    else:
        click.echo(_poll_line(summary))
    _fail_on(summary.failed)


@click.group()
def sources() -> None:
    """Show or change the news sources (the sources file in the settings)."""


@sources.command("list")
@FORMAT_OPTION
def list_sources(fmt: str) -> None:
    """Every configured source: name, kind, where it reads from, options."""
    settings = load_settings()
    configured = load_sources(settings.sources_path)
    if fmt == "json":
        listed = [asdict(s) for s in configured]
        echo_json({"file": str(settings.sources_path), "sources": listed})
        return
    if not configured:
        click.echo(f"no sources in {settings.sources_path}")
    for source in configured:
        flags = [
            f"outlet={source.outlet}" if source.outlet else "",
            f"timezone={source.timezone}" if source.timezone else "",
            "full-text" if source.fetch_full_text else "",
            "disabled" if not source.enabled else "",
        ]
        extra = " ".join(f for f in flags if f)
        click.echo(f"{source.name}\t{source.kind}\t{source.location}\t{extra}".rstrip())


@sources.command("add")
@click.argument("url", required=False)
@click.option("--path", "path", type=click.Path(file_okay=False), help="A folder of dumps.")
@click.option("--name", help="Defaults to the URL's host or the folder's name.")
@click.option("--kind", type=click.Choice(KINDS), help="Defaults to feed (URL) or directory.")
@click.option("--outlet", help="The outlet's name where its pages do not say it.")
@click.option("--timezone", help="IANA zone for times without one, e.g. Europe/Dublin.")
@click.option("--full-text/--no-full-text", default=False, help="Fetch teaser items' pages.")
def add(
    url: str | None,
    path: str | None,
    name: str | None,
    kind: SourceKind | None,
    outlet: str | None,
    timezone: str | None,
    full_text: bool,
) -> None:
    """Add a feed or page URL, or a folder (--path). A feed is read once right away and its
    current items are stored as already seen, so only later items count as new."""
    settings = load_settings()
    source = _new_source(url, path, name, kind, outlet, timezone, full_text)
    validate_source(settings.sources_path, source)
    if any(
        s.name.casefold() == source.name.casefold() for s in load_sources(settings.sources_path)
    ):
        raise CommandError(f"a source named {source.name!r} exists already; pick --name")
    note = ""
    if source.kind == "feed":
        from bot.ingest.poll import prime_source
        from bot.store.db import open_engine

        engine = open_engine(settings.database_url)
        with _quiet_failure_logs():  # main() prints the failure, once
            primed = prime_source(engine, settings, source, now=system_clock())
        note = f": {primed.new} current item(s) stored as already seen"
    target = writable_sources_file(settings)
    add_source(target, source)
    click.echo(f"added {source.kind} source {source.name!r} to {target}{note}")


@sources.command("remove")
@click.argument("name_or_url")
def remove(name_or_url: str) -> None:
    """Remove the source with this name or URL (its stored articles stay)."""
    settings = load_settings()
    if find_source(load_sources(settings.sources_path), name_or_url) is None:
        raise CommandError(f"no source named {name_or_url!r} in {settings.sources_path}")
    path = writable_sources_file(settings)
    remove_source(path, name_or_url)
    click.echo(f"removed {name_or_url!r} from {path}")


def _new_source(
    url: str | None,
    path: str | None,
    name: str | None,
    kind: SourceKind | None,
    outlet: str | None,
    timezone: str | None,
    full_text: bool,
) -> SourceConfig:
    if bool(url) == bool(path):
        raise CommandError("give either a URL or --path DIR")
    if path:
        folder = str(Path(path).expanduser().resolve())
        default_name = Path(folder).name
    else:
        folder, default_name = None, urlsplit(url or "").hostname or (url or "")
    return SourceConfig(
        name=name or default_name,
        url=url,
        path=folder,
        kind=kind or ("directory" if path else "feed"),
        outlet=outlet,
        timezone=timezone,
        fetch_full_text=full_text,
    )


@contextmanager
def _quiet_failure_logs() -> Iterator[None]:
    """The command prints each failure itself: without -v, do not log it a second time."""
    logger = logging.getLogger("bot.ingest")
    if logging.getLogger().getEffectiveLevel() < logging.WARNING:
        yield
        return
    previous = logger.level
    logger.setLevel(logging.ERROR)
    try:
        yield
    finally:
        logger.setLevel(previous)


@contextmanager
def _progress(verb: str) -> Iterator[ProgressFn | None]:
    """A progress bar on stderr when it is a terminal; nothing otherwise (logs, pipes, CI)."""
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    console = Console(stderr=True)
    if not console.is_terminal:
        yield None
        return
    columns = (TextColumn(f"{verb} {{task.description}}"), BarColumn(), MofNCompleteColumn())
    with Progress(*columns, console=console, transient=True) as bar:
        task = bar.add_task("", total=None)

        def update(name: str, done: int, total: int) -> None:
            bar.update(task, description=name, completed=done, total=total)

        yield update


def _ingest_line(report: IngestReport) -> str:
    return (
        f"read {report.read} article(s): {len(report.new)} new{_copies(len(report.duplicates))}, "
        f"{len(report.updated)} updated, {len(report.unchanged)} unchanged, "
        f"{len(report.failed)} failed"
    )


def _failures(failed: Sequence[tuple[str, NewsbotError]]) -> list[dict[str, str]]:
    return [{"where": where, "error": _reason(error)} for where, error in failed]


def ingest_json(report: IngestReport) -> dict[str, object]:
    """``ingest --format json``: counts, the new and updated article ids, and failures."""
    return {
        "read": report.read,
        "new": report.new,
        "updated": report.updated,
        "unchanged": len(report.unchanged),
        "duplicates": len(report.duplicates),
        "failed": _failures(report.failed),
    }


def poll_json(summary: PollSummary) -> dict[str, object]:
    """``poll --format json``: the counts of the text line, failures and backing-off sources."""
    return {
        "new": summary.new,
        "updated": summary.updated,
        "unchanged": summary.unchanged,
        "unchanged_files": summary.unchanged_files,
        "duplicates": summary.duplicates,
        "failed": _failures(summary.failed),
        "backing_off": list(summary.skipped),
        "new_ids": list(summary.new_ids),
    }


def _poll_line(summary: PollSummary) -> str:
    parts = [
        f"{summary.new} new{_copies(summary.duplicates)}",
        f"{summary.updated} updated",
        f"{summary.unchanged} unchanged (304)",
    ]
    if summary.unchanged_files:
        parts.append(f"{summary.unchanged_files} file(s) not modified")
    parts.append(f"{len(summary.failed)} failed")
    if summary.skipped:
        parts.append(f"{len(summary.skipped)} backing off")
    return "polled: " + ", ".join(parts)


def _copies(count: int) -> str:
    if not count:
        return ""
    return f" ({count} {'copy' if count == 1 else 'copies'} of other outlets' stories)"


def _reason(error: NewsbotError) -> str:
    return str(getattr(error, "reason", None) or error)


def _fail_on(failed: Sequence[tuple[str, NewsbotError]]) -> None:
    for where, error in failed:
        click.echo(f"newsbot: {where}: {_reason(error)}", err=True)
    if failed:
        raise click.exceptions.Exit(1)
