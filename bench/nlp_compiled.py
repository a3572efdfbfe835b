"""The NLP benchmark's second half: the same articles through the mypyc-compiled build.

``scripts/build-compiled.sh`` puts a copy of the code with its compiled modules in
``build/compiled``. The parent benchmark runs :func:`child` there in a fresh interpreter (an
editable install would otherwise import the plain Python modules of the source tree) and reads
back its rates: the compiled pipeline and sumy's LexRank, measured interleaved in that process
so its ratio is as fair as the plain one.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
COMPILED = ROOT / "build" / "compiled"
_MARK = "rates: "


def _stale_files(folder: Path) -> list[str]:
    """Files of bot/ and bench/ that differ from the compiled copy's (the build is out of date)."""
    stale = []
    for source in sorted([*(ROOT / "bot").rglob("*.py"), *(ROOT / "bench").rglob("*.py")]):
        copy = folder / source.relative_to(ROOT)
        if not copy.exists() or copy.read_bytes() != source.read_bytes():
            stale.append(str(source.relative_to(ROOT)))
    return stale


def compiled_rates(count: int, rounds: int, folder: Path = COMPILED) -> dict[str, float] | str:
    """Rates of the compiled build on the same ``count`` articles, or why there are none."""
    if not any((folder / "bot" / "nlp").glob("*.so")):
        return "not built (scripts/build-compiled.sh builds it)"
    stale = _stale_files(folder)
    if stale:
        return f"out of date ({stale[0]} and {len(stale) - 1} more changed; rebuild it)"
    code = f"from bench.nlp_compiled import child; child({count}, {rounds})"
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=folder, capture_output=True, text=True, check=False
    )
    lines = [x for x in done.stdout.splitlines() if x.startswith(_MARK)]
    if done.returncode or not lines:
        return f"failed: {(done.stderr.strip().splitlines() or ['no output'])[-1]}"
    rates: dict[str, float] = json.loads(lines[-1][len(_MARK) :])
    return rates


def child(count: int, rounds: int) -> None:
    """Run in ``build/compiled``: print the compiled pipeline's and LexRank's rates."""
    from bench import nlp
    from bot.nlp import quotes

    if not quotes.__file__ or not quotes.__file__.endswith(".so"):
        raise SystemExit(f"not the compiled build: {quotes.__file__}")
    articles, _ = nlp.articles(count)
    rates = nlp.best_rates({"ours": nlp.ours, "lexrank": nlp.lexrank}, articles, rounds)
    print(_MARK + json.dumps(rates))
