"""Action ids of newsbot's buttons and the value formats they carry.

The Slack listeners match on these constants, so renderer and listener cannot drift apart.
"""

from __future__ import annotations

import re

ACTION_FULL_QUOTES = "newsbot_full_quotes"
ACTION_SHARE = "newsbot_share"

# Slack caps a button value at 2,000 characters; the story index needs a few of them.
MAX_DIGEST_ID_LENGTH = 1900
_INDEX = re.compile(r"^[0-9]{1,6}$")


def full_quotes_value(digest_id: str, story_index: int) -> str:
    """The value of a story's "Full quotes" button: ``"<digest_id>:<story_index>"``."""
    return f"{digest_id}:{story_index}"


def parse_full_quotes_value(value: object) -> tuple[str, int]:
    """``(digest_id, story_index)`` from a "Full quotes" button value; ValueError on junk.

    The value comes back from Slack in an interaction payload, so it is treated as untrusted.
    """
    if not isinstance(value, str) or len(value) > MAX_DIGEST_ID_LENGTH + 7:
        raise ValueError(f"not a full-quotes button value: {value!r:.80}")
    digest_id, sep, index = value.rpartition(":")
    if not sep or not digest_id.strip() or not _INDEX.match(index):
        raise ValueError(f"not a full-quotes button value: {value!r:.80}")
    return digest_id, int(index)
