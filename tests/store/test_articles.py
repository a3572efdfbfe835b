"""The article store on SQLite and PostgreSQL: identity, updates, copies, terms, bulk."""

from __future__ import annotations

import random
import time
from dataclasses import replace
from datetime import UTC, datetime, timedelta

from sqlalchemy import Engine, select

from bot.model import Article
from bot.store.articles import count_articles, get_articles, save_articles
from bot.store.schema import article_terms

NOW = datetime(2026, 11, 28, 8, 0, tzinfo=UTC)

FERRY = Article(
    title="Harbor ferry strike halts morning crossings",
    paragraphs=(
        "Ferry crews in Port Alder walked off the job at dawn on Thursday, stranding thousands "
        "of commuters who rely on the morning crossings to reach the city centre.",
        '"We have asked for a fair schedule for two years and nobody listened," said Mara '
        "Lindqvist, who leads the crews' union, speaking outside the terminal.",
        "The harbor authority said replacement buses would run every twenty minutes and that "
        "talks with the union would resume on Friday morning at the town hall.",
        "Commuters queued for more than an hour at the bus stops along the waterfront, and "
        "several schools on the island postponed their first lessons of the day.",
    ),
    url="https://harbordaily.example/news/ferry-strike?utm_source=rss",
    outlet="Harbor Daily",
    published=datetime(2026, 11, 28, 6, 30, tzinfo=UTC),
    guid="harbor-daily-8812",
    byline="Ines Moreau",
    language="en",
)

VOLCANO = Article(
    title="Observatory raises alert level on Mount Keld",
    paragraphs=(
        "Scientists at the Keld observatory raised the alert level on Wednesday after a swarm "
        "of small earthquakes shook villages on the mountain's eastern slope overnight.",
        "The observatory said there was no sign of an imminent eruption but asked hikers to "
        "stay away from the crater rim until further notice.",
    ),
    url="https://northbridge.example/science/keld-alert",
    outlet="Northbridge Herald",
)


def save(engine: Engine, items: list[Article], **kw: object) -> object:
    with engine.begin() as conn:
        return save_articles(conn, items, now=kw.pop("now", NOW), **kw)  # type: ignore[arg-type]


def load(engine: Engine, ids: list[int]) -> list:  # type: ignore[type-arg]
    with engine.connect() as conn:
        return get_articles(conn, ids)


def terms_of(engine: Engine, article_id: int) -> set[str]:
    with engine.connect() as conn:
        query = select(article_terms.c.term).where(article_terms.c.article_id == article_id)
        return set(conn.execute(query).scalars())


def test_new_articles_round_trip(engine: Engine) -> None:
    report = save(engine, [FERRY, VOLCANO])
    assert len(report.new) == 2 and report.updated == [] and report.duplicates == []
    ferry, volcano = load(engine, report.new)
    assert ferry.article == FERRY and volcano.article == VOLCANO
    assert ferry.first_seen == NOW and ferry.duplicate_of is None and not ferry.seen_only
    assert {"ferry", "strike", "harbor", "lindqvist"} <= terms_of(engine, ferry.id)
    with engine.connect() as conn:
        assert count_articles(conn) == 2


def test_same_url_updates_in_place_and_reindexes(engine: Engine) -> None:
    first = save(engine, [FERRY]).new[0]
    changed = replace(
        FERRY,
        title="Ferry strike ends after overnight talks",
        url="https://HarborDaily.example/news/ferry-strike",  # same page, no tracker
        guid=None,
        published=FERRY.published + timedelta(hours=3),  # type: ignore[operator]
    )
    later = NOW + timedelta(hours=4)
    report = save(engine, [changed], now=later)
    assert report.updated == [first] and report.new == []
    (stored,) = load(engine, [first])
    assert stored.article.title == "Ferry strike ends after overnight talks"
    assert stored.first_seen == NOW
    terms = terms_of(engine, first)
    assert "ends" in terms and "halts" not in terms


def test_same_guid_with_new_url_is_the_same_article(engine: Engine) -> None:
    first = save(engine, [FERRY]).new[0]
    moved = replace(FERRY, url="https://harbordaily.example/2026/11/28/ferry-strike")
    report = save(engine, [moved])
    assert report.updated == [first]
    assert load(engine, [first])[0].article.url == moved.url


def test_saving_the_same_article_again_changes_nothing(engine: Engine) -> None:
    first = save(engine, [FERRY]).new
    report = save(engine, [FERRY], now=NOW + timedelta(hours=1))
    assert report.unchanged == first and report.new == [] and report.updated == []
    with engine.connect() as conn:
        assert count_articles(conn) == 1


def test_seen_only_survives_later_polls_and_never_hides_new_news(engine: Engine) -> None:
    known = save(engine, [FERRY], seen_only=True).new[0]
    fresh = save(engine, [VOLCANO]).new[0]
    save(engine, [replace(FERRY, title="Ferry strike: day two")])
    save(engine, [replace(VOLCANO, title="Keld alert stays in place")], seen_only=True)
    stored = {s.id: s for s in load(engine, [known, fresh])}
    assert stored[known].seen_only is True
    assert stored[fresh].seen_only is False


