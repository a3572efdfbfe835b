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
    ALL_PREPOSITIONS,
    ARTICLES,
    CLOCK_WORDS,
    DASHES,
    DETERMINERS,
    FEMALE_WORDS,
    FRAMING_VERBS,
    HONORIFICS,
    LOWER_CASE_ROLES,
    MALE_WORDS,
    OBJECT_PREPOSITIONS,
    ORG_WORDS,
    PHRASE_STOPS,
    PREPOSITIONS,
    PRONOUNS,
    ROLE_NOUNS,
    SPEECH_VERBS,
    TITLE_WORDS,
)
from bot.nlp.memory import Event, Memory
from bot.nlp.names import (
    Mention,
    is_adverb,
    is_modifier,
    is_role_word,
    np_word,
    parse_phrase,
    phrase_after,
    phrase_before,
)
from bot.nlp.openers import opens_with_phrase
from bot.nlp.stream import Stream, indices_where
from bot.nlp.tokens import Token

_ARTICLES = ARTICLES
_ROLE_OR_ORG = ROLE_NOUNS | ORG_WORDS | LOWER_CASE_ROLES
_LOW = attrgetter("low")
_IS_CAP = attrgetter("is_cap")
_TIMES = CLOCK_WORDS
_DASHES = DASHES
_DATELINE_REACH = 12  # tokens a dateline may take: "WASHINGTON, Dec 3 (Reuters) -"
_OBJECT_PREPOSITIONS = OBJECT_PREPOSITIONS
_NOT_MODIFIERS = PHRASE_STOPS | PREPOSITIONS
_GROUP_REACH = 30  # tokens a comma-set group after a name may take: relative clauses run long
_SUBJECT_REACH = 30  # tokens a subject's noun phrase may stand from its sentence's start
_ASIDE_REACH = 18  # tokens an appositive after a name may take before its closing comma
_SENTENCE_ENDS = frozenset((".", "!", "?", "\n", "\x00"))
_POSSESSIVES = frozenset(("his", "her", "their", "its", "my", "our", "your"))
_INVERSION_OPENERS = frozenset((",", ":", ";", "(", *DASHES))
_GENDERED = MALE_WORDS | FEMALE_WORDS
# Pronouns tell someone's gender only as what they refer to: "herself a Sanders supporter"
# says nothing of Sanders.
_GENDERED_TITLES = (
    _GENDERED - PRONOUNS - frozenset(("his", "him", "her", "hers", "himself", "herself"))
)
_LOOSE_TITLE_WORDS = 3  # plain lower-case words a title before a subject may hold
_SHORT_OPENER = 3  # words of an opener before its comma: "Hours later,", "In the end,"
_GENDER_REACH = 16  # tokens after a name within which a pronoun tells its gender
_ROLE_REACH = 12  # a role noun this many tokens after "a"/"the" may end a group mention


def read_mentions(text: str, stream: Stream) -> Memory:
    """The memory of everyone named in ``text`` outside its quotations."""
    return _Reader(text, stream).memory


def _np_like(tok: Token) -> bool:
    return tok.is_word and (
        tok.is_cap
        or tok.is_initial
        or tok.low in DETERMINERS
        or tok.low in ROLE_NOUNS
        or tok.low in ("of", "for", "at")
        or tok.low.endswith(("'s", "’s"))
    )


def is_verb(tok: Token, framing: bool = False) -> bool:
    return tok.low in SPEECH_VERBS or (framing and tok.low in FRAMING_VERBS)


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


def _comma_before(toks: Sequence[Token], start: int) -> bool:
    """A comma just before ``start``, maybe with a modifier between: ", retired teacher X"."""
    j = start - 1
    while (
        j >= 0 and start - j <= 2 and toks[j].text.islower() and toks[j].low not in _NOT_MODIFIERS
    ):
        j -= 1  # "retired", not "of" (", of Elm Row, said": a place, not the subject)
    return j >= 0 and toks[j].text == ","


def _introduced(toks: Sequence[Token], end: int) -> bool:
    """ "retired postman Keith Lloyd, 67, who ...": a person given an age is introduced to be
    heard from, as salient as a sentence subject."""
    return (
        end + 2 < len(toks)
        and toks[end].text == ","
        and toks[end + 1].text.isdigit()
        and toks[end + 2].text == ","
    )


def _inverts(toks: Sequence[Token], verb: int) -> bool:
    """Rule "said X inverts": the name after a speech verb is its speaker only when nothing
    before the verb could be its subject: a quotation, a comma or the sentence's start
    ("..." said Ann Lee; ..., said Ann Lee). In "Pantucci said China and Russia have" the
    verb has its subject, and China is what was said about."""
    if verb == 0:
        return True
    before = toks[verb - 1]
    return before.text in _INVERSION_OPENERS or before.low in _SENTENCE_ENDS or is_adverb(before)


