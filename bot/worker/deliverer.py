"""The deliverer of a worker process: the real digest pipeline and this deployment's tokens."""

from __future__ import annotations

import os
import socket
from datetime import timedelta

from sqlalchemy import Engine

from bot.config import Settings
from bot.slack.delivery import BEATS_PER_STALE_LIMIT, DEFAULT_HEARTBEAT, Deliverer, default_pipeline
from bot.slack.tokens import client_factory, token_source


def worker_deliverer(settings: Settings, engine: Engine, *, stale_after: timedelta) -> Deliverer:
    """A deliverer whose claims go stale after ``stale_after`` (beating often enough)."""
    return Deliverer(
        engine=engine,
        settings=settings,
        pipeline=default_pipeline(engine, settings),
        client_for=client_factory(settings, token_source(settings, engine)),
        worker=f"{socket.gethostname()}:{os.getpid()}:worker",
        stale_after=stale_after,
        heartbeat_every=min(DEFAULT_HEARTBEAT, stale_after / BEATS_PER_STALE_LIMIT),
    )
