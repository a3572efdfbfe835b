"""``newsbot serve``: the Slack app, the push endpoint and the scheduler in one process."""

from __future__ import annotations

import logging
from typing import Any

import click

from bot.config import Settings, load_settings
from bot.store.db import open_engine

log = logging.getLogger(__name__)


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

    from bot.slack.app import create_app
    from bot.slack.web import create_web_app

    settings = load_settings()
    engine = open_engine(settings.database_url)
    bolt_app = create_app(settings, engine)
    socket_handler = _socket_mode(bolt_app, settings)
    web = create_web_app(settings, engine, None if socket_handler else bolt_app)
    jobs = _start_scheduler(settings, engine) if scheduler else None
    try:
        uvicorn.run(web, host=host, port=port or settings.port, log_level="info")
    finally:
        if jobs is not None:
            jobs.shutdown(wait=False)
        if socket_handler is not None:
            socket_handler.close()
        engine.dispose()


def _socket_mode(bolt_app: Any, settings: Settings) -> Any:
    """Connect over Socket Mode when SLACK_APP_TOKEN is set (no public URL needed)."""
    if not settings.slack_app_token:
        return None
    from slack_bolt.adapter.socket_mode import SocketModeHandler

    handler = SocketModeHandler(bolt_app, settings.slack_app_token)
    handler.connect()  # type: ignore[no-untyped-call]
    click.echo("connected to Slack over Socket Mode", err=True)
    return handler


def _start_scheduler(settings: Settings, engine: Any) -> Any:
    try:
        from bot.schedule import create_scheduler
    except ModuleNotFoundError:
        log.warning("bot.schedule is not available: serving without scheduled jobs")
        return None
    jobs = create_scheduler(settings, engine, background=True)
    jobs.start()
    return jobs