def test_second_outlet_copy_is_stored_and_linked(engine: Engine) -> None:
    original = save(engine, [FERRY]).new[0]
    copy = replace(
        FERRY,
        url="https://coastpress.example/wire/ferry",
        outlet="Coast Press",
        guid="coast-5531",
    )
    report = save(engine, [copy])
    assert len(report.new) == 1 and report.duplicates == report.new
    (stored,) = load(engine, report.new)
    assert stored.duplicate_of == original
    assert stored.article.outlet == "Coast Press"


def test_near_copy_with_a_new_dateline_is_linked(engine: Engine) -> None:
    original = save(engine, [FERRY]).new[0]
    paragraphs = list(FERRY.paragraphs)
    paragraphs[0] = "PORT ALDER (Wire) — " + paragraphs[0]
    paragraphs.append("Reporting by the wire desk.")
    near = replace(
        FERRY,
        title="Port Alder ferry crews strike",
        paragraphs=tuple(paragraphs),
        url="https://wire.example/a/991",
        guid=None,
        outlet="Wire",
    )
    report = save(engine, [near, VOLCANO])
    near_id, volcano_id = report.new
    assert report.duplicates == [near_id]
    by_id = {s.id: s for s in load(engine, [near_id, volcano_id])}
    assert by_id[near_id].duplicate_of == original
    assert by_id[volcano_id].duplicate_of is None


def test_different_story_on_the_same_subject_is_not_a_copy(engine: Engine) -> None:
    save(engine, [FERRY])
    other = Article(
        title="Ferry union and harbor authority meet on strike schedule",
        paragraphs=(
            "Negotiators for the ferry union and the harbor authority met for four hours on "
            "Friday without agreeing on a new timetable, both sides said afterwards.",
            "Mara Lindqvist told reporters the crews would stay off the water through the "
            "weekend unless the authority put a written offer on the table.",
        ),
        url="https://harbordaily.example/news/ferry-talks",
        outlet="Harbor Daily",
    )
    assert save(engine, [other]).duplicates == []


def test_copies_within_one_batch_are_linked(engine: Engine) -> None:
    copy = replace(FERRY, url="https://coastpress.example/wire/ferry", guid=None)
    report = save(engine, [FERRY, copy])
    first, second = report.new
    assert report.duplicates == [second]
    assert load(engine, [second])[0].duplicate_of == first


def test_short_identical_teasers_are_not_copies(engine: Engine) -> None:
    teaser = Article(title="Live: storm updates", paragraphs=("Follow our live coverage.",))
    a = replace(teaser, url="https://a.example/live")
    b = replace(teaser, url="https://b.example/live")
    assert save(engine, [a, b]).duplicates == []


def test_dump_without_url_is_identified_by_outlet_and_text(engine: Engine) -> None:
    dump = replace(FERRY, url=None, guid=None)
    first = save(engine, [dump]).new
    assert save(engine, [dump]).unchanged == first
    other_outlet = replace(dump, outlet="Coast Press")
    report = save(engine, [other_outlet])
    assert report.duplicates == report.new and len(report.new) == 1


def test_one_article_twice_in_a_batch_is_stored_once(engine: Engine) -> None:
    retitled = replace(FERRY, title="Ferry strike (updated)")
    report = save(engine, [FERRY, retitled])
    assert len(report.new) == 1
    assert load(engine, report.new)[0].article.title == "Ferry strike (updated)"


def test_get_articles_keeps_order_and_skips_unknown_ids(engine: Engine) -> None:
    ids = save(engine, [FERRY, VOLCANO]).new
    got = load(engine, [ids[1], 999_999, ids[0]])
    assert [s.id for s in got] == [ids[1], ids[0]]


def test_overlong_metadata_is_cut_to_fit(engine: Engine) -> None:
    odd = replace(VOLCANO, outlet="O" * 400, byline="B" * 900, language="en-GB-x-" + "z" * 30)
    (stored,) = load(engine, save(engine, [odd]).new)
    assert len(stored.article.outlet or "") == 255
    assert len(stored.article.language or "") == 16


VOCABULARY = (
    "council budget river bridge school teachers election mayor museum festival harvest "
    "airport runway storm warning hospital nurses library station railway tunnel market "
    "prices bakery fishermen quota court ruling police inquiry minister treaty summit "
    "drought reservoir wildfire volunteers stadium league coach injury concert orchestra"
).split()


def synthetic(n: int, seed: int = 7) -> list[Article]:
    rng = random.Random(seed)
    out = []
    for i in range(n):
        sentences = [" ".join(rng.choices(VOCABULARY, k=14)) + "." for _ in range(6)]
        out.append(
            Article(
                title=" ".join(rng.choices(VOCABULARY, k=6)).capitalize(),
                paragraphs=(" ".join(sentences[:3]), " ".join(sentences[3:])),
                url=f"https://bulk.example/story/{i}",
                outlet=f"Outlet {i % 17}",
            )
        )
    return out


def test_bulk_save_is_fast_and_idempotent(engine: Engine) -> None:
    batch = synthetic(2000)
    started = time.perf_counter()
    report = save(engine, batch)
    elapsed = time.perf_counter() - started
    assert len(report.new) == 2000 and report.duplicates == []
    assert elapsed < 15, f"saving 2,000 articles took {elapsed:.1f}s"
    again = save(engine, batch)
    assert len(again.unchanged) == 2000 and again.new == []
