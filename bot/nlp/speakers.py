"""Who said each quote: "X said", "said X, title", "according to X", "X: ...", pronouns.

The text is read as one token stream in which every quotation is a single placeholder token, so
an attribution is simply the words beside a placeholder. Pronouns go to the person most recently
named as a speaker or sentence subject; surnames go to the full name and title given earlier.
The passes over all quotes of a text (utterances, follow-ons, the context rules) are in
bot/nlp/passes.py.
"""

from __future__ import annotations

from dataclasses import replace

from bot.nlp.appositives import appositive, name_after_comma, phrase_before_appositive
from bot.nlp.asides import verb_after_aside, verb_after_phrase
from bot.nlp.attribution import UNRESOLVED, Attribution, How, Resolved
from bot.nlp.context_speaker import paragraph_speaker, sentence_subject
from bot.nlp.lexicon import (
    ADVERB_PHRASES,
    AUXILIARIES,
    BE_FORMS,
    CLAUSE_OPENERS,
    CONJUNCTIONS,
    DETERMINERS,
    LABEL_VERBS,
    PRONOUNS,
    TIME_WORDS,
)
from bot.nlp.mentions import is_verb, read_mentions
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
from bot.nlp.openers import (
    after_dash,
    object_document,
    opens_with_phrase,
    subject_after_opener,
)
from bot.nlp.resolve import Resolver
from bot.nlp.rules import Resolution, Rule
from bot.nlp.stream import Stream

_AND_BUT = CONJUNCTIONS
_CLAUSE_OPENERS = CLAUSE_OPENERS
_BE = BE_FORMS
_SENTENCE_END = frozenset(".!?")
_WINDOW = 14
# By last word, so most tokens cost one dict lookup: "past" -> ("in", "the", "past").
_ADVERB_PHRASES: dict[str, list[tuple[str, ...]]] = {}
for _phrase in ADVERB_PHRASES:
    _ADVERB_PHRASES.setdefault(_phrase[-1], []).append(_phrase)


