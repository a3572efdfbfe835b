"""NLP benchmark: quotes + summary per article, against sumy's LexRank on the same texts.

The articles are variations of the annotated set: paragraphs of several items shuffled
together, with names and numbers swapped, so no two texts are identical. Run with
``python -m bench nlp`` (1,000 articles) or ``--quick`` (100).
"""

from __future__ import annotations

import random
import re
import time
from collections.abc import Callable, Sequence

from sumy.parsers.plaintext import PlaintextParser
from sumy.summarizers.lex_rank import LexRankSummarizer

from bot.digest.terms import words
from bot.model import Article
from bot.nlp.analyze import analyze
from bot.nlp.evaluate import TUNING_DIR, load_gold
from bot.nlp.quotes import find_quotes, scan_spans
from bot.nlp.sentences import split_sentences
from bot.nlp.stream import build_stream
from bot.nlp.summary import summarize

_NAMES = ["Ana Ruiz", "Tomas Berg", "Lena Hoffmann", "Omar Farouk", "Grace Wanjiru", "Jonas Weber"]
_NUMBER = re.compile(r"\d+")
# Annotated items per article: about 3,000 characters, the length of a typical wire story.
PER_ARTICLE = 6


class _Tokenizer:
    """sumy's own tokenizer needs NLTK's punkt data, which is not available offline."""

    language = "english"

    def to_sentences(self, text: str) -> tuple[str, ...]:
        return tuple(text[s:e] for s, e in split_sentences(text))

    def to_words(self, sentence: str) -> tuple[str, ...]:
        return tuple(words(sentence))


def make_articles(count: int, seed: int = 7) -> list[Article]:
    """``count`` varied articles built from the annotated paragraphs."""
    rng = random.Random(seed)
    items = [i for name in ("dev.jsonl", "heldout.jsonl") for i in load_gold(TUNING_DIR / name)]
    out = []
    for n in range(count):
        picked = rng.sample(items, PER_ARTICLE)
        paragraphs = [p for item in picked for p in item.paragraphs]
        name = rng.choice(_NAMES)
        paragraphs = [
            _NUMBER.sub(lambda m: str(int(m.group()) + rng.randint(0, 9)), p).replace(
                "Ushakov", name.split()[1]
            )
            for p in paragraphs
        ]
        out.append(Article(title=f"{picked[0].title} ({n})", paragraphs=tuple(paragraphs)))
    return out


def _ours(article: Article) -> object:
    text = article.text
    quotes = find_quotes(text)
    return summarize(text, title=article.title, quotes=quotes)


def _lexrank(article: Article) -> object:
    parser = PlaintextParser.from_string(article.text, _Tokenizer())
    return LexRankSummarizer()(parser.document, 3)


def _rate(run: Callable[[Article], object], articles: Sequence[Article]) -> float:
    started = time.perf_counter()
    for article in articles:
        run(article)
    return len(articles) / (time.perf_counter() - started)


def _best_rates(
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
    articles = make_articles(100 if quick else 1000)
    chars = sum(len(a.text) for a in articles) / len(articles)
    runs: dict[str, Callable[[Article], object]] = {
        "ours": _ours,
        "analyze": analyze,
        "lexrank": _lexrank,
    }
    rates = _best_rates(runs, articles, 1 if quick else 3)
    ours, lexrank = rates["ours"], rates["lexrank"]
    print(f"articles: {len(articles)}, mean {chars:,.0f} characters, best of 1 or 3 rounds")
    print(f"newsbot quotes + summary: {ours:,.0f} articles/s")
    print(f"newsbot analyze() (quotes, summary, key quotes): {rates['analyze']:,.0f} articles/s")
    print(f"sumy LexRank summary only: {lexrank:,.0f} articles/s")
    print(f"ratio: {ours / lexrank:.1f}x faster (analyze: {rates['analyze'] / lexrank:.1f}x)")
    print(f"per stage, ms/article (best of {1 if quick else 5} rounds):")
    for name, ms in _stages(articles, 1 if quick else 5):
        print(f"  {name:<30} {ms:.3f}")
