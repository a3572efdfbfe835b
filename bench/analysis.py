"""Why analysis runs in worker processes: ``python -m bench analysis [--quick]``.

1. ``summarize`` on ``"." * n + "x"`` (the input that froze the server) at 2 KB, 16 KB and
   100 KB, against the same call with the end-mark regex newsbot had before (``OLD_ENDING``,
   quadratic; only up to 16 KB, or 2 KB with --quick: at 100 KB it ran for minutes).
2. A stand-in for any rule that is still slow on some text: the old regex over 16 KB of dots
   (8 KB quick), one C call that holds the GIL throughout. A thread that should wake every
   5 ms (an event loop's view) records how late it wakes while that call runs
   (a) in a thread of the same process and (b) in an ``AnalysisPool`` worker (budget 60 s).
"""

from __future__ import annotations

import re
import threading
import time

from bot.digest.analysis_pool import AnalysisPool
from bot.model import Article
from bot.nlp import sentences
from bot.nlp.analyze import Analysis, analyze
from bot.nlp.summary import summarize
from fakes.heartbeat import Heartbeat

OLD_ENDING = re.compile(r"[.!?…]+[\"'”’»)\]]*(?=\s|$)")
_SIZES = {"2 KB": 2_000, "16 KB": 16_000, "100 KB": 100_000}


def _seconds(call: object) -> float:
    started = time.perf_counter()
    call()  # type: ignore[operator]
    return time.perf_counter() - started


def _with_pattern(pattern: re.Pattern[str], text: str) -> float:
    saved = sentences._ENDING
    sentences._ENDING = pattern
    try:
        return _seconds(lambda: summarize(text))
    finally:
        sentences._ENDING = saved


def old_rule(article: Article) -> Analysis:
    """The old end-mark regex over the article: a long C call holding the GIL."""
    list(OLD_ENDING.finditer(article.text))
    return analyze(Article(article.title, ("done.",)))


def main(quick: bool = False) -> None:
    old_limit = 2_000 if quick else 16_000
    print("summarize('.' * n + 'x')        now        old regex")
    for label, size in _SIZES.items():
        text = "." * size + "x"
        now = _seconds(lambda: summarize(text))  # noqa: B023 - called at once
        old = f"{_with_pattern(OLD_ENDING, text):9.3f} s" if size <= old_limit else "  (minutes)"
        print(f"  {label:>6}                 {now:8.4f} s  {old}")
    article = Article("Dots", ("." * (8_000 if quick else 16_000) + "x",))
    with Heartbeat() as idle:
        time.sleep(1.0)
    print(f"heartbeat, nothing running:    {idle.report()}")
    worker = threading.Thread(target=old_rule, args=(article,))
    with Heartbeat() as in_thread:
        took = _seconds(lambda: (worker.start(), worker.join()))
    print(f"slow rule in a thread ({took:4.1f} s): {in_thread.report()}")
    pool = AnalysisPool(60.0, workers=1, work=old_rule)
    try:
        pool([Article("warm-up", ("x.",))])  # the worker's start is not what is measured
        with Heartbeat() as in_pool:
            took = _seconds(lambda: pool([article]))
        print(f"slow rule in a worker ({took:4.1f} s): {in_pool.report()}")
    finally:
        pool.close()
