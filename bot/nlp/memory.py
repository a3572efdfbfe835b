"""What the speaker rules remember while reading: who was named, with what title, and where.

Look-ups are dictionary hits or a bounded walk back, so attribution stays linear in the text.
"""

from __future__ import annotations

import bisect
from collections import Counter
from functools import lru_cache
from typing import NamedTuple

from bot.nlp.given_names import gender_of_given_name
from bot.nlp.lexicon import (
    FEMALE_WORDS,
    INITIALS_SKIP,
    MALE_WORDS,
    NAMED_THINGS,
    ORG_HEADS,
    PARTY_WORDS,
    PERSON_NOUNS,
    PREPOSITIONS,
    PUBLIC_BODY_WORDS,
    TITLE_WORDS,
)
from bot.nlp.names import Mention

_PUBLIC_BODY_WORDS = PUBLIC_BODY_WORDS
_SMALL_WORDS = INITIALS_SKIP  # left out of initials
_LONGEST_NAME = 4  # words; a longer capitalised run is a headline, not a person
_LOOKBACK = 60  # mentions a pronoun may reach back over


# Where a pronoun's referent came from (``newsbot quotes --explain`` prints these).
_IN_SENTENCE = "a body named earlier in its sentence"
_SPEAKER_HERE = "the last speaker in its paragraph"
_SUBJECT_HERE = "the last sentence subject in its paragraph"
_SINGULAR_THEY = "the last person who spoke in its paragraph"
_SALIENT_BEFORE = "the last speaker or subject before its paragraph"


class Event(NamedTuple):
    # A named tuple, not a frozen dataclass: about 35 per article, and a third of the cost.
    at: int  # stream index of the mention ("index" would hide tuple.index)
    paragraph: int
    name: str
    kind: str
    speech: bool  # the subject of a speech verb: "Ushakov said", "said Ushakov"
    subject: bool  # opens its sentence


class Referent(NamedTuple):
    """What a pronoun refers to: the mention it went to and why that one."""

    event: Event
    why: str


def _initials(name: str) -> str:
    return "".join(w[0] for w in name.lower().split() if w not in _SMALL_WORDS)


def _first_word(name: str) -> str:
    return name.lower().split(" ", 1)[0]


def _headline_around(known: str, name: str) -> bool:
    """Is ``known`` a longer run holding ``name`` with words after it ("Rival Ann Lee Wins
    Vote" around "Ann Lee")? A name that only ends ``known`` is its full form instead."""
    return f" {name} " in f" {known} " and not known.endswith(" " + name)


def group_head(name: str) -> str:
    """The noun a group phrase is about: "spokesman" in "spokesman for the ministry"."""
    words = name.lower().split()
    for k in range(1, len(words)):
        if words[k] in PREPOSITIONS:
            return words[k - 1]
    return words[-1]


@lru_cache(maxsize=4096)
def _one_person(name: str, kind: str) -> bool:
    # Cached: a pronoun checks up to 60 events, and an article names few distinct speakers.
    return kind == "person" or (kind == "group" and group_head(name) in PERSON_NOUNS)


def _fits(pronoun: str, event: Event) -> bool:
    """Can ``pronoun`` refer to what ``event`` named? Person roles take he/she; bodies it/they."""
    one_person = _one_person(event.name, event.kind)
    if pronoun in ("he", "she"):
        return one_person
    return event.kind in ("org", "group") and not one_person


