"""What ``who NAME`` answers: plain data for the renderer, the CLI and the Slack listener."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from bot.model import Quote

# How many quotes an answer holds by default and at most (the CLI and Slack share them).
DEFAULT_LIMIT = 10
MAX_LIMIT = 50


@dataclass(frozen=True, slots=True)
class SaidQuote:
    """One utterance of a speaker, with the article it was read in."""

    speaker: str
    speaker_title: str | None
    parts: tuple[Quote, ...]  # verbatim article text, in article order
    title: str
    outlet: str | None
    url: str | None
    said_at: datetime

    @property
    def text(self) -> str:
        return " … ".join(p.text.strip() for p in self.parts)


@dataclass(frozen=True, slots=True)
class WhoAnswer:
    query: str
    speakers: tuple[str, ...]  # the names matched, as written, most quoted first
    quotes: tuple[SaidQuote, ...]
    suggestions: tuple[str, ...]  # close names, when nobody matched
