"""Who said each quote: "X said", "said X, title", "according to X", "X: ...", pronouns.

The text is read as one token stream in which every quotation is a single placeholder token, so
an attribution is simply the words beside a placeholder. Pronouns go to the person most recently
named as a speaker or sentence subject; surnames go to the full name and title given earlier.
The walk from a verb back to its subject is in bot/nlp/subjects.py; the passes over all
quotes of a text (utterances, follow-ons, the context rules) are in bot/nlp/passes.py.
"""

from __future__ import annotations

from dataclasses import replace

from bot.nlp.appositives import appositive, name_after_comma
from bot.nlp.asides import description_after, verb_after_aside, verb_after_phrase
from bot.nlp.attribution import UNRESOLVED, Attribution, How, Resolved, make_attribution
from bot.nlp.context_speaker import paragraph_speaker, sentence_subject
from bot.nlp.lexicon import CLAUSE_OPENERS, DASHES, LABEL_VERBS, PUT_VERBS
from bot.nlp.mentions import read_mentions
from bot.nlp.names import Mention, parse_phrase
from bot.nlp.phrases import phrase_after, phrase_before
from bot.nlp.resolve import Resolver
from bot.nlp.rules import Resolution, Rule
from bot.nlp.salience import is_verb
from bot.nlp.stream import Stream
from bot.nlp.subjects import WINDOW, Subjects

_CLAUSE_OPENERS = CLAUSE_OPENERS
_SENTENCE_END = frozenset(".!?")


class Attributor:
    def __init__(self, text: str, stream: Stream) -> None:
        self.text = text
        self.stream = stream
        self.toks = stream.tokens
        self.memory = read_mentions(text, stream)
        self.resolve = Resolver(stream, self.memory).resolve
        self.subjects = Subjects(text, stream, self.memory, self.resolve)
        self.candidates: list[list[Attribution]] = [[] for _ in stream.quote_index]

    def _make(
        self, found: Resolved, how: How, tail: int, rule: Rule, lo: int, hi: int
    ) -> Attribution:
        return make_attribution(self.toks, found, how, tail, rule, lo, hi)

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
        if toks[i].low == "as" and i + 2 < len(toks) and toks[i + 1].is_cap:
            i += 1  # '"... a dead heat," as Cruz said on the radio': the tag after "as"
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
            described = description_after(self.text, toks, first)
            if described is not None:  # "said the 75-year-old author"
                mention, end = described
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

    def _dash_credit(self, p: int) -> Attribution | None:
        """Rule "dash credit": a paragraph that is only a quotation, then one that is only a
        dash and a name, as fact checks and collected tweets credit them:
        '"We will win." (new paragraph) - Ann Lee.'"""
        toks, stream = self.toks, self.stream
        if p > 0 and not stream.is_paragraph_break(p - 1):
            return None
        i = p + 1
        if i < len(toks) and toks[i].text == ".":
            i += 1  # a full stop outside the marks
        if i + 2 >= len(toks) or not stream.is_paragraph_break(i) or toks[i + 1].text not in DASHES:
            return None
        phrase, end = phrase_after(toks, i + 2)
        if end < len(toks) and toks[end].text == ".":
            end += 1
        if not phrase or (end < len(toks) and not stream.is_paragraph_break(end)):
            return None
        mention = parse_phrase(self.text, phrase)
        if mention is None or mention.kind not in ("person", "name"):
            return None
        found = self.resolve(mention, i + 1, None)
        return self._make(found, "after", end, Rule.AFTER_DASH_CREDIT, i + 1, end)

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
                return self.subjects.of_verb(v, "before", Rule.BEFORE_SPEAKER_VERB)
            if i > 1 and toks[i - 1].low == "it" and toks[i - 2].low in PUT_VERBS:
                # "As Professor Foner put it: "..."": the one who put it so is the speaker.
                return self.subjects.of_verb(i - 2, "before", Rule.BEFORE_SPEAKER_VERB)
            verb = self._verb_before_colon(i)
            if verb is not None:  # "X said in a statement:"
                return self.subjects.of_verb(verb, "before", Rule.BEFORE_SPEAKER_VERB)
            if toks[i].text == ":":
                phrase = phrase_before(toks, i)
                if phrase and i - len(phrase) != self.stream.sentence_start(i):
                    phrase = []  # "a message for the crowd:": not who speaks
                found = (
                    self.resolve(parse_phrase(self.text, phrase), i, None) if phrase else UNRESOLVED
                )
                if found.name is None:  # "Falk had a simple message for the crowd: "...""
                    att = self.subjects.sentence_subject(i, "colon", Rule.BEFORE_COLON_SUBJECT)
                    return att if att.speaker else None
                return self._make(found, "colon", p, Rule.BEFORE_NAME_COLON, i - len(phrase), i)
            return self._according_before(i) or self._partial(p)
        if is_verb(toks[i]) or (toks[i].low == "that" and i > 0 and is_verb(toks[i - 1])):
            v = i if is_verb(toks[i]) else i - 1
            return self.subjects.of_verb(v, "before", Rule.BEFORE_SPEAKER_VERB)
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

    def _according_before(self, comma: int) -> Attribution | None:
        toks = self.toks
        for j in range(comma - 1, max(0, comma - WINDOW), -1):
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
        for v in range(p - 1, max(start, p - 3 * WINDOW) - 1, -1):
            tok = self.toks[v]
            if self.stream.is_marker(v):
                if not (v > 0 and self.toks[v - 1].low == "so-called"):
                    break
                continue  # the so-called "plan" is the writer's label, part of the sentence
            if tok.low in _CLAUSE_OPENERS and first is not None:
                break  # "X described it as "A," while another praised its "B"": not X's
            if tok.low == "according" and self.toks[v + 1].low == "to":
                return self._according_opening(v, p)  # "According to X, the savings will ..."
            if tok.low in PUT_VERBS and self.toks[v + 1].low == "it":
                return self.subjects.of_verb(v, "partial", Rule.PARTIAL_FRAMING)  # "as X put it"
            if is_verb(tok, framing=True):
                found = self.subjects.of_verb(v, "partial", Rule.PARTIAL_FRAMING)
                named = (
                    found is not None and found.speaker is not None and found.speaker[0].isupper()
                )
                # "X said the trust had promised "..."": a subject read from "the trust" is
                # a reported one; a name right before the verb is the speaker.
                end = self.subjects.subject_end(v)
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
                said = self.subjects.of_verb(v, "partial", Rule.CARRIED_OVER)
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
        credit = self._dash_credit(p)
        if credit is not None:
            tried.append(credit)
            return credit
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
