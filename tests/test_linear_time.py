"""Every public NLP and reader function takes linear time, whatever the text.

Each function reads adversarial texts of 10 KB and of 100 KB: runs of each end mark, quote mark,
capital, space, digit and newline, and mixtures that make the rules work hardest ('A. ' again and
again, openers that never close, lists of distinct names). Ten times the text may take at most
``GROWTH_LIMIT`` times as long: linear work measures about 10 to 13 (bigger lists fall out of
the processor's caches), n·log n about 13, quadratic work 100. On a busy shared host the
caches make linear work measure up to 16 (``tokenize`` did, twice, in CI, in a fresh process
too), so the limit is 20: well clear of that, and still far below quadratic. Before
newsbot's regexes were made linear, ``summarize`` on ``"." * n + "x"`` measured 4x per
doubling (130 s at 100 KB).

This is a correctness test of growth, not a speed target (those are in ``python -m bench``):
CPU time of this process, so other load on the machine slows a run but hardly skews a ratio;
the best of a few runs, each on a variant of its own so no cache filled by another answers; the
garbage collector paused while timing; and a ratio over the limit is measured again before it
counts, so one noisy run cannot fail the suite: first here, then in a fresh interpreter, because
after a thousand other tests this process's heap makes the 100 KB run's many small objects miss
the caches more often than they would on their own.
"""

from __future__ import annotations

import gc
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from xml.sax.saxutils import escape

import pytest

from bot.errors import NewsbotError
from bot.ingest.html import fragment_paragraphs
from bot.ingest.readers import ReadHints, read_document
from bot.ingest.text_dump import read_text_dump
from bot.model import Article
from bot.nlp.analyze import analyze
from bot.nlp.mentions import read_mentions
from bot.nlp.names import leading_name, parse_phrase, title_of
from bot.nlp.passes import attribute
from bot.nlp.phrases import phrase_after, phrase_before
from bot.nlp.quotes import find_quotes, scan_spans
from bot.nlp.ranking import key_quotes, rank_quotes
from bot.nlp.sentences import paragraph_spans, split_sentences
from bot.nlp.stream import build_stream
from bot.nlp.summary import strip_dateline, summarize
from bot.nlp.tokens import tokenize

GROWTH_LIMIT = 20.0
SMALL, BIG = 10_000, 100_000
# Below this a 10 KB run is timer and cache noise: a function that fast would still take under
# 20 ms at 100 KB even if it were quadratic, and is measured against this floor instead.
FLOOR_SECONDS = 0.0002
_TITLE = "Council approves new bus lanes after heated debate"
_HINTS = ReadHints()
Prepared = Callable[[str], Callable[[], object]]  # text -> the call to time

_END_MARKS = [".", "!", "?", "…"]
_QUOTE_MARKS = ['"', "'", "“", "”", "‘", "’", "«", "»", "„"]
_PLAIN = ["A", " ", "1", "\n", "-", "<", "@", "|"]
_MIXTURES = [
    "A. ",
    '"A. ',
    "Mr. ",
    "U.S. ",
    "A B ",
    "the ",
    "x@",
    "\n\n",
    '"“a «b, ',
    "He said: “",
    'A "b" ',
    '"We go on," said Ana Lee. ',
    "‘No,’ she said. ",
    "MOSCOW (Reuters) - ",
    "By Ann Lee | Updated: 27 November 2026 ",
    "Kremlin advisor Yuri Ushakov said the talks would go on. \"It's nonsense, there is no "
    'escalation," said Ushakov. "We have the right," he added. The "so-called" crisis "goes\n\n',
]


# An input is made from its size and a variant number: each timed run reads a variant of its
# own, so no cache filled by an earlier run answers for it (a text's paragraphs are cached by
# the text, speaker look-ups by the word).
Make = Callable[[int, int], str]


