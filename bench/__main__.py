"""Run benchmarks: ``python -m bench`` (all) or ``python -m bench ingest digest ...``.

Each benchmark is a module ``bench/<name>.py`` with a ``main(quick: bool) -> None`` that prints
its figures and its ratio against a baseline measured in the same run.
"""

from __future__ import annotations

import argparse
import importlib
import sys

BENCHMARKS = ("ingest", "nlp", "digest", "slack", "delivery", "analysis")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("names", nargs="*", metavar="NAME", help=f"any of {BENCHMARKS}")
    parser.add_argument("--quick", action="store_true", help="smaller sizes, for a smoke run")
    args = parser.parse_args(argv)
    unknown = sorted(set(args.names) - set(BENCHMARKS))
    if unknown:
        parser.error(f"unknown benchmark(s) {unknown}; choose from {BENCHMARKS}")
    for name in args.names or BENCHMARKS:
        try:
            module = importlib.import_module(f"bench.{name}")
        except ModuleNotFoundError as exc:
            if exc.name != f"bench.{name}":
                raise
            print(f"== {name}: not written yet", file=sys.stderr)
            continue
        print(f"== {name}")
        module.main(quick=args.quick)
    return 0


if __name__ == "__main__":
    sys.exit(main())
