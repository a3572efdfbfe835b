"""Topics: which articles a digest is about.

A topic is a list of *terms*. Each term is an alias set: one or more phrases, any of which
counts ("putin" -> "vladimir putin" or "putin"). A topic needs every ``all`` term, at least one
``any`` term (when it has some) and none of the ``exclude`` terms.

Matching looks at the title and the lead paragraphs only, the same text the store indexes
(``bot.text.terms.index_terms``), so a database pre-selection and this check agree.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from difflib import SequenceMatcher
from functools import lru_cache
from pathlib import Path
from typing import Any

from bot.errors import TopicError
from bot.model import Article
from bot.text.terms import LEAD_PARAGRAPHS, STOPWORDS, normalize_term

_SLUG = re.compile(r"[a-z0-9-]{1,64}")
_TOP_LEVEL_KEYS = frozenset({"aliases", "topics"})
_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*", re.UNICODE)

# Score weights (see ``match_score``): a term in the title counts more than one in the lead.
_TITLE_WEIGHT = 1.0
_LEAD_WEIGHT = 0.6
_REPEAT_BONUS = 0.1
_MAX_REPEATS = 4

# Rule "a near miss is a typo": an undefined slug at least this similar to a defined one
# (difflib's ratio; 'putin-bidne' ~ 'putin-biden' is 0.91, 'russia' ~ 'russia-us' 0.8) is
# refused with suggestions instead of being searched word by word, and finding nothing.
TYPO_SIMILARITY = 0.85
# Defined topics at least this similar are offered as suggestions (at most MAX_SUGGESTIONS).
SUGGEST_SIMILARITY = 0.6
MAX_SUGGESTIONS = 3

Phrase = tuple[str, ...]


# Digests normalise the same few thousand words over and over: unicode folding dominated.
_normalize = lru_cache(maxsize=1 << 16)(normalize_term)


def phrase_words(text: str) -> Phrase:
    """Normalised words of ``text``, hyphenated words split into their parts."""
    # findall and map keep the loop in C: digests tokenise every candidate's text.
    return tuple(map(_normalize, _WORD.findall(text.replace("-", " "))))


def indexable(word: str) -> bool:
    """Whether the store indexes ``word`` (the rule of ``index_terms``)."""
    return word not in STOPWORDS and len(word) > 1


@dataclass(frozen=True)
class Term:
    """One alias set; ``label`` is how it was written in the topic."""

    label: str
    phrases: tuple[Phrase, ...]

    def key_words(self) -> frozenset[str]:
        """One indexed word per phrase (the longest): an article holding the phrase has it."""
        return frozenset(max((w for w in p if indexable(w)), key=len) for p in self.phrases)


@dataclass(frozen=True)
class Topic:
    slug: str
    name: str
    all_terms: tuple[Term, ...]
    any_terms: tuple[Term, ...] = ()
    exclude: tuple[Term, ...] = ()


@dataclass(frozen=True)
class MatchText:
    """An article's title and lead as word sequences, ready for phrase look-ups."""

    title: Phrase
    lead: Phrase

    @classmethod
    def of(cls, item: Article | str) -> MatchText:
        if isinstance(item, str):
            return cls((), phrase_words(item))
        lead = " ".join(item.paragraphs[:LEAD_PARAGRAPHS])
        return cls(phrase_words(item.title), phrase_words(lead))


def _count(phrase: Phrase, words: Phrase) -> int:
    n = len(phrase)
    if n == 1:  # most phrases are one word: count in C
        return words.count(phrase[0])
    return sum(1 for i in range(len(words) - n + 1) if words[i : i + n] == phrase)


def term_strength(term: Term, text: MatchText) -> float:
    """0 when absent; else 1.0 in the title or 0.6 in the lead, plus 0.1 per repeat (max 4)."""
    # max, not sum: "Vladimir Putin" holds both of the phrases "vladimir putin" and "putin".
    in_title = max(_count(p, text.title) for p in term.phrases)
    in_lead = max(_count(p, text.lead) for p in term.phrases)
    hits = in_title + in_lead
    if hits == 0:
        return 0.0
    base = _TITLE_WEIGHT if in_title else _LEAD_WEIGHT
    return base + _REPEAT_BONUS * min(hits - 1, _MAX_REPEATS)


def match_score(topic: Topic, item: Article | str | MatchText) -> float:
    """How strongly ``item`` is about ``topic``: 0 = no match, else about 0.6 to 1.4.

    The score is the mean strength of the ``all`` terms, with the strongest ``any`` term
    counted as one more term. A missing ``all`` term, no ``any`` term or an ``exclude`` term
    present gives 0.
    """
    text = item if isinstance(item, MatchText) else MatchText.of(item)
    if any(term_strength(t, text) > 0 for t in topic.exclude):
        return 0.0
    strengths = [term_strength(t, text) for t in topic.all_terms]
    if topic.any_terms:
        strengths.append(max(term_strength(t, text) for t in topic.any_terms))
    if not strengths or min(strengths) == 0:
        return 0.0
    return sum(strengths) / len(strengths)


def validate_slug(slug: str) -> str:
    if not _SLUG.fullmatch(slug):
        raise TopicError(
            f"invalid topic {slug[:80]!r}: use 1-64 lowercase letters, digits and hyphens, "
            "e.g. 'putin-biden'"
        )
    return slug


