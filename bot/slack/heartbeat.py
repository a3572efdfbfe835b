"""Keeping delivery claims alive: one heartbeat thread per deliverer, and no self-takeover.

A delivery may take long (a slow digest build, Slack's rate limits). While it runs, the keeper
renews the heartbeat of every claim its deliverer holds, every ``every`` seconds of real time,
so no other worker takes a live delivery over. A renewal is fenced like every ledger write: it
never revives a claim that was taken over. A keeper that cannot run (the process is stopped, or
another thread holds the GIL) lets its claims go stale; then the fence, not the heartbeat, stops
the old owner from posting.

The keeper also remembers which slots its own process is delivering right now, so the
scheduler's once-a-minute catch-up never takes over a delivery of the same process however slow
it is (its claim's worker name is the same, so the ledger alone could not tell them apart).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime

from sqlalchemy import Engine

from bot.errors import StoreError
from bot.store import ledger
from bot.store.db import transaction

log = logging.getLogger(__name__)

BEAT_BATCH = 50  # claims renewed per transaction


class ClaimKeeper:
    """Heartbeats for the claims one deliverer holds; ``every`` None: no heartbeat at all."""

    def __init__(self, engine: Engine, clock: Callable[[], datetime], every: float | None) -> None:
        self._engine = engine
        self._clock = clock
        self.every = every
        self._held: dict[int, ledger.Claim] = {}
        self._busy: set[tuple[int, str]] = set()
        self._changed = threading.Condition()
        self._beating = False

    def reserve(self, subscription_id: int, slot: str) -> bool:
        """Mark the slot as being delivered by this process; False if it already is."""
        with self._changed:
            if (subscription_id, slot) in self._busy:
                return False
            self._busy.add((subscription_id, slot))
            return True

    def release(self, subscription_id: int, slot: str) -> None:
        with self._changed:
            self._busy.discard((subscription_id, slot))

    @contextmanager
    def hold(self, claim: ledger.Claim) -> Iterator[None]:
        """Beat for ``claim`` while the block runs."""
        with self._changed:
            self._held[claim.delivery_id] = claim
            if self.every is not None and not self._beating:
                self._beating = True
                threading.Thread(target=self._run, name="newsbot-heartbeat", daemon=True).start()
        try:
            yield
        finally:
            with self._changed:
                self._held.pop(claim.delivery_id, None)
                self._changed.notify_all()

    def _run(self) -> None:
        # Ends when no claim is held (a later hold() starts a new thread), so an idle deliverer
        # costs no thread and no queries.
        while True:
            with self._changed:
                self._changed.wait_for(lambda: not self._held, timeout=self.every)
                if not self._held:
                    self._beating = False
                    return
                claims = list(self._held.values())
            self.beat(claims)

    def beat(self, claims: list[ledger.Claim]) -> list[ledger.Claim]:
        """Renew ``claims`` now; returns those that were taken over (they are beaten no more).

        In short transactions of ``BEAT_BATCH`` claims: a pool delivering many subscriptions
        holds many claims, and one long write would keep SQLite's write lock from every post's
        record for its whole length.
        """
        now = self._clock()
        lost: list[ledger.Claim] = []
        for start in range(0, len(claims), BEAT_BATCH):
            try:
                with transaction(self._engine, "renew delivery claims") as conn:
                    batch = claims[start : start + BEAT_BATCH]
                    lost += [c for c in batch if not ledger.heartbeat(conn, c, now)]
            except StoreError as exc:  # the next beat tries again; the stale limit leaves room
                log.warning("delivery heartbeat failed: %s", exc)
        with self._changed:
            for claim in lost:
                # Also the case of a delivery that has just marked itself done and not yet
                # left ``hold``: not a takeover, so no warning; a real one warns in delivery.
                log.info(
                    "subscription %s slot %s: claim generation %s is no longer held (done or "
                    "taken over); no more heartbeats for it",
                    claim.subscription_id,
                    claim.slot,
                    claim.generation,
                )
                self._held.pop(claim.delivery_id, None)
        return lost
