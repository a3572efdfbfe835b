"""``newsbot serve``: the Slack app, the push endpoint and the scheduler in one process."""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

from bot.errors import ConfigError

NO_SCHEDULER_ON_SQLITE = (
    "warning: --no-scheduler on SQLite: no process polls sources or posts daily digests "
    "(a clock needs PostgreSQL; drop --no-scheduler to run the scheduler here)"
)

if TYPE_CHECKING:
    from apscheduler.schedulers.base import BaseScheduler
    from slack_bolt import App
    from slack_bolt.adapter.socket_mode import SocketModeHandler
    from sqlalchemy import Engine

    from bot.config import Settings


def register(group: click.Group) -> None:
    group.add_command(serve)


@click.command()
@click.option("--host", default="0.0.0.0", show_default=True, help="Interface to listen on.")  # noqa: S104
@click.option("--port", type=int, default=None, help="TCP port (default: $PORT, else 3000).")
@click.option(
    "--scheduler/--no-scheduler",
    default=True,
    show_default=True,
    help="Also run the poll and digest jobs here (off when a separate clock process runs them).",
)
def serve(host: str, port: int | None, scheduler: bool) -> None:
    """Serve Slack (HTTP or Socket Mode), POST /articles and GET /healthz."""
    import uvicorn

    from bot.config import load_settings
    from bot.queue.app import queue_mode
    from bot.slack.app import create_app
    from bot.slack.web import create_web_app
    from bot.store.db import open_engine
    from bot.store.sqlite_owner import claim_sqlite

    settings = load_settings()
    queue_mode(settings)  # one line and out: queue mode on SQLite
    owner = claim_sqlite(settings.database_url, "serve")
    engine = open_engine(settings.database_url)
    bolt_app = create_app(settings, engine)
    # Warned only once the tokens are known good, so a refused token stays a one-line error.
    if owner is not None and not scheduler:
        click.echo(NO_SCHEDULER_ON_SQLITE, err=True)
    socket_handler = start_socket_mode(bolt_app, settings) if settings.slack_app_token else None
    if socket_handler is not None:
        click.echo("connected to Slack over Socket Mode", err=True)
    web = create_web_app(settings, engine, bolt_app, socket_mode=socket_handler is not None)
    jobs = _start_scheduler(settings, engine) if scheduler else None
    try:
        uvicorn.run(web, host=host, port=port or settings.port, log_level="info")
    finally:
        if jobs is not None:
            jobs.shutdown(wait=False)
        if socket_handler is not None:
            socket_handler.close()  # type: ignore[no-untyped-call]
        engine.dispose()
        if owner is not None:
            owner.release()


def start_socket_mode(bolt_app: App, settings: Settings) -> SocketModeHandler:
    """Connect ``bolt_app`` over Socket Mode (no public URL needed) and return the handler.

    The WebSocket address comes from ``apps.connections.open`` on the app's own client, so it
    honours SLACK_API_URL like every other call. The caller closes the handler.
    """
    if not settings.slack_app_token:
        raise ConfigError("set SLACK_APP_TOKEN (xapp-...) to connect over Socket Mode")
    from slack_bolt.adapter.socket_mode import SocketModeHandler
    from slack_sdk.errors import SlackClientError

    from bot.slack.app import slack_start_error

    handler = SocketModeHandler(bolt_app, settings.slack_app_token)
    try:
        handler.connect()  # type: ignore[no-untyped-call]
    except (SlackClientError, OSError) as exc:
        raise slack_start_error(exc, settings, "SLACK_APP_TOKEN") from exc
    return handler


def _start_scheduler(settings: Settings, engine: Engine) -> BaseScheduler:
    from bot.queue.dispatch import queue_dispatch
    from bot.schedule import create_scheduler

    # In queue mode this embedded scheduler is a clock too: it only enqueues.
    queue = queue_dispatch(settings, engine)
    jobs = create_scheduler(settings, engine, background=True, queue=queue)
    jobs.start()
    return jobs
