"""``newsbot demo``: the whole main job offline, with no Slack account.

Ingest the bundled sample articles into a database, build a topic digest, render it and each
story's full-quote thread reply as Slack would receive them, preview them in the terminal and
write their Block Kit JSON to a file for Slack's Block Kit Builder.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from rich.console import Console
from rich.text import Text
from sqlalchemy import Engine

from bot.config import Settings
from bot.digest.service import on_demand_digest
from bot.errors import CommandError, ReadError
from bot.ingest.readers import read_path
from bot.model import Article, Digest
from bot.render.env import load_templates
from bot.render.messages import Message, render_digest, render_full_quotes
from bot.render.terminal import show_messages
from bot.resources import resource_dir
from bot.store.articles import save_articles
from bot.store.db import open_engine, transaction
from bot.text.topics import load_topics

# The kinds of file the samples folder holds; its README.md is not an article.
SAMPLE_SUFFIXES = frozenset({".txt", ".html", ".htm", ".xml", ".rss", ".atom"})


@dataclass(frozen=True)
class DemoResult:
    out_path: Path
    articles: int
    digest: Digest
    messages: list[Message]
    replies: list[list[Message]]  # one list per story with quotes, in story order

    @property
    def payloads(self) -> list[dict[str, object]]:
        """What the output file holds: one Block Kit Builder payload per message."""
        every = [*self.messages, *(m for reply in self.replies for m in reply)]
        return [{"blocks": message["blocks"]} for message in every]


def sample_files(folder: Path) -> list[Path]:
    """The sample articles in ``folder``, in name order."""
    return sorted(p for p in folder.iterdir() if p.is_file() and p.suffix in SAMPLE_SUFFIXES)


def read_samples(folder: Path, console: Console) -> list[Article]:
    """Every article of the samples; an unreadable file is reported and skipped."""
    articles: list[Article] = []
    for path in sample_files(folder):
        try:
            articles.extend(read_path(path))
        except ReadError as exc:
            console.print(Text(f"skipped {exc}", style="yellow"))
    return articles


def _ingest(engine: Engine, articles: list[Article], now: datetime) -> None:
    with transaction(engine, "save the sample articles") as conn:
        save_articles(conn, articles, now=now)


def check_out_path(path: Path) -> None:
    """CommandError when ``path`` cannot be a file: a folder on its way is a file, or it is a
    folder itself. Checked before the demo runs, so a bad --out costs nothing."""
    blocking = next((p for p in path.parents if p.exists() and not p.is_dir()), None)
    if blocking is not None:
        raise CommandError(f"cannot write {path}: {blocking} is a file, not a folder")
    if path.is_dir():
        raise CommandError(f"cannot write {path}: it is a folder; name a file such as out.json")


def write_payloads(path: Path, payloads: list[dict[str, object]]) -> None:
    """Write the Block Kit file (and its folders); CommandError, one line, when it cannot."""
    check_out_path(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        text = json.dumps(payloads, indent=2, ensure_ascii=False) + "\n"
        path.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise CommandError(f"cannot write {path}: {exc.strerror or exc}") from exc


def run_demo(
    settings: Settings,
    *,
    topic: str,
    out_path: Path,
    now: datetime,
    console: Console,
    samples: Path | None = None,
) -> DemoResult:
    """Ingest the samples into ``settings.database_url``, render ``topic``'s digest, show it
    and write the Block Kit JSON to ``out_path``."""
    templates = load_templates(settings.templates_path)
    topics = load_topics(settings.topics_path)
    articles = read_samples(samples or resource_dir("samples"), console)
    engine = open_engine(settings.database_url)
    try:
        _ingest(engine, articles, now)
        digest = on_demand_digest(
            engine, topic, topics=topics, now=now, limit=settings.digest_max_stories
        )
    finally:
        engine.dispose()
    # Asked for now, like /news: an empty digest is "no stories yet", not "nothing new".
    messages = render_digest(
        digest, digest_id=f"demo-{digest.topic}", on_demand=True, templates=templates
    )
    replies = [
        render_full_quotes(story, templates=templates)
        for story in digest.stories
        if story.quotes or story.key_quotes
    ]
    show_messages(messages, console, title="digest message")
    for number, reply in enumerate(replies, start=1):
        show_messages(reply, console, title=f"thread reply to story {number}, part")
    result = DemoResult(out_path, len(articles), digest, messages, replies)
    write_payloads(out_path, result.payloads)
    return result
