"""``newsbot digest TOPIC``: a topic digest from the store, or from files, as JSON or text."""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

import click

from bot.cli.output import missing
from bot.clock import system_clock
from bot.config import load_settings
from bot.errors import CommandError, ReadError
from bot.ingest.readers import read_path
from bot.model import Article, Digest, Quote, Source, Story

if TYPE_CHECKING:
    from bot.text.topics import TopicCatalog

_DURATION = re.compile(r"(\d{1,6})\s*([mhdw])")
_UNITS = {"m": "minutes", "h": "hours", "d": "days", "w": "weeks"}
# Ten years: far enough back for anyone, near enough that "now - since" is a valid date.
MAX_SINCE = timedelta(days=3650)
# Files a folder given to --from contributes; anything else there (README.md) is skipped.
READABLE_SUFFIXES = frozenset({".txt", ".html", ".htm", ".xml", ".rss", ".atom", ".json"})


def parse_duration(text: str) -> timedelta:
    """``90m``, ``24h``, ``7d`` or ``2w`` as a timedelta."""
    match = _DURATION.fullmatch(text.strip().lower())
    if not match or int(match.group(1)) == 0:
        raise CommandError(f"--since: expected a duration like 90m, 24h or 7d, got {text!r}")
    duration = timedelta(**{_UNITS[match.group(2)]: int(match.group(1))})
    if duration > MAX_SINCE:
        raise CommandError(f"--since: at most {MAX_SINCE.days} days, got {text!r}")
    return duration


def _folder_files(path: Path) -> list[Path]:
    return [
        p for p in sorted(path.iterdir()) if p.is_file() and p.suffix.lower() in READABLE_SUFFIXES
    ]


def input_files(paths: Sequence[str]) -> tuple[list[Path], list[str]]:
    """The files named, folders expanded to their readable files in name order, and a
    one-line reason for each name that is neither a file nor a readable folder."""
    out: list[Path] = []
    failures: list[str] = []
    for name in paths:
        path = Path(name)
        try:
            if path.is_dir():
                out.extend(_folder_files(path))
            elif path.is_file():
                out.append(path)
            else:
                failures.append(missing(name))
        except OSError as exc:
            failures.append(f"--from: cannot list {name}: {exc.strerror or exc}")
    return out, failures


@dataclass(frozen=True)
class Inputs:
    """What ``--from`` yielded: the articles, how many files gave them, and what failed."""

    articles: list[Article]
    files_read: int
    failures: list[str]


def read_inputs(paths: Sequence[str]) -> Inputs:
    """Read every file; an unreadable one is noted in ``failures`` and the others go on."""
    files, failures = input_files(paths)
    articles: list[Article] = []
    read = 0
    for path in files:
        try:
            articles.extend(read_path(path))
        except ReadError as exc:
            failures.append(str(exc))
            continue
        read += 1
    return Inputs(articles, read, failures)


def _recent(articles: list[Article], since: datetime) -> list[Article]:
    # Files have no first-seen time; undated articles are kept rather than guessed at.
    return [a for a in articles if a.published is None or a.published >= since]


def _time(value: datetime | None) -> str:
    return value.astimezone(UTC).strftime("%d %b %Y %H:%M UTC") if value else ""


def _source_line(sources: Sequence[Source], published: datetime | None) -> str:
    names = []
    for s in sources:
        name = s.outlet or s.agency or s.url
        if name:
            credit = s.agency and s.outlet and s.agency != name
            names.append(f"{name} ({s.agency})" if credit else name)
    return " · ".join(x for x in (", ".join(dict.fromkeys(names)), _time(published)) if x)


def _quote_line(parts: Sequence[Quote]) -> str:
    """One key quote: its whole utterance in quote marks, then who said it."""
    from bot.render.utterances import in_marks, utterance_text  # the render package loads Slack

    first = parts[0]
    who = ", ".join(x for x in (first.speaker, first.speaker_title) if x) or "unattributed"
    return f"   {in_marks(utterance_text(parts))} — {who}"


