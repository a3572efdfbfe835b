"""The subject of a verb: who "said", "told" or "called" in the words before it.

"Ann Lee, who ...(any length)..., told them", "she smiled and said:", "Before the vote,
Sheriff Dale Morrow lobbied ..., saying", "Ann Lee released a statement saying": the rules
that walk back from a verb to its speaker, past auxiliaries, adverbs, time phrases, asides
and openers. bot/nlp/speakers.py asks them for the tags before a quote and for partial
quotes.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from bot.nlp.appositives import appositive, phrase_before_appositive
from bot.nlp.asides import description, verb_after_aside
from bot.nlp.attribution import UNRESOLVED, Attribution, How, Resolved, make_attribution
from bot.nlp.lexicon import (
    ADVERB_PHRASES,
    AUXILIARIES,
    BE_FORMS,
    CLAUSE_OPENERS,
    CONJUNCTIONS,
    DETERMINERS,
    PRONOUNS,
    PUT_VERBS,
    TIME_WORDS,
)
from bot.nlp.memory import Memory
from bot.nlp.names import Mention, is_adverb, is_role_word, parse_phrase
from bot.nlp.openers import (
    after_dash,
    object_document,
    opens_with_phrase,
    subject_after_opener,
)
from bot.nlp.phrases import is_modifier, np_word, phrase_after, phrase_before
from bot.nlp.rules import Rule
from bot.nlp.salience import is_verb
from bot.nlp.stream import Stream

_AND_BUT = CONJUNCTIONS
_CLAUSE_OPENERS = CLAUSE_OPENERS
_BE = BE_FORMS
WINDOW = 14  # tokens a rule walks back from a verb or a quote
# By last word, so most tokens cost one dict lookup: "past" -> ("in", "the", "past").
_ADVERB_PHRASES: dict[str, list[tuple[str, ...]]] = {}
for _phrase in ADVERB_PHRASES:
    _ADVERB_PHRASES.setdefault(_phrase[-1], []).append(_phrase)

Resolve = Callable[[Mention | None, int, str | None], Resolved]


class Subjects:
    """The subject-finding rules over one text's token stream and speaker memory."""

    def __init__(self, text: str, stream: Stream, memory: Memory, resolve: Resolve) -> None:
        self.text = text
        self.stream = stream
        self.toks = stream.tokens
        self.memory = memory
        self.resolve = resolve

    def _make(
        self, found: Resolved, how: How, tail: int, rule: Rule, lo: int, hi: int
    ) -> Attribution:
        return make_attribution(self.toks, found, how, tail, rule, lo, hi)

    def of_verb(self, v: int, how: How, rule: Rule) -> Attribution | None:
        if v < 0:
            return None
        end = self.subject_end(v)
        skipped = self.toks[end:v]
        if any(t.low in _BE for t in skipped) and not self.toks[v].low.endswith("ing"):
            # "the contractor had been told": passive
            return self._make(UNRESOLVED, how, v, rule, end, v + 1)
        if end > 1 and self.toks[end - 1].low in _AND_BUT:  # end > 1: never toks[-1]
            return self._coordinated_subject(end - 1, v, how)
        if end > 2 and self.toks[end - 1].low == "who" and self.toks[end - 2].text == ",":
            # Rule "who said": "..., including Eduard Limonov, who declared" is Limonov.
            antecedent = self._antecedent(end - 2, v, how)
            if antecedent is not None:
                return antecedent
        phrase, title, first = phrase_before_appositive(self.text, self.toks, end)
        after_phrase = first + len(phrase)
        closed = after_phrase < end and self.toks[after_phrase].text == ","
        as_put_it = self._as_put_it(first - 1, v)
        if phrase and closed and not as_put_it and self._after_opener(first - 1, v):
            # ("As Ann Lee, a councillor, put it:" opens with its subject, not a clause.)
            # "Before the vote, Sheriff Dale Morrow lobbied ..., saying": the vote is no subject
            # (but "While Mayor Lee has cautioned" is the clause's own subject)
            after = subject_after_opener(self.text, self.toks, first - 1, v)
            phrase, title, first = (
                (self.toks[after[0] : after[1]], None, after[0]) if after else ([], None, end)
            )
        if phrase and object_document(self.toks, phrase, first, v):
            # Rule "document's sender": "Ann Lee released a statement saying ...": Lee speaks.
            return self.sentence_subject(v, how, Rule.CLAUSE_SUBJECT)
        if not phrase and self.toks[v].low.endswith("ing"):
            # '"A," he said, adding: "B."': the speaker of the verb before the participle;
            # "The minister defended the delay, telling reporters ...": the clause's subject.
            earlier = self._earlier_speaker(v, how)
            return earlier or self.sentence_subject(v, how, Rule.CLAUSE_SUBJECT)
        inside = phrase and first > self.stream.sentence_start(v)  # "..., of Sumter, Ohio, says"
        if (not phrase or inside) and end > 0 and self.toks[end - 1].text in (",", "—", "–"):
            subject = self._subject_before_aside(end - 1, v, how)
            if subject is not None:
                return subject
        opening = self.stream.sentence_start(v)
        described = description(self.text, self.toks, opening, end) if first > opening else None
        if described is not None:  # "The 75-year-old author told reporters"
            found = self.resolve(described, v, None)
            return self._make(found, how, v, rule, opening, v + 1)
        found = self.resolve(parse_phrase(self.text, phrase), v, title) if phrase else UNRESOLVED
        return self._make(found, how, v, rule, first if phrase else v, v + 1)

    def _antecedent(self, comma: int, v: int, how: How) -> Attribution | None:
        """The person named right before ", who": the subject of the relative clause."""
        phrase = phrase_before(self.toks, comma)
        mention = parse_phrase(self.text, phrase) if phrase else None
        if mention is None or mention.kind not in ("person", "name"):
            return None
        found = self.resolve(mention, v, mention.title)
        return self._make(found, how, v, Rule.CLAUSE_SUBJECT, comma - len(phrase), v + 1)

    def _subject_before_aside(self, comma: int, v: int, how: How) -> Attribution | None:
        """ "Ann Lee, who ...(any length)..., told them:": the sentence's subject, then an
        aside closing at ``comma`` right before the verb at ``v``."""
        start = self.stream.sentence_start(comma)
        # "As Ann Lee, the No. 2 in the party, put it:" ("put" is no speech verb elsewhere).
        as_put_it = self._as_put_it(start, v)
        start += as_put_it
        phrase, end = phrase_after(self.toks, start)
        mention = parse_phrase(self.text, phrase) if phrase else None
        if mention is None or mention.kind not in ("person", "name"):
            return None
        if end >= comma:
            return None
        if (
            not (as_put_it and self.toks[end].text == ",")
            and verb_after_aside(self.stream, end) != v
        ):
            return None
        title = None if mention.title else appositive(self.text, self.toks, end)
        found = self.resolve(mention, v, title)
        return self._make(found, how, v, Rule.BEFORE_SPEAKER_ASIDE_VERB, start, v + 1)

    def _as_put_it(self, as_at: int, v: int) -> bool:
        """Is "as" at ``as_at`` the opening of "As X ... put it", the verb at ``v``?"""
        return as_at >= 0 and self.toks[as_at].low == "as" and self.toks[v].low in PUT_VERBS

    def _earlier_speaker(self, v: int, how: How) -> Attribution | None:
        """The speaker of the nearest speech verb before the participle at ``v`` in its
        sentence: "he said" or "said Ann Lee" in '"A," he said, adding: "B."'."""
        toks, start = self.toks, self.stream.sentence_start(v)
        for k in range(v - 1, max(start, v - WINDOW) - 1, -1):
            if self.stream.is_paragraph_break(k):
                return None
            if not is_verb(toks[k]) or toks[k].low.endswith("ing"):
                continue
            found = self.of_verb(k, how, Rule.CLAUSE_SUBJECT)
            if found is None or not found.speaker:
                phrase, end = phrase_after(toks, k + 1)  # '"A," said Ann Lee, adding'
                resolved = self.resolve(parse_phrase(self.text, phrase), k, None)
                if resolved.name is None:
                    return None
                return self._make(resolved, how, v, Rule.CLAUSE_SUBJECT, k, end)
            return replace(found, tail_end=v)
        return None

    def subject_end(self, v: int) -> int:
        """Where the subject of the verb at ``v`` ends, past auxiliaries, adverbs and times:
        "Dravec last month called", "the group had described"."""
        end = v
        while end > 0:
            if (
                self.toks[end - 1].low in AUXILIARIES
                or is_adverb(self.toks[end - 1])
                or self.toks[end - 1].low in TIME_WORDS
            ):
                end -= 1
                continue
            phrases = _ADVERB_PHRASES.get(self.toks[end - 1].low, ())
            phrase = next((p for p in phrases if self._ends_with(end, p)), None)
            if phrase is None:
                return end
            end -= len(phrase)  # "who has in the past described"
        return end

    def _ends_with(self, end: int, words: tuple[str, ...]) -> bool:
        start = end - len(words)
        return start >= 0 and tuple(t.low for t in self.toks[start:end]) == words

    def _coordinated_subject(self, conj: int, v: int, how: How) -> Attribution:
        """The subject of a verb after "and"/"but": "she smiled and said:" (the word before
        the first verb), else the clause's ("X reported a loss ..., and warned")."""
        toks = self.toks
        if conj > 1 and toks[conj - 1].text.islower():
            phrase = phrase_before(toks, conj - 1)
            if phrase and (phrase[-1].low in PRONOUNS or phrase[-1].is_cap):
                found = self.resolve(parse_phrase(self.text, phrase), v, None)
                return self._make(found, how, v, Rule.CLAUSE_SUBJECT, conj - len(phrase), v + 1)
        return replace(self.sentence_subject(conj, how, Rule.CLAUSE_SUBJECT), tail_end=v)

    def sentence_subject(self, i: int, how: How, rule: Rule) -> Attribution:
        """The noun phrase opening the sentence of token ``i`` as the speaker, if it is one."""
        toks, start = self.toks, self.stream.sentence_start(i)
        if start == 0:
            start = self.memory.dateline_end  # the text's first sentence may open with one
        if toks[start].low in PRONOUNS:  # "She added that ...:", "He put it simply:"
            found = self.resolve(Mention("pronoun", toks[start].low), start, None)
            return self._make(found, how, i, rule, start, start + 1)
        # "Best film went to X, while comedian Bertie Lomax received ..., joking": the last
        # clause before ``i`` has the subject.
        start = max([start] + [k + 1 for k in range(start, i) if toks[k].low in _CLAUSE_OPENERS])
        start = after_dash(self.toks, start, i)
        end = start
        # A lower-case word belongs only before a role: "Kessland's transport minister".
        while end < i and (
            np_word(toks[end])
            or toks[end].low in DETERMINERS
            or (is_modifier(toks[end]) and is_role_word(toks[end + 1].low))
        ):
            end += 1
        if end == start + 1 and end < i and toks[end].text == ",":
            end = start  # "Underneath, in different handwriting, was": an adverb, not a subject
        if opens_with_phrase(self.toks, start):
            # "Amid the chaos, ..." with no name after the opener: no subject, not "Amid"
            start, end = subject_after_opener(self.text, self.toks, start, i) or (start, start)
        mention = parse_phrase(self.text, self.toks[start:end]) if end > start else None
        return self._make(self.resolve(mention, start, None), how, i, rule, start, end)

    def _after_opener(self, opener: int, v: int) -> bool:
        """Whether token ``opener`` opens the sentence of ``v`` with a phrase."""
        at_start = opener >= 0 and opener == self.stream.sentence_start(v)
        return at_start and opens_with_phrase(self.toks, opener)
