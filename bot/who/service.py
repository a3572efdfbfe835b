"""``who NAME``: the newest quotes of the speakers a name means, read from the speaker index.

Rule "one quote once": the same words by the same speaker in several outlets' copies (wire
copy, syndication) are shown once, from the newest copy.
Rule "utterances whole": the parts of one utterance (a quote split by its attribution) are
shown together, as in a digest.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import Engine

from bot.errors import UsageError
from bot.model import Quote, content_fingerprint
from bot.store.db import reading
from bot.store.speaker_quotes import (
    FoundQuote,
    SpeakerName,
    name_keys,
    names_as_written,
    names_with_surname,
    quotes_by,
)
from bot.who.answer import DEFAULT_LIMIT, MAX_LIMIT, SaidQuote, WhoAnswer
from bot.who.names import means, name_words, suggestions

# Rows read per quote shown: room for utterance parts and copies dropped by "one quote once".
_READ_FACTOR = 4


def who_said(engine: Engine, name: str, *, limit: int = DEFAULT_LIMIT) -> WhoAnswer:
    """What the speakers ``name`` means said most recently, newest first, at most ``limit``."""
    words = name_words(name)
    if not words:
        raise UsageError("Say whose quotes you want: who NAME, e.g. who Ushakov")
    limit = max(1, min(limit, MAX_LIMIT))
    with reading(engine, "read quotes by speaker") as conn:
        matched = matching_names(words, names_with_surname(conn, words[-1]))
        if not matched:
            close = suggestions(name, name_keys(conn))
            written = names_as_written(conn, close)
            return WhoAnswer(name, (), (), tuple(written[k] for k in close if k in written))
        rows = quotes_by(conn, sorted({m.name_key for m in matched}), limit * _READ_FACTOR)
    said = _once(_utterances(rows))[:limit]
    return WhoAnswer(name, _speakers(matched, said), tuple(said), ())


def matching_names(words: Sequence[str], names: Sequence[SpeakerName]) -> list[SpeakerName]:
    """The indexed names (with titles) the query means (``bot.who.names.means``)."""
    return [n for n in names if means(words, n.name_key.split(), name_words(n.speaker_title or ""))]


def _utterances(rows: Sequence[FoundQuote]) -> list[SaidQuote]:
    """Rule "utterances whole": rows of one article and utterance become one SaidQuote."""
    groups: list[list[FoundQuote]] = []
    for row in rows:
        last = groups[-1][-1] if groups else None
        same = last and (last.article_id, last.utterance) == (row.article_id, row.utterance)
        if same:
            groups[-1].append(row)
        else:
            groups.append([row])
    return [_said(sorted(g, key=lambda r: r.position)) for g in groups]


def _said(rows: Sequence[FoundQuote]) -> SaidQuote:
    first = rows[0]
    parts = tuple(
        Quote(
            text=r.text,
            start=r.start,
            end=r.end,
            speaker=r.speaker,
            speaker_title=r.speaker_title,
            utterance=r.utterance,
            source_url=r.url,
            source_outlet=r.outlet,
        )
        for r in rows
    )
    return SaidQuote(
        first.speaker,
        first.speaker_title,
        parts,
        first.title,
        first.outlet,
        first.url,
        first.said_at,
    )


def _once(said: Sequence[SaidQuote]) -> list[SaidQuote]:
    """Rule "one quote once"."""
    seen: set[tuple[str, str]] = set()
    out = []
    for s in said:
        key = (" ".join(name_words(s.speaker)), content_fingerprint(s.text))
        if key not in seen:
            seen.add(key)
            out.append(s)
    return out


def _speakers(matched: Sequence[SpeakerName], said: Sequence[SaidQuote]) -> tuple[str, ...]:
    counts: dict[str, int] = {}
    for s in said:
        counts[s.speaker] = counts.get(s.speaker, 0) + 1
    for m in matched:
        counts.setdefault(m.speaker, 0)
    return tuple(sorted(counts, key=lambda n: (-counts[n], n)))