def _repeat(unit: str) -> Make:
    return lambda size, variant: unit * (size // len(unit)) + "xyzw"[variant % 4]


def _numbered(pattern: str, tail: str = "") -> Make:
    """Distinct names defeat every cache: each look-up must stay a dictionary hit."""

    def make(size: int, variant: int) -> str:
        first = 1_000_000 * (variant + 1)
        count = size // len(pattern.format(n=first))
        return "".join(pattern.format(n=n) for n in range(first, first + count)) + tail

    return make


INPUTS: dict[str, Make] = {
    **{f"run {u!r}": _repeat(u) for u in _END_MARKS + _QUOTE_MARKS + _PLAIN + _MIXTURES},
    "distinct names": _numbered('Ana{n} Ruiz{n}, said "we are here for the long haul." '),
    "one list of names": _numbered("Ana{n} Ruiz{n}, ", tail=' said "we stay."'),
    "distinct companies": _numbered('"We stay open," the company said. Tarn{n} Holdings grew. '),
}


def _article(text: str) -> Article:
    return Article(title=_TITLE, paragraphs=(text,), url="https://news.example/a")


def _html(text: str) -> bytes:
    page = f"<html><head><title>{_TITLE}</title></head><body><article><h1>{_TITLE}</h1>"
    return (
        f"{page}<p>{escape(text)}</p><p>{escape(text[::-1])}</p></article></body></html>".encode()
    )


def _feed(text: str) -> bytes:
    item = f"<item><title>{_TITLE}</title><link>https://news.example/a</link>"
    body = f"<description>{escape(text)}</description></item>"
    return f'<?xml version="1.0"?><rss version="2.0"><channel><title>F</title>{item}{body}'.encode()


def _dump(text: str) -> str:
    return f"{_TITLE}\nBy Ann Lee | Updated: 27 November 2026\n{text}\nThe council met today.\n"


def _names(text: str) -> Callable[[], object]:
    """The name rules' entry points, given the whole text as one phrase."""
    tokens = tokenize(text)

    def run() -> None:
        parse_phrase(text, tokens)
        title_of(text, tokens)
        leading_name(tokens)
        phrase_before(tokens, len(tokens))
        phrase_after(tokens, 0)

    return run


def _attribute(text: str) -> Callable[[], object]:
    spans = scan_spans(text)
    return lambda: attribute(text, spans)


def _mentions(text: str) -> Callable[[], object]:
    stream = build_stream(text, scan_spans(text))
    return lambda: read_mentions(text, stream)


def _ranking(text: str) -> Callable[[], object]:
    quotes = find_quotes(text)
    return lambda: (
        rank_quotes(quotes, title=_TITLE, text=text),
        key_quotes(quotes, title=_TITLE, text=text),
    )


def _reader(wrap: Callable[[str], bytes], read: Callable[[bytes], object]) -> Prepared:
    def prepare(text: str) -> Callable[[], object]:
        data = wrap(text)

        def run() -> None:
            try:
                read(data)
            except NewsbotError:
                pass  # "no article found" is an answer too; only the time it took counts here

        return run

    return prepare


def _fragments(text: str) -> Callable[[], object]:
    # With a control character lxml refuses the snippet, and tags are dropped by a regex.
    return lambda: (fragment_paragraphs(text), fragment_paragraphs("\x01" + text))


def _text_dump(data: bytes) -> object:
    return read_text_dump(data.decode(), url=None, hints=_HINTS)


# Each entry gets the text and returns what to time: building one rule's input from another's
# output (spans for the speaker rules, quotes for the ranking) is done before the clock starts.
FUNCTIONS: dict[str, Prepared] = {
    "paragraph_spans": lambda t: lambda: paragraph_spans(t),
    "split_sentences": lambda t: lambda: split_sentences(t),
    "tokenize": lambda t: lambda: tokenize(t),
    "scan_spans": lambda t: lambda: scan_spans(t),
    "find_quotes": lambda t: lambda: find_quotes(t),
    "attribute": _attribute,
    "read_mentions": _mentions,
    "names": _names,
    "summarize": lambda t: lambda: summarize(t, title=_TITLE),
    "strip_dateline": lambda t: lambda: strip_dateline(t),
    "ranking": _ranking,
    "analyze": lambda t: lambda: analyze(_article(t)),
    "read_text_dump": _reader(lambda t: _dump(t).encode(), _text_dump),
    "read_document text": _reader(lambda t: _dump(t).encode(), read_document),
    "read_document html": _reader(_html, read_document),
    "read_document feed": _reader(_feed, read_document),
    "fragment_paragraphs": _fragments,
}


def _cpu_seconds(prepare: Prepared, make: Make, size: int, runs: int) -> float:
    best = float("inf")
    for run in range(runs):
        call = prepare(make(size, run))
        gc.disable()
        try:
            started = time.process_time()
            call()
            best = min(best, time.process_time() - started)
        finally:
            gc.enable()
    return best


def growth(prepare: Prepared, make: Make, *, runs: int) -> tuple[float, float, float]:
    """(ratio, seconds at 10 KB, seconds at 100 KB) after a warm-up call."""
    prepare(make(SMALL, 99))()  # warm-up: imports, compiled patterns, common words
    small_time = _cpu_seconds(prepare, make, SMALL, runs + 1)
    big_time = _cpu_seconds(prepare, make, BIG, runs)
    return big_time / max(small_time, FLOOR_SECONDS), small_time, big_time


def _growth_in_fresh_process(name: str, kind: str) -> tuple[float, float, float]:
    code = (
        "from tests.test_linear_time import FUNCTIONS, INPUTS, growth\n"
        f"print(*growth(FUNCTIONS[{name!r}], INPUTS[{kind!r}], runs=3))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code],
        cwd=Path(__file__).resolve().parent.parent,
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    ratio, small, big = (float(x) for x in done.stdout.split())
    return ratio, small, big


@pytest.mark.timeout(300)
@pytest.mark.parametrize("name", list(FUNCTIONS))
def test_ten_times_the_text_takes_at_most_twenty_times_as_long(name: str) -> None:
    prepare = FUNCTIONS[name]
    failures = []
    for kind, make in INPUTS.items():
        ratio, small, big = growth(prepare, make, runs=1)
        if ratio > GROWTH_LIMIT:  # measured again, more carefully, before it counts
            ratio, small, big = min(
                (ratio, small, big), growth(prepare, make, runs=3), growth(prepare, make, runs=3)
            )
        if ratio > GROWTH_LIMIT:  # this heap may be the cause: once more, on a fresh one
            ratio, small, big = min((ratio, small, big), _growth_in_fresh_process(name, kind))
        if ratio > GROWTH_LIMIT:
            failures.append(f"{kind}: {small * 1000:.2f} ms -> {big * 1000:.1f} ms ({ratio:.1f}x)")
    assert not failures, f"{name} grows faster than linear on: " + "; ".join(failures)
