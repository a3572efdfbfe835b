"""A thread that wakes every 5 ms and records how late it woke: an event loop's view of a
process. Shared by the analysis-pool tests and ``python -m bench analysis``."""

from __future__ import annotations

import statistics
import threading
import time

_TICK = 0.005


class Heartbeat:
    def __init__(self) -> None:
        self.lateness: list[float] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self._stop.is_set():
            started = time.perf_counter()
            time.sleep(_TICK)
            self.lateness.append(time.perf_counter() - started - _TICK)

    def __enter__(self) -> Heartbeat:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()

    def p99(self) -> float:
        """Seconds late at the 99th percentile (0 with fewer than two wakes)."""
        late = self.lateness
        return statistics.quantiles(late, n=100, method="inclusive")[98] if len(late) > 1 else 0

    def report(self) -> str:
        worst = max(self.lateness, default=0.0)
        return (
            f"wakes {len(self.lateness):5d}  p99 late {self.p99() * 1000:8.1f} ms  "
            f"max {worst * 1000:8.1f} ms"
        )
