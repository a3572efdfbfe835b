from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import Engine, func, select

from bot.store.schema import sent_articles
from bot.store.selection import candidate_ids, mark_sent, sent_ids
from bot.text.topics import TopicCatalog, make_term, parse_topics
from fakes.digest import T0, article, store_article


@pytest.fixture
def catalog() -> TopicCatalog:
    return parse_topics(
        {
            "aliases": {"putin": ["vladimir putin", "putin"], "boe": ["bank of england", "boe"]},
            "topics": {
                "central-banks": {"any": ["boe", "ecb"], "exclude": ["crypto"]},
            },
        }
    )


def test_all_terms_must_each_appear_and_aliases_are_alternatives(
    engine: Engine, catalog: TopicCatalog
) -> None:
    with engine.begin() as conn:
        both = store_article(conn, article("Putin and Biden to talk", "A call is planned."))
        alias = store_article(conn, article("Vladimir Putin calls Joe Biden", "On Tuesday."))
        only_putin = store_article(conn, article("Putin visits India", "Trade on agenda."))
        got = candidate_ids(conn, catalog.resolve("putin-biden"))
    assert set(got) == {both, alias}
    assert only_putin not in got


def test_newest_first_by_publication_then_first_seen(engine: Engine, catalog: TopicCatalog) -> None:
    with engine.begin() as conn:
        old = store_article(
            conn, article("Putin, Biden old", published=T0 - timedelta(days=3)), first_seen=T0
        )
        new = store_article(conn, article("Putin, Biden new", published=T0), first_seen=T0)
        unpublished = store_article(
            conn, article("Putin, Biden undated"), first_seen=T0 - timedelta(days=1)
        )
        got = candidate_ids(conn, catalog.resolve("putin-biden"))
    assert got == [new, unpublished, old]


def test_since_limit_and_seen_only(engine: Engine, catalog: TopicCatalog) -> None:
    topic = catalog.resolve("putin-biden")
    with engine.begin() as conn:
        early = store_article(conn, article("Putin Biden 1"), first_seen=T0 - timedelta(hours=30))
        late = store_article(conn, article("Putin Biden 2"), first_seen=T0)
        seen = store_article(conn, article("Putin Biden 3"), first_seen=T0, seen_only=True)
        assert candidate_ids(conn, topic, since=T0 - timedelta(hours=24)) == [late]
        assert set(candidate_ids(conn, topic, include_seen_only=True)) == {early, late, seen}
        assert len(candidate_ids(conn, topic, include_seen_only=True, limit=2)) == 2
        assert candidate_ids(conn, topic, limit=0) == []


def test_any_terms_and_single_word_excludes(engine: Engine, catalog: TopicCatalog) -> None:
    topic = catalog.resolve("central-banks")
    with engine.begin() as conn:
        boe = store_article(conn, article("Bank of England holds rates"))
        ecb = store_article(conn, article("ECB cuts rates"))
        crypto = store_article(conn, article("ECB warns on crypto"))
        store_article(conn, article("Fed holds rates"))
        got = candidate_ids(conn, topic)
    assert set(got) == {boe, ecb}
    assert crypto not in got


def test_multi_word_alias_is_a_superset_preselection(engine: Engine) -> None:
    # "england" alone passes the SQL pre-selection; the caller confirms the phrase.
    catalog = TopicCatalog({}, {"boe": make_term("boe", ["bank of england"])})
    with engine.begin() as conn:
        hit = store_article(conn, article("Bank of England decision"))
        near = store_article(conn, article("England win the match"))
        got = candidate_ids(conn, catalog.resolve("boe"))
    assert set(got) == {hit, near}


def test_mark_sent_excludes_articles_and_their_copies(
    engine: Engine, catalog: TopicCatalog
) -> None:
    topic = catalog.resolve("putin-biden")
    with engine.begin() as conn:
        original = store_article(conn, article("Putin Biden call", "Wire text."))
        copy = store_article(conn, article("Putin Biden call", "Wire text."), duplicate_of=original)
        other = store_article(conn, article("Putin Biden summit", "Other text."))
        assert mark_sent(conn, "T1", "C1", [original], T0) == 1
        assert candidate_ids(conn, topic, exclude_sent_to=("T1", "C1")) == [other]
        assert set(candidate_ids(conn, topic, exclude_sent_to=("T1", "C2"))) == {
            original,
            copy,
            other,
        }


def test_mark_sent_twice_keeps_one_row_and_first_time(engine: Engine) -> None:
    with engine.begin() as conn:
        a = store_article(conn, article("Putin Biden call"))
        assert mark_sent(conn, "T1", "C1", [a, a], T0) == 1
        assert mark_sent(conn, "T1", "C1", [a], T0 + timedelta(hours=1)) == 0
        assert mark_sent(conn, "T1", "C1", [], T0) == 0
        rows = conn.execute(select(func.count()).select_from(sent_articles)).scalar_one()
        sent_at = conn.execute(select(sent_articles.c.sent_at)).scalar_one()
    assert rows == 1
    assert sent_at == T0


def test_sent_ids_newest_first_within_the_window(engine: Engine) -> None:
    with engine.begin() as conn:
        a, b, c = (store_article(conn, article(f"Putin Biden {n}")) for n in range(3))
        mark_sent(conn, "T1", "C1", [a], T0 - timedelta(days=5))
        mark_sent(conn, "T1", "C1", [b], T0 - timedelta(hours=1))
        mark_sent(conn, "T1", "C1", [c], T0)
        mark_sent(conn, "T1", "C2", [a], T0)
        assert sent_ids(conn, "T1", "C1", since=T0 - timedelta(days=1)) == [c, b]
        assert sent_ids(conn, "T1", "C1", since=T0 - timedelta(days=9), limit=1) == [c]
