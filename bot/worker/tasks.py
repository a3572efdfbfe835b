"""The task bodies a worker runs: poll a batch of sources, deliver one subscription slot, index
quotes.

They call the same functions the single-process scheduler calls (``poll_sources``, ``deliver``,
``index_recent``); nothing here posts or stores around them.

Rule "a task ends when its work is settled": a task that could not finish because of the
database (down, restarting) raises, and the queue runs it again a little later. A delivery
task also waits for a slot that another worker holds: it ends only once the ledger shows the
slot posted, empty or failed (a failed slot is retried by the clock's catch-up), so a slot
whose owner was killed is taken over once that claim goes stale.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, fields, replace
from datetime import datetime
from typing import Any

from sqlalchemy import Engine

from bot.clock import Clock, system_clock
from bot.config import Settings
from bot.digest.backfill import index_recent
from bot.errors import DeliveryError, StoreError
from bot.ingest.poll import poll_sources
from bot.ingest.sources import SourceConfig
from bot.slack.delivery import Deliverer, deliver, slot_for
from bot.store import ledger
from bot.store.db import reading, transaction
from bot.store.fetch_state import FetchState, load_states
from bot.store.subscriptions import get_subscription_by_id

log = logging.getLogger(__name__)

_SOURCE_FIELDS = frozenset(f.name for f in fields(SourceConfig))


def _source(fields_: dict[str, Any]) -> SourceConfig:
    return SourceConfig(**{k: v for k, v in fields_.items() if k in _SOURCE_FIELDS})


def _polled(state: FetchState | None, started: datetime) -> bool:
    return state is not None and state.last_polled is not None and state.last_polled >= started


class NotSettled(Exception):
    """The task's work is not done yet; the queue runs the task again later."""


@dataclass
class Tasks:
    engine: Engine
    settings: Settings
    deliverer: Deliverer
    clock: Clock = system_clock

    # -- polling -----------------------------------------------------------------------------
    def poll_sources(self, sources: list[dict[str, Any]], cycle: str) -> str:
        """Poll the batch's sources not yet polled in ``cycle`` (one host lock's: see
        ``bot.queue.dispatch``), one fetch at a time, with one HTTP client."""
        configs = [_source(s) for s in sources]
        started = datetime.fromisoformat(cycle)
        todo = self._not_polled_since(configs, started)
        if not todo:
            return "polled already this cycle"
        one_at_a_time = replace(self.settings, per_host_concurrency=1)
        summary = poll_sources(self.engine, one_at_a_time, now=self.clock(), sources=todo)
        lost = [error for _, error in summary.failed if isinstance(error, StoreError)]
        # Settled once the fetch states record these polls (the poller only logs a state it
        # could not write): else the database went away meanwhile and the batch runs again,
        # skipping the sources it did record.
        unrecorded = [s for s in self._not_polled_since(todo, started) if s.url]
        if lost or unrecorded:
            reason = str(lost[0]) if lost else f"{len(unrecorded)} poll(s) not recorded"
            raise NotSettled(reason)
        return (
            f"{len(todo)} source(s): new {summary.new}, updated {summary.updated}, "
            f"304 {summary.unchanged}"
        )

    def _not_polled_since(
        self, configs: list[SourceConfig], started: datetime
    ) -> list[SourceConfig]:
        """The sources whose last poll is before ``started`` (a directory always: its files
        carry their own state)."""
        urls = [c.url for c in configs if c.url]
        with reading(self.engine, "read the fetch states") as conn:
            states = load_states(conn, urls) if urls else {}
        return [c for c in configs if not _polled(states.get(c.url or ""), started)]

    def index_quotes(self) -> str:
        return f"indexed {index_recent(self.engine)}"

    # -- delivery ----------------------------------------------------------------------------
    def deliver_slot(self, subscription_id: int, slot: str) -> str:
        with transaction(self.engine, "read a subscription") as conn:
            sub = get_subscription_by_id(conn, subscription_id)
        if sub is None or sub.status != "active":
            return "subscription removed or paused"
        now = self.clock()
        try:
            current = slot_for(sub.timezone, sub.hour, sub.minute, now)
        except DeliveryError:
            current = slot  # deliver() pauses it with the reason
        if current != slot:
            return f"slot {slot} has passed (now {current}); the clock plans the next one"
        result = deliver(self.deliverer, sub, now=now)
        if result.outcome in ("posted", "empty", "paused"):
            return result.outcome
        with transaction(self.engine, "read the delivery ledger") as conn:
            row = ledger.get_delivery(conn, subscription_id, slot)
        if row is not None and (row.done or row.status == ledger.FAILED):
            return f"{result.outcome}; ledger says {row.status}"
        raise NotSettled(f"subscription {subscription_id} slot {slot}: {result.outcome}")
