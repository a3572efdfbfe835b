"""NLP benchmark: quotes + summary per article, against sumy's LexRank on the same texts.

Input, stated honestly:

* by default the articles are built from the project's tuning sets (bot/nlp/evalset/tuning,
  never the sealed ones): annotated items drawn at random until an article has about 3,000
  characters, every person's
  name replaced by a freshly made one (first names and surnames built from syllables, so the
  name caches see new names as real news would) and every number changed. The benchmark
  prints how many distinct paragraphs the run holds; no two articles are identical;
* with ``NEWSBOT_BENCH_CORPUS=DIR`` it reads real articles instead: every ``*.txt`` file in
  DIR (for example a PolNeAR checkout's ``data/train/text``), cycled if fewer than asked for.

Run with ``python -m bench nlp`` (1,000 articles) or ``--quick`` (100).
"""

from __future__ import annotations

import os
import random
import re
import time
from collections.abc import Callable, Sequence
from pathlib import Path

from sumy.parsers.plaintext import PlaintextParser
from sumy.summarizers.lex_rank import LexRankSummarizer

from bench import results
from bench.nlp_compiled import compiled_rates
from bot.model import Article
from bot.nlp.analyze import analyze
from bot.nlp.evaluate import TUNING_DIR, TUNING_FILES, GoldItem, load_gold
from bot.nlp.quotes import find_quotes, scan_spans
from bot.nlp.sentences import split_sentences
from bot.nlp.stream import build_stream
from bot.nlp.summary import summarize
from bot.text.terms import words

_NUMBER = re.compile(r"\d+")
_SYLLABLES = (
    "ka lo mi ra ten vel sor an dri bel mar ost fen lu ga ri vo ne cas tor hil ber "
    "dal ine ro sa mun ket ar wyn el cor tha jo vik ul".split()
)
CORPUS_ENV = "NEWSBOT_BENCH_CORPUS"
# Annotated items are added to an article until it has this many characters: the length of a
# typical wire story.
ARTICLE_CHARS = 3000


def _made_word(rng: random.Random) -> str:
    return "".join(rng.choice(_SYLLABLES) for _ in range(rng.randint(2, 3))).capitalize()


def _people(items: Sequence[GoldItem]) -> list[str]:
    """Every person's full name the picked items' gold speakers give ("Ann Lee")."""
    names = {q.speaker for item in items for q in item.quotes if q.speaker}
    return sorted(
        n for n in names if len(n.split()) >= 2 and all(w[:1].isupper() for w in n.split())
    )


def _renamed(paragraph: str, swaps: dict[str, str]) -> str:
    for old, new in swaps.items():
        paragraph = paragraph.replace(old, new)
    return paragraph


def _swaps(people: Sequence[str], rng: random.Random) -> dict[str, str]:
    """Full names first, then surnames: "Ann Lee" -> "Velmar Kosti", "Lee" -> "Kosti"."""
    full: dict[str, str] = {}
    last: dict[str, str] = {}
    for name in people:
        new_first, new_last = _made_word(rng), _made_word(rng)
        full[name] = f"{new_first} {new_last}"
        last.setdefault(name.split()[-1], new_last)
    return {**full, **last}


def make_articles(count: int, seed: int = 7) -> list[Article]:
    """``count`` varied articles built from the tuning sets' annotated paragraphs."""
    rng = random.Random(seed)
    invented = [name for name in TUNING_FILES if not name.startswith("real-")]  # renamable
    items = [i for name in invented for i in load_gold(TUNING_DIR / name)]
    out = []
    for n in range(count):
        picked: list[GoldItem] = []
        while sum(len(p) for item in picked for p in item.paragraphs) < ARTICLE_CHARS:
            picked.append(rng.choice(items))
        swaps = _swaps(_people(picked), rng)
        paragraphs = [
            _NUMBER.sub(lambda m: str(int(m.group()) + rng.randint(0, 9)), _renamed(p, swaps))
            for item in picked
            for p in item.paragraphs
        ]
        out.append(Article(title=f"{picked[0].title} ({n})", paragraphs=tuple(paragraphs)))
    return out


def read_corpus(folder: Path, count: int) -> list[Article]:
    """``count`` real articles from the ``*.txt`` files of ``folder`` (first line: title)."""
    files = sorted(folder.glob("*.txt"))
    if not files:
        raise SystemExit(f"{CORPUS_ENV}={folder}: no .txt files there")
    out = []
    for n in range(count):
        text = files[n % len(files)].read_text(encoding="utf-8", errors="replace")
        title, _, body = text.partition("\n")
        paragraphs = tuple(p.strip() for p in body.split("\n\n") if p.strip())
        out.append(Article(title=title.strip(), paragraphs=paragraphs))
    return out


def articles(count: int) -> tuple[list[Article], str]:
    corpus = os.environ.get(CORPUS_ENV)
    if corpus:
        files = len(list(Path(corpus).glob("*.txt")))
        return read_corpus(Path(corpus), count), f"real corpus {corpus} ({files} files)"
    return make_articles(count), "tuning sets, names and numbers varied"


class _Tokenizer:
    """sumy's own tokenizer needs NLTK's punkt data, which is not available offline."""

    language = "english"

    def to_sentences(self, text: str) -> tuple[str, ...]:
        return tuple(text[s:e] for s, e in split_sentences(text))

    def to_words(self, sentence: str) -> tuple[str, ...]:
        return tuple(words(sentence))


