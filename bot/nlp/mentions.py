"""Who is named where: the speaker memory, read from the words outside quotations.

Every capitalised run and every "a/the ... role noun" phrase is read once, in text order, into
a :class:`~bot.nlp.memory.Memory` of mentions (name, kind, title, paragraph, whether it is the
subject of its sentence or of a speech verb). speakers.py then asks that memory who "he",
"Ushakov" or "the college" is. Only capitalised tokens and articles with a role noun in reach
are visited, so reading stays linear in the text.
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence
from itertools import compress, count, repeat
from operator import add, attrgetter, gt

from bot.nlp.appositives import appositive, phrase_before_appositive
from bot.nlp.lexicon import (
    ARTICLES,
    FEMALE_WORDS,
    HONORIFICS,
    LOWER_CASE_ROLES,
    MALE_WORDS,
    OBJECT_PREPOSITIONS,
    ORG_WORDS,
    PREPOSITIONS,
    PRONOUNS,
    ROLE_NOUNS,
    TITLE_WORDS,
)
from bot.nlp.memory import Event, Memory
from bot.nlp.names import Mention, is_role_word, parse_phrase
from bot.nlp.phrases import is_modifier, np_word, phrase_after, phrase_before
from bot.nlp.salience import SENTENCE_ENDS, Salience, is_verb
from bot.nlp.stream import Stream, indices_where
from bot.nlp.tokens import Token

_ARTICLES = ARTICLES
_ROLE_OR_ORG = ROLE_NOUNS | ORG_WORDS | LOWER_CASE_ROLES
_LOW = attrgetter("low")
_IS_CAP = attrgetter("is_cap")
_OBJECT_PREPOSITIONS = OBJECT_PREPOSITIONS
_ASIDE_REACH = 18  # tokens an appositive after a name may take before its closing comma
_POSSESSIVES = frozenset(("his", "her", "their", "its", "my", "our", "your"))
_GENDERED = MALE_WORDS | FEMALE_WORDS
# Pronouns tell someone's gender only as what they refer to: "herself a Sanders supporter"
# says nothing of Sanders.
_GENDERED_TITLES = (
    _GENDERED - PRONOUNS - frozenset(("his", "him", "her", "hers", "himself", "herself"))
)
_GENDER_REACH = 16  # tokens after a name within which a pronoun tells its gender
_ROLE_REACH = 12  # a role noun this many tokens after "a"/"the" may end a group mention


def read_mentions(text: str, stream: Stream) -> Memory:
    """The memory of everyone named in ``text`` outside its quotations."""
    return _Reader(text, stream).memory


def _affiliated(phrase: Sequence[Token]) -> bool:
    """ "spokesman for Kelsford Business District": a role noun, then whose it is."""
    return any(
        phrase[k].low in PREPOSITIONS and phrase[k - 1].low in ROLE_NOUNS
        for k in range(1, len(phrase) - 1)
    )


def _through_affiliation(phrase: list[Token]) -> list[Token]:
    """The phrase if it ends in a role noun, or in a role noun's affiliation; else empty."""
    if phrase and phrase[-1].is_cap and not _affiliated(phrase):
        return []
    return phrase


def _possessed(before: Token) -> bool:
    """ "who lost her son": after a possessive, a relative of someone, no clue to the
    person's own gender."""
    return before.low in _POSSESSIVES or before.low.endswith(("'s", "’s"))


