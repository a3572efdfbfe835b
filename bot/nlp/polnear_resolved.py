"""Hand-resolved pronoun sources for PolNeAR: who "he" is, as a reader says, not CoreNLP.

PolNeAR marks a quote's source as a span of the text, so for "...," he said the gold source is
"he". The converter (``bot.nlp.polnear``) names that "he" through CoreNLP's coreference chains,
which the corpus ships; those chains are often wrong or empty ("he" chained to "Kickstarter",
to "Instagram", or to nobody), and then a right speaker is scored as wrong.

A resolution file replaces CoreNLP's chain for the quotes it lists. It is JSON lines, one per
quote: ``{"key": "<article id>:<quote start offset>", "speaker": "Elijah Cummings"}``. A
speaker of ``AUTHOR``, ``UNCLEAR`` or ``UNNAMED: ...`` names nobody (the quote is then not
nameable). The files are made by a person reading each article without seeing newsbot's
answers (docs/evaluation.md says how); they are kept beside the corpus, not in this
repository, because the corpus has no licence.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Sequence
from pathlib import Path

from bot.errors import ReadError
from bot.nlp.polnear import PolnearArticle

_NOBODY = ("AUTHOR", "UNCLEAR", "UNNAMED")


def load_resolutions(path: Path) -> dict[str, str]:
    """key -> speaker from a resolution file; a clear error for a line that is not one."""
    resolved: dict[str, str] = {}
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise ReadError(str(path), exc.strerror or "cannot read") from exc
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
            resolved[str(row["key"])] = str(row["speaker"])
        except (ValueError, KeyError, TypeError) as exc:
            raise ReadError(f"{path}:{number}", 'expected {"key": ..., "speaker": ...}') from exc
    return resolved


def names_of(speaker: str) -> tuple[str, ...]:
    """The names a resolved speaker gives the scorer: none for AUTHOR, UNCLEAR, UNNAMED."""
    if speaker.startswith(_NOBODY):
        return ()
    return (speaker,)


def apply_resolutions(
    articles: Sequence[PolnearArticle], resolved: dict[str, str]
) -> tuple[list[PolnearArticle], int]:
    """The articles with each listed quote's coreference names replaced; how many were."""
    used = 0
    out = []
    for article in articles:
        quotes = []
        for quote in article.quotes:
            speaker = resolved.get(f"{article.id}:{quote.start}")
            if speaker is not None:
                quote = dataclasses.replace(quote, coref=names_of(speaker))
                used += 1
            quotes.append(quote)
        out.append(dataclasses.replace(article, quotes=tuple(quotes)))
    return out, used
