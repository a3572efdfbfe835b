"""Speaker names as keys, and whether a name someone typed means a speaker. Pure.

A name is folded (accents dropped, case-folded, a possessive "'s" and a leading "the" removed)
into words; its last word is the surname key the index is searched by.

Rule "name or title form": a query means a speaker whose surname is the query's last word when
  - the speaker's name ends with the query ("Ushakov", "Yuri Ushakov" for Yuri Ushakov), or
  - the query ends with the speaker's name (title words before it: "Kremlin aide Yuri
    Ushakov"), or
  - every other word of the query is one of the speaker's names or title words ("Kremlin
    aide Ushakov" for Yuri Ushakov, Kremlin aide).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence

from rapidfuzz import fuzz, process

_WORD = re.compile(r"[^\W_]+(?:['-][^\W_]+)*")
# Generational suffixes: "Martin Luther King Jr." is found by "King".
_SUFFIXES = frozenset({"jr", "sr", "ii", "iii", "iv"})
_LEADING = frozenset({"the"})
# Close names offered when nothing matches: rapidfuzz's WRatio, out of 100.
SUGGESTION_CUTOFF = 75.0
MAX_SUGGESTIONS = 5


def fold(text: str) -> str:
    """Accents dropped, case folded, curly apostrophes straightened."""
    decomposed = unicodedata.normalize("NFKD", text.replace("’", "'"))
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return bare.casefold()


def name_words(text: str) -> tuple[str, ...]:
    """The folded words of a name, without a possessive, a leading "the" or a "Jr."."""
    words = [w.removesuffix("'s") for w in _WORD.findall(fold(text))]
    while words and words[0] in _LEADING:
        words.pop(0)
    while len(words) > 1 and words[-1] in _SUFFIXES:
        words.pop()
    return tuple(words)


def name_key(text: str) -> str:
    return " ".join(name_words(text))


def surname_key(text: str) -> str:
    words = name_words(text)
    return words[-1] if words else ""


def means(query: Sequence[str], name: Sequence[str], title: Sequence[str] = ()) -> bool:
    """Rule "name or title form" (see the module docstring), over folded words."""
    if not query or not name or query[-1] != name[-1]:
        return False
    q, n = tuple(query), tuple(name)
    if n[-len(q) :] == q or q[-len(n) :] == n:
        return True
    known = set(n[:-1]) | set(title)
    return all(word in known for word in q[:-1])


def suggestions(query: str, keys: Iterable[str], limit: int = MAX_SUGGESTIONS) -> list[str]:
    """Up to ``limit`` of the folded name ``keys`` closest to ``query``, best first."""
    found = process.extract(
        name_key(query),
        list(keys),
        scorer=fuzz.WRatio,
        limit=limit,
        score_cutoff=SUGGESTION_CUTOFF,
    )
    return [key for key, _, _ in found]