class TopicCatalog:
    """The configured topics plus the aliases any term, configured or ad hoc, may use."""

    def __init__(self, topics: Mapping[str, Topic], aliases: Mapping[str, Term]) -> None:
        self.topics = dict(topics)
        self.aliases = dict(aliases)

    def term(self, label: str) -> Term:
        """The alias set called ``label``, or the phrase ``label`` itself."""
        key = " ".join(phrase_words(label))
        if key in self.aliases:
            return self.aliases[key]
        return make_term(label, [label])

    def resolve(self, slug: str) -> Topic:
        """The configured topic ``slug``; otherwise every word of the slug must appear.

        A slug that looks like a misspelt topic (``TYPO_SIMILARITY``) is a TopicError that
        names the closest topics and the words each would search.
        """
        validate_slug(slug)
        if slug in self.topics:
            return self.topics[slug]
        close = self.closest(slug)
        if close and _similarity(slug, close[0].slug) >= TYPO_SIMILARITY:
            offers = "; ".join(f"{t.slug} (searches {describe_terms(t)})" for t in close)
            raise TopicError(f"unknown topic {slug!r}. Did you mean {offers}?")
        labels = [w for w in slug.split("-") if indexable(w)]
        if not labels:
            raise TopicError(
                f"topic {slug!r} has no searchable word (stop words and single letters "
                "do not count); try e.g. 'ecb-rates'"
            )
        name = " ".join(w.capitalize() for w in slug.split("-") if w)
        return Topic(slug, name, tuple(self.term(w) for w in dict.fromkeys(labels)))

    def closest(self, slug: str) -> list[Topic]:
        """Defined topics whose slugs look like ``slug``, the most similar first."""
        scored = [(_similarity(slug, t.slug), t.slug) for t in self.topics.values()]
        near = sorted((s for s in scored if s[0] >= SUGGEST_SIMILARITY), reverse=True)
        return [self.topics[name] for _, name in near[:MAX_SUGGESTIONS]]


def _similarity(a: str, b: str) -> float:
    return SequenceMatcher(None, a, b).ratio()


def describe_terms(topic: Topic) -> str:
    """What a topic searches, in words: 'putin and biden', 'one of fed, ecb or boe'."""
    parts = [t.label for t in topic.all_terms]
    labels = [t.label for t in topic.any_terms]
    if len(labels) == 1:
        parts.append(labels[0])
    elif labels:
        parts.append(f"one of {', '.join(labels[:-1])} or {labels[-1]}")
    text = " and ".join(parts)
    if topic.exclude:
        text += f", but not {' or '.join(t.label for t in topic.exclude)}"
    return text


def make_term(label: str, phrases: Iterable[str]) -> Term:
    parsed = tuple(dict.fromkeys(p for p in (phrase_words(x) for x in phrases) if p))
    bad = [" ".join(p) for p in parsed if not any(indexable(w) for w in p)]
    if not parsed or bad:
        raise TopicError(
            f"term {label!r}: every phrase needs a word of 2+ letters that is not a stop word"
        )
    return Term(label, parsed)


def _string_list(where: str, value: Any) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise TopicError(f"{where} must be a list of strings")
    return list(value)


def _parse_aliases(raw: Any) -> dict[str, Term]:
    if not isinstance(raw, dict):
        raise TopicError("[aliases] must be a table of name = [phrases]")
    out: dict[str, Term] = {}
    for name, phrases in raw.items():
        listed = _string_list(f"aliases.{name}", phrases)
        out[" ".join(phrase_words(name))] = make_term(name, listed)
    return out


def _parse_topic(slug: str, raw: Any, catalog: TopicCatalog) -> Topic:
    validate_slug(slug)
    if not isinstance(raw, dict):
        raise TopicError(f"topics.{slug} must be a table")
    unknown = set(raw) - {"name", "all", "any", "exclude"}
    if unknown:
        raise TopicError(f"topics.{slug}: unknown key(s) {sorted(unknown)}")
    terms = {
        key: tuple(catalog.term(x) for x in _string_list(f"topics.{slug}.{key}", raw.get(key, [])))
        for key in ("all", "any", "exclude")
    }
    if not terms["all"] and not terms["any"]:
        raise TopicError(f"topics.{slug}: needs at least one 'all' or 'any' term")
    name = raw.get("name", slug)
    if not isinstance(name, str) or not name.strip():
        raise TopicError(f"topics.{slug}.name must be a non-empty string")
    return Topic(slug, name.strip(), terms["all"], terms["any"], terms["exclude"])


def parse_topics(data: Mapping[str, Any]) -> TopicCatalog:
    """A catalogue from parsed TOML: an ``[aliases]`` table and ``[topics.<slug>]`` tables."""
    # A misspelt table ([[topic]], [alias]) would otherwise define nothing, silently.
    unknown = sorted(set(data) - _TOP_LEVEL_KEYS)
    if unknown:
        raise TopicError(
            f"unknown top-level key(s) {unknown}: only [aliases] and [topics.<slug>] tables "
            "are read"
        )
    catalog = TopicCatalog({}, _parse_aliases(data.get("aliases", {})))
    raw_topics = data.get("topics", {})
    if not isinstance(raw_topics, dict):
        raise TopicError("[topics] must be a table of [topics.<slug>] tables")
    catalog.topics = {slug: _parse_topic(slug, raw, catalog) for slug, raw in raw_topics.items()}
    return catalog


def load_topics(path: str | Path) -> TopicCatalog:
    """Read ``topics.toml``; a missing or malformed file raises ``TopicError`` naming it."""
    try:
        with Path(path).open("rb") as handle:
            data = tomllib.load(handle)
    except FileNotFoundError as exc:
        raise TopicError(f"topics file {path} does not exist") from exc
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise TopicError(f"topics file {path} cannot be read: {exc}") from exc
    except UnicodeDecodeError as exc:
        raise TopicError(f"topics file {path} is not UTF-8 text ({exc.reason})") from exc
    try:
        return parse_topics(data)
    except TopicError as exc:
        raise TopicError(f"{path}: {exc}") from exc
