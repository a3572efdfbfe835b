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
from bot.nlp.evaluate import EVALSET_DIR, GOLD_FILES, load_gold
from bot.nlp.quotes import find_quotes
from bot.nlp.sentences import split_sentences
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
    items = [i for name in GOLD_FILES for i in load_gold(EVALSET_DIR / name)]
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


def main(quick: bool = False) -> None:
    articles = make_articles(100 if quick else 1000)
    chars = sum(len(a.text) for a in articles) / len(articles)
    ours = _rate(_ours, articles)
    lexrank = _rate(_lexrank, articles)
    print(f"articles: {len(articles)}, mean {chars:,.0f} characters")
    print(f"newsbot quotes + summary: {ours:,.0f} articles/s")
    print(f"sumy LexRank summary only: {lexrank:,.0f} articles/s")
    print(f"ratio: {ours / lexrank:.1f}x faster")
