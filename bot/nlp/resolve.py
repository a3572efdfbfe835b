"""How a speaker phrase becomes the printed name: a pronoun goes to the salient person, a
surname to the full name given earlier (with that mention's title), "the college" to the
organisation named before, "the judge" to the one person so titled."""

from __future__ import annotations

from bot.nlp.attribution import UNRESOLVED, Resolved
from bot.nlp.lexicon import COMPANY_NOUNS
from bot.nlp.memory import Memory, group_head
from bot.nlp.names import Mention
from bot.nlp.rules import Resolution
from bot.nlp.stream import Stream

_UNRESOLVED = UNRESOLVED


class Resolver:
    def __init__(self, stream: Stream, memory: Memory) -> None:
        self.stream = stream
        self.memory = memory

    def resolve(self, mention: Mention | None, at: int, title: str | None) -> Resolved:
        if mention is None:
            return _UNRESOLVED
        titles = self.memory.titles
        if mention.kind == "pronoun":
            name = self.memory.resolve_pronoun(
                mention.name, at, self.stream.paragraph(at), self.stream.sentence_start(at)
            )
            return Resolved(name, titles.get(name), Resolution.PRONOUN) if name else _UNRESOLVED
        if mention.kind == "group":
            named = self.memory.named_org(mention.name)
            if named != mention.name:  # "the college", "the spokesman" named before
                return Resolved(named, None, Resolution.NAMED_ORG)
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
        name = self.memory.full_name(mention.name)
        how = Resolution.FULL_NAME if name != mention.name else Resolution.AS_WRITTEN
        if name == mention.name and mention.kind == "name":
            name = self.memory.org_name(name)  # "Valgas said" after "Valgas Distribution"
            how = Resolution.ORG_NAME if name != mention.name else how
        earlier = titles.get(name)
        if earlier and earlier != (title or mention.title):
            how = Resolution.TITLE_CARRIED
        return Resolved(name, earlier or title or mention.title, how)

    def _titled_person(self, group: str) -> str | None:
        """The one person titled like this definite group: "Kessland's transport minister"."""
        words = group.lower().split()
        if words[0] in ("a", "an", "one"):
            return None  # "a judge" is nobody in particular
        return self.memory.person_titled(words[-1])