class Memory:
    """Everyone named in the text, outside quotations: full names, titles, salience.

    Look-ups are dictionary hits or a bounded walk back, so attribution stays linear.
    """

    def __init__(self) -> None:
        self.titles: dict[str, str | None] = {}
        self.surnames: dict[str, str] = {}
        self._namesakes: dict[str, list[str]] = {}  # "clinton": Hillary Clinton, Bill Clinton
        self.events: list[Event] = []
        self._index: list[int] = []
        self._by_word: dict[str, set[str]] = {}
        self._orgs: set[str] = set()  # organisations named in more than one word
        self._named: set[str] = set()  # people named in full
        self._by_initials: dict[str, set[str]] = {}
        self._by_first_word: dict[str, set[str]] = {}
        self._by_title_head: dict[str, set[str]] = {}
        self._company: str | None = None
        self.dateline_end = 0  # stream index just past the text's dateline, if it has one
        self.listeners: set[str] = set()
        # "he" or "she", from the first clue after or before a person's mention.
        self.genders: dict[str, str] = {}  # told to: "told Nordwire", an outlet, not a source

    def add(self, mention: Mention, event: Event, title: str | None) -> None:
        if mention.kind == "person" and mention.name.count(" ") < _LONGEST_NAME:
            name = self.full_name(mention.name)
            if self.titles.get(name) is None:
                self.titles[name] = title or mention.title
            words = mention.name.split()
            party = words[0].lower() in PARTY_WORDS  # "Democrat Ann Lee" is Ann Lee
            for k in range(1, len(words)):
                # "Whitfield" and "Vance Whitfield" both name "Dolores Vance Whitfield".
                for tail in {words[k]} if party else {words[k], " ".join(words[k:])}:
                    key = tail.rstrip(",").lower()
                    known = self.surnames.get(key)
                    # A headline run read as a name ("Glenn Vale Blasts Critics") gives way
                    # to the name inside it, once that is given on its own.
                    if known is None or _headline_around(known, mention.name):
                        self.surnames[key] = mention.name
                    namesakes = self._namesakes.setdefault(key, [])
                    if mention.name not in namesakes:
                        namesakes.append(mention.name)
            self._named.add(mention.name)
        self.append(event)

    def append(self, event: Event) -> None:
        self.events.append(event)
        if event.kind == "org" and " " in event.name:
            self._orgs.add(event.name)
        # An organisation answers to any of its words ("the college"); a group only to its
        # head ("the musicians", not "the orchestra" for "musicians at the orchestra").
        if event.kind in ("org", "group"):
            words = event.name.lower().split() if event.kind == "org" else [group_head(event.name)]
            for word in words:
                self._by_word.setdefault(word, set()).add(event.name)

    def finish(self) -> None:
        """Called once reading is done: index what the look-ups need, so each is a dict hit."""
        self.events.sort(key=lambda e: e.at)
        self._index = [e.at for e in self.events]
        for org in self._orgs:
            self._by_initials.setdefault(_initials(org), set()).add(org)
        # Companies often look like people ("Helmsford Foods"), so both answer to a first word.
        for name in self._orgs | {n for n in self._named if " " in n}:
            self._by_first_word.setdefault(_first_word(name), set()).add(name)
        for name, title in self.titles.items():
            if title:
                self._by_title_head.setdefault(group_head(title), set()).add(name)
        self._company = self._most_named_company()

    def named_org(self, noun: str) -> str:
        """ "college" -> "Royal College of Nursing" when exactly that head noun was named."""
        if " " in noun:
            return noun
        found = self._by_word.get(noun.lower(), set())
        return next(iter(found)) if len(found) == 1 else noun

    def events_between(self, lo: int, hi: int) -> list[Event]:
        """The events at stream indices ``lo`` up to (not including) ``hi``, in order."""
        index = self._index
        return self.events[bisect.bisect_left(index, lo) : bisect.bisect_left(index, hi)]

    def last_speech_from(self, paragraph: int, *, at_or_after: int) -> str | None:
        """Who speaks in the stretch of ``paragraph`` from stream index ``at_or_after``."""
        cut = bisect.bisect_left(self._index, at_or_after)
        for event in self.events[cut:]:
            if event.paragraph > paragraph:
                break
            if event.paragraph == paragraph and event.speech:
                return event.name
        return None

    def company(self) -> str | None:
        """ "the company": the business this article names most (first named on a tie), if
        any; public bodies and news outlets are not companies."""
        return self._company

    def _most_named_company(self) -> str | None:
        names = (  # "Brightwater" counts for "Brightwater Foods Plc"
            self.org_name(e.name)
            for e in self.events
            if (e.kind == "org" or (e.kind == "name" and not self._person_named(e.name)))
            and e.name not in self.listeners
        )
        counts: Counter[str] = Counter(
            name
            for name in names
            if not _PUBLIC_BODY_WORDS.intersection(name.lower().split())
            and name.split(" ", 1)[0].lower() not in NAMED_THINGS  # "Storm Elin" is no firm
            and name not in self._named  # "Trayvon" is Trayvon Martin, a person
        )
        return counts.most_common(1)[0][0] if counts else None

    def _person_named(self, name: str) -> bool:
        """A name the text gave a title, a full name or a gender for: a person, no firm."""
        full = self.full_name(name)
        return full in self.titles or full in self._named or self.gender(name) is not None

    def org_name(self, name: str) -> str:
        """ "ERO" -> "Energy Regulatory Office", "Valgas" -> "Valgas Distribution": the one
        organisation named in full whose initials, or whose first word, this is."""
        if " " in name:
            return name
        key = name.lower()
        index = self._by_initials if name.isupper() and len(name) > 1 else self._by_first_word
        found = index.get(key, set())
        return next(iter(found)) if len(found) == 1 else name

    def org_between(self, first: int, at: int) -> str | None:
        """The organisation named nearest before stream index ``at``, at or after ``first``
        (a bounded walk back over the events of those tokens)."""
        cut = bisect.bisect_left(self._index, at)
        for event in reversed(self.events[max(0, cut - _LOOKBACK) : cut]):
            if event.at < first:
                return None
            if event.kind == "org":
                return event.name
        return None

    def person_titled(self, role: str) -> str | None:
        """ "judge" -> "Rowan Pike" when exactly one person named has that title."""
        role = role.lower()
        if role not in TITLE_WORDS or role in ORG_HEADS:
            return None  # "the operator" is a company, not the operator's spokesman
        found = self._by_title_head.get(role, set())
        return next(iter(found)) if len(found) == 1 else None

    def full_name(self, name: str, gender: str | None = None) -> str:
        """The full name a surname (one word or several) was given earlier, else ``name``.

        Rule "namesake by honorific": with a ``gender`` ("Mrs. Clinton"), the namesake known
        to be of that gender, else the full name if its gender is unknown, else the surname
        alone (never a name of the other gender).
        """
        key = name.lower()
        full = self.surnames.get(key, name)
        if gender is None or full == name or self.gender(full) == gender:
            return full
        same = (n for n in self._namesakes.get(key, ()) if self.gender(n) == gender)
        return next(same, full if self.gender(full) is None else name)

    def resolve_pronoun(
        self, pronoun: str, index: int, paragraph: int, sentence_start: int = 0
    ) -> Referent | None:
        """Same paragraph: last speech subject, else last sentence subject; then any salient.

        "It" and "they" first look for a body named earlier in their own sentence: "after the
        government agreed ... what it called". The answer names the mention it went to and
        the pool it came from, for ``--explain``.
        """
        if pronoun not in ("he", "she", "they", "it"):
            return None
        cut = bisect.bisect_left(self._index, index)
        window = self.events[max(0, cut - _LOOKBACK) : cut]
        personal = pronoun in ("he", "she")
        recent = [e for e in window if _fits(pronoun, e) or (personal and self._lone_name(e))]
        if pronoun in ("he", "she"):
            other = "she" if pronoun == "he" else "he"
            recent = [e for e in recent if self._event_gender(e) != other]
        same = [e for e in recent if e.paragraph == paragraph]
        salient = [e for e in recent if e.speech or e.subject]
        sentence = [e for e in same if e.at >= sentence_start] if pronoun in ("it", "they") else []
        pools = (
            (_IN_SENTENCE, sentence),
            (_SPEAKER_HERE, [e for e in same if e.speech]),
            (_SUBJECT_HERE, [e for e in same if e.subject]),
        )
        for why, pool in pools:
            if pool:
                return Referent(self._likeliest(pronoun, pool), why)
        if pronoun == "they":
            # Singular "they": no body fits in this paragraph, but a person spoke in it.
            person = self._last_speaker(cut, paragraph)
            if person is not None:
                return Referent(person, _SINGULAR_THEY)
        return Referent(salient[-1], _SALIENT_BEFORE) if salient else None

    def is_person(self, event: Event) -> bool:
        """A person by kind, or a bare surname the text gave in full or with a gender."""
        return event.kind == "person" or self._lone_name(event)

    def _lone_name(self, event: Event) -> bool:
        """A bare surname is a person once the text gave the full name or a gender for it, or
        it is the subject of a speech verb ("Cuban said")."""
        if event.kind != "name":
            return False
        known = self.full_name(event.name) in self._named or self.gender(event.name) is not None
        return known or event.speech  # "Cuban said": a lone name that speaks is someone

    def _likeliest(self, pronoun: str, pool: list[Event]) -> Event:
        """The latest of ``pool`` known to have the pronoun's gender, else the latest."""
        if pronoun in ("he", "she"):
            for event in reversed(pool):
                if self.gender(event.name) == pronoun:
                    return event
        return pool[-1]

    def _event_gender(self, event: Event) -> str | None:
        """A person's gender, or a group's from its noun: "a spokeswoman" is "she"."""
        if event.kind != "group":
            return self.gender(event.name)
        head = group_head(event.name)
        return "he" if head in MALE_WORDS else "she" if head in FEMALE_WORDS else None

    def gender(self, name: str) -> str | None:
        """ "he"/"she" from a clue the text gave ("Mrs. Lee"), else from the first name of
        the person's full name ("Hillary Clinton"), else None."""
        full = self.full_name(name)
        clue = self.genders.get(name) or self.genders.get(full)
        return clue or gender_of_given_name(full.split(" ", 1)[0])

    def _last_speaker(self, cut: int, paragraph: int) -> Event | None:
        for event in reversed(self.events[max(0, cut - _LOOKBACK) : cut]):
            if event.paragraph != paragraph:
                return None
            if event.speech and event.kind == "person":
                return event
        return None