def _story_lines(number: int, story: Story) -> list[str]:
    from bot.render.utterances import utterances

    lines = [f"{number}. {story.title}"]
    lines.append(f"   {_source_line(story.sources, story.published)}")
    if story.summary:
        lines.append("   " + " ".join(story.summary))
    lines.extend(_quote_line(parts) for parts in utterances(story.key_quotes))
    lines.extend(f"   {s.url}" for s in story.sources[:1] if s.url)
    return lines


def format_digest_text(digest: Digest) -> str:
    """A readable plain-text digest for the terminal."""
    count = len(digest.stories)
    head = f"{digest.topic_name}: {count} stor{'y' if count == 1 else 'ies'}"
    lines = [head, f"Generated {_time(digest.generated_at)}", ""]
    if not digest.stories:
        lines.append(f"No stories about {digest.topic_name} yet.")
    for number, story in enumerate(digest.stories, start=1):
        lines.extend([*_story_lines(number, story), ""])
    return "\n".join(lines).rstrip() + "\n"


def _from_files(
    inputs: Inputs, topic: str, topics: TopicCatalog, since: timedelta | None, limit: int
) -> Digest:
    from bot.digest.service import digest_from_articles

    now = system_clock()
    start = now - since if since else None
    articles = _recent(inputs.articles, start) if start else inputs.articles
    digest = digest_from_articles(articles, topic, topics=topics, now=now, limit=limit)
    return replace(digest, window_start=start, window_end=now if start else None)


def _from_store(
    database_url: str, topic: str, topics: TopicCatalog, since: timedelta | None, limit: int
) -> Digest:
    from bot.digest.service import on_demand_digest
    from bot.store.db import open_engine

    now = system_clock()
    start = now - since if since else None
    engine = open_engine(database_url)
    try:
        return on_demand_digest(engine, topic, topics=topics, now=now, limit=limit, since=start)
    finally:
        engine.dispose()


def _print(digest: Digest, output_format: str) -> None:
    from bot.codec import digest_to_dict

    if output_format == "json":
        click.echo(json.dumps(digest_to_dict(digest), indent=2, ensure_ascii=False))
    else:
        click.echo(format_digest_text(digest), nl=False)


@click.command("digest")
@click.argument("topic")
@click.option(
    "--from",
    "from_paths",
    multiple=True,
    metavar="PATH",
    help="Build from these files or folders instead of the store (repeatable).",
)
@click.option("--since", metavar="DURATION", help="Only articles from the last 90m, 24h, 7d...")
@click.option("--limit", type=click.IntRange(1, 50), default=8, show_default=True)
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
)
def digest_command(
    topic: str, from_paths: tuple[str, ...], since: str | None, limit: int, output_format: str
) -> None:
    """Print a digest of TOPIC (a slug from topics.toml, or words joined by hyphens).

    With --from, each unreadable input is reported on stderr and the digest is built from the
    rest; the exit status is then 1 (and nothing is printed when no input could be read).
    """
    from bot.text.topics import load_topics

    window = parse_duration(since) if since is not None else None
    settings = load_settings()
    topics = load_topics(settings.topics_path)
    topics.resolve(topic)  # a bad slug fails before any file or database is opened
    if not from_paths:
        _print(_from_store(settings.database_url, topic, topics, window, limit), output_format)
        return
    inputs = read_inputs(from_paths)
    for reason in inputs.failures:
        click.echo(f"newsbot: {reason}", err=True)
    if inputs.failures and not inputs.files_read:
        raise click.exceptions.Exit(1)
    _print(_from_files(inputs, topic, topics, window, limit), output_format)
    if inputs.failures:
        raise click.exceptions.Exit(1)


def register(group: click.Group) -> None:
    group.add_command(digest_command)
