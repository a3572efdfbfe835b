"""Copy detection on SQLite and PostgreSQL: keys, copies within a batch and of stored articles."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

from sqlalchemy import Engine

from bot.model import Article
from bot.store.articles import save_articles
from bot.store.copies import (
    DUPLICATE_WINDOW,
    CopyKey,
    CopyOf,
    copy_key,
    find_copies,
    probe_terms,
)
from bot.text.terms import index_terms

NOW = datetime(2026, 11, 28, 8, 0, tzinfo=UTC)

DAM = Article(
    title="Engineers lower reservoir after cracks found in Vell dam",
    paragraphs=(
        "Engineers began lowering the Vell reservoir on Tuesday after an inspection found "
        "fresh cracks in the concrete of the ninety-year-old dam above the town of Ostby.",
        '"There is no danger to anyone today, but we will not take chances," said Petra '
        "Holm, the regional water board's chief engineer, at a briefing in the town hall.",
        "About four hundred households below the dam were told to keep a bag packed until "
        "the level has dropped by three metres, which the board expects by Friday evening.",
    ),
    url="https://valleynews.example/2026/dam-cracks",
    outlet="Valley News",
)

ORCHARD = Article(
    title="Late frost cuts apple harvest across the northern orchards",
    paragraphs=(
        "Growers in the northern orchards expect to pick barely half of last year's apples "
        "after two nights of late frost in May killed most of the blossom on the slopes.",
        "The growers' cooperative said it would ask the agriculture ministry for emergency "
        "help and would buy fruit from the south to keep its cider press running all winter.",
    ),
    url="https://farmgazette.example/frost-harvest",
    outlet="Farm Gazette",
)


def key(article: Article) -> CopyKey:
    return copy_key(
        article.text, article.fingerprint, index_terms(article.title, article.paragraphs)
    )


def near_copy(article: Article, outlet: str) -> Article:
    """The wire's version: a dateline in front and a credit line after, new URL and title."""
    paragraphs = list(article.paragraphs)
    paragraphs[0] = f"OSTBY ({outlet}) — {paragraphs[0]}"
    paragraphs.append(f"Reporting by the {outlet} desk.")
    return replace(
        article,
        title=f"{article.title} ({outlet})",
        paragraphs=tuple(paragraphs),
        url=f"https://{outlet.lower()}.example/wire/1",
        outlet=outlet,
    )


def find(engine: Engine, articles: list[Article], now: datetime = NOW) -> list[CopyOf | None]:
    with engine.connect() as conn:
        return find_copies(conn, [key(a) for a in articles], now)


def store(engine: Engine, articles: list[Article], now: datetime = NOW) -> list[int]:
    with engine.begin() as conn:
        return save_articles(conn, articles, now=now).new


def test_a_short_text_has_no_shingles_and_no_probes() -> None:
    teaser = Article(title="Live: dam updates", paragraphs=("Follow our live coverage.",))
    assert key(teaser) == CopyKey(teaser.fingerprint, frozenset(), ())


def test_probes_are_the_longest_terms_alphabetical_among_equals() -> None:
    terms = {"dam", "reservoir", "engineers", "concrete", "inspection", "cracks", "households"}
    assert probe_terms(terms) == ("households", "inspection", "engineers", "reservoir")
    assert probe_terms({"dam", "vell"}) == ("vell", "dam")


def test_within_a_batch_copies_point_at_the_first_original(engine: Engine) -> None:
    same_text = replace(DAM, url="https://coastpress.example/dam", outlet="Coast Press")
    wire = near_copy(DAM, "Wire")
    found = find(engine, [DAM, ORCHARD, same_text, wire, near_copy(wire, "Relay")])
    assert found == [None, None, CopyOf(earlier=0), CopyOf(earlier=0), CopyOf(earlier=0)]


def test_copies_of_stored_articles_point_at_the_stored_original(engine: Engine) -> None:
    original, _ = store(engine, [DAM, ORCHARD])
    first_copy = store(engine, [replace(DAM, url="https://coastpress.example/dam")])
    assert first_copy != [] and first_copy[0] != original
    same_text = replace(DAM, url="https://relay.example/dam", outlet="Relay")
    found = find(engine, [same_text, near_copy(DAM, "Wire"), near_copy(ORCHARD, "Wire")])
    assert found[0] == CopyOf(stored=original)  # the root, not the stored copy
    assert found[1] == CopyOf(stored=original)
    assert found[2] is not None and found[2].stored is not None


def test_an_old_original_is_no_longer_a_candidate_for_near_copies(engine: Engine) -> None:
    store(engine, [DAM], now=NOW - DUPLICATE_WINDOW - timedelta(hours=1))
    assert find(engine, [near_copy(DAM, "Wire")]) == [None]
    # The very same text is still recognised: the fingerprint look-up has no window.
    assert find(engine, [replace(DAM, url="https://relay.example/dam")])[0] is not None


def test_different_stories_and_short_texts_are_not_copies(engine: Engine) -> None:
    store(engine, [DAM])
    teaser = Article(title="Dam: live", paragraphs=("Updates follow.",), url="https://t.example")
    assert find(engine, [ORCHARD, teaser, replace(teaser, url="https://u.example")]) == [
        None,
        None,
        None,
    ]
