"""How a speaker phrase becomes the printed name: a pronoun goes to the salient person, a
surname to the full name given earlier (with that mention's title), "the college" to the
organisation named before, "the judge" to the one person so titled."""

from __future__ import annotations

from bot.nlp.attribution import UNRESOLVED, Resolved
from bot.nlp.lexicon import COMPANY_NOUNS, ORG_VOICES
from bot.nlp.memory import Memory, group_head
from bot.nlp.names import Mention
from bot.nlp.rules import Resolution
from bot.nlp.stream import Stream

_UNRESOLVED = UNRESOLVED
_MENTION_REACH = 12  # tokens from a mention's start to its name's last word


class Resolver:
    def __init__(self, stream: Stream, memory: Memory) -> None:
        self.stream = stream
        self.memory = memory

    def resolve(self, mention: Mention | None, at: int, title: str | None) -> Resolved:
        if mention is None:
            return _UNRESOLVED
        titles = self.memory.titles
        if mention.kind == "pronoun":
            referent = self.memory.resolve_pronoun(
                mention.name, at, self.stream.paragraph(at), self.stream.sentence_start(at)
            )
            if referent is None:
                return _UNRESOLVED
            name = referent.event.name
            span = self._mention_span(referent.event.at, name)
            return Resolved(name, titles.get(name), Resolution.PRONOUN, span, referent.why)
        if mention.kind == "group":
            named = self.memory.named_org(mention.name)
            if named != mention.name:  # "the college", "the spokesman" named before
                return Resolved(named, None, Resolution.NAMED_ORG)
            voice = self._org_voice(mention.name, at)
            if voice is not None:  # "a spokesperson said" after "The Halvard Rail Company"
                return voice
            person = self._titled_person(mention.name)
            if person is not None:  # "the judge" after "Employment Judge Rowan Pike"
                return Resolved(person, titles.get(person), Resolution.TITLED_PERSON)
            if group_head(mention.name) in COMPANY_NOUNS:
                company = self.memory.company()  # "the (launch) company said"
                if company:
                    return Resolved(company, None, Resolution.COMPANY)
            return Resolved(named, None, Resolution.AS_WRITTEN)
        if mention.kind == "org":
            org = self.memory.org_name(mention.name)
            how = Resolution.ORG_NAME if org != mention.name else Resolution.AS_WRITTEN
            return Resolved(org, None, how)
        name = self.memory.full_name(mention.name, mention.gender)
        how = Resolution.FULL_NAME if name != mention.name else Resolution.AS_WRITTEN
        if name == mention.name and mention.kind == "name":
            name = self.memory.org_name(name)  # "Valgas said" after "Valgas Distribution"
            how = Resolution.ORG_NAME if name != mention.name else how
        earlier = titles.get(name)
        if earlier and earlier != (title or mention.title):
            how = Resolution.TITLE_CARRIED
        return Resolved(name, earlier or title or mention.title, how)

    def _mention_span(self, at: int, name: str) -> tuple[int, int]:
        """Characters of the mention at stream index ``at``, through the last word of
        ``name`` ("the district chairman Olan Ferro"); the first token if that is not near."""
        toks, surname = self.stream.tokens, name.split()[-1]
        for k in range(at, min(len(toks), at + _MENTION_REACH)):
            if toks[k].text.startswith(surname):
                return toks[at].start, toks[k].end
        return toks[at].start, toks[at].end

    def _org_voice(self, group: str, at: int) -> Resolved | None:
        """ "a spokesperson", "a statement": the organisation named nearest before, in this
        sentence or the one before it; the spokesperson's role becomes the title."""
        words = group.lower().split()
        if words[-1] not in ORG_VOICES or words[:-1] not in (["a"], ["an"]):
            return None  # "the statement" is one the text described already
        sentence = self.stream.sentence_start(at)
        toks, last = self.stream.tokens, sentence - 1
        while last > 0 and (not toks[last].is_word or self.stream.is_marker(last)):
            last -= 1  # past the full stop, the paragraph break, a quotation before "said"
        previous = self.stream.sentence_start(last) if last > 0 else 0
        org = self.memory.org_between(previous, at)
        if org is None or " " not in org or org.endswith(("'s", "’s")):
            return None  # one capitalised word ("Trump", "GOP's") is too often no body
        title = words[-1] if words[-1] != "statement" else None
        return Resolved(org, title, Resolution.SPOKESPERSON_ORG)

    def _titled_person(self, group: str) -> str | None:
        """The one person titled like this definite group: "Kessland's transport minister"."""
        words = group.lower().split()
        if words[0] in ("a", "an", "one"):
            return None  # "a judge" is nobody in particular
        return self.memory.person_titled(words[-1])
