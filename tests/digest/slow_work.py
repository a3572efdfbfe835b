"""Analysis stand-ins for the pool's workers (importable there by name, as pickling needs).

``hog_or_analyze`` holds the GIL in one C call for far longer than any budget when the title
asks for it: a stand-in for a rule that is still slow on some text, as ``_ENDING`` once was.
"""

from __future__ import annotations

import re

from bot.model import Article
from bot.nlp.analyze import Analysis, analyze

HOG = "HOG: "
# Nested quantifiers over the same letter: exponential backtracking inside one C call.
_CATASTROPHIC = re.compile(r"(?:x+x+)+y")


def hog_or_analyze(article: Article) -> Analysis:
    if article.title.startswith(HOG):
        _CATASTROPHIC.match("x" * 64)  # never returns in a test's lifetime
    return analyze(article)
