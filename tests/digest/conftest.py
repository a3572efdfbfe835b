"""Invented articles for digest tests: one event told by a wire, its syndicated copy and two
other outlets; another event on the same topic a week earlier; and an unrelated story."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

import pytest

from bot.digest.stories import Item
from bot.model import Article
from fakes.digest import T0, FakeAnalysis, analysis_of, article

WIRE = article(
    "Kremlin says Putin and Biden to hold video call next week",
    "MOSCOW (CPA) - Russian President Vladimir Putin and U.S. President Joe Biden have agreed "
    "in principle to hold a video call early next week, the Kremlin said on Friday.",
    "Kremlin spokesman Arkady Voronin said arms control and Ukraine would be discussed. "
    '"The date is agreed on our side. We are waiting for the American side to confirm the '
    'hour," Voronin said.',
    '"Nobody expects miracles from one conversation," he added.',
    "The last conversation between the two leaders took place in the summer, and relations "
    "have since been strained by expulsions of diplomats.",
    url="https://wire.cpa.example/kremlin-video-call",
    outlet="Continental Press Agency",
    agency="CPA",
    published=T0,
)
COPY = article(
    WIRE.title,
    *WIRE.paragraphs,
    "(This story was not edited by Northbridge Herald staff and comes from a syndicated feed.)",
    url="https://northbridge.example/world/kremlin-video-call",
    outlet="Northbridge Herald",
    agency="CPA",
    published=T0 + timedelta(minutes=25),
)
MERIDIAN = article(
    "Putin-Biden video call expected early next week as Moscow waits on Washington",
    "Vladimir Putin and Joe Biden are expected to speak by video link early next week, "
    "officials in both capitals said on Friday.",
    "Kremlin spokesman Arkady Voronin said arms control and Ukraine would top the agenda. "
    '"We are waiting for the American side to confirm the hour," he said.',
    'A White House official said Biden would "raise our concerns about the troop build-up '
    'directly."',
    url="https://meridian.example/putin-biden-video-call",
    outlet="Meridian Post",
    published=T0 + timedelta(hours=3),
)
HARBOR = article(
    "Moscow and Washington prepare Putin–Biden video summit",
    "Preparations are under way for a video summit between Vladimir Putin and Joe Biden, with "
    "the Kremlin saying only Washington's confirmation of the timing is missing.",
    'Kremlin spokesman Arkady Voronin said: "The date is agreed on our side."',
    url="https://harbor.example/world/video-summit",
    outlet="Harbor Daily",
    published=T0 + timedelta(hours=7),
)
SWAP = article(
    "Putin and Biden approve prisoner swap in Istanbul",
    "Russia and the United States exchanged two prisoners each in Istanbul on Saturday, after "
    "months of talks approved by Vladimir Putin and Joe Biden.",
    'Foreign ministry spokeswoman Olga Ternova said: "This was a humanitarian gesture."',
    url="https://meridian.example/istanbul-swap",
    outlet="Meridian Post",
    published=T0 - timedelta(days=6),
)
SPACE = article(
    "Putin and Biden congratulate crew after joint space station mission",
    "Vladimir Putin and Joe Biden sent messages to the three astronauts who returned to Earth "
    "on Thursday after a six-month mission.",
    'Mission commander Lena Ostrova said: "We felt the whole planet was watching."',
    url="https://harbor.example/science/space-crew",
    outlet="Harbor Daily",
    published=T0 - timedelta(hours=2),
)
RATES = article(
    "Bank of England holds interest rates at 3.75%",
    "The Bank of England kept its benchmark rate at 3.75% on Thursday in a six-to-three vote.",
    '"We are not yet at the point where we can declare victory over inflation," Governor '
    "Helen Carraway said.",
    url="https://ledger.example/boe-hold",
    outlet="The Ledger",
    published=T0 - timedelta(days=1),
)

DATE_QUOTE = (
    "The date is agreed on our side. We are waiting for the American side to confirm the hour,"
)
ANALYSES = {
    1: analysis_of(
        WIRE,
        (
            DATE_QUOTE,
            "Arkady Voronin",
        ),
        ("Nobody expects miracles from one conversation,", "Arkady Voronin"),
    ),
    2: analysis_of(
        COPY,
        (
            DATE_QUOTE,
            "Voronin",
        ),
        ("Nobody expects miracles from one conversation,", None),
    ),
    3: analysis_of(
        MERIDIAN,
        ("We are waiting for the American side to confirm the hour,", "Arkady Voronin"),
        ("raise our concerns about the troop build-up directly.", "White House official"),
    ),
    4: analysis_of(HARBOR, ("The date is agreed on our side.", "Arkady Voronin")),
    5: analysis_of(SWAP, ("This was a humanitarian gesture.", "Olga Ternova")),
    6: analysis_of(SPACE, ("We felt the whole planet was watching.", "Lena Ostrova")),
    7: analysis_of(
        RATES,
        (
            "We are not yet at the point where we can declare victory over inflation,",
            "Helen Carraway",
        ),
    ),
}
ARTICLES = {1: WIRE, 2: COPY, 3: MERIDIAN, 4: HARBOR, 5: SWAP, 6: SPACE, 7: RATES}


@dataclass(frozen=True)
class Stored:
    """Shaped like ``bot.store.articles.StoredArticle``."""

    id: int
    article: Article
    first_seen: object = None
    duplicate_of: int | None = None
    seen_only: bool = False


def item(article_id: int, **changes: object) -> Item:
    analysis: FakeAnalysis = ANALYSES[article_id]
    fields: dict[str, object] = {
        "id": article_id,
        "article": ARTICLES[article_id],
        "quotes": analysis.quotes,
        "summary": analysis.summary,
        "first_seen": ARTICLES[article_id].published,
        "match": 1.0,
    }
    fields.update(changes)
    return Item(**fields)  # type: ignore[arg-type]


@pytest.fixture
def stored() -> list[Stored]:
    return [
        Stored(i, a, first_seen=a.published + timedelta(minutes=5) if a.published else None)
        for i, a in ARTICLES.items()
    ]