class Attributor:
    def __init__(self, text: str, stream: Stream) -> None:
        self.text = text
        self.stream = stream
        self.toks = stream.tokens
        self.memory = read_mentions(text, stream)
        self.resolve = Resolver(stream, self.memory).resolve
        self.candidates: list[list[Attribution]] = [[] for _ in stream.quote_index]

    def _make(
        self, found: Resolved, how: How, tail: int, rule: Rule, lo: int, hi: int
    ) -> Attribution:
        """An attribution read by ``rule`` from the tokens ``lo:hi`` (its evidence)."""
        lo, hi = max(0, lo), min(len(self.toks), hi)
        evidence = (self.toks[lo].start, self.toks[hi - 1].end) if lo < hi else None
        return Attribution(
            found.name, found.title, how, tail, rule=rule, resolved=found.how, evidence=evidence
        )

    def _after(self, p: int) -> Attribution | None:
        toks, i = self.toks, p + 1
        inner = self.text[toks[p].start : toks[p].end].rstrip("\"'”’»“«„ ")
        if inner.endswith(".") and not inner.endswith(".."):
            return None  # a full stop inside the marks ended the sentence: no tag follows
        return self._tag_from(i)

    def _tag_from(self, i: int) -> Attribution | None:
        """The attribution tag starting at token ``i`` (past a comma or dash): "said X",
        "X said", "according to X", "in the words of X", "X, who ..., said"."""
        toks = self.toks
        if i < len(toks) and toks[i].text in (",", "—", "–"):
            i += 1
        if i >= len(toks) or self.stream.is_marker(i):
            return None
        if [t.low for t in toks[i : i + 4]] == ["in", "the", "words", "of"]:
            phrase, end = phrase_after(toks, i + 4)  # '"...", in the words of X'
            found = self.resolve(parse_phrase(self.text, phrase), i, None)
            return self._make(found, "according", end, Rule.AFTER_WORDS_OF, i, end)
        if is_verb(toks[i]) or (
            toks[i].low == "according" and toks[i + 1 : i + 2] and toks[i + 1].low == "to"
        ):
            first = i + 1 if is_verb(toks[i]) else i + 2
            how: How = "after" if is_verb(toks[i]) else "according"
            rule = Rule.AFTER_VERB_SPEAKER if how == "after" else Rule.AFTER_ACCORDING
            phrase, end = phrase_after(toks, first)
            mention = parse_phrase(self.text, phrase)
            title = appositive(self.text, toks, end)
            named = name_after_comma(toks, end)
            if mention is not None and mention.kind == "group" and named:
                # "said the authority's enforcement director, Rachel Kim"
                mention = Mention("person", self.text[named[0].start : named[-1].end], mention.name)
                end += len(named) + 1
            found = self.resolve(mention, first, title)
            return self._make(found, how, end, rule, i, end)
        v, mention, title = verb_after_phrase(self.text, self.stream, i)
        if v < 0:
            return self._after_aside(i)
        found = self.resolve(mention, i, title)
        return self._make(found, "after", v + 1, Rule.AFTER_SPEAKER_VERB, i, v + 1)

    def _sentence_tag(self, p: int) -> Attribution | None:
        """'"..." if the pumps fail, Ann Lee said.': a tag that ends the quote's sentence,
        after words of the writer's own (only commas before it, no other quotation)."""
        toks, stream = self.toks, self.stream
        k = p + 1
        while k < len(toks) and toks[k].low not in _SENTENCE_END and not stream.is_marker(k):
            if toks[k].text == "," and k > p + 1:
                found = self._tag_from(k)
                if found is not None and found.speaker and stream.closes_sentence(found.tail_end):
                    return replace(found, rule=Rule.AFTER_SENTENCE_TAG, how="partial")
            k += 1
        return None

    def _after_aside(self, i: int) -> Attribution | None:
        """'"...," Ann Lee, who ..., told reporters': a name, an aside of any length, a verb."""
        phrase, end = phrase_after(self.toks, i)
        mention = parse_phrase(self.text, phrase) if phrase else None
        if mention is None or mention.kind not in ("person", "name"):
            return None
        v = verb_after_aside(self.stream, end)
        if v < 0:
            return None
        title = None if mention.title else appositive(self.text, self.toks, end)
        found = self.resolve(mention, i, title)
        return self._make(found, "after", v + 1, Rule.AFTER_SPEAKER_ASIDE_VERB, i, v + 1)

    def _before(self, p: int) -> Attribution | None:
        toks, i = self.toks, p - 1
        if i >= 0 and self.stream.is_paragraph_break(i) and i > 0 and toks[i - 1].text == ":":
            i -= 1
        if i < 0:
            return None
        if toks[i].text in (":", ",") and i > 0:
            if is_verb(toks[i - 1]) or toks[i - 1].low in ("reporters", "journalists"):
                v = i - 1 if is_verb(toks[i - 1]) else i - 2
                return self._subject_of(v, "before", Rule.BEFORE_SPEAKER_VERB)
            verb = self._verb_before_colon(i)
            if verb is not None:  # "X said in a statement:"
                return self._subject_of(verb, "before", Rule.BEFORE_SPEAKER_VERB)
            if toks[i].text == ":":
                phrase = phrase_before(toks, i)
                if phrase and i - len(phrase) != self.stream.sentence_start(i):
                    phrase = []  # "a message for the crowd:": not who speaks
                found = (
                    self.resolve(parse_phrase(self.text, phrase), i, None) if phrase else UNRESOLVED
                )
                if found.name is None:  # "Falk had a simple message for the crowd: "...""
                    att = self._sentence_subject(i, "colon", Rule.BEFORE_COLON_SUBJECT)
                    return att if att.speaker else None
                return self._make(found, "colon", p, Rule.BEFORE_NAME_COLON, i - len(phrase), i)
            return self._according_before(i) or self._partial(p)
        if is_verb(toks[i]) or (toks[i].low == "that" and i > 0 and is_verb(toks[i - 1])):
            v = i if is_verb(toks[i]) else i - 1
            return self._subject_of(v, "before", Rule.BEFORE_SPEAKER_VERB)
        return self._partial(p)

    def _verb_before_colon(self, colon: int) -> int | None:
        """The verb of "said in a statement:" or "told the BBC on Monday:"."""
        if self.toks[colon].text != ":":
            return None
        for v in range(colon - 1, max(-1, colon - 7), -1):
            if not self.toks[v].is_word:
                return None
            if is_verb(self.toks[v]):
                return v
        return None

    def _subject_of(self, v: int, how: How, rule: Rule) -> Attribution | None:
        if v < 0:
            return None
        end = self._subject_end(v)
        skipped = self.toks[end:v]
        if any(t.low in _BE for t in skipped) and not self.toks[v].low.endswith("ing"):
            # "the contractor had been told": passive
            return self._make(UNRESOLVED, how, v, rule, end, v + 1)
        if end > 1 and self.toks[end - 1].low in _AND_BUT:  # end > 1: never toks[-1]
            return self._coordinated_subject(end - 1, v, how)
        phrase, title, first = phrase_before_appositive(self.text, self.toks, end)
        after_phrase = first + len(phrase)
        closed = after_phrase < end and self.toks[after_phrase].text == ","
        if phrase and closed and self._after_opener(first - 1, v):
            # "Before the vote, Sheriff Dale Morrow lobbied ..., saying": the vote is no subject
            # (but "While Mayor Lee has cautioned" is the clause's own subject)
            after = subject_after_opener(self.text, self.toks, first - 1, v)
            phrase, title, first = (
                (self.toks[after[0] : after[1]], None, after[0]) if after else ([], None, end)
            )
        if phrase and object_document(self.toks, phrase, first, v):
            # Rule "document's sender": "Ann Lee released a statement saying ...": Lee speaks.
            return self._sentence_subject(v, how, Rule.CLAUSE_SUBJECT)
        if not phrase and self.toks[v].low.endswith("ing"):
            # '"A," he said, adding: "B."': the speaker of the verb before the participle;
            # "The minister defended the delay, telling reporters ...": the clause's subject.
            earlier = self._earlier_speaker(v, how)
            return earlier or self._sentence_subject(v, how, Rule.CLAUSE_SUBJECT)
        inside = phrase and first > self.stream.sentence_start(v)  # "..., of Sumter, Ohio, says"
        if (not phrase or inside) and end > 0 and self.toks[end - 1].text in (",", "—", "–"):
            subject = self._subject_before_aside(end - 1, v, how)
            if subject is not None:
                return subject
        found = self.resolve(parse_phrase(self.text, phrase), v, title) if phrase else UNRESOLVED
        return self._make(found, how, v, rule, first if phrase else v, v + 1)

    def _subject_before_aside(self, comma: int, v: int, how: How) -> Attribution | None:
        """ "Ann Lee, who ...(any length)..., told them:": the sentence's subject, then an
        aside closing at ``comma`` right before the verb at ``v``."""
        start = self.stream.sentence_start(comma)
        phrase, end = phrase_after(self.toks, start)
        mention = parse_phrase(self.text, phrase) if phrase else None
        if mention is None or mention.kind not in ("person", "name"):
            return None
        if end >= comma or verb_after_aside(self.stream, end) != v:
            return None
        title = None if mention.title else appositive(self.text, self.toks, end)
        found = self.resolve(mention, v, title)
        return self._make(found, how, v, Rule.BEFORE_SPEAKER_ASIDE_VERB, start, v + 1)

    def _earlier_speaker(self, v: int, how: How) -> Attribution | None:
        """The speaker of the nearest speech verb before the participle at ``v`` in its
        sentence: "he said" or "said Ann Lee" in '"A," he said, adding: "B."'."""
        toks, start = self.toks, self.stream.sentence_start(v)
        for k in range(v - 1, max(start, v - _WINDOW) - 1, -1):
            if self.stream.is_paragraph_break(k):
                return None
            if not is_verb(toks[k]) or toks[k].low.endswith("ing"):
                continue
            found = self._subject_of(k, how, Rule.CLAUSE_SUBJECT)
            if found is None or not found.speaker:
                phrase, end = phrase_after(toks, k + 1)  # '"A," said Ann Lee, adding'
                resolved = self.resolve(parse_phrase(self.text, phrase), k, None)
                if resolved.name is None:
                    return None
                return self._make(resolved, how, v, Rule.CLAUSE_SUBJECT, k, end)
            return replace(found, tail_end=v)
        return None

    def _subject_end(self, v: int) -> int:
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
        return replace(self._sentence_subject(conj, how, Rule.CLAUSE_SUBJECT), tail_end=v)

    def _sentence_subject(self, i: int, how: How, rule: Rule) -> Attribution:
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
            start, end = subject_after_opener(self.text, self.toks, start, i) or (start, end)
        mention = parse_phrase(self.text, self.toks[start:end]) if end > start else None
        return self._make(self.resolve(mention, start, None), how, i, rule, start, end)

    def _after_opener(self, opener: int, v: int) -> bool:
        """Whether token ``opener`` opens the sentence of ``v`` with a phrase."""
        at_start = opener >= 0 and opener == self.stream.sentence_start(v)
        return at_start and opens_with_phrase(self.toks, opener)

    def _according_before(self, comma: int) -> Attribution | None:
        toks = self.toks
        for j in range(comma - 1, max(0, comma - _WINDOW), -1):
            if toks[j].low == "to" and j > 0 and toks[j - 1].low == "according":
                phrase, end = phrase_after(toks, j + 1)  # "a memo presented at the meeting"
                found = self.resolve(parse_phrase(self.text, phrase), j, None)
                return self._make(found, "according", comma, Rule.BEFORE_ACCORDING, j - 1, end)
            if toks[j].low in _SENTENCE_END or self.stream.is_marker(j):
                return None
        return None

    def _partial(self, p: int) -> Attribution | None:
        """A quote inside a sentence whose speech verb came earlier: X said the plan was "..."."""
        start = self.stream.sentence_start(p)
        first: Attribution | None = None
        for v in range(p - 1, max(start, p - 3 * _WINDOW) - 1, -1):
            tok = self.toks[v]
            if self.stream.is_marker(v):
                if not (v > 0 and self.toks[v - 1].low == "so-called"):
                    break
                continue  # the so-called "plan" is the writer's label, part of the sentence
            if tok.low in _CLAUSE_OPENERS and first is not None:
                break  # "X described it as "A," while another praised its "B"": not X's
            if tok.low == "according" and self.toks[v + 1].low == "to":
                return self._according_opening(v, p)  # "According to X, the savings will ..."
            if is_verb(tok, framing=True):
                found = self._subject_of(v, "partial", Rule.PARTIAL_FRAMING)
                named = (
                    found is not None and found.speaker is not None and found.speaker[0].isupper()
                )
                # "X said the trust had promised "..."": a subject read from "the trust" is
                # a reported one; a name right before the verb is the speaker.
                end = self._subject_end(v)
                if found is None or (named and end > 0 and not self.toks[end - 1].text.islower()):
                    return found
                if found.speaker is None and (tok.low[-1] == "s" or tok.low in LABEL_VERBS):
                    continue  # "compensation claims", "the scheme, dubbed": no speech act
                # "X said members had warned ...", "X said ..., and called": an unnamed or
                # unread subject inside a sentence someone named is saying, so look for them.
                if first is None or first.speaker is None:
                    first = found
        return first

    def _according_opening(self, according: int, p: int) -> Attribution | None:
        """The source named in "According to X, ..." before quote placeholder ``p``."""
        phrase, end = phrase_after(self.toks, according + 2)
        if not phrase or end >= p:
            return None
        found = self.resolve(parse_phrase(self.text, phrase), according, None)
        return self._make(found, "according", p, Rule.PARTIAL_ACCORDING, according, end)

    def carried_over(self, k: int) -> Attribution | None:
        """An untagged quote that ends its paragraph and opens its sentence, right after a
        sentence in which someone speaks ("Sutherland said she wrote it at night." then
        "My grandmother ..."; "She urged residents to check their cameras. "Even a few
        seconds ...""): the newsroom convention makes it theirs."""
        p, toks = self.stream.quote_index[k], self.toks
        alone = p + 1 == len(toks) or self.stream.is_paragraph_break(p + 1)
        if p < 2 or not alone:
            return None  # a quote with words of its own beside it ("... The words, painted")
        before = p - 2 if self.stream.is_paragraph_break(p - 1) else p - 1
        if toks[before].low not in (".", "!", "?"):
            return None
        sentence = self.stream.sentence_start(before)
        for v in range(before - 1, sentence - 1, -1):
            if is_verb(toks[v]):
                said = self._subject_of(v, "partial", Rule.CARRIED_OVER)
                return said if said is not None and said.speaker else None
        paragraph = self.stream.paragraph(before)
        who = self.memory.last_speech_from(paragraph, at_or_after=sentence)
        if not who:
            return None
        found = Resolved(who, self.memory.titles.get(who), Resolution.AS_WRITTEN)
        return self._make(found, "partial", p + 1, Rule.CARRIED_OVER, sentence, before)

    def from_context(self, k: int) -> Attribution | None:
        """The context rules (bot/nlp/context_speaker.py) for a quote no rule attributed."""
        p = self.stream.quote_index[k]
        found = sentence_subject(self.stream, self.memory, self.resolve, p) or paragraph_speaker(
            self.stream, self.memory, p
        )
        if found is None:
            return None
        return self._make(found.found, "context", p + 1, found.rule, found.lo, found.hi)

    def attribute(self, k: int) -> Attribution:
        p = self.stream.quote_index[k]
        tried = self.candidates[k]
        after = self._after(p)
        if after is not None:
            tried.append(after)
            if after.speaker:
                return after
        before = self._before(p)
        if before is not None:
            tried.append(before)
            if before.speaker or after is None:
                return replace(before, tail_end=p + 1)
        tagged = self._sentence_tag(p)
        if tagged is not None:
            tried.append(tagged)
            return tagged
        # A speech act with no readable speaker still marks speech: keep it, speaker None.
        return after or Attribution(None, None, "none", p + 1)