class _Reader:
    def __init__(self, text: str, stream: Stream) -> None:
        self.text = text
        self.stream = stream
        self.toks = stream.tokens
        self.memory = Memory()
        # Where role nouns and organisation words are, for a cheap look-ahead from "a"/"the".
        self._role_at = indices_where(self.toks, _LOW, _ROLE_OR_ORG)
        self.salience = Salience(stream)
        self._dateline_end = self.salience.dateline_end
        self.memory.dateline_end = self._dateline_end
        self._remember_all()
        self._read_genders()
        self.memory.finish()

    def _remember_all(self) -> None:
        toks = self.toks
        # Only capitalised words and articles can start a mention: visit just those tokens, and
        # of the articles only those with a role noun close enough to make a group mention.
        caps = compress(count(), map(_IS_CAP, toks))
        starts = sorted({*caps, *self._articles_before_roles()})
        # A dateline ("RASTOVA, Norland (Nordwire) -") names a place and an agency: no speaker.
        covered = self._dateline_end
        for i in starts:
            if i < covered:
                continue
            tok = toks[i]
            if tok.low in _ARTICLES:
                self._remember_group(i)
            if not (tok.is_cap and tok.is_word):
                continue
            end = self._run_end(i)
            covered = end
            found = self._mention_at(i, end)
            if found is not None:
                mention, title, first = found
                self.memory.add(mention, self._event(first, end, mention, i), title)

    def _read_genders(self) -> None:
        """Each person's gender from an honorific or a gendered role just before the name or
        in the words set off after it ("Mrs. Lee", "spokeswoman Ann Lee", "Ann Lee, a
        mother of two,"). Pronouns are no clue: in "Otieno said she had trained" she is
        someone else."""
        toks, genders = self.toks, self.memory.genders
        for event in self.memory.events:
            if event.kind != "person" or event.name in genders:
                continue
            before = toks[max(0, event.at - 2) : event.at]
            clue = next((t.low for t in before if t.low in _GENDERED_TITLES), None)
            k = event.at
            while k < len(toks) and (toks[k].is_cap or toks[k].is_initial):
                clue = clue or (toks[k].low if toks[k].low in _GENDERED_TITLES else None)
                k += 1  # past the name itself ("Mr." may open it)
            if clue is None and k < len(toks) and toks[k].text == ",":
                for j in range(k + 1, min(len(toks), k + _GENDER_REACH)):
                    tok = toks[j]
                    if tok.text == "," or tok.low in SENTENCE_ENDS or is_verb(tok):
                        break
                    # "the owner of the Miss Universe pageant": an honorific in the aside
                    # belongs to a name after it, not to this person.
                    honorific = tok.low in HONORIFICS or tok.low == "miss"
                    if (
                        tok.low in _GENDERED_TITLES
                        and not honorific
                        and not _possessed(toks[j - 1])
                    ):
                        clue = tok.low
                        break
            if clue is not None:
                gender = "he" if clue in MALE_WORDS else "she"
                genders[event.name] = genders[self.memory.full_name(event.name)] = gender

    def _articles_before_roles(self) -> list[int]:
        """Indices of "a"/"an"/"the" with :meth:`_role_ahead` true, all found in C."""
        articles = indices_where(self.toks, _LOW, _ARTICLES)
        after = [*self._role_at, len(self.toks) + _ROLE_REACH]  # a sentinel out of reach
        nearest = map(after.__getitem__, map(bisect.bisect_right, repeat(self._role_at), articles))
        reach = map(add, articles, repeat(_ROLE_REACH))
        return list(compress(articles, map(gt, reach, nearest)))

    def _role_ahead(self, i: int) -> bool:
        """Is there a role noun or an organisation word within the next 11 tokens?"""
        k = bisect.bisect_right(self._role_at, i)
        return k < len(self._role_at) and self._role_at[k] < i + _ROLE_REACH

    def _remember_group(self, i: int) -> None:
        """ "A rebel spokesman rejected the claim": later "the spokesman" means him."""
        if not self._role_ahead(i):
            return  # cheap test first: most "a"/"the" phrases name no speaker
        if i > 0 and self.toks[i - 1].low in _OBJECT_PREPOSITIONS:
            return  # "In a statement, it said": an object, never the one speaking
        if i > 1 and self.toks[i - 1].text == "," and self.toks[i - 2].is_cap and self._aside(i):
            return  # "Dev Sharma, a father of two,": who Sharma is, not someone else
        phrase, _ = phrase_after(self.toks, i + 1)
        phrase = _through_affiliation(phrase)
        if not phrase:
            return
        head = phrase[-1].low
        if not is_role_word(head) and head not in ORG_WORDS and not _affiliated(phrase):
            return
        if not all(np_word(t) or is_modifier(t) for t in phrase):
            return
        name = self.text[phrase[0].start : phrase[-1].end]
        if self.toks[i].low == "the":
            name = self.memory.named_org(phrase[-1].low)  # "the college": one named before
            name = name if name != phrase[-1].low else self.text[phrase[0].start : phrase[-1].end]
        subject = self.salience.is_subject(i)
        event = Event(i, self.stream.paragraph(i), name, "group", False, subject)
        self.memory.append(event)

    def _aside(self, i: int) -> bool:
        """Does the phrase at ``i`` close with a comma before any speech verb ("Dev Sharma, a
        father of two, said"), rather than speak itself ("In Washington, a White House official
        said")?"""
        for tok in self.toks[i + 1 : i + _ASIDE_REACH]:
            if tok.text == ",":
                return True
            if tok.low in SENTENCE_ENDS or is_verb(tok):
                return False
        return False

    def _run_end(self, i: int) -> int:
        """End of the capitalised run at ``i``, through "of": "Royal College of Nursing"."""
        toks, end = self.toks, i
        while end < len(toks) and toks[end].is_word:
            if not (toks[end].is_cap or toks[end].is_initial or self._of_continues(i, end)):
                break
            end += 1
        return end

    def _of_continues(self, i: int, end: int) -> bool:
        """ "of" stays in a run that names an institution or a title, not after a person."""
        toks = self.toks
        if toks[end].low != "of" or end + 1 >= len(toks) or not toks[end + 1].is_cap:
            return False
        return end > i and (toks[end - 1].low in ORG_WORDS or toks[end - 1].low in TITLE_WORDS)

    def _mention_at(self, i: int, end: int) -> tuple[Mention, str | None, int] | None:
        toks = self.toks
        between_commas = i > 0 and toks[i - 1].text == "," and end < len(toks)
        if between_commas and toks[end].text == ",":
            # "The operator, Coastline Rail, said" / "Her coach, Samuel Otieno, said"
            names, title, first = phrase_before_appositive(self.text, toks, end + 1)
            if names and names[-1] is toks[end - 1] and title:
                mention = parse_phrase(self.text, names)
                if mention is not None:
                    return mention, title, first
        while end < len(toks) and toks[end - 1].low.endswith(("'s", "’s")):
            if not (toks[end].text.islower() and toks[end].low in ROLE_NOUNS):
                break
            end += 1  # "Arjun Iyer's father" is the father, not Arjun Iyer
        phrase = phrase_before(toks, end)
        mention = parse_phrase(self.text, phrase) if phrase else None
        if mention is None or mention.kind == "pronoun":
            return None
        return mention, appositive(self.text, toks, end), end - len(phrase)

    def _event(self, start: int, end: int, mention: Mention, name_at: int) -> Event:
        speech, subject = self.salience.flags(start, end, mention.kind, name_at)
        name = (
            self.memory.full_name(mention.name, mention.gender)
            if mention.kind != "org"
            else mention.name
        )
        kind = mention.kind if mention.kind != "name" or name != mention.name else "name"
        if kind == "name" and name in self.memory.titles:
            kind = "person"
        if start > 0 and self.toks[start - 1].low in ("told", "tells"):
            self.memory.listeners.add(name)
        return Event(start, self.stream.paragraph(start), name, kind, speech, subject)
