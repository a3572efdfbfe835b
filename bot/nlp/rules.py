"""The named rules that decide who said a quote, and how a speaker phrase becomes a name.

Every attribution carries one :class:`Rule` (where the speaker was read) and one
:class:`Resolution` (how the words read there became the printed speaker), so
``newsbot quotes --explain`` and ``newsbot eval --misses`` can say which rule decided.
docs/quality.md lists them with examples.
"""

from __future__ import annotations

from enum import StrEnum


class Rule(StrEnum):
    # The words after the quote.
    AFTER_VERB_SPEAKER = "after:said-X"  # '"...," said Ann Lee, head of ...'
    AFTER_SPEAKER_VERB = "after:X-said"  # '"...," Ann Lee, who ..., said'
    AFTER_SPEAKER_ASIDE_VERB = "after:X-aside-said"  # '"...," Ann Lee, who ...(any length), told'
    AFTER_ACCORDING = "after:according-to"  # '"...," according to Ann Lee'
    AFTER_WORDS_OF = "after:in-the-words-of"  # '"...," in the words of Ann Lee'
    AFTER_SENTENCE_TAG = "after:sentence-tag"  # '"..." if it fails, Ann Lee said.'
    AFTER_DASH_CREDIT = "after:dash-credit"  # '"We will win." (new paragraph) - Ann Lee.'
    # The words before the quote.
    BEFORE_SPEAKER_VERB = "before:X-said"  # 'Ann Lee said: "..."', 'Lee told them, "..."'
    BEFORE_SPEAKER_ASIDE_VERB = "before:X-aside-said"  # 'Ann Lee, who ...(any length), told them:'
    BEFORE_NAME_COLON = "before:X-colon"  # 'Ann Lee: "..."'
    BEFORE_COLON_SUBJECT = "before:subject-colon"  # 'Lee had a message for them: "..."'
    BEFORE_ACCORDING = "before:according-to"  # 'According to Ann Lee, "..."'
    # The quote inside a sentence someone speaks.
    PARTIAL_FRAMING = "partial:X-said-that"  # 'Lee said the plan was "reckless"'
    PARTIAL_ACCORDING = "partial:according-to"  # 'According to Lee, the plan is "reckless"'
    PARTIAL_PREVIOUS_QUOTE = "partial:same-sentence"  # a quote after one attributed earlier
    CLAUSE_SUBJECT = "clause-subject"  # 'Lee smiled and said: "..."', '..., telling them "..."'
    # Context.
    CARRIED_OVER = "carried-over"  # a quote alone after a sentence in which someone speaks
    FOLLOW_ON = "follow-on"  # a quote paragraph right after the same speaker's quote
    SAME_UTTERANCE = "same-utterance"  # '"A," she said. "B."': B is hers too
    CONTEXT_SUBJECT = "context:sentence-subject"  # 'Lee groused that they "never listen"'
    CONTEXT_SPEAKER = "context:paragraph-speaker"  # the paragraph's last speaker, last resort
    NONE = "none"  # no rule read a speaker


class Resolution(StrEnum):
    AS_WRITTEN = "as-written"  # the phrase is the speaker: "Ann Lee", "police"
    FULL_NAME = "full-name"  # "Lee" -> "Ann Lee", named in full earlier
    TITLE_CARRIED = "title-carried"  # the title given at an earlier mention
    PRONOUN = "pronoun"  # "she" -> the salient person of her gender
    NAMED_ORG = "named-org"  # "the college" -> "Royal College of Nursing"
    ORG_NAME = "org-name"  # "ERO" -> "Energy Regulatory Office"
    TITLED_PERSON = "titled-person"  # "the judge" -> the one person titled judge
    DESCRIBED_PERSON = "described-person"  # "the 75-year-old author" -> the person so described
    COMPANY = "company"  # "the company" -> the business most named
    SPOKESPERSON_ORG = "spokesperson-org"  # "a spokesperson" -> the organisation in context
    NONE = "none"