def ours(article: Article) -> object:
    text = article.text
    quotes = find_quotes(text)
    return summarize(text, title=article.title, quotes=quotes)


def lexrank(article: Article) -> object:
    parser = PlaintextParser.from_string(article.text, _Tokenizer())
    return LexRankSummarizer()(parser.document, 3)


def _rate(run: Callable[[Article], object], articles: Sequence[Article]) -> float:
    started = time.perf_counter()
    for article in articles:
        run(article)
    return len(articles) / (time.perf_counter() - started)


def best_rates(
    runs: dict[str, Callable[[Article], object]], articles: Sequence[Article], rounds: int
) -> dict[str, float]:
    """Best rate of each run over ``rounds`` interleaved rounds.

    Interleaving and keeping the best round make the ratio robust to other load on the machine:
    a busy moment slows one round of one side, not the whole comparison.
    """
    best = dict.fromkeys(runs, 0.0)
    for _ in range(rounds):
        for name, run in runs.items():
            best[name] = max(best[name], _rate(run, articles))
    return best


def _best_ms(run: Callable[[Article], object], articles: Sequence[Article], rounds: int) -> float:
    """Best milliseconds per article of ``run`` over ``rounds`` rounds."""
    return min(1000.0 / _rate(run, articles) for _ in range(rounds))


def _stages(articles: Sequence[Article], rounds: int) -> list[tuple[str, float]]:
    """Milliseconds per article of each stage of quotes + summary, in pipeline order.

    The speaker stage is not callable on its own (it builds its own stream), so it is
    ``find_quotes`` less the two stages before it; the inputs each stage needs are made once,
    outside the timing.
    """
    texts = {id(a): a.text for a in articles}
    spans = {id(a): scan_spans(texts[id(a)]) for a in articles}
    quotes = {id(a): find_quotes(texts[id(a)]) for a in articles}
    scan = _best_ms(lambda a: scan_spans(texts[id(a)]), articles, rounds)
    stream = _best_ms(lambda a: build_stream(texts[id(a)], spans[id(a)]), articles, rounds)
    found = _best_ms(lambda a: find_quotes(texts[id(a)]), articles, rounds)
    summary = _best_ms(
        lambda a: summarize(texts[id(a)], title=a.title, quotes=quotes[id(a)]), articles, rounds
    )
    return [
        ("quote spans (scan_spans)", scan),
        ("token stream (build_stream)", stream),
        ("speaker memory + attribution", found - scan - stream),
        ("summary (summarize)", summary),
    ]


def main(quick: bool = False) -> None:
    count, rounds = (100, 1) if quick else (1000, 3)
    batch, source = articles(count)
    chars = sum(len(a.text) for a in batch) / len(batch)
    distinct = len({p for a in batch for p in a.paragraphs})
    total = sum(len(a.paragraphs) for a in batch)
    print(f"input: {source}; {distinct:,} distinct paragraphs of {total:,}")
    runs: dict[str, Callable[[Article], object]] = {
        "ours": ours,
        "analyze": analyze,
        "lexrank": lexrank,
    }
    rates = best_rates(runs, batch, rounds)
    plain, baseline = rates["ours"], rates["lexrank"]
    print(f"articles: {len(batch)}, mean {chars:,.0f} characters, best of {rounds} rounds")
    print(f"newsbot quotes + summary: {plain:,.0f} articles/s")
    print(f"newsbot analyze() (quotes, summary, key quotes): {rates['analyze']:,.0f} articles/s")
    print(f"sumy LexRank summary only: {baseline:,.0f} articles/s")
    print(f"ratio: {plain / baseline:.1f}x faster (analyze: {rates['analyze'] / baseline:.1f}x)")
    compiled = compiled_rates(count, rounds)
    if isinstance(compiled, str):
        print(f"compiled build (mypyc): {compiled}")
    else:
        fast, its_baseline = compiled["ours"], compiled["lexrank"]
        print(
            f"compiled build (mypyc), quotes + summary: {fast:,.0f} articles/s against "
            f"LexRank {its_baseline:,.0f}/s in its process ({fast / its_baseline:.1f}x)"
        )
    print(f"per stage, ms/article (best of {1 if quick else 5} rounds):")
    for name, ms in _stages(batch, 1 if quick else 5):
        print(f"  {name:<30} {ms:.3f}")
    results.describe(
        "nlp",
        f"{len(batch):,} articles, mean {chars:,.0f} characters ({source}; "
        f"{distinct:,} distinct paragraphs of {total:,})",
    )
    results.record(
        "nlp",
        "quotes + summary",
        f"{plain:,.0f} articles/s",
        f"sumy LexRank {baseline:,.0f}/s: {plain / baseline:.1f}x",
    )
    if not isinstance(compiled, str):
        results.record(
            "nlp",
            "quotes + summary, compiled (mypyc)",
            f"{compiled['ours']:,.0f} articles/s",
            f"sumy LexRank {compiled['lexrank']:,.0f}/s: "
            f"{compiled['ours'] / compiled['lexrank']:.1f}x",
        )
    results.record("nlp", "analyze() with key quotes", f"{rates['analyze']:,.0f} articles/s")
