"""Quote deep links: the article's URL with a text fragment that points at the quote.

A text fragment (WICG "URL Fragment Text Directive") is
``#:~:text=[prefix-,]start[,end][,-suffix]``; a browser that supports it scrolls to the first
match of ``start`` (then of ``end`` after it) and highlights the range. The terms are built
only from the quote's own words, which are verbatim article text, so the link finds exactly
what the article says.

Rules that decide the link:

- Rule "whole when short": a one-line quote of at most ``WHOLE_MAX_WORDS`` words is given whole
  (``text=whole``); a longer one as ``start,end``: its first and last words.
- Rule "a term stays in its paragraph": ``start`` comes from the first line of the quote and
  ``end`` from its last, because a browser never matches one term across two blocks.
- Rule "end is the end": the browser takes the first match of ``end`` after ``start``, so
  ``end`` grows word by word until it does not occur earlier in the quote.
- Rule "fits the link cap": the whole URL stays within ``MAX_URL_LENGTH`` (the renderer's cap,
  past which it shows no link at all); ``start`` and ``end`` shrink from ``TERM_WORDS`` words
  to one word each before the deep link is given up.

Not checked: whether ``start`` also occurs earlier in the article than the quote (the
renderer has the quote, not the article), in which case a browser highlights from there.

Encoding: every character outside the spec's unreserved set (letters, digits and
``! $ ' ( ) * + . / : ; = ? @ _ ~``) is percent-encoded as UTF-8, which covers the three the
spec singles out (``-``, ``&``, ``,``), the fragment percent-encode set (space, ``"``,
``<``, ``>``, backtick) and the ``|`` Slack's link syntax would split at.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from urllib.parse import quote as percent_encode
from urllib.parse import urlsplit

from bot.render.mrkdwn import MAX_URL_LENGTH

DIRECTIVE = ":~:text="
WHOLE_MAX_WORDS = 10
# Words in each of ``start`` and ``end`` at most: enough to be unique in most articles.
TERM_WORDS = 5
# ``end`` grows at most to this many words: a quote that repeats itself longer than that (a
# chant, a list) is linked whole if it fits, or not at all.
MAX_END_WORDS = 15
# Characters the text directive grammar allows unencoded (its "explicit" characters).
_SAFE = "!$'()*+./:;=?@_~"
_SPACE = re.compile(r"\s+")


def encode_term(term: str) -> str:
    """One text-directive term, percent-encoded: ``-``, ``&`` and ``,`` always are."""
    # urllib never encodes "-" (nor "_", "." and "~", which the directive allows): do it here.
    return percent_encode(term, safe=_SAFE, encoding="utf-8").replace("-", "%2D")


def _words(line: str) -> list[str]:
    return [w for w in _SPACE.split(line.strip()) if w]


def _lines(text: str) -> list[list[str]]:
    return [words for line in text.split("\n") if (words := _words(line))]


def _recurs(every: Sequence[str], body: str, start_count: int, end_count: int) -> bool:
    """Does the phrase of the last ``end_count`` words also occur, at word edges, after the
    first ``start_count`` words and before the end (where a browser would stop instead)?
    ``body`` is ``every`` joined by spaces and case-folded."""
    head = len(" ".join(every[:start_count]).casefold())
    phrase = " ".join(every[-end_count:]).casefold()
    last = len(body) - len(phrase)
    pattern = re.compile(r"(?<!\w)" + re.escape(phrase) + r"(?!\w)")
    match = pattern.search(body, head)
    return match is not None and match.start() < last


def _candidates(parts: Sequence[str]) -> Iterator[str]:
    """Directives for the quote, preferred first: whole, then start,end ever shorter."""
    first = _lines(parts[0]) if parts else []
    last = _lines(parts[-1]) if parts else []
    if not first or not last:
        return
    single_line = len(parts) == 1 and len(first) == 1
    if single_line and len(first[0]) <= WHOLE_MAX_WORDS:
        yield "text=" + encode_term(" ".join(first[0]))
    every = [w for part in parts for words in _lines(part) for w in words]
    body = " ".join(every).casefold()
    for size in range(TERM_WORDS, 0, -1):
        start_count = min(size, len(first[0]))
        end_count = min(size, len(last[-1]))
        # Rule "end is the end": longer while the phrase recurs, within the last line.
        limit = min(len(last[-1]), MAX_END_WORDS)
        while end_count < limit and _recurs(every, body, start_count, end_count):
            end_count += 1
        if start_count + end_count > len(every) or _recurs(every, body, start_count, end_count):
            continue
        start = " ".join(every[:start_count])
        end = " ".join(every[-end_count:])
        yield "text=" + encode_term(start) + "," + encode_term(end)
    if single_line and len(first[0]) > WHOLE_MAX_WORDS:
        yield "text=" + encode_term(" ".join(first[0]))  # a last resort, if it fits the cap


def text_directive(parts: Sequence[str]) -> str | None:
    """The preferred ``text=...`` directive for a quote given as its parts (one, or the parts
    of one utterance in article order), whatever its length; None when it has no words."""
    return next(_candidates(parts), None)


def deep_link(url: str | None, parts: Sequence[str]) -> str | None:
    """``url`` with a text fragment pointing at the quote, within ``MAX_URL_LENGTH``.

    None when ``url`` is not an http(s) URL, the quote has no words, or even one word at each
    end does not fit. An existing fragment is kept (``#section:~:text=...``); an existing
    fragment directive is replaced.
    """
    base = _base(url)
    if base is None:
        return None
    joiner = ":~:" if "#" in base else "#:~:"
    for directive in _candidates(parts):
        link = f"{base}{joiner}{directive}"
        if len(link) <= MAX_URL_LENGTH:
            return link
    return None


def _base(url: str | None) -> str | None:
    if not url:
        return None
    url = url.strip()
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.scheme.lower() not in {"http", "https"} or not parts.hostname:
        return None
    marker = url.find(":~:")
    return url[:marker] if marker != -1 and "#" in url[: marker + 1] else url
