from __future__ import annotations

from pathlib import Path

import pytest

from bot.errors import TopicError
from bot.resources import resource_dir
from bot.text.topics import TopicCatalog, load_topics, match_score, parse_topics
from fakes.digest import article


@pytest.fixture
def catalog() -> TopicCatalog:
    return load_topics(resource_dir("config") / "topics.toml")


def test_bundled_topics_load_and_putin_biden_uses_aliases(catalog: TopicCatalog) -> None:
    topic = catalog.resolve("putin-biden")
    assert topic.name == "Putin–Biden talks"
    assert [t.label for t in topic.all_terms] == ["putin", "biden"]
    assert ("vladimir", "putin") in topic.all_terms[0].phrases
    assert {"putin-biden", "climate", "central-banks"} <= set(catalog.topics)


def test_every_all_term_must_appear(catalog: TopicCatalog) -> None:
    topic = catalog.resolve("putin-biden")
    both = article("Kremlin sets date for Putin-Biden call", "Officials confirmed it.")
    one = article("Putin visits India", "Trade deals were signed.")
    assert match_score(topic, both) > 0
    assert match_score(topic, one) == 0


def test_title_hits_score_higher_than_lead_hits(catalog: TopicCatalog) -> None:
    topic = catalog.resolve("putin-biden")
    in_title = article("Putin and Biden to speak", "A call is planned.")
    in_lead = article("Leaders to speak", "Putin and Biden will hold a call.")
    assert match_score(topic, in_title) > match_score(topic, in_lead) > 0


def test_only_title_and_lead_count(catalog: TopicCatalog) -> None:
    topic = catalog.resolve("putin-biden")
    late = article("Leaders", "One.", "Two.", "Three.", "Four.", "Putin and Biden spoke.")
    assert match_score(topic, late) == 0


def test_any_and_exclude_terms() -> None:
    catalog = parse_topics(
        {"topics": {"banks": {"any": ["ecb", "bank of england"], "exclude": ["crypto"]}}}
    )
    topic = catalog.resolve("banks")
    assert match_score(topic, "The Bank of England held rates.") > 0
    assert match_score(topic, "England held on to win.") == 0
    assert match_score(topic, "The ECB warned about crypto.") == 0
    assert match_score(topic, "The ECB cut rates.") > 0


def test_undefined_slug_means_every_word_with_aliases(catalog: TopicCatalog) -> None:
    topic = catalog.resolve("putin-biden-talks")
    assert topic.name == "Putin Biden Talks"
    assert match_score(topic, "Vladimir Putin and Joe Biden agree to talks.") > 0
    assert match_score(topic, "Vladimir Putin and Joe Biden spoke.") == 0
    # Stop words in a slug are dropped rather than required.
    assert [t.label for t in catalog.resolve("bank-of-england").all_terms] == ["bank", "england"]


@pytest.mark.parametrize(
    "slug", ["", "Putin-Biden", "putin biden", "putin_biden", "x" * 65, "émigré", "a-b/../c"]
)
def test_invalid_slugs_are_refused_with_a_hint(catalog: TopicCatalog, slug: str) -> None:
    with pytest.raises(TopicError, match="lowercase letters"):
        catalog.resolve(slug)


@pytest.mark.parametrize(
    ("slug", "offered"),
    [
        ("putin-bidne", "putin-biden (searches putin and biden)"),
        ("climte", "climate (searches cop and one of climate, emissions or adaptation)"),
        ("central-bank", "central-banks (searches one of fed, ecb, boe or central bank, but not"),
    ],
)
def test_a_misspelt_topic_is_refused_with_the_closest_topics(
    catalog: TopicCatalog, slug: str, offered: str
) -> None:
    with pytest.raises(TopicError) as refused:
        catalog.resolve(slug)
    message = str(refused.value)
    assert message.startswith(f"unknown topic {slug!r}. Did you mean {offered}")
    assert "\n" not in message


@pytest.mark.parametrize("slug", ["russia", "ecb-rates", "putin-biden-talks", "biden-putin"])
def test_a_slug_unlike_any_topic_still_searches_its_words(catalog: TopicCatalog, slug: str) -> None:
    assert catalog.resolve(slug).slug == slug


def test_suggestions_are_the_closest_first(catalog: TopicCatalog) -> None:
    assert [t.slug for t in catalog.closest("putin-bidne")] == ["putin-biden"]
    assert [t.slug for t in catalog.closest("rate")][:1] == ["rates"]


def test_a_slug_of_only_stop_words_is_refused(catalog: TopicCatalog) -> None:
    with pytest.raises(TopicError, match="no searchable word"):
        catalog.resolve("of-the-a")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[topics.x]\nall = 'putin'\n", "must be a list of strings"),
        ("[topics.x]\nname = 'X'\n", "needs at least one"),
        ("[topics.x]\nall = ['a']\nsome = ['b']\n", "unknown key"),
        ("[topics.X]\nall = ['putin']\n", "lowercase letters"),
        ("[aliases]\nus = ['u.s.']\n", "stop word"),
        ("[topics.x\n", "cannot be read"),
        ("[[topic]]\nslug = 'x'\nall = ['putin']\n", r"unknown top-level key\(s\) \['topic'\]"),
        ("[alias]\nputin = ['vladimir putin']\n", r"\['alias'\]"),
        ("title = 'My topics'\n[topics.x]\nall = ['putin']\n", r"\['title'\]"),
    ],
)
def test_bad_topics_files_name_the_file_and_problem(
    tmp_path: Path, text: str, message: str
) -> None:
    path = tmp_path / "topics.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(TopicError, match=message) as caught:
        load_topics(path)
    assert str(path) in str(caught.value)


def test_missing_topics_file(tmp_path: Path) -> None:
    with pytest.raises(TopicError, match="does not exist"):
        load_topics(tmp_path / "nope.toml")


def test_a_topics_file_that_is_not_utf8_names_the_file(tmp_path: Path) -> None:
    path = tmp_path / "topics.toml"
    path.write_bytes("[topics.x]\nname = 'Zürich'\nall = ['zurich']\n".encode("latin-1"))
    with pytest.raises(TopicError, match="not UTF-8") as caught:
        load_topics(path)
    assert str(path) in str(caught.value)
