from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

from bot.digest.stories import Item, cluster, make_stories, make_story, merge_quotes, shingles
from bot.model import Quote
from fakes.digest import article, quote_in
from tests.digest.conftest import ARTICLES, COPY, HARBOR, MERIDIAN, WIRE, item


def _ids(groups: list[list[Item]]) -> list[list[int]]:
    return [[x.id for x in g] for g in groups]


def test_reports_of_one_event_form_one_story_and_other_events_stay_apart() -> None:
    items = [item(i) for i in ARTICLES]
    assert _ids(cluster(items)) == [[1, 2, 3, 4], [5], [6], [7]]


def test_a_syndicated_copy_is_found_by_its_text_and_marked_as_the_copy() -> None:
    groups = cluster([item(2), item(1)])
    assert _ids(groups) == [[2, 1]]
    copy = next(x for x in groups[0] if x.id == 2)
    assert copy.duplicate_of == 1  # the later of the two


def test_a_stored_duplicate_link_joins_even_unlike_texts() -> None:
    other = article("Totally different words", "Nothing in common here at all.")
    groups = cluster([item(1), item(7, article=other, duplicate_of=1)])
    assert _ids(groups) == [[1, 7]]


def test_same_event_words_far_apart_in_time_are_two_stories() -> None:
    assert WIRE.published is not None
    late = replace(HARBOR, published=WIRE.published + timedelta(days=5))
    groups = cluster([item(1), item(4, article=late)])
    assert _ids(groups) == [[1], [4]]


def test_story_takes_the_original_wire_title_and_summary_and_lists_every_source() -> None:
    story = make_stories([item(3), item(2), item(4), item(1)])[0]
    assert story.title == WIRE.title
    assert story.summary == (WIRE.paragraphs[0],)
    assert story.sources[0].outlet == "Continental Press Agency"
    assert {s.url for s in story.sources} == {a.url for a in (WIRE, COPY, MERIDIAN, HARBOR)}
    assert story.article_ids == (1, 2, 3, 4)
    assert story.published == WIRE.published
    assert story.first_seen == WIRE.published


def test_merged_quotes_have_no_repeats_and_keep_the_fuller_wording() -> None:
    story = make_stories([item(1), item(2), item(3), item(4)])[0]
    texts = [q.text for q in story.quotes]
    assert len(texts) == len(set(texts)) == 3
    date = next(q for q in story.quotes if q.text.startswith("The date"))
    assert "confirm the hour" in date.text and date.speaker == "Arkady Voronin"
    nobody = next(q for q in story.quotes if q.text.startswith("Nobody"))
    assert nobody.speaker == "Arkady Voronin"  # the copy's unattributed one lost
    assert any(q.speaker == "White House official" for q in story.quotes)


def test_every_merged_quote_is_verbatim_in_the_article_it_names() -> None:
    by_url = {a.url: a for a in ARTICLES.values()}
    story = make_stories([item(i) for i in (1, 2, 3, 4)])[0]
    for quote in (*story.quotes, *story.key_quotes):
        assert quote.source_url in by_url
        assert by_url[quote.source_url].text[quote.start : quote.end] == quote.text
    assert 1 <= len({q.utterance_key for q in story.key_quotes}) <= 2
    assert set(story.key_quotes) <= set(story.quotes)


def test_different_speakers_with_the_same_words_stay_two_quotes() -> None:
    a = article("T", '"We will not give up," said Anna Berg. "We will not give up," said Tom Ray.')
    first = quote_in(a, "We will not give up,", "Anna Berg")
    second = Quote(first.text, a.text.rindex(first.text), a.text.rindex(first.text) + 20, "Tom Ray")
    merged = merge_quotes([item(1, article=a, quotes=(first, second))])
    assert [q.speaker for q in merged] == ["Anna Berg", "Tom Ray"]


def test_story_id_is_stable_and_follows_the_best_article() -> None:
    one = make_story([item(1), item(2)])
    again = make_story([item(2), item(1)])
    assert one.id == again.id and one.id.startswith("s")
    assert make_story([item(3)]).id != one.id


def test_undated_articles_cluster_without_crashing() -> None:
    undated = [
        item(i, article=replace(ARTICLES[i], published=None), first_seen=None) for i in (1, 3, 4)
    ]
    stories = make_stories(undated)
    assert len(stories) == 1 and stories[0].published is None


def test_shingles_ignore_case_and_punctuation() -> None:
    assert shingles("One, two; THREE four five six") == shingles("one two three four five six")
    assert shingles("") == frozenset()
    assert shingles("two words") == frozenset({"two words"})


def test_empty_input_gives_no_stories() -> None:
    assert make_stories([]) == []
