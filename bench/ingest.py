"""Ingestion benchmarks: parsing 1,000 pages, then polling 200 loopback feeds."""

from __future__ import annotations

import importlib


def main(quick: bool = False) -> None:
    for name in ("bench.ingest_parse", "bench.ingest_poll"):
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name != name:
                raise
            print(f"-- {name}: not written yet")
            continue
        module.main(quick=quick)
