"""``newsbot who NAME``: what a person or organisation said recently; ``newsbot index-quotes``:
put every stored article's quotes in the speaker index (once, after upgrading)."""

from __future__ import annotations

from datetime import UTC

import click

from bot.cli.output import FORMAT_OPTION, echo_json
from bot.config import load_settings
from bot.who.answer import DEFAULT_LIMIT, MAX_LIMIT, SaidQuote, WhoAnswer

# The store and the render package (which loads the Slack SDK) are imported when a command
# runs, so `newsbot --help` stays fast.


def register(group: click.Group) -> None:
    group.add_command(who)
    group.add_command(index_quotes)


@click.command()
@click.argument("name", nargs=-1, required=True, metavar="NAME")
@click.option(
    "--limit",
    type=click.IntRange(1, MAX_LIMIT),
    default=DEFAULT_LIMIT,
    show_default=True,
    help="How many quotes at most.",
)
@FORMAT_OPTION
def who(name: tuple[str, ...], limit: int, fmt: str) -> None:
    """What NAME (surname, full name, or title and name) said recently, newest first."""
    from bot.store.db import open_engine
    from bot.who.service import who_said

    settings = load_settings()
    answer = who_said(open_engine(settings.database_url), " ".join(name), limit=limit)
    if fmt == "json":
        echo_json(who_json(answer))
        return
    for line in who_lines(answer):
        click.echo(line)


@click.command("index-quotes")
@FORMAT_OPTION
def index_quotes(fmt: str) -> None:
    """Index the quotes of every stored article not yet indexed (for `newsbot who`)."""
    from bot.digest.backfill import index_pending
    from bot.store.db import open_engine

    settings = load_settings()
    count = index_pending(open_engine(settings.database_url))
    if fmt == "json":
        echo_json({"indexed": count})
    else:
        click.echo(f"indexed the quotes of {count} article(s)")


def quote_json(said: SaidQuote) -> dict[str, object]:
    from bot.render.deep_links import deep_link
    from bot.render.utterances import utterance_text

    return {
        "speaker": said.speaker,
        "speaker_title": said.speaker_title,
        "text": utterance_text(said.parts),
        "parts": [p.text for p in said.parts],
        "story": said.title,
        "outlet": said.outlet,
        "date": said.said_at.astimezone(UTC).isoformat(),
        "url": said.url,
        "link": deep_link(said.url, [p.text for p in said.parts]),
    }


def who_json(answer: WhoAnswer) -> dict[str, object]:
    return {
        "query": answer.query,
        "speakers": list(answer.speakers),
        "quotes": [quote_json(s) for s in answer.quotes],
        "suggestions": list(answer.suggestions),
    }


def who_lines(answer: WhoAnswer) -> list[str]:
    from bot.render.deep_links import deep_link
    from bot.render.utterances import in_marks, utterance_text

    if not answer.quotes:
        line = f"nobody called {answer.query!r} has been quoted yet"
        if answer.suggestions:
            line += "; did you mean " + ", ".join(answer.suggestions) + "?"
        return [line]
    lines = [f"What {', '.join(answer.speakers[:3])} said, newest first:"]
    for said in answer.quotes:
        who_ = ", ".join(x for x in (said.speaker, said.speaker_title) if x)
        when = said.said_at.astimezone(UTC).strftime("%d %b %Y %H:%M UTC")
        where = " · ".join(x for x in (said.title, said.outlet, when) if x)
        lines += ["", f"{in_marks(utterance_text(said.parts))} — {who_}", f"   {where}"]
        link = deep_link(said.url, [p.text for p in said.parts]) or said.url
        if link:
            lines.append(f"   {link}")
    return lines
