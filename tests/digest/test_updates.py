"""Rules of story updates, on items made by hand (no store)."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

from bot.digest.stories import Item, make_story
from bot.digest.updates import as_update
from bot.model import Quote, SentStory, Story
from bot.text.keys import quote_key, source_identity
from fakes.digest import T0, article

NOW = T0 + timedelta(days=1)
SAID = "The date is agreed on our side."


def _item(n: int, outlet: str, *quotes: Quote, url: str | None = None) -> Item:
    a = article(f"Report {n}", "Text.", url=url or f"https://o{n}.example/a", outlet=outlet)
    return Item(id=n, article=a, quotes=quotes, first_seen=T0)


def _quote(text: str, speaker: str = "Arkady Voronin") -> Quote:
    return Quote(text=text, start=0, end=len(text), speaker=speaker)


def _sent(*items: Item, at: timedelta = timedelta(days=1)) -> SentStory:
    return SentStory(
        key="s-old",
        article_ids=frozenset(i.id for i in items),
        sources=frozenset(source_identity(i.article.outlet, i.article.url) for i in items),
        quotes=tuple(q for i in items for q in i.quotes),
        first_sent=NOW - at,
        thread_ts="1.1",
        thread_at=NOW - at,
    )


def _update(
    old: list[Item], new: list[Item], *, window: timedelta = timedelta(days=3)
) -> Story | None:
    items = [*old, *new]
    sent = frozenset(i.id for i in old)
    return as_update(make_story(items), items, sent, [_sent(*old)], now=NOW, thread_window=window)


def test_another_page_of_an_outlet_already_shown_is_no_new_source() -> None:
    old = _item(1, "Meridian Post", _quote(SAID))
    again = _item(2, "meridian post", _quote(SAID), url="https://o1.example/b")
    assert _update([old], [again]) is None


def test_a_fuller_wording_of_a_shown_quote_is_not_new_but_another_speaker_is() -> None:
    old = _item(1, "Meridian Post", _quote(SAID))
    fuller = _quote(f"{SAID} We are waiting for the American side.")
    other = _quote(SAID, speaker="Jen Psaki")
    update = _update([old], [_item(2, "Harbor Daily", fuller, other)])
    assert update is not None and update.id == "s-old"
    assert [q.speaker for q in update.quotes] == ["Jen Psaki"]
    assert [s.outlet for s in update.sources] == ["Harbor Daily"]


def test_the_thread_is_the_earlier_one_only_while_it_is_recent() -> None:
    old = _item(1, "Meridian Post")
    new = _item(2, "Harbor Daily", _quote("Nobody expects miracles."))
    recent = _update([old], [new])
    assert recent is not None and recent.update is not None
    assert recent.update.thread_ts == "1.1"
    late = _update([old], [new], window=timedelta(hours=23))
    assert late is not None and late.update is not None and late.update.thread_ts is None


def test_a_story_without_a_record_stays_out() -> None:
    old, new = _item(1, "Meridian Post"), _item(2, "Harbor Daily")
    story = make_story([old, new])
    assert as_update(story, [old, new], frozenset({1}), [], now=NOW) is None


def test_quote_keys_ignore_case_punctuation_and_first_names() -> None:
    a = _quote("The date is agreed, on our side.")
    b = replace(_quote("the date is agreed on our side"), speaker="Voronin")
    assert quote_key(a) == quote_key(b) != quote_key(replace(b, speaker="Psaki"))