def _modifies_noun(toks: Sequence[Token], end: int) -> bool:
    """Rule "name as modifier": a name right before a lower-case role or body ("a Trump
    supporter", "the Clinton campaign", "Sanders aides") describes someone else."""
    if end >= len(toks) or not toks[end].is_word or not toks[end].text.islower():
        return False
    if toks[end - 1].low.endswith(("'s", "’s")):
        return False  # "Arjun Iyer's father said": the mention is the father himself
    low = toks[end].low
    return is_role_word(low) or low in ORG_WORDS


def _possessed(before: Token) -> bool:
    """ "who lost her son": after a possessive, a relative of someone, no clue to the
    person's own gender."""
    return before.low in _POSSESSIVES or before.low.endswith(("'s", "’s"))


def _clause_follows(toks: Sequence[Token], end: int) -> bool:
    """Does a verb follow the name, as in "said Fairlie had"? ("said Ushakov on Friday" is
    still the speaker: a preposition or conjunction follows there.)"""
    if end >= len(toks) or not toks[end].is_word or not toks[end].text[0].islower():
        return False
    return toks[end].low not in PHRASE_STOPS


class _Reader:
    def __init__(self, text: str, stream: Stream) -> None:
        self.text = text
        self.stream = stream
        self.toks = stream.tokens
        self.memory = Memory()
        # Where role nouns and organisation words are, for a cheap look-ahead from "a"/"the".
        self._role_at = indices_where(self.toks, _LOW, _ROLE_OR_ORG)
        self._dateline_end = self._after_dateline(0, len(self.toks))
        self._verbs_taken: set[int] = set()  # speech verbs a subject before them has claimed
        self._said_in: dict[int, int] = {}  # sentence start -> its first claimed speech verb
        self._openers: dict[int, int] = {}  # sentence start -> where its subject may start
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
                    if tok.text == "," or tok.low in _SENTENCE_ENDS or is_verb(tok):
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
        event = Event(i, self.stream.paragraph(i), name, "group", False, self._is_subject(i))
        self.memory.append(event)

    def _aside(self, i: int) -> bool:
        """Does the phrase at ``i`` close with a comma before any speech verb ("Dev Sharma, a
        father of two, said"), rather than speak itself ("In Washington, a White House official
        said")?"""
        for tok in self.toks[i + 1 : i + _ASIDE_REACH]:
            if tok.text == ",":
                return True
            if tok.low in _SENTENCE_ENDS or is_verb(tok):
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

    def _skip_appositive(self, i: int) -> int:
        """Past up to three comma-set groups: "Joan Freel, 67, of Elm Row, said" gives the
        index of "said". A group's closing comma opens the next group."""
        toks, groups = self.toks, 0
        while groups < 3 and i < len(toks) and toks[i].text == ",":
            close = self._group_close(i)
            if close is None:
                break
            i, groups = close, groups + 1
        return i + 1 if groups and i < len(toks) and toks[i].text == "," else i

    def _group_close(self, comma: int) -> int | None:
        """The comma closing the group of words and numbers that opens at ``comma``."""
        for j in range(comma + 1, min(len(self.toks), comma + _GROUP_REACH)):
            tok = self.toks[j]
            if tok.text == ",":
                return j
            # ", Mo., who": an abbreviation's full stop right before the closing comma
            abbreviation = (
                tok.text == "." and self.toks[j + 1 : j + 2] and self.toks[j + 1].text == ","
            )
            if is_verb(tok) or not (tok.is_word or tok.text.isdigit() or abbreviation):
                return None
        return None

    def _is_subject(self, start: int) -> bool:
        """Only a noun phrase stands between the sentence start and ``start``."""
        first = self.stream.sentence_start(start)
        if first == 0:
            first = min(self._dateline_end, start)
        elif self.stream.is_paragraph_break(first - 1):
            first = self._after_dateline(first, start)  # a live update: "4.10 p.m. - X said"
        if start - first > _SUBJECT_REACH:
            return False  # so a sentence-long list of names costs each one a bounded walk
        first = self._past_short_opener(first, start)
        loose = 0  # "Democratic presidential front-runner Ann Lee": a title's plain words
        for j in range(first, start):
            tok = self.toks[j]
            if tok.text == "," or _np_like(tok):
                continue
            loose += 1
            if loose > _LOOSE_TITLE_WORDS or not is_modifier(tok):
                return False
        return True

    def _past_short_opener(self, first: int, start: int) -> int:
        """Rule "short opener": past "There,", "Hours later," or "Still," that open the
        sentence (up to three plain words and a comma, no name), where its subject begins."""
        known = self._openers.get(first)
        if known is None:
            known = self._openers[first] = self._opener_end(first)
        return known if known <= start else first

    def _opener_end(self, first: int) -> int:
        """Where the subject of the sentence at ``first`` starts (once per sentence)."""
        toks = self.toks
        if not opens_with_phrase(toks, first) and not is_adverb(toks[first]):
            return first
        for k in range(first + 1, min(len(toks), first + _SHORT_OPENER + 1)):
            if toks[k].text == ",":
                return k + 1
            if toks[k].is_cap or not toks[k].is_word:
                return first
        return first

    def _after_dateline(self, first: int, limit: int) -> int:
        """Index just past a dateline ("VERLANGE, Helvaria (HNA) –") opening at ``first``."""
        for j in range(first, min(limit, first + _DATELINE_REACH)):
            tok = self.toks[j]
            if tok.text in _DASHES:
                return j + 1 if j > first else first
            upper = tok.text[0].isupper()  # not is_cap: "March" in "OSLOVIK, March 4" counts
            if not (upper or tok.text in "(),." or tok.text[0].isdigit() or tok.low in _TIMES):
                break
        return first

    def _claims_verb(self, end: int, verb: int, person: bool) -> bool:
        """Rule "one subject per verb": the first name before a verb, past the asides after it,
        is its subject; a later name was inside that subject's aside ("Sandy Phillips, who
        lost her daughter in Aurora, Colorado, in July 2012, said": Colorado says nothing).
        True when the name ending at ``end`` is the first to reach ``verb``. Any other verb
        only a person claims: in "Russia, a country that the nominee, Mitt Romney, called"
        the verb is Romney's."""
        if verb >= len(self.toks) or verb in self._verbs_taken:
            return False
        other_verb = person and verb > end and _clause_follows(self.toks, verb)
        if is_verb(self.toks[verb]) or other_verb:
            self._verbs_taken.add(verb)
            if is_verb(self.toks[verb]):
                self._said_in.setdefault(self.stream.sentence_start(verb), verb)
            return True
        return False

    def _event(self, start: int, end: int, mention: Mention, name_at: int) -> Event:
        toks = self.toks
        after = self._skip_appositive(end)
        while after < len(toks) and is_adverb(toks[after]):
            after += 1
        # "said Ushakov." or "said Ushakov, an aide" name the speaker; in "said Fairlie had
        # treated ..." Fairlie is what was said about.
        # "told Ann Ruiz on Monday": the one told is a listener, not a speaker.
        told = start > 0 and toks[start - 1].low in ("told", "tells")
        inverted = (
            start > 0
            and is_verb(toks[start - 1])
            and not told
            and not _clause_follows(toks, end)
            and _inverts(toks, start - 1)
            and start - 1 not in self._verbs_taken  # "Lee, of the institute, said Norland"
        )
        # "The chair, the critic Rafe Ellingham, said": the comma closes an appositive.
        closing = (
            end + 1 < len(toks)
            and toks[end].text == ","
            and is_verb(toks[end + 1])
            and any(is_role_word(t.low) for t in toks[max(0, start - 1) : end])
            and end + 1 not in self._verbs_taken  # the verb's subject came before the aside
        )
        according = start > 1 and toks[start - 1].low == "to" and toks[start - 2].low == "according"
        # "In Saint-Orlan, below the glacier, guide Remi Cast said": a preposition's object
        # is no subject, so it takes no verb.
        object_of = start > 0 and toks[start - 1].low in ALL_PREPOSITIONS
        claimed = not object_of and self._claims_verb(end, after, mention.kind == "person")
        speech = (claimed and is_verb(toks[after])) or inverted or closing or according
        # "Her neighbour, retired teacher Colm Reddy, stayed", "his wife, Jane, called" and
        # "Asked about it, Marisol Quintero smiled": the subject, set off by commas. The name's
        # own start counts, not its title's ("his wife").
        set_off = (
            toks[name_at].low not in DETERMINERS  # "the MP for Cadley and Thorne" describes
            and _comma_before(toks, name_at)
            and _clause_follows(toks, end + 1)
            and (claimed or end + 1 not in self._verbs_taken)
        )
        after_intro = start > 0 and toks[start - 1].text == "," and _clause_follows(toks, end)
        subject = (
            speech
            or self._is_subject(start)
            or _introduced(toks, end)
            or (set_off and toks[end].text == ",")
            or after_intro
        )
        name = (
            self.memory.full_name(mention.name, mention.gender)
            if mention.kind != "org"
            else mention.name
        )
        kind = mention.kind if mention.kind != "name" or name != mention.name else "name"
        if kind == "name" and name in self.memory.titles:
            kind = "person"
        if start > 0 and toks[start - 1].low in ("told", "tells"):
            self.memory.listeners.add(name)
        if _modifies_noun(toks, end):
            speech = subject = False  # "a Trump supporter", "the Clinton campaign said"
        said = self._said_in.get(self.stream.sentence_start(start))
        if not speech and said is not None and said < start:
            subject = False  # "Amano said that, if true, North Korea is ...": what was said
        return Event(start, self.stream.paragraph(start), name, kind, speech, subject)
