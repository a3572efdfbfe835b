"""Run benchmarks: ``python -m bench`` (all) or ``python -m bench ingest digest ...``.

Each benchmark is a module ``bench/<name>.py`` with a ``main(quick: bool) -> None`` that prints
its figures and its ratio against a baseline measured in the same run, and records its headline
figures with ``bench.results.record`` so that ``bench/results.json`` and the table in
``docs/benchmarks.md`` are the one place they are kept.

Commands that need input of their own take their arguments after the name and run alone:
``python -m bench extract-quality DIR [DIR ...]`` (see ``bench/extract_quality.py``).
"""

from __future__ import annotations

import argparse
import importlib
import inspect
import sys
from pathlib import Path

from bench import results

BENCHMARKS = (
    "ingest",
    "nlp",
    "digest",
    "slack",
    "delivery",
    "big_feed",
    "startup",
    "who",
    "analysis",
    "poll_workers",
)
# name -> module with ``main(argv: list[str]) -> int``
COMMANDS = {"extract-quality": "bench.extract_quality"}


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv and argv[0] in COMMANDS:
        code: int = importlib.import_module(COMMANDS[argv[0]]).main(argv[1:])
        return code
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("names", nargs="*", metavar="NAME", help=f"any of {BENCHMARKS}")
    parser.add_argument("--quick", action="store_true", help="smaller sizes, for a smoke run")
    parser.add_argument(
        "--no-save", action="store_true", help="print only; leave bench/results.json alone"
    )
    # Options only some benchmarks take (digest): passed to those whose main() names them.
    parser.add_argument("--postgres", metavar="URL", help="also run on this PostgreSQL database")
    parser.add_argument("--cache-dir", type=Path, help="where big benchmark stores are kept")
    args = parser.parse_args(argv)
    unknown = sorted(set(args.names) - set(BENCHMARKS))
    if unknown:
        parser.error(
            f"unknown benchmark(s) {unknown}; choose from {BENCHMARKS} or {list(COMMANDS)}"
        )
    for name in args.names or BENCHMARKS:
        try:
            module = importlib.import_module(f"bench.{name}")
        except ModuleNotFoundError as exc:
            if exc.name != f"bench.{name}":
                raise
            print(f"== {name}: not written yet", file=sys.stderr)
            continue
        print(f"== {name}")
        accepted = inspect.signature(module.main).parameters
        extra = {k: v for k, v in (("postgres", args.postgres), ("cache_dir", args.cache_dir))}
        module.main(quick=args.quick, **{k: v for k, v in extra.items() if k in accepted})
    if not args.no_save:
        for key in results.save(args.quick):
            print(f"recorded {key} in {results.RESULTS.name} and {results.DOC.name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
