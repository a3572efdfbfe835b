"""Start-up of the command line, against ``python -c pass`` measured in the same run.

Each command runs as a fresh process, as a user starts it: ``newsbot --help``, ``newsbot
extract`` on a bundled text dump and on a bundled HTML page (that one also loads trafilatura
and reads the page). The commands take turns, run after run, so load on the machine falls on
all of them alike. Two figures, each the median over the runs: the wall time a user waits,
and the CPU time (user + system) the process used, which a busy machine does not inflate.
"""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import NamedTuple

ROOT = Path(__file__).resolve().parent.parent
DUMP = ROOT / "samples" / "harbor-daily-port-strike.txt"
PAGE = ROOT / "samples" / "ledger-boe-rate-decision.html"


def _newsbot() -> list[str]:
    """The installed ``newsbot`` script beside this interpreter, else the same entry point."""
    script = Path(sys.executable).parent / "newsbot"
    if script.is_file():
        return [str(script)]
    found = shutil.which("newsbot")
    return [found] if found else [sys.executable, "-c", "from bot.cli import main; main()"]


def commands() -> dict[str, list[str]]:
    newsbot = _newsbot()
    return {
        "python -c pass (baseline)": [sys.executable, "-c", "pass"],
        "newsbot --help": [*newsbot, "--help"],
        "newsbot extract <text dump>": [*newsbot, "extract", str(DUMP)],
        "newsbot extract <HTML page>": [*newsbot, "extract", str(PAGE)],
    }


class Timing(NamedTuple):
    wall: float
    cpu: float


def run_once(argv: list[str]) -> Timing:
    """One start of ``argv``: its wall and CPU time; CalledProcessError if it fails."""
    started = time.perf_counter()
    child = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(child.pid, 0)
    wall = time.perf_counter() - started
    child.returncode = os.waitstatus_to_exitcode(status)
    if child.returncode:
        raise subprocess.CalledProcessError(child.returncode, argv)
    return Timing(wall, usage.ru_utime + usage.ru_stime)


def measure(runs: int) -> dict[str, Timing]:
    """Median wall and CPU seconds per command over ``runs`` interleaved runs."""
    argvs = commands()
    for argv in argvs.values():
        run_once(argv)  # the first start reads files from disk; later ones find them cached
    times: dict[str, list[Timing]] = {name: [] for name in argvs}
    for _ in range(runs):
        for name, argv in argvs.items():
            times[name].append(run_once(argv))
    return {
        name: Timing(
            statistics.median(t.wall for t in values), statistics.median(t.cpu for t in values)
        )
        for name, values in times.items()
    }


def main(quick: bool = False) -> None:
    runs = 5 if quick else 15
    medians = measure(runs)
    base = next(iter(medians.values()))
    print(f"median of {runs} runs each, interleaved; ratios against the baseline")
    print(f"{'command':<28} {'wall':>8} {'ratio':>6} {'CPU':>8} {'ratio':>6}")
    for name, t in medians.items():
        print(
            f"{name:<28} {t.wall:6.3f} s {t.wall / base.wall:5.1f}x "
            f"{t.cpu:6.3f} s {t.cpu / base.cpu:5.1f}x"
        )
    from bench import results

    results.describe("startup", f"each command run {runs} times in a fresh process, interleaved")
    for name, t in list(medians.items())[1:]:
        results.record(
            "startup",
            name,
            f"{t.wall:.3f} s wall, {t.cpu:.3f} s CPU",
            f"{base.wall:.3f} s / {base.cpu:.3f} s for the baseline",
        )


if __name__ == "__main__":
    main()
